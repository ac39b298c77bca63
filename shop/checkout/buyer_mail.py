"""The buyer's mail about an order: placed, paid, expired, a late transfer, shipped,
delivered. Each is an Oscar communication event type (code below) rendered from
templates/oscar/communication/emails/commtype_<code>_{subject.txt,body.txt,body.html}
in the language the order was placed in, with links on the site's own address.

Oscar's dispatcher sends it through ``EMAIL_BACKEND`` (``shop.mail``: queued for the
worker once the transaction commits, retried there) and records it on the order
(``CommunicationEvent``: the operator's order page lists it), which is also how a
mail meant to go once is not sent twice.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import translation
from oscar.core.loading import get_class, get_model

from shop.checkout.selectors import order_language, order_payment_url, order_status_url

logger = logging.getLogger(__name__)

CommunicationEventType = get_model("communication", "CommunicationEventType")

ORDER_PLACED = "ORDER_PLACED"
ORDER_PAID = "ORDER_PAID"
ORDER_EXPIRED = "ORDER_EXPIRED"
ORDER_LATE_TRANSFER = "ORDER_LATE_TRANSFER"
LINES_SHIPPED = "LINES_SHIPPED"
LINES_DELIVERED = "LINES_DELIVERED"

#: The names the operator sees for each type in Oscar's dashboard.
NAMES = {
    ORDER_PLACED: "Order placed",
    ORDER_PAID: "Payment received",
    ORDER_EXPIRED: "Unpaid order cancelled",
    ORDER_LATE_TRANSFER: "Transfer arrived after cancellation",
    LINES_SHIPPED: "Items shipped",
    LINES_DELIVERED: "Items delivered",
}


def _event_type(code: str):
    event_type, _created = CommunicationEventType.objects.get_or_create(
        code=code,
        defaults={
            "name": NAMES[code],
            "category": CommunicationEventType.ORDER_RELATED,
        },
    )
    return event_type


def order_mail_send(
    *, order, code: str, once: bool = False, attachments=None, **extra
) -> bool:
    """Mail ``order``'s buyer the ``code`` message, in the order's language.

    ``extra`` is added to the templates' context (which always has the order, its
    status and payment page addresses and the marketplace's name); ``attachments``
    go with it as Oscar's dispatcher takes them. With ``once``, nothing is sent if
    this order already had this message. Whether it was sent.
    """
    if not order.email:
        logger.warning("Order %s has no e-mail address for %s", order.number, code)
        return False
    event_type = _event_type(code)
    if once and order.communication_events.filter(event_type=event_type).exists():
        return False
    OrderDispatcher = get_class("order.utils", "OrderDispatcher")
    dispatcher = OrderDispatcher(logger=logger)
    with translation.override(order_language(order=order)):
        context = {
            "order": order,
            "order_status_url": order_status_url(order=order),
            "payment_url": order_payment_url(order=order),
            "shop_name": settings.OSCAR_SHOP_NAME,
            **extra,
        }
        messages = dispatcher.dispatcher.get_messages(code, context)
        dispatcher.dispatch_order_messages(
            order, messages, code, attachments=attachments
        )
    return True


def order_mail_on_commit(*, order, code: str, once: bool = False, **extra) -> None:
    """``order_mail_send`` once the surrounding transaction commits: an attempt that
    rolls back tells nobody, and a failure to build the mail does not undo it."""
    transaction.on_commit(
        partial(order_mail_send, order=order, code=code, once=once, **extra),
        robust=True,
    )


def order_mail_queue(*, order, code: str, once: bool = False, **extra) -> None:
    """``order_mail_send`` in the worker, queued once the surrounding transaction
    commits: the request only enqueues it (rendering the mail and recording it on
    the order cost a bank webhook more than the payment itself). ``extra`` must be
    plain values (numbers, text), as the task's arguments are JSON."""
    from shop.checkout.tasks import order_mail_send_task

    # Robust: the payment is committed by then, and its answer must not turn into
    # an error (the broker being down is logged by the task class itself).
    transaction.on_commit(
        partial(
            order_mail_send_task.delay,
            order_id=order.pk,
            code=code,
            once=once,
            extra=extra,
        ),
        robust=True,
    )
