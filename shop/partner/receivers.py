from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from oscar.apps.customer.alerts.receivers import send_product_alerts
from oscar.apps.order.signals import order_placed
from oscar.apps.partner.receivers import update_stock_alerts
from oscar.core.loading import get_model

from shop.partner.models import ALLOCATION_FIELDS
from shop.partner.tasks import seller_order_notify


@receiver(order_placed, dispatch_uid="shop.partner.notify_sellers")
def notify_sellers(sender, order, **kwargs):
    # After commit: the worker must see the order, and a rolled-back order sends
    # nothing.
    seller_order_notify.delay_on_commit(order_id=order.pk)


def _allocated(update_fields) -> bool:
    """Whether a stock record's save is an order's allocation (``allocate``)."""
    return update_fields is not None and set(update_fields) == ALLOCATION_FIELDS


def low_stock_alerts_update(sender, instance, created, update_fields=None, **kwargs):
    """Oscar's low-stock alert for the seller, not looked up for an allocation that
    leaves the stock above the threshold.

    An allocation only lowers the free stock: when the record is not below its
    threshold afterwards it was not before, so there is no alert to open, and an
    open one would have been closed by the save that raised the stock. Oscar looked
    the open alert up on every allocation, for every line of every order.
    """
    if _allocated(update_fields) and not instance.is_below_threshold:
        return
    update_stock_alerts(
        sender, instance, created, update_fields=update_fields, **kwargs
    )


def back_in_stock_alerts_send(sender, instance, update_fields=None, **kwargs):
    """Oscar's eager "back in stock" mails, not for an allocation: taking units
    never brings a product back (the periodic ``product_alerts_send`` catches up
    whatever a save did not announce). Oscar read the product's alerts on every
    allocation, for every line of every order."""
    if _allocated(update_fields):
        return
    send_product_alerts(sender, instance, update_fields=update_fields, **kwargs)


def stock_alert_receivers_replace() -> None:
    """Put the receivers above in the place of Oscar's (at start-up)."""
    StockRecord = get_model("partner", "StockRecord")
    post_save.disconnect(update_stock_alerts, sender=StockRecord)
    post_save.connect(
        low_stock_alerts_update,
        sender=StockRecord,
        dispatch_uid="shop.partner.low_stock_alerts",
    )
    if settings.OSCAR_EAGER_ALERTS:
        post_save.disconnect(send_product_alerts, sender=StockRecord)
        post_save.connect(
            back_in_stock_alerts_send,
            sender=StockRecord,
            dispatch_uid="shop.partner.back_in_stock_alerts",
        )
