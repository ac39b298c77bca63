"""Twenty copies of a stall transfer at once: one row in the vendor's feed."""

import pytest
from django.test import Client
from django.urls import reverse

from payments.markets.models import StallPayment
from payments.markets.selectors import stall_feed
from payments.models import BankNotification
from tests.markets.conftest import stall_transfer
from tests.payments.test_concurrency import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
]


def deliver_at_once(deliveries):
    """Post each (provider, body, headers) in its own thread, all released together."""
    deliveries = list(deliveries)
    index = iter(range(len(deliveries)))

    def work():
        provider, body, headers = deliveries[next(index)]
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        url = reverse("payments:bank-webhook", kwargs={"provider": provider})
        return (
            Client()
            .post(url, data=body, content_type="application/json", **extra)
            .status_code
        )

    return run_at_once(len(deliveries), work)


@pytest.mark.parametrize("provider", ["sepay", "casso", "payos"])
def test_twenty_concurrent_copies_appear_once_in_the_feed(stall, provider):
    body, headers = stall_transfer(stall, provider, amount=35000)

    statuses = deliver_at_once([(provider, body, headers)] * 20)

    assert statuses == [200] * 20
    assert BankNotification.objects.count() == 1
    assert StallPayment.objects.count() == 1
    feed = stall_feed(stall=stall, since=0)
    assert [item["amount"] for item in feed["payments"]] == [35000]
    assert feed["today_total"] == 35000


def test_one_transfer_reported_by_two_providers_at_once_appears_once(stall):
    copies = [
        (provider, *stall_transfer(stall, provider, transaction_id="FTX9"))
        for provider in ("sepay", "casso")
    ] * 10

    statuses = deliver_at_once(copies)

    assert statuses == [200] * 20
    assert BankNotification.objects.count() == 2
    assert StallPayment.objects.filter(is_duplicate=False).count() == 1
    assert stall_feed(stall=stall, since=0)["today_total"] == 35000
