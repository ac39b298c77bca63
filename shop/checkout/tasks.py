"""Background work of the checkout: the buyer's mails, rendered and recorded by the
worker once the order or payment has committed, not in the request."""

from celery import shared_task
from django.db import DatabaseError
from oscar.core.loading import get_model

from shop.checkout import buyer_mail
from shop.checkout.emails import order_placed_mail_send as placed_mail_send

Order = get_model("order", "Order")


# One per order and payment: only failures are kept (settings), the sent mail is
# recorded on the order.
@shared_task(ignore_result=True)
def order_mail_send_task(
    *, order_id: int, code: str, once: bool = False, extra: dict | None = None
) -> bool:
    """``buyer_mail.order_mail_send`` for the order ``order_id`` (``extra``: plain
    values for the templates' context), in the worker; whether it was sent."""
    order = Order._default_manager.get(pk=order_id)
    return buyer_mail.order_mail_send(
        order=order, code=code, once=once, **(extra or {})
    )


@shared_task(
    ignore_result=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def order_placed_mail_send(order_id: int) -> bool:
    """Render the buyer's order mail and hand it to the mail task (which retries
    the sending). Tried again while the database does not answer; a mail already
    recorded on the order is not sent twice."""
    order = Order._default_manager.filter(pk=order_id).first()
    if order is None:
        return False
    return placed_mail_send(order=order)
