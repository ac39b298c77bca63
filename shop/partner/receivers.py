from django.dispatch import receiver
from oscar.apps.order.signals import order_placed

from shop.partner.tasks import seller_order_notify


@receiver(order_placed, dispatch_uid="shop.partner.notify_sellers")
def notify_sellers(sender, order, **kwargs):
    # After commit: the worker must see the order, and a rolled-back order sends
    # nothing.
    seller_order_notify.delay_on_commit(order_id=order.pk)
