"""A guest pays by VietQR on a phone; the open confirmation page turns paid."""

import io
import urllib.request
from decimal import Decimal

import pytest
import zxingcpp
from django.conf import settings
from oscar.core.loading import get_model
from oscar.test.factories import CountryFactory
from PIL import Image

from payments import vietqr
from payments.methods import order_code
from payments.simulation import notification_build
from tests.browser.checkout import guest_checkout
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

Order = get_model("order", "Order")

# serialized_rollback, as every browser test: see test_seller_dashboard.py.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def payment_settings(settings):
    settings.PAYMENT_METHODS = ["vietqr", "cod"]
    settings.BANK_NOTIFICATION_PROVIDERS = ["sepay"]
    settings.SEPAY_API_KEY = "browser-test-key"
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011009999999"
    settings.VIETQR_ACCOUNT_HOLDER = "TT XUC TIEN THUONG MAI LAO CAI"
    return settings


def test_guest_pays_by_vietqr_and_the_page_turns_paid(
    live_server, phone_page, payment_settings
):
    CountryFactory(iso_3166_1_a2="VN", is_shipping_country=True)
    product = ProductFactory(title="Chè Shan hữu cơ", stockrecords=None)
    StockRecordFactory(product=product, partner=SellerFactory(), price=Decimal(150000))
    page = phone_page

    page.goto(live_server.url + product.get_absolute_url())
    page.locator("#add_to_basket_form .btn-add").click()
    guest_checkout(page, live_server.url, "vietqr")

    pending = page.locator("#payment-pending")
    assert pending.get_by_text("Chờ thanh toán").is_visible()
    assert page.locator(".vietqr-code svg").is_visible()
    order = Order.objects.get()
    # What the buyer's banking app scans, as the phone's screen shows it: this
    # order's transfer to the marketplace's account.
    shot = page.locator(".vietqr-code svg").screenshot()
    (scanned,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    payload = vietqr.parse_payload(scanned.text)
    assert payload.account_number == settings.VIETQR_ACCOUNT_NUMBER
    assert payload.amount == 150000
    assert payload.purpose == order_code(order.number)
    assert page.locator("#pay-memo").inner_text() == order_code(order.number)
    assert page.locator("#pay-amount").inner_text() == "150000"

    body, headers = notification_build(
        provider="sepay",
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=150000,
        memo=f"MBVCB.123.{order_code(order.number)}.CT",
    )
    request = urllib.request.Request(
        live_server.url + "/payments/webhooks/bank/sepay/",
        data=body,
        headers=headers,
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 200

    # No reload: the page's short polling picks it up.
    page.locator("#payment-paid").wait_for(state="visible", timeout=10_000)
    assert "Đã thanh toán" in page.locator("#payment-paid").inner_text()
    assert not pending.is_visible()
    assert Order.objects.get().status == "Pending"
