"""Scheduled payment work, run by the Celery worker's beat scheduler."""

from celery import shared_task

from payments.models import BankNotification
from payments.notifications import bank_notifications_retry
from payments.order_payments import orders_expire


@shared_task
def unpaid_orders_expire() -> list[str]:
    """Cancel orders left unpaid past ``PAYMENT_EXPIRY_HOURS`` (safe to overlap)."""
    return orders_expire()


@shared_task
def bank_notifications_retry_task() -> dict:
    """Process again the bank notifications whose processing failed and whose wait
    is over (and any a request left unprocessed); how many, and how they ended."""
    results = bank_notifications_retry()
    unfinished = sum(
        1
        for notification in results
        if notification is None or notification.status in BankNotification.UNPROCESSED
    )
    return {"processed": len(results), "still_failing": unfinished}
