"""No authentic notification lost to a failure: once stored it is answered 2xx,
and a failure of its processing (in the worker) is recorded on it, retried by the
sweep with a growing wait and handed to staff after the last try; expiry waits for
it. A copy delivered meanwhile is answered as the first, with no second effect.

Failures are real database errors: raised by the database driver's edge
(``connection.execute_wrapper``, the hook Django gives for it) or, on PostgreSQL,
a row lock held by another connection.
"""

import datetime
import threading

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from payments.models import BankNotification, PayoutLedgerEntry
from payments.notification_processing import bank_notifications_retry, retry_delay
from payments.services import orders_expire
from tests.factories import UserFactory
from tests.payments.conftest import order_awaiting_payment
from tests.payments.test_bank_webhooks import post, transfer

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


class DatabaseRefuses:
    """Make every UPDATE of the order table fail as a busy database does."""

    def __init__(self, table="order_order"):
        self.table = table
        self.refused = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE") and self.table in sql:
            self.refused += 1
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)


def assert_paid_once(order, amount=300000):
    order = Order.objects.get(pk=order.pk)
    assert order.status == "Pending"
    source = order.sources.get()
    assert source.amount_debited == amount
    assert source.transactions.filter(txn_type="Debit").count() == 1
    assert order.payment_events.filter(event_type__name="Paid").count() == 1
    lines = order.lines.count()
    assert PayoutLedgerEntry.objects.filter(line__order=order).count() == lines


@pytest.mark.parametrize("provider", ["sepay", "casso", "payos"])
def test_a_processing_failure_is_recorded_and_the_retry_pays_once(
    client, vietqr_order, provider
):
    body, headers = transfer(vietqr_order, provider)
    refuse = DatabaseRefuses()

    with connection.execute_wrapper(refuse):
        first = post(client, provider, body, headers)

    assert refuse.refused
    # Stored and committed: the provider's job is done, ours goes on.
    assert first.status_code == 200
    assert first.json()["success"] is True
    notification = BankNotification.objects.get()
    assert notification.status == "failed"
    assert notification.attempts == 1
    assert "database is locked" in notification.error
    assert Order.objects.get(pk=vietqr_order.pk).status == "Pending payment"

    # A copy meanwhile is answered as the first, and changes nothing.
    again = post(client, provider, body, headers)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert BankNotification.objects.get().attempts == 1

    [done] = bank_notifications_retry(now=notification.next_attempt_at)
    once_more = post(client, provider, body, headers)

    assert done.status == "paid"
    assert once_more.status_code == 200
    assert once_more.json() == first.json()
    assert_paid_once(vietqr_order)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a row lock held by another connection is PostgreSQL's (SQLite has none)",
)
def test_an_order_locked_by_another_connection_fails_then_is_paid_once(settings):
    from django.db import connections, transaction
    from django.test import Client

    settings.BANK_NOTIFICATION_LOCK_TIMEOUT_SECONDS = 0.5
    order = order_awaiting_payment()
    body, headers = transfer(order, "sepay")
    locked, release = threading.Event(), threading.Event()

    def hold_the_order():
        try:
            with transaction.atomic():
                Order.objects.select_for_update().get(pk=order.pk)
                locked.set()
                release.wait(20)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_order)
    holder.start()
    try:
        assert locked.wait(10)
        first = post(Client(), "sepay", body, headers)
    finally:
        release.set()
        holder.join()

    # Stored and answered; the worker's processing gave up waiting for the lock.
    assert first.status_code == 200
    notification = BankNotification.objects.get()
    assert notification.status == "failed"
    assert "lock" in notification.error
    assert post(Client(), "sepay", body, headers).status_code == 200
    [done] = bank_notifications_retry(now=notification.next_attempt_at)
    assert done.status == "paid"
    assert post(Client(), "sepay", body, headers).status_code == 200
    assert_paid_once(order)


def test_the_worker_retries_a_failed_one_after_its_wait_and_pays_it(
    client, vietqr_order, settings
):
    body, headers = transfer(vietqr_order, "casso")
    with connection.execute_wrapper(DatabaseRefuses()):
        assert post(client, "casso", body, headers).status_code == 200
    failed_at = timezone.now()
    notification = BankNotification.objects.get()
    assert notification.next_attempt_at > failed_at

    # Within its wait it is left alone; a second failure waits twice as long.
    assert (
        bank_notifications_retry(now=failed_at + datetime.timedelta(seconds=30)) == []
    )
    with connection.execute_wrapper(DatabaseRefuses()):
        [again] = bank_notifications_retry(now=notification.next_attempt_at)
    assert again.status == "failed"
    assert again.attempts == 2
    assert again.next_attempt_at - timezone.now() > datetime.timedelta(seconds=100)
    assert retry_delay(2) == 2 * retry_delay(1)

    [done] = bank_notifications_retry(now=again.next_attempt_at)

    assert done.status == "paid"
    assert_paid_once(vietqr_order)
    assert bank_notifications_retry(now=done.processed_at + retry_delay(9)) == []


def test_the_retry_is_scheduled_every_minute(settings):
    from shop.celery import app

    entries = {
        entry["task"]: entry["schedule"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert entries["payments.tasks.bank_notifications_retry_task"] <= 60
    app.loader.import_default_modules()
    assert "payments.tasks.bank_notifications_retry_task" in app.tasks


def test_the_scheduled_task_pays_what_failed(client, vietqr_order):
    from payments.tasks import bank_notifications_retry_task

    body, headers = transfer(vietqr_order, "sepay")
    with connection.execute_wrapper(DatabaseRefuses()):
        post(client, "sepay", body, headers)
    BankNotification.objects.update(next_attempt_at=timezone.now())

    assert bank_notifications_retry_task.delay().get() == {
        "processed": 1,
        "still_failing": 0,
    }
    assert_paid_once(vietqr_order)


def test_after_the_last_try_staff_are_emailed_and_see_it(
    client, django_app, vietqr_order, settings, mailoutbox
):
    settings.BANK_NOTIFICATION_MAX_ATTEMPTS = 3
    settings.CELERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff = UserFactory(is_staff=True, email="vanhanh@example.com")
    body, headers = transfer(vietqr_order, "sepay", amount=300000)
    with connection.execute_wrapper(DatabaseRefuses()):
        post(client, "sepay", body, headers)
        for _ in range(2):
            due = BankNotification.objects.get().next_attempt_at
            bank_notifications_retry(now=due)
    notification = BankNotification.objects.get()
    assert notification.attempts == 3
    assert notification.status == "failed"
    assert notification.next_attempt_at is None  # no longer retried by itself
    later = timezone.now() + datetime.timedelta(days=1)
    assert bank_notifications_retry(now=later) == []

    [alert] = [m for m in mailoutbox if "vanhanh@example.com" in m.to]
    assert "300000" in alert.subject
    assert notification.provider_transaction_id in alert.body
    assert reverse("payments:review-queue") in alert.body

    page = django_app.get(reverse("payments:review-queue"), user=staff)
    row = page.html.find("form", id=f"review-{notification.pk}").find_parent("tr")
    assert "3 lần" in row.text  # "failed 3 times", in Vietnamese
    page.forms[f"review-{notification.pk}"].submit(name="action", value="retry")
    assert BankNotification.objects.get().status == "paid"
    assert_paid_once(vietqr_order)


def _age(order, hours):
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - datetime.timedelta(hours=hours)
    )


def test_expiry_leaves_an_order_whose_notification_is_unprocessed(
    client, settings, mailoutbox
):
    waiting = order_awaiting_payment()
    forgotten = order_awaiting_payment()
    for order in (waiting, forgotten):
        _age(order, settings.PAYMENT_EXPIRY_HOURS + 1)
    body, headers = transfer(waiting, "payos")
    with connection.execute_wrapper(DatabaseRefuses()):
        assert post(client, "payos", body, headers).status_code == 200

    assert orders_expire() == [forgotten.number]

    assert Order.objects.get(pk=waiting.pk).status == "Pending payment"
    assert [m.to for m in mailoutbox] == [[forgotten.email]]
    [done] = bank_notifications_retry(everything=True)
    assert done.status == "paid"
    assert_paid_once(waiting)
    assert orders_expire() == []
