"""The seller payout ledger: credits less commission, payouts, balances, CSV, totals."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from payments import services
from payments.models import PayoutLedgerEntry
from payments.selectors import daily_reconciliation, partner_balance
from tests.factories import SellerFactory, UserFactory
from tests.payments.conftest import order_awaiting_payment

Order = get_model("order", "Order")

pytestmark = [pytest.mark.django_db, pytest.mark.at_any_hour]


def pay(order):
    source = order.sources.get()
    order = Order.objects.select_for_update().get(pk=order.pk)
    services.order_payment_confirm(
        order=order, source=source, amount=int(order.total_incl_tax), reference="t"
    )


def test_paid_lines_credit_sellers_less_commission_and_totals_add_up():
    tea = SellerFactory(name="HTX Chè")
    plum = SellerFactory(name="HTX Mận")
    orders = [
        order_awaiting_payment(seller=tea, price=150000, quantity=2),
        order_awaiting_payment(seller=plum, price=85000, quantity=3),
    ]
    for order in orders:
        pay(order)

    # 5 % commission (the factory's rate), whole đồng.
    assert partner_balance(partner=tea) == 300000 - 15000
    assert partner_balance(partner=plum) == 255000 - 12750
    entries = PayoutLedgerEntry.objects.filter(kind="sale")
    paid_total = sum(int(o.total_incl_tax) for o in orders)
    assert sum(e.gross for e in entries) == paid_total
    assert sum(e.commission + e.amount for e in entries) == paid_total
    # Confirming a line twice never credits it twice.
    services.ledger_order_credit(order=orders[0])
    assert entries.count() == 2

    # The site's day (Vietnam) of the sale, not its UTC date.
    report = daily_reconciliation(day=timezone.localdate(entries.first().created_at))
    assert report.ledger_gross == paid_total
    assert report.ledger_commission + report.ledger_credit == report.ledger_gross


def test_seller_commission_rate_is_used_when_set(settings):
    seller = SellerFactory()
    seller.commission_rate = 10  # percent, as the operator enters it
    assert float(services.commission_rate(seller)) == pytest.approx(0.10)
    seller.commission_rate = Decimal("0.5")
    assert float(services.commission_rate(seller)) == pytest.approx(0.005)


def test_operator_records_payouts_and_exports_csv(django_app):
    seller = SellerFactory(name="HTX Chè")
    pay(order_awaiting_payment(seller=seller, price=100000, quantity=1))
    staff = UserFactory(is_staff=True)

    page = django_app.get(reverse("payments:ledger"), user=staff)
    form = next(f for f in page.forms.values() if "amount" in f.fields)
    form["partner"] = str(seller.pk)
    form["amount"] = "50000"
    form["reference"] = "FT123"
    form.submit().follow()

    assert partner_balance(partner=seller) == 95000 - 50000
    exported = django_app.get(reverse("payments:ledger") + "?format=csv", user=staff)
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert sorted(row["Loại"] for row in rows) == ["Chi trả", "Dòng hàng đã thanh toán"]
    assert sum(int(row["Số tiền (đồng)"]) for row in rows) == 45000

    ledger = django_app.get(reverse("payments:ledger"), user=staff).text
    assert "45.000\u00a0₫" in ledger and "45000 đ" not in ledger


def test_a_seller_sees_only_its_own_ledger(django_app):
    mine = SellerFactory(name="HTX Chè")
    other = SellerFactory(name="HTX Mận")
    pay(order_awaiting_payment(seller=mine, price=100000, quantity=1))
    pay(order_awaiting_payment(seller=other, price=70000, quantity=1))
    user = UserFactory()
    mine.users.add(user)

    page = django_app.get(reverse("payments:seller-ledger"), user=user)

    assert "HTX Chè" in page.text
    assert "HTX Mận" not in page.text
    assert page.html.select_one(f"#balance-{mine.pk}").text == "95.000\u00a0₫"
    ledger = django_app.get(reverse("payments:ledger"), user=user, expect_errors=True)
    assert ledger.status_code == 403


def test_reconciliation_page_shows_the_day(django_app):
    staff = UserFactory(is_staff=True)
    pay(order_awaiting_payment(price=100000, quantity=1))
    page = django_app.get(reverse("payments:reconciliation"), user=staff)
    assert "100000" in page.text


def test_cash_on_delivery_is_recorded_from_the_dashboard(django_app):
    seller = SellerFactory()
    order = order_awaiting_payment(method="cash-on-delivery", seller=seller)
    Order.objects.filter(pk=order.pk).update(status="Pending")
    staff = UserFactory(is_staff=True, is_superuser=True)

    detail = django_app.get(
        reverse("dashboard:order-detail", kwargs={"number": order.number}), user=staff
    )
    detail.forms["cash_received_form"].submit().follow()

    source = Order.objects.get(pk=order.pk).sources.get()
    assert source.amount_debited == 300000
    assert partner_balance(partner=seller) == 285000


def test_the_ledger_csv_has_english_headers_on_english_pages(django_app):
    seller = SellerFactory(name="HTX Chè")
    pay(order_awaiting_payment(seller=seller, price=100000, quantity=1))
    staff = UserFactory(is_staff=True)
    with translation.override("en"):
        url = reverse("payments:ledger") + "?format=csv"
    assert url.startswith("/en/")

    exported = django_app.get(url, user=staff)

    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert list(rows[0]) == [
        "Date",
        "Seller",
        "Kind",
        "Order",
        "Gross (đồng)",
        "Commission (đồng)",
        "Amount (đồng)",
        "Reference",
    ]
    assert [row["Amount (đồng)"] for row in rows] == ["95000"]


def test_a_seller_reads_its_ledger_in_english_under_en(django_app):
    seller = SellerFactory(name="HTX Chè")
    pay(order_awaiting_payment(seller=seller, price=100000, quantity=1))
    user = UserFactory()
    seller.users.add(user)
    with translation.override("en"):
        url = reverse("payments:seller-ledger")

    page = django_app.get(url, user=user)

    assert page.html.find("html")["lang"] == "en"
    assert page.html.select_one(f"#balance-{seller.pk}").text == "95,000\u00a0₫"
    assert "Số dư" not in page.text
