"""Work of the checkout done by a worker once the order has committed."""

from celery import shared_task
from django.db import DatabaseError
from oscar.core.loading import get_model

from shop.checkout.emails import order_placed_mail_send as mail_send

Order = get_model("order", "Order")


@shared_task(
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
    return mail_send(order=order)
