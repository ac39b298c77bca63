"""Payment work of the Celery worker: stored bank notifications applied, and the
scheduled sweeps run by its beat scheduler."""

from celery import shared_task

from payments.models import BankNotification
from payments.notification_processing import (
    bank_notification_process,
    bank_notifications_retry,
)
from payments.order_payments import orders_expire


# Its outcome is the notification's own status (failures in the review queue), so
# no task result is stored: two writes fewer for each of hundreds a second.
@shared_task(ignore_result=True)
def bank_notification_process_task(*, notification_id: int) -> str:
    """Apply the bank notification the webhook stored (queued once its row has
    committed); what it became. Applying it twice has one effect: a row already
    processed is left alone. A failure is recorded on the row, whose retry the
    sweep (``bank_notifications_retry_task``) takes over; the task itself is not
    retried."""
    notification = bank_notification_process(notification_id=notification_id)
    return notification.status if notification else "unrecorded"


@shared_task
def unpaid_orders_expire() -> list[str]:
    """Cancel orders left unpaid past ``PAYMENT_EXPIRY_HOURS`` (safe to overlap)."""
    return orders_expire()


@shared_task
def bank_notifications_retry_task() -> dict:
    """Process again the bank notifications whose processing failed and whose wait
    is over, and any the worker's own task never applied (its broker down when it
    was queued); how many, and how they ended."""
    results = bank_notifications_retry()
    unfinished = sum(
        1
        for notification in results
        if notification is None or notification.status in BankNotification.UNPROCESSED
    )
    return {"processed": len(results), "still_failing": unfinished}
