"""Signal receivers of the checkout."""

from django.dispatch import receiver
from django.utils import translation
from oscar.apps.order.signals import order_placed

from shop.checkout.services import order_language_record


@receiver(order_placed, dispatch_uid="shop.checkout.order_language")
def order_language_remember(sender, order, **kwargs):
    """Record the language the order is placed in, however it is placed.

    Orders are placed during the buyer's request, so the active language is theirs;
    mail sent later by the worker (payment, expiry, a late transfer) speaks it.
    """
    order_language_record(order=order, code=translation.get_language(), placed=True)
