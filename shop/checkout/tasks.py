"""Background work of the checkout: the buyer's mails that need only plain data."""

from celery import shared_task
from oscar.core.loading import get_model

from shop.checkout import buyer_mail


@shared_task
def order_mail_send_task(
    *, order_id: int, code: str, once: bool = False, extra: dict | None = None
) -> bool:
    """``buyer_mail.order_mail_send`` for the order ``order_id`` (``extra``: plain
    values for the templates' context), in the worker; whether it was sent."""
    order = get_model("order", "Order")._default_manager.get(pk=order_id)
    return buyer_mail.order_mail_send(
        order=order, code=code, once=once, **(extra or {})
    )
