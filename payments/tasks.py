"""Scheduled payment work, run by the Celery worker's beat scheduler."""

from celery import shared_task

from payments.services import orders_expire


@shared_task
def unpaid_orders_expire() -> list[str]:
    """Cancel orders left unpaid past ``PAYMENT_EXPIRY_HOURS`` (safe to overlap)."""
    return orders_expire()
