"""Bank notifications from payOS, Casso and SePay: verified, stored raw, processed once.

Every authentic notification ends in a paid order, a stall's feed or a person's
review queue, never in silence. A delivery is stored and processed in one
transaction, the processing in a savepoint of its own: a processing failure rolls
back only the processing, and the notification is committed ``failed`` with the
error; the provider is answered 503, so it delivers again, and the worker tries
again too (``bank_notifications_retry``, with a growing wait) until it succeeds
or, after ``BANK_NOTIFICATION_MAX_ATTEMPTS`` tries, staff are e-mailed and it
waits in the review queue. Nothing is answered 2xx before the notification and its
effect are committed. A delivery of a notification already stored is processed
again while it is unprocessed, and otherwise answered as the first was, after one
indexed lookup.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from payments import methods, registry
from payments.gateway import NotificationRejected, TransferReport, WebhookAnswer
from payments.models import BankNotification
from payments.routing import notification_route

logger = logging.getLogger(__name__)

# No bank transfer comes near a quadrillion đồng; beyond it is garbage.
MAX_TRANSFER_AMOUNT = 10**15
#: A notification stored but still ``received`` after this long was abandoned by
#: the request that stored it (a crash, a lost connection): the worker takes it.
ABANDONED_AFTER = timedelta(minutes=2)


def bank_notification_receive(
    *, provider_code: str, body: bytes, headers
) -> WebhookAnswer:
    """Verify, store and process one webhook delivery; the answer the provider wants.

    Forged or stale: 401, nothing stored. Malformed: 400, nothing stored. Otherwise
    each reported transfer is stored raw and processed, in one transaction
    (``_report_take``). A transfer stored before is processed again if it is still
    unprocessed, else left alone. Any failure to store or process answers 503, so
    the provider delivers again; the stored notification is retried here as well.
    """
    provider = registry.enabled_notification_providers().get(provider_code)
    if provider is None:
        return WebhookAnswer(status=404, body={"success": False, "error": "unknown"})
    try:
        reports = provider.verify_and_parse(body=body, headers=headers)
    except NotificationRejected as error:
        logger.warning("Refused %s notification: %s", provider_code, error.message)
        return WebhookAnswer(
            status=error.status, body={"success": False, "error": error.message}
        )
    problem = next(filter(None, map(_transfer_report_problem, reports)), "")
    if problem:
        logger.warning("Refused %s notification: %s", provider_code, problem)
        return WebhookAnswer(status=400, body={"success": False, "error": problem})
    unfinished = 0
    for report in reports:
        try:
            notification = _report_take(report=report, raw_body=body)
        except DatabaseError:
            logger.exception(
                "Could not store %s notification %s",
                report.provider,
                report.transaction_id,
            )
            unfinished += 1
            continue
        if notification.status in BankNotification.UNPROCESSED:
            unfinished += 1
    if unfinished:
        # Not 2xx: every provider delivers again later; a copy of what is stored
        # is processed, never applied twice.
        return WebhookAnswer(
            status=503,
            body={
                "success": False,
                "error": "Stored but not processed yet; deliver again later.",
            },
        )
    return provider.answer()


def _transfer_report_problem(report: TransferReport) -> str:
    """Why an authentic report cannot be stored ('' if it can): an authentic
    delivery with unusable content is answered 400, with nothing stored."""
    for label, field, value in (
        ("transaction id", "provider_transaction_id", report.transaction_id),
        ("account number", "account_number", report.account_number),
    ):
        max_length = BankNotification._meta.get_field(field).max_length
        if not value.strip() or len(value) > max_length or "\x00" in value:
            return f"Unusable {label}: empty, longer than {max_length} or with NUL."
    if not 0 <= report.amount <= MAX_TRANSFER_AMOUNT:
        return "Amount out of range."
    return ""


def _report_take(*, report: TransferReport, raw_body: bytes) -> BankNotification:
    """Store ``report`` and process it, committed together; the notification.

    A copy of a notification already processed is recognised by one indexed
    lookup and left alone, without a transaction. Otherwise one transaction
    stores the raw notification (or, when a copy stored it first, waits for that
    copy's commit and locks its row) and applies it in a savepoint: a failure of
    the processing is recorded on the row, committed with it. Raises
    ``DatabaseError`` when nothing could be committed (the provider, answered 503,
    delivers again).
    """
    key = {
        "provider": report.provider,
        "provider_transaction_id": report.transaction_id,
    }
    stored = BankNotification.objects.filter(**key).only("status").first()
    if stored is not None and stored.status not in BankNotification.UNPROCESSED:
        return stored
    with transaction.atomic():
        _lock_wait_limit()
        notification = None
        if stored is None:
            notification = bank_notification_store(report=report, raw_body=raw_body)
        if notification is None:
            notification = BankNotification.objects.select_for_update().get(**key)
        gave_up = notification.status in BankNotification.UNPROCESSED and _apply(
            notification
        )
    if gave_up:
        _staff_alert(notification)
    return notification


def bank_notification_store(
    *, report: TransferReport, raw_body: bytes
) -> BankNotification | None:
    """Store ``report`` raw; None if the provider already delivered it."""
    memo = report.memo.replace("\x00", "")[:512]  # PostgreSQL text cannot hold NUL
    applies = report.incoming and report.succeeded
    try:
        with transaction.atomic():
            return BankNotification.objects.create(
                provider=report.provider,
                provider_transaction_id=report.transaction_id,
                raw_body=raw_body.decode("utf-8", errors="replace"),
                account_number=report.account_number,
                amount=report.amount,
                memo=memo,
                order_number=(methods.order_number_in_memo(memo) or "")[:32],
                transferred_at=report.transferred_at.replace("\x00", "")[:64],
                # Outgoing and unsuccessful transfers are kept for the record but
                # never routed.
                status=(
                    BankNotification.Status.RECEIVED
                    if applies
                    else BankNotification.Status.IGNORED
                ),
                error="" if applies else report.note[:500],
            )
    except IntegrityError:
        # The unique (provider, transaction id) constraint: a retry or a copy that
        # arrived at the same moment.
        logger.info(
            "Duplicate %s notification %s", report.provider, report.transaction_id
        )
        return None


def bank_notification_process(*, notification_id: int) -> BankNotification | None:
    """Route a stored notification and apply it, once; a failure is recorded.

    Only a notification still ``received`` or ``failed`` is applied, with its row
    locked, so copies processed at the same moment have one effect. A failure
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
    transaction holds (PostgreSQL): the provider gets its answer in time, and a
    503 brings the notification back later. SQLite waits its busy timeout."""
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
    """Process again the notifications that are due: failed ones whose wait is
    over, and ones left ``received`` by a request that never finished; with
    ``everything``, every unprocessed one (an operator's command). What each
    became (None where even recording a failure failed)."""
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


def bank_notification_resolve(*, notification: BankNotification, user) -> None:
    """Mark a reviewed (or given-up) notification as dealt with by hand."""
    with transaction.atomic():
        locked = BankNotification.objects.select_for_update().get(pk=notification.pk)
        if locked.status in (
            BankNotification.Status.REVIEW,
            BankNotification.Status.FAILED,
        ):
            locked.status = BankNotification.Status.RESOLVED
            locked.next_attempt_at = None
            locked.error = f"Resolved by {user}"
            locked.save(update_fields=["status", "next_attempt_at", "error"])
