from django.dispatch import receiver
from oscar.apps.order.signals import order_placed

from shop.shipping.services import order_shipping_charges_record


@receiver(order_placed, dispatch_uid="shop.shipping.record_seller_charges")
def record_seller_charges(sender, order, **kwargs):
    order_shipping_charges_record(order=order)
