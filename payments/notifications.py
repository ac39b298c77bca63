"""Bank notifications from payOS, Casso and SePay: verified, stored raw, applied once.

The inbox pattern the providers themselves recommend: a delivery is verified
(forged or stale: 401; malformed: 400; nothing stored), each transfer it reports
is stored raw and committed, and the provider gets its 2xx answer at once; the
Celery worker applies it afterwards (``payments.notification_processing``), queued
once the row has committed. Nothing is answered 2xx before the notification is
committed; its effect follows from the worker, retried until it ends paid (a
stall's feed entry, an order paid) or in the review queue, never in silence. A
failure to store answers 503, so the provider delivers again. A copy of a
notification already stored is refused by the unique constraint in the same
single statement that stores a first, and answered as the first was, never a
second effect. A task that could not be queued (the broker
down) leaves the row ``received``: the retry sweep applies it a minute later.
With ``CELERY_TASK_ALWAYS_EAGER`` (tests, a laptop without a worker) the task runs
in the request right after the commit, before the answer.
"""

import logging

from django.db import DatabaseError, connections, router, transaction

from payments import methods, registry
from payments.gateway import NotificationRejected, TransferReport, WebhookAnswer
from payments.models import BankNotification
from payments.tasks import bank_notification_process_task

logger = logging.getLogger(__name__)

# No bank transfer comes near a quadrillion đồng; beyond it is garbage.
MAX_TRANSFER_AMOUNT = 10**15


def bank_notification_receive(
    *, provider_code: str, body: bytes, headers
) -> WebhookAnswer:
    """Verify and store one webhook delivery; the answer the provider wants.

    Forged or stale: 401, nothing stored. Malformed: 400, nothing stored. Otherwise
    each reported transfer not stored before is stored raw and committed, and its
    processing queued for the worker once committed (``_report_store``); a copy of
    one stored before is left alone. A failure to store answers 503, so the
    provider delivers again; otherwise the provider's own 2xx answer.
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
    unstored = 0
    for report in reports:
        try:
            _report_store(report=report, raw_body=body)
        except DatabaseError:
            logger.exception(
                "Could not store %s notification %s",
                report.provider,
                report.transaction_id,
            )
            unstored += 1
    if unstored:
        # Not 2xx: every provider delivers again later; what was stored of this
        # delivery is recognised then and not stored twice.
        return WebhookAnswer(
            status=503,
            body={"success": False, "error": "Not stored; deliver again later."},
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


def _report_store(*, report: TransferReport, raw_body: bytes) -> None:
    """Store ``report`` unless it is stored already, and queue its processing.

    One statement, committed on its own (``bank_notification_store``): a copy,
    whether it follows its first or arrives at the same moment, is refused by the
    unique provider and transaction id and writes nothing. A new notification to
    apply has its task queued once it has committed; a broker that cannot take the
    task is logged (``shop.celery``), and the sweep applies the row. Raises
    ``DatabaseError`` when it could not be stored.
    """
    notification = bank_notification_store(report=report, raw_body=raw_body)
    if notification and notification.status == BankNotification.Status.RECEIVED:
        bank_notification_process_task.delay_on_commit(notification_id=notification.pk)


def bank_notification_store(
    *, report: TransferReport, raw_body: bytes
) -> BankNotification | None:
    """Store ``report`` raw; None if the provider already delivered it."""
    memo = report.memo.replace("\x00", "")[:512]  # PostgreSQL text cannot hold NUL
    applies = report.incoming and report.succeeded
    notification = BankNotification(
        provider=report.provider,
        provider_transaction_id=report.transaction_id,
        raw_body=raw_body.decode("utf-8", errors="replace"),
        account_number=report.account_number,
        amount=report.amount,
        memo=memo,
        order_number=(methods.order_number_in_memo(memo) or "")[:32],
        transferred_at=report.transferred_at.replace("\x00", "")[:64],
        # Outgoing and unsuccessful transfers are kept for the record but never
        # routed.
        status=(
            BankNotification.Status.RECEIVED
            if applies
            else BankNotification.Status.IGNORED
        ),
        error="" if applies else report.note[:500],
    )
    if not _insert_unless_stored(notification):
        logger.info(
            "Duplicate %s notification %s", report.provider, report.transaction_id
        )
        return None
    return notification


# The model's unique (provider, transaction id) constraint that refuses a copy.
_STORED_ONCE = "payments_bank_notification_once"


def _insert_unless_stored(notification: BankNotification) -> bool:
    """Insert ``notification``; False, with nothing written, if its provider and
    transaction id are stored already.

    ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` (PostgreSQL and SQLite): one
    round trip that the unique constraint decides, where a lookup first and then
    an insert in a transaction of its own took four. Django's ``bulk_create`` can
    ignore conflicts but then does not say which rows it stored. The columns and
    values are the model's own, as ``Model.save()`` prepares them.
    """
    opts = BankNotification._meta
    fields = [field for field in opts.concrete_fields if not field.primary_key]
    connection = connections[router.db_for_write(BankNotification)]
    quote = connection.ops.quote_name
    [once] = [c for c in opts.constraints if c.name == _STORED_ONCE]
    unique = ", ".join(quote(opts.get_field(name).column) for name in once.fields)
    values = [
        field.get_db_prep_save(field.pre_save(notification, add=True), connection)
        for field in fields
    ]
    sql = (
        f"INSERT INTO {quote(opts.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({unique}) "
        f"DO NOTHING RETURNING {quote(opts.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    notification.pk = row[0]
    notification._state.adding = False
    notification._state.db = connection.alias
    return True


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
