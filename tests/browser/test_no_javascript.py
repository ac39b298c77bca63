"""A buyer with JavaScript off orders as a guest to a commune in Lào Cai."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from oscar.core.loading import get_model

from tests.browser.checkout import guest_checkout
from tests.browser.conftest import PHONE
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

Order = get_model("order", "Order")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def no_script_page(chromium):
    context = chromium.new_context(
        viewport=PHONE, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("method", ["cod", "vietqr"])
def test_a_guest_orders_without_javascript(
    live_server, no_script_page, settings, method
):
    settings.PAYMENT_METHODS = ["vietqr", "cod"]
    seller = SellerFactory(
        name="HTX Chè Bản Liền",
        province="Lào Cai",
        shipping_charge=Decimal(20000),
        shipping_charge_other_province=Decimal(35000),
    )
    product = ProductFactory(title="Chè Shan hữu cơ", stockrecords=None)
    StockRecordFactory(product=product, partner=seller, price=Decimal(150000))
    page = no_script_page

    page.goto(live_server.url + product.get_absolute_url())
    # "Mua ngay": into the basket and straight on to the checkout page.
    page.locator("#add_to_basket_form .btn-buy").click()
    assert page.url == live_server.url + "/checkout/"
    assert product.title in page.content()
    guest_checkout(page, live_server.url, method)

    order = Order.objects.get()
    assert order.number in page.content()
    address = order.shipping_address
    assert (address.line4, address.state) == ("Xã Bản Liền", "Lào Cai")
    assert address.phone_number.as_e164 == "+84912345678"
    assert order.total_incl_tax == Decimal(150000 + 20000)  # in-province delivery
    if method == "vietqr":
        # Nothing polls without scripts: the buyer reloads by hand.
        assert page.locator("#payment-refresh").is_visible()
        assert page.locator(".vietqr-code svg").is_visible()
    else:
        assert "Thanh toán" in page.content()
    assert fits_the_phone(page)

    # The order e-mail's status link, on the same phone, still without scripts.
    (message,) = [m for m in mail.outbox if order.number in m.subject]
    status_url = next(
        u for u in re.findall(r"https?://\S+", message.body) if "order-status" in u
    )
    page.goto(live_server.url + "/" + status_url.split("/", 3)[3])
    page.fill("input[name=email]", "khach@example.com")
    page.locator("#content_inner button[type=submit]").click()
    assert page.locator("#order-payment-state").is_visible()
    assert page.locator("#order-status").inner_text() == (
        "Chờ thanh toán" if method == "vietqr" else "Chờ xử lý"
    )
    assert page.locator(".line-status").first.inner_text() == "Chờ xử lý"
    assert fits_the_phone(page)
