"""Signal receivers of the payments app."""

from django.dispatch import receiver
from django.utils import translation
from oscar.apps.order.signals import order_placed

from payments.order_payments import buyer_language_record


@receiver(order_placed, dispatch_uid="payments.buyer_language")
def remember_buyer_language(sender, order, **kwargs):
    # Placed during the buyer's request: the active language is theirs. Later
    # e-mails about the payment (sent by the worker) use it.
    buyer_language_record(order=order, language=translation.get_language())
