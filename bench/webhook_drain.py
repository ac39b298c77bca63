"""The bench's Celery worker, drained: every accepted bank notification applied
and the queue empty, timed."""

import sys
import time

from payments.models import BankNotification


def _queued() -> int:
    """Messages waiting in the worker's queue on the broker."""
    from shop.celery import app

    with app.connection_for_write() as connection:
        try:
            return connection.default_channel.queue_declare(
                app.conf.task_default_queue, passive=True
            ).message_count
        except connection.channel_errors:
            return 0  # no such queue: Redis drops an empty list


def queue_emptied() -> int:
    """Remove the tasks an earlier run left in the bench's own queue (one whose
    drain was cut short, ``--webhook-drain-timeout``): this run's worker would work
    through them first, during its sending and its drain. How many there were.
    Only the bench's queue (``bench/settings.py``) is emptied."""
    from shop.celery import app

    return app.control.purge() or 0


def notifications_drain(*, transaction_ids: set, timeout: float) -> dict:
    """Wait until the worker has applied (or recorded the failure of) every
    accepted notification and emptied its queue, at most ``timeout`` s: the
    backlog when sending ended, how long the rest took, how many were applied,
    how many were left."""
    started = time.monotonic()  # polled by primary key beside the worker: cheap
    pks = list(
        BankNotification.objects.filter(
            provider_transaction_id__in=sorted(transaction_ids)
        ).values_list("pk", flat=True)
    )
    waiting = BankNotification.objects.filter(
        pk__in=pks, status=BankNotification.Status.RECEIVED
    )
    backlog = left = waiting.count()
    sys.stderr.write(f"  {backlog:,} accepted notifications wait for the worker\n")
    while left and time.monotonic() - started < timeout:
        time.sleep(0.5)
        left = waiting.count()
    # Then what they queued (the buyers' mails): the next run starts from nothing.
    while _queued() and time.monotonic() - started < timeout:
        time.sleep(0.5)
    took = time.monotonic() - started
    processed = len(pks) - left
    return {
        "backlog": backlog,
        "drain_s": round(took, 1),
        "processed": processed,
        "left": left,
    }
