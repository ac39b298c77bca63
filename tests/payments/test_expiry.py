"""Unpaid VietQR orders are cancelled after PAYMENT_EXPIRY_HOURS, stock released."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_model

from tests.payments.conftest import order_awaiting_payment

Order = get_model("order", "Order")

pytestmark = [pytest.mark.django_db, pytest.mark.at_any_hour]


def age(order, hours):
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - datetime.timedelta(hours=hours)
    )


def test_unpaid_order_is_cancelled_stock_released_and_buyer_told(mailoutbox, capsys):
    order = order_awaiting_payment(quantity=3)
    stock = order.lines.get().stockrecord
    assert stock.num_allocated == 3
    age(order, 25)

    call_command("expire_unpaid_orders")

    order.refresh_from_db()
    stock.refresh_from_db()
    assert order.status == "Cancelled"
    assert stock.num_allocated == 0
    assert [m.to for m in mailoutbox] == [[order.email]]
    assert order.number in mailoutbox[0].subject
    assert order.number in capsys.readouterr().out


def test_young_paid_and_cash_orders_are_left_alone(settings, mailoutbox):
    young = order_awaiting_payment()
    age(young, 23)
    cash = order_awaiting_payment(method="cash-on-delivery")
    age(cash, 100)
    paid = order_awaiting_payment()
    age(paid, 100)
    source = paid.sources.get()
    source.debit(300000)

    call_command("expire_unpaid_orders")

    for order in (young, cash, paid):
        order.refresh_from_db()
        assert order.status == "Pending payment"
    assert mailoutbox == []


def test_expiry_time_is_configurable(settings):
    settings.PAYMENT_EXPIRY_HOURS = 2
    order = order_awaiting_payment()
    age(order, 3)
    call_command("expire_unpaid_orders")
    order.refresh_from_db()
    assert order.status == "Cancelled"


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "was cancelled"), ("vi", "đã bị huỷ")],
)
def test_the_expiry_mail_speaks_the_buyers_language(mailoutbox, language, words):
    from django.utils import translation

    from shop.checkout.services import order_language_record

    order = order_awaiting_payment()
    order_language_record(order=order, code=language)
    age(order, 25)

    # The worker runs in the site's language, or none: the order's decides.
    with translation.override("vi" if language == "en" else "en"):
        call_command("expire_unpaid_orders")

    (message,) = mailoutbox
    assert words in message.subject
