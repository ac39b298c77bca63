"""What a bank-notification delivery costs the database (issue 19: hundreds per
second, a fifth of them copies). Every committing transaction waits for a disk
flush, so a first notification is one committed insert before the answer, which
the unique constraint refuses for a copy; its effect is one more transaction, in
the worker (run here, eagerly, right after the commit); a copy is answered
without a write. The buyer's "payment received" mail is built by the worker too.
"""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from payments.models import BankNotification
from tests.payments.test_bank_webhooks import post, transfer
from tests.payments.test_notification_retries import assert_paid_once

CommunicationEvent = get_model("order", "CommunicationEvent")

WRITES = ("INSERT", "UPDATE", "DELETE")


def _statements(queries) -> list[str]:
    return [query["sql"].lstrip().upper() for query in queries.captured_queries]


def _table(statement: str) -> str:
    """The table an INSERT, UPDATE or DELETE writes to."""
    words = statement.replace('"', " ").split()
    return words[2] if words[0] in ("INSERT", "DELETE") else words[1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("provider", ["payos", "casso", "sepay"])
def test_a_first_notification_is_one_committed_insert(client, vietqr_order, provider):
    body, headers = transfer(vietqr_order, provider)
    with CaptureQueriesContext(connection) as queries:
        assert post(client, provider, body, headers).status_code == 200
    statements = _statements(queries)

    assert_paid_once(vietqr_order)
    # The request: one insert, unless the provider and transaction id are stored
    # already, committed by itself (no transaction around it).
    insert = statements[0]
    assert insert.startswith("INSERT INTO") and "PAYMENTS_BANKNOTIFICATION" in insert
    assert "ON CONFLICT" in insert
    # Then the worker's task: the payment applied in one more transaction, Oscar's
    # bookkeeping (source, transaction, payment event, status change, note,
    # ledger) most of it, with a little headroom; after it only the mail's task
    # writes (the record of the mail sent, and its type the first time).
    worker = statements[1:]
    applied = worker.index("COMMIT")
    assert worker[0].startswith("BEGIN")
    assert len(worker[: applied + 1]) <= 26
    assert [
        s
        for s in worker[applied + 1 :]
        if s.startswith(WRITES) and "COMMUNICATION" not in _table(s)
    ] == []
    assert len(mail.outbox) == 1
    assert CommunicationEvent.objects.filter(order=vietqr_order).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("provider", ["payos", "casso", "sepay"])
def test_a_copy_of_a_processed_notification_is_one_statement_writing_nothing(
    client, vietqr_order, provider
):
    body, headers = transfer(vietqr_order, provider)
    assert post(client, provider, body, headers).status_code == 200

    with CaptureQueriesContext(connection) as queries:
        again = post(client, provider, body, headers)

    assert again.status_code == 200
    assert again.json() == {"success": True}  # answered as the first was
    [refused] = _statements(queries)
    assert refused.startswith("INSERT INTO") and "ON CONFLICT" in refused
    assert BankNotification.objects.count() == 1
    assert_paid_once(vietqr_order)
