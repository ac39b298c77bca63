"""Twenty different transfers to one stall at the same moment: each appears once in
the vendor's feed (PostgreSQL and SQLite, the demo's database)."""

import pytest

from payments.markets.models import StallPayment
from payments.markets.selectors import stall_feed
from payments.models import BankNotification
from tests.markets.conftest import stall_transfer
from tests.markets.test_concurrency import deliver_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_transfers_at_once_to_one_stall_each_appear_once(stall):
    providers = ["sepay", "casso", "payos"]
    deliveries = [
        (
            providers[n % 3],
            *stall_transfer(
                stall,
                providers[n % 3],
                amount=1000 * (n + 1),
                transaction_id=f"STALL{n}",
                memo=f"mua rau lan {n}",
            ),
        )
        for n in range(20)
    ]

    statuses = deliver_at_once(deliveries)

    assert statuses == [200] * 20
    assert BankNotification.objects.count() == 20
    assert StallPayment.objects.filter(is_duplicate=False).count() == 20
    feed = stall_feed(stall=stall, since=0)
    assert sorted(item["amount"] for item in feed["payments"]) == [
        1000 * (n + 1) for n in range(20)
    ]
    assert feed["today_total"] == sum(1000 * (n + 1) for n in range(20))
