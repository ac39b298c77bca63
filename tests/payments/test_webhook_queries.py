"""What a bank-notification delivery costs the database (issue 19: hundreds per
second, a fifth of them copies). Every committing transaction waits for a disk
flush, so a first notification is stored and applied in one, and a copy of one
already processed is recognised by one indexed lookup and answered without a
write. The buyer's "payment received" mail is built by the worker: the request
only queues it once the payment is committed.
"""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from tests.payments.test_bank_webhooks import post, transfer
from tests.payments.test_notification_retries import assert_paid_once

CommunicationEvent = get_model("order", "CommunicationEvent")

WRITES = ("INSERT", "UPDATE", "DELETE")


def _statements(queries) -> list[str]:
    return [query["sql"].lstrip().upper() for query in queries.captured_queries]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("provider", ["payos", "casso", "sepay"])
def test_a_first_notification_is_one_committed_transaction(
    client, vietqr_order, provider
):
    body, headers = transfer(vietqr_order, provider)
    with CaptureQueriesContext(connection) as queries:
        assert post(client, provider, body, headers).status_code == 200
    statements = _statements(queries)

    assert_paid_once(vietqr_order)
    # One transaction, nothing written before it; after its commit only the
    # mail's task (run here, eagerly) writes: the record of the mail sent (and
    # its type, the first time).
    # (SQLite's is "BEGIN IMMEDIATE": shop/settings says why.)
    begin = next(n for n, s in enumerate(statements) if s.startswith("BEGIN"))
    commit = statements.index("COMMIT")
    request = statements[: commit + 1]
    assert [s for s in request[:begin] if s.startswith(WRITES)] == []
    assert [
        s
        for s in statements[commit + 1 :]
        if s.startswith(WRITES) and "COMMUNICATION" not in s.split("(")[0]
    ] == []
    # Oscar's bookkeeping of a payment (source, transaction, payment event, status
    # change, note, ledger) is most of it: a little headroom, no more.
    assert len(request) <= 27
    # The buyer's mail, queued once committed, was built and recorded by the
    # worker (run in this process by the tests' eager tasks).
    assert len(mail.outbox) == 1
    assert CommunicationEvent.objects.filter(order=vietqr_order).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("provider", ["payos", "casso", "sepay"])
def test_a_copy_of_a_processed_notification_is_one_lookup(
    client, vietqr_order, provider
):
    body, headers = transfer(vietqr_order, provider)
    assert post(client, provider, body, headers).status_code == 200

    with CaptureQueriesContext(connection) as queries:
        again = post(client, provider, body, headers)

    assert again.status_code == 200
    assert again.json() == {"success": True}  # answered as the first was
    [lookup] = _statements(queries)
    assert lookup.startswith("SELECT")
    assert_paid_once(vietqr_order)
