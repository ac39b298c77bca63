"""The whole marketplace journey in a real browser, on a phone and on a desktop.

A buyer searches without tone marks, fills a basket from two sellers, pays by VietQR
and watches the open page turn paid when the bank's signed notification arrives;
then one seller ships its own line from the dashboard while the other's stays put.
"""

import urllib.request
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import CountryFactory

from payments.methods import order_code
from payments.simulation import notification_build
from tests.browser.checkout import guest_checkout
from tests.browser.conftest import csp_watch
from tests.sellers.helpers import product_of, seller_with_login

Order = get_model("order", "Order")

# serialized_rollback: the Wagtail root page and locales that migrations seeded come
# back after another transactional test emptied the database.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def payment_settings(settings):
    settings.PAYMENT_METHODS = ["vietqr", "cod"]
    settings.BANK_NOTIFICATION_PROVIDERS = ["casso"]
    settings.CASSO_CHECKSUM_KEY = "journey-test-key"
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011009999999"
    settings.VIETQR_ACCOUNT_HOLDER = "TT XUC TIEN THUONG MAI LAO CAI"
    return settings


@pytest.fixture(params=["phone_page", "desktop_page"])
def any_page(request):
    """The same journey on a 360×800 phone and on a 1280×900 desktop."""
    return request.getfixturevalue(request.param)


def _search(page, base_url: str, text: str) -> None:
    page.goto(base_url + "/")
    box = page.locator("#id_q")
    assert box.is_visible()  # in sight on a phone too, not folded into the menu
    box.fill(text)
    box.press("Enter")
    page.wait_for_url("**/search/**")


def _add_found_product(page, base_url: str, *, text: str, title: str) -> None:
    _search(page, base_url, text)
    found = page.get_by_role("link", name=title).first
    if page.viewport_size["width"] < 768:
        # Filters fold away on a phone: the first result is on the first screen.
        assert page.locator(".ocop-filters").get_attribute("open") is None
        assert found.bounding_box()["y"] < page.viewport_size["height"]
    found.click()
    page.locator("#add_to_basket_form .btn-add").click()
    page.wait_for_load_state()


def _bank_notifies(base_url: str, *, amount: int, memo: str) -> None:
    body, headers = notification_build(
        provider="casso",
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=amount,
        memo=memo,
    )
    request = urllib.request.Request(
        base_url + "/payments/webhooks/bank/casso/",
        data=body,
        headers=headers,
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 200


def test_buyer_pays_two_sellers_by_vietqr_and_one_seller_ships_its_line(
    live_server, chromium, any_page, payment_settings
):
    from cms.services import home_page_install

    home_page_install(title="Chợ OCOP Lào Cai")
    CountryFactory(iso_3166_1_a2="VN", is_shipping_country=True)
    tea_coop, _ = seller_with_login(
        name="HTX Chè Bản Liền", email="che@example.com", shipping_charge=20000
    )
    plum_coop, _ = seller_with_login(
        name="HTX Quang Tom", email="man@example.com", shipping_charge=30000
    )
    product_of(tea_coop, title="Chè Shan tuyết Bản Liền", price=150000, sku="CHE-1")
    product_of(plum_coop, title="Mận tam hoa sấy dẻo", price=85000, sku="MAN-1")
    page, base = any_page, live_server.url

    # Typed the way a phone keyboard without Vietnamese input would send it.
    _add_found_product(page, base, text="man tam hoa", title="Mận tam hoa sấy dẻo")
    _add_found_product(page, base, text="che shan", title="Chè Shan tuyết Bản Liền")

    page.goto(base + "/basket/")
    groups = page.locator(".ocop-seller-group-name")
    assert sorted(groups.all_inner_texts()) == ["HTX Chè Bản Liền", "HTX Quang Tom"]

    guest_checkout(page, base, "vietqr")
    pending = page.locator("#payment-pending")
    assert pending.get_by_text("Chờ thanh toán").is_visible()
    order = Order.objects.get()
    due = 150000 + 85000 + 20000 + 30000
    assert order.total_incl_tax == Decimal(due)
    assert page.locator("#pay-amount").inner_text() == str(due)
    assert page.locator("#pay-memo").inner_text() == order_code(order.number)

    _bank_notifies(base, amount=due, memo=f"CK {order_code(order.number)} chuyen tien")
    page.locator("#payment-paid").wait_for(state="visible", timeout=10_000)
    assert "Đã thanh toán" in page.locator("#payment-paid").inner_text()
    assert not pending.is_visible()

    # The tea cooperative ships its own line; the plum line is none of its business.
    seller = chromium.new_context(viewport=page.viewport_size, locale="vi-VN")
    seller_violations = csp_watch(seller)
    try:
        dashboard = seller.new_page()
        dashboard.goto(base + reverse("dashboard:login"))
        dashboard.fill("#dashboard_login_form input[name=username]", "che@example.com")
        dashboard.fill("#dashboard_login_form input[name=password]", "test-password")
        dashboard.locator("#dashboard_login_form input[type=submit]").click()
        dashboard.wait_for_url(f"**{reverse('dashboard:index')}")
        dashboard.goto(
            base + reverse("dashboard:order-detail", kwargs={"number": order.number})
        )
        lines = dashboard.locator("#seller-lines .seller-line")
        assert lines.count() == 1
        assert "Mận tam hoa" not in dashboard.content()
        for status, shown in (("Packed", "Đã đóng gói"), ("Shipped", "Đang giao")):
            if status == "Shipped":
                lines.locator("input[name=carrier]").fill("Viettel Post")
                lines.locator("input[name=tracking_number]").fill("VTP123456789")
            lines.locator(f"button[name=step][value={status}]").click()
            dashboard.wait_for_load_state()
            assert lines.locator(".line-status").inner_text() == shown
    finally:
        seller.close()
    assert seller_violations == []

    statuses = dict(order.lines.values_list("partner__name", "status"))
    assert statuses == {"HTX Chè Bản Liền": "Shipped", "HTX Quang Tom": "Pending"}
