import oscar.apps.shipping.apps as apps


class ShippingConfig(apps.ShippingConfig):
    """Oscar's shipping app, forked: each seller delivers its own part of an order."""

    name = "shop.shipping"

    def ready(self):
        from shop.shipping import receivers  # noqa: F401
