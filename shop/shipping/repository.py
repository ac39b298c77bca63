from oscar.apps.shipping import repository
from oscar.core.loading import get_class

PerSellerShipping = get_class("shipping.methods", "PerSellerShipping")


class Repository(repository.Repository):
    """One method for every basket: each seller's own rate to the buyer's province."""

    methods = (PerSellerShipping(),)

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        return [PerSellerShipping(destination=getattr(shipping_addr, "state", None))]
