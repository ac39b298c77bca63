"""The webhook is an inbox: a notification is answered 2xx once stored, and applied
afterwards by the worker, or by the sweep when its task never reached the worker;
either way, and both at once, exactly once.

"The worker" here is the task queued once the notification committed, run in this
process: its callbacks are held back (``post(..., committed=False)``) and run when
the test says so, as a worker picks up a queued task a moment later.
"""

import datetime

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from payments.models import BankNotification
from payments.notification_processing import ABANDONED_AFTER
from payments.services import bank_notifications_retry, orders_expire
from payments.tasks import bank_notification_process_task
from tests.payments.conftest import as_committed
from tests.payments.test_bank_webhooks import post, transfer
from tests.payments.test_notification_retries import assert_paid_once
from tests.test_outages import broker_down  # noqa: F401 (fixture)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("provider", ["payos", "casso", "sepay"])
def test_a_stored_notification_is_answered_before_the_worker_applies_it_once(
    client, vietqr_order, provider, mailoutbox
):
    body, headers = transfer(vietqr_order, provider)

    queued_before = len(connection.run_on_commit)
    with as_committed():  # the worker, once the request has been answered
        first = post(client, provider, body, headers, committed=False)

        assert first.status_code == 200
        assert first.json()["success"] is True
        notification = BankNotification.objects.get()
        assert notification.status == "received"
        assert Order.objects.get(pk=vietqr_order.pk).status == "Pending payment"
        assert mailoutbox == []
        # A copy while it waits for the worker: answered alike, nothing queued.
        copy = post(client, provider, body, headers, committed=False)
        assert copy.status_code == 200
        assert copy.json() == first.json()
        assert len(connection.run_on_commit) == queued_before + 1

    assert BankNotification.objects.get().status == "paid"
    assert_paid_once(vietqr_order)
    assert len(mailoutbox) == 1  # "payment received", sent once
    # The task delivered twice (a worker lost after its work), and the sweep:
    # nothing more happens.
    again = bank_notification_process_task.delay(notification_id=notification.pk)
    assert again.get() == "paid"
    assert bank_notifications_retry(everything=True) == []
    assert_paid_once(vietqr_order)
    assert len(mailoutbox) == 1


def test_a_copy_of_a_waiting_notification_is_one_statement_writing_nothing(
    client, vietqr_order
):
    body, headers = transfer(vietqr_order, "sepay")
    post(client, "sepay", body, headers, committed=False)

    with CaptureQueriesContext(connection) as queries:
        again = post(client, "sepay", body, headers)

    assert again.status_code == 200
    [refused] = [query["sql"] for query in queries.captured_queries]
    assert "ON CONFLICT" in refused.upper()
    assert BankNotification.objects.count() == 1


def test_while_the_broker_is_down_a_notification_is_answered_and_swept_up(
    client,
    vietqr_order,
    broker_down,  # noqa: F811
    settings,
):
    # Whoever brought the order to its expiry meanwhile: it waits for the
    # notification that names it.
    Order.objects.filter(pk=vietqr_order.pk).update(
        date_placed=timezone.now()
        - datetime.timedelta(hours=settings.PAYMENT_EXPIRY_HOURS + 1)
    )
    body, headers = transfer(vietqr_order, "casso")

    answer = post(client, "casso", body, headers)

    # Stored: answered 2xx although its task could not be queued (and logged).
    assert answer.status_code == 200
    notification = BankNotification.objects.get()
    assert notification.status == "received"
    assert orders_expire() == []
    # The sweep leaves a fresh one to its task, then takes it as abandoned.
    stored_at = notification.received_at
    assert bank_notifications_retry(now=stored_at + ABANDONED_AFTER / 2) == []
    [done] = bank_notifications_retry(
        now=stored_at + ABANDONED_AFTER + datetime.timedelta(seconds=1)
    )
    assert done.status == "paid"
    assert_paid_once(vietqr_order)


class InsertRefused:
    """The database refuses to store a bank notification (full disk, failover)."""

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and "banknotification" in sql:
            raise OperationalError("could not extend file: No space left on device")
        return execute(sql, params, many, context)


def test_a_notification_that_cannot_be_stored_is_503_and_delivered_again(
    client, vietqr_order
):
    body, headers = transfer(vietqr_order, "payos")

    with connection.execute_wrapper(InsertRefused()):
        refused = post(client, "payos", body, headers)

    assert refused.status_code == 503  # the provider delivers it again
    assert refused.json()["success"] is False
    assert not BankNotification.objects.exists()
    assert Order.objects.get(pk=vietqr_order.pk).status == "Pending payment"

    assert post(client, "payos", body, headers).status_code == 200
    assert_paid_once(vietqr_order)
