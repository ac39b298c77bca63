"""A transfer that arrives after its order expired: the order comes back and is
paid when its stock can be had again; otherwise the money goes to review and the
buyer hears, in their language, that it arrived and how it will come back."""

import datetime

import pytest
from django.utils import timezone, translation
from oscar.core.loading import get_model

from payments.models import BankNotification, PayoutLedgerEntry
from payments.services import orders_expire
from tests.payments.conftest import order_awaiting_payment
from tests.payments.test_bank_webhooks import post, transfer

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def expired_order(settings, **kwargs):
    order = order_awaiting_payment(**kwargs)
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now()
        - datetime.timedelta(hours=settings.PAYMENT_EXPIRY_HOURS + 1)
    )
    assert orders_expire() == [order.number]
    order.refresh_from_db()
    assert order.status == "Cancelled"
    return order


def test_a_late_transfer_reinstates_the_order_and_pays_it(client, settings, mailoutbox):
    order = expired_order(settings, quantity=2)
    stock = order.lines.get().stockrecord
    stock.refresh_from_db()
    assert stock.num_allocated == 0
    mailoutbox.clear()

    body, headers = transfer(order, "sepay")
    response = post(client, "sepay", body, headers)

    assert response.status_code == 200
    order.refresh_from_db()
    stock.refresh_from_db()
    assert order.status == "Pending"  # paid, awaiting fulfilment
    assert stock.num_allocated == 2  # its stock is held for it again
    line = order.lines.get()
    assert line.num_allocated == 2 and not line.allocation_cancelled
    source = order.sources.get()
    assert source.amount_debited == 300000
    assert source.transactions.filter(txn_type="Debit").count() == 1
    assert PayoutLedgerEntry.objects.filter(line__order=order).count() == 1
    assert BankNotification.objects.get().status == "paid"
    assert order.status_changes.filter(
        old_status="Cancelled", new_status="Pending payment"
    ).exists()
    # Only the usual "payment received" mail: nothing to send back.
    [mail] = mailoutbox
    assert order.number in mail.subject
    assert "chuyển lại" not in mail.body

    # A copy of the same transfer changes nothing.
    assert post(client, "sepay", body, headers).status_code == 200
    assert order.sources.get().amount_debited == 300000


def test_a_late_transfer_whose_stock_is_gone_goes_to_review_and_the_buyer_is_told(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    order = expired_order(settings, quantity=2)
    stock = order.lines.get().stockrecord
    stock.num_in_stock = 1  # others bought the rest meanwhile
    stock.save()
    mailoutbox.clear()

    body, headers = transfer(order, "casso")
    # The buyer is e-mailed once the review is committed.
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, "casso", body, headers).status_code == 200

    order.refresh_from_db()
    stock.refresh_from_db()
    assert order.status == "Cancelled"
    assert stock.num_allocated == 0
    assert order.sources.get().amount_debited == 0
    notification = BankNotification.objects.get()
    assert notification.status == "review"
    assert notification.reason == "late"
    assert notification.order == order
    [mail] = mailoutbox
    assert mail.to == [order.email]
    assert mail.subject == (
        f"Chúng tôi đã nhận được tiền thanh toán cho đơn hàng {order.number}"
    )
    assert "300.000\u00a0₫" in mail.body
    assert "chuyển lại toàn bộ" in mail.body
    assert "3 ngày làm việc" in mail.body
    assert "transfer" not in mail.body  # no English in a Vietnamese e-mail


def test_an_english_buyer_is_told_in_english(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("en"):
        order = expired_order(settings, quantity=1)
    stock = order.lines.get().stockrecord
    stock.num_in_stock = 0
    stock.save()
    mailoutbox.clear()

    body, headers = transfer(order, "payos", amount=150000)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, "payos", body, headers).status_code == 200

    [mail] = mailoutbox
    assert mail.subject == f"We received your payment for order {order.number}"
    assert "150,000\u00a0₫" in mail.body
    assert "back to the account it came from" in mail.body


def test_a_late_transfer_of_the_wrong_amount_is_returned_not_applied(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    order = expired_order(settings)
    mailoutbox.clear()
    body, headers = transfer(order, "sepay", amount=100000)

    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, "sepay", body, headers).status_code == 200

    assert Order.objects.get(pk=order.pk).status == "Cancelled"
    assert BankNotification.objects.get().reason == "late"
    assert "100.000\u00a0₫" in mailoutbox[0].body
