"""Twenty copies of one notification at the same moment: one payment; a stored
notification applied by its task twice, staff and the sweep at once: one payment.

Each copy is a thread with its own database connection. On PostgreSQL row locks order
them; on SQLite (the demo) immediate transactions queue the writers: same result."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from payments.methods import order_code
from payments.models import BankNotification
from payments.services import (
    bank_notification_process,
    bank_notifications_retry,
    orders_expire,
)
from payments.simulation import notification_build
from payments.tasks import bank_notification_process_task
from tests.payments.conftest import COLLECTION_ACCOUNT, order_awaiting_payment
from tests.test_outages import broker_down  # noqa: F401 (fixture)

Order = get_model("order", "Order")

pytestmark = [
    pytest.mark.django_db(transaction=True),
]


def run_at_once(count, work):
    """Run ``work()`` in ``count`` threads released together; their results."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def target(index):
        try:
            barrier.wait()
            results[index] = work()
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("provider", ["sepay", "casso", "payos"])
def test_twenty_concurrent_copies_make_one_payment(provider):
    order = order_awaiting_payment()
    body, headers = notification_build(
        provider=provider,
        account_number=COLLECTION_ACCOUNT,
        amount=300000,
        memo=order_code(order.number),
    )
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    url = reverse("payments:bank-webhook", kwargs={"provider": provider})

    statuses = run_at_once(
        20,
        lambda: (
            Client()
            .post(url, data=body, content_type="application/json", **extra)
            .status_code
        ),
    )

    assert statuses == [200] * 20
    order = Order.objects.get(pk=order.pk)
    assert order.status == "Pending"
    source = order.sources.get()
    assert source.amount_debited == 300000
    assert source.transactions.filter(txn_type="Debit").count() == 1
    assert order.payment_events.count() == 1
    assert BankNotification.objects.count() == 1


def test_two_different_notifications_for_one_order_pay_it_once():
    order = order_awaiting_payment()
    deliveries = [
        notification_build(
            provider="sepay",
            account_number=COLLECTION_ACCOUNT,
            amount=300000,
            memo=order_code(order.number),
            transaction_id=f"T{i}",
        )
        for i in range(10)
    ]
    url = reverse("payments:bank-webhook", kwargs={"provider": "sepay"})
    counter = iter(range(10))
    lock = threading.Lock()

    def deliver():
        with lock:
            body, headers = deliveries[next(counter)]
        return (
            Client()
            .post(
                url,
                data=body,
                content_type="application/json",
                HTTP_AUTHORIZATION=headers["Authorization"],
            )
            .status_code
        )

    assert run_at_once(10, deliver) == [200] * 10
    assert Order.objects.get(pk=order.pk).sources.get().amount_debited == 300000
    assert BankNotification.objects.filter(status="paid").count() == 1
    assert BankNotification.objects.filter(reason="not_awaiting").count() == 9


def test_expiry_runs_concurrently_cancel_each_order_once(settings, mailoutbox):
    import datetime

    from django.utils import timezone

    orders = [order_awaiting_payment(quantity=1) for _ in range(6)]
    later = timezone.now() + datetime.timedelta(hours=settings.PAYMENT_EXPIRY_HOURS + 1)

    results = run_at_once(4, lambda: orders_expire(now=later))

    cancelled = [number for result in results for number in result]
    assert sorted(cancelled) == sorted(order.number for order in orders)
    assert len(mailoutbox) == 6


@pytest.mark.parametrize("sweeps", [0, 2])
def test_the_worker_twice_and_the_sweep_at_once_apply_a_notification_once(
    broker_down,  # noqa: F811 (its task is not queued: the row waits, received)
    sweeps,
):
    order = order_awaiting_payment()
    body, headers = notification_build(
        provider="casso",
        account_number=COLLECTION_ACCOUNT,
        amount=300000,
        memo=order_code(order.number),
    )
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    url = reverse("payments:bank-webhook", kwargs={"provider": "casso"})
    answer = Client().post(url, data=body, content_type="application/json", **extra)
    assert answer.status_code == 200
    notification = BankNotification.objects.get()
    assert notification.status == "received"

    # A task delivered twice (a worker lost after its work, acks late), staff's
    # "process again", and the sweep, at the same moment.
    def task():
        # (.result: .get() refuses while another thread runs a task)
        return bank_notification_process_task.apply(
            kwargs={"notification_id": notification.pk}
        ).result

    def by_hand():
        return bank_notification_process(notification_id=notification.pk).status

    def sweep():
        return "swept" if bank_notifications_retry(everything=True) is not None else ""

    works = iter([task, task, by_hand, *[sweep] * sweeps])
    lock = threading.Lock()

    def next_work():
        with lock:
            work = next(works)
        return work()

    results = run_at_once(3 + sweeps, next_work)

    assert sorted(results) == sorted(["paid"] * 3 + ["swept"] * sweeps)
    order = Order.objects.get(pk=order.pk)
    assert order.status == "Pending"
    source = order.sources.get()
    assert source.amount_debited == 300000
    assert source.transactions.filter(txn_type="Debit").count() == 1
    assert order.payment_events.count() == 1
    assert BankNotification.objects.get().status == "paid"
