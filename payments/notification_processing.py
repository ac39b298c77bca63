"""Bank notifications applied, once each: by the worker after the webhook stored
them, by the retry sweep, or by staff from the review queue.

Applying a stored notification routes it (``payments.routing``) and hands it to
its route: an order paid, a stall's feed entry, or the review queue. It runs with
the notification's row locked and only while the row is ``received`` or
``failed``, so the worker's task, a second copy of that task and the sweep running
at the same moment have one effect between them (PostgreSQL row locks; SQLite's
immediate transactions queue the writers). A failure rolls back only the
processing and leaves the row ``failed`` with the error and the time of the next
try; after ``BANK_NOTIFICATION_MAX_ATTEMPTS`` tries staff are e-mailed and it
waits in the review queue.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from payments.models import BankNotification
from payments.routing import notification_route

logger = logging.getLogger(__name__)

#: A notification still ``received`` this long after it was stored was never
#: applied by the worker (its task was not queued: the broker was down; or it was
#: lost): the sweep, every minute, applies it. A task merely waiting in a long
#: queue may be overtaken by the sweep; the row lock keeps that to one effect.
ABANDONED_AFTER = timedelta(minutes=1)


def bank_notification_process(*, notification_id: int) -> BankNotification | None:
    """Route a stored notification and apply it, once; a failure is recorded.

    Only a notification still ``received`` or ``failed`` is applied, with its row
    locked, so the worker's task, the sweep and staff processing it at the same
    moment have one effect. A failure
    rolls the processing back and leaves the row ``failed`` with the error and
    the time of the next try; None if even that could not be written.
    """
    try:
        with transaction.atomic():
            _lock_wait_limit()
            notification = BankNotification.objects.select_for_update().get(
                pk=notification_id
            )
            gave_up = notification.status in BankNotification.UNPROCESSED and _apply(
                notification
            )
    except Exception as error:
        # The row itself could not be locked or written (a lock held too long, a
        # database refusing): recorded in a transaction of its own.
        logger.exception("Processing bank notification %s failed", notification_id)
        return _failure_record(notification_id=notification_id, error=error)
    if gave_up:
        _staff_alert(notification)
    return notification


def _apply(notification: BankNotification) -> bool:
    """Route the unprocessed ``notification`` (stored and locked by the caller's
    transaction) and apply it, in a savepoint: when that fails, only the
    processing is rolled back and the row is marked ``failed`` instead. Whether
    that was the last attempt (the caller tells staff once committed)."""
    try:
        with transaction.atomic():
            rule = notification_route(notification)
            if rule is None:
                notification.route = BankNotification.Route.UNMATCHED
                notification.status = BankNotification.Status.REVIEW
                notification.reason = BankNotification.Reason.WRONG_ACCOUNT
            else:
                notification.route = rule.route
                notification.status = BankNotification.Status.ROUTED
                rule.handle(notification)
            notification.error = ""
            notification.next_attempt_at = None
            notification.processed_at = timezone.now()
            notification.save()
        return False
    except Exception as error:
        logger.exception("Processing bank notification %s failed", notification.pk)
        # What the processing set on the instance was rolled back in the database.
        notification.refresh_from_db()
        return _failure_mark(notification, error=error)


def _lock_wait_limit() -> None:
    """Wait at most BANK_NOTIFICATION_LOCK_TIMEOUT_SECONDS for a row another
    transaction holds (PostgreSQL): the worker moves on, the failure recorded,
    and the sweep tries again later. SQLite waits its busy timeout."""
    if connection.vendor == "postgresql":
        milliseconds = int(settings.BANK_NOTIFICATION_LOCK_TIMEOUT_SECONDS * 1000)
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {milliseconds}")


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: a minute, doubling, at
    most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 6 * 60))


def _failure_record(*, notification_id: int, error: Exception):
    try:
        with transaction.atomic():
            notification = (
                BankNotification.objects.select_for_update()
                .filter(pk=notification_id)
                .first()
            )
            if notification is None:
                return None
            if notification.status not in BankNotification.UNPROCESSED:
                return notification  # a copy processed it meanwhile
            gave_up = _failure_mark(notification, error=error)
    except DatabaseError:
        # The row stays as it was; the worker takes it up (failed, or received
        # and abandoned).
        logger.exception(
            "Could not record the failure of notification %s", notification_id
        )
        return None
    if gave_up:
        _staff_alert(notification)
    return notification


def _failure_mark(notification: BankNotification, *, error: Exception) -> bool:
    """Record a failed attempt on the locked ``notification``: ``failed``, the
    error, and when to try again; whether it was the last attempt."""
    notification.attempts += 1
    notification.status = BankNotification.Status.FAILED
    notification.error = repr(error)[:2000]
    gave_up = notification.attempts >= settings.BANK_NOTIFICATION_MAX_ATTEMPTS
    notification.next_attempt_at = (
        None if gave_up else timezone.now() + retry_delay(notification.attempts)
    )
    notification.save(update_fields=["attempts", "status", "error", "next_attempt_at"])
    return gave_up


def _staff_alert(notification: BankNotification) -> None:
    """Tell the operator's staff that a notification needs a person."""
    logger.error(
        "Bank notification %s (%s %s, %s đồng) failed %s times; it waits in the "
        "review queue: %s",
        notification.pk,
        notification.provider,
        notification.provider_transaction_id,
        notification.amount,
        notification.attempts,
        notification.error,
    )
    recipients = list(
        get_user_model()
        ._default_manager.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_("A bank transfer could not be processed (%(amount)s đồng)")
            % {"amount": notification.amount},
            message=_(
                "The %(provider)s notification %(transaction)s of %(amount)s đồng "
                "(memo: %(memo)s) failed %(attempts)s times and is no longer "
                "retried automatically. Last error: %(error)s\n\n"
                "Open the review queue to process it again or deal with it by "
                "hand: %(url)s"
            )
            % {
                "provider": notification.get_provider_display(),
                "transaction": notification.provider_transaction_id,
                "amount": notification.amount,
                "memo": notification.memo,
                "attempts": notification.attempts,
                "error": notification.error,
                "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("payments:review-queue"),
            },
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )


def bank_notifications_retry(
    *, now: datetime | None = None, everything: bool = False
) -> list[BankNotification]:
    """Process the notifications that are due: failed ones whose wait is over,
    and ones still ``received`` ``ABANDONED_AFTER`` after they were stored (their
    task never reached the worker); with ``everything``, every unprocessed one (an
    operator's command). What each became (None where even recording a failure
    failed)."""
    now = now or timezone.now()
    due = BankNotification.objects.filter(status__in=BankNotification.UNPROCESSED)
    if not everything:
        due = due.filter(
            Q(status=BankNotification.Status.FAILED, next_attempt_at__lte=now)
            | Q(
                status=BankNotification.Status.RECEIVED,
                received_at__lt=now - ABANDONED_AFTER,
            )
        )
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:1000])
    return [bank_notification_process(notification_id=pk) for pk in ids]
