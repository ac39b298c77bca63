"""Chợ 4.0 on a phone: the vendor's feed shows a buyer's transfer without a reload,
once, and catches up after the connection drops."""

import re
import urllib.request

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from payments.markets import services
from tests.browser.test_vietqr_payment import payment_settings  # noqa: F401
from tests.markets.conftest import stall_transfer, vendor_stall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def feed_settings(request):
    """SePay switched on as in the VietQR browser test, and a faster feed."""
    settings = request.getfixturevalue("payment_settings")
    # Faster than on a real phone, so the test need not wait long.
    settings.MARKET_FEED_POLL_SECONDS = 1
    settings.MARKET_FEED_MAX_BACKOFF_SECONDS = 2
    return settings


def deliver(base_url, body, headers):
    request = urllib.request.Request(
        base_url + "/payments/webhooks/bank/sepay/",
        data=body,
        headers=headers,
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 200


def test_vendor_sees_a_transfer_arrive_without_reloading(
    live_server, phone_page, feed_settings
):
    market = services.market_create(
        name="Chợ Bến Đò", commune="Âu Lâu", province="Lào Cai"
    )
    stall = vendor_stall(market, "1", account="8801000000001", email="ban@example.com")
    user = stall.vendor.users.get()
    user.set_password("test-password")
    user.save()
    page = phone_page

    page.goto(live_server.url + reverse("markets:feed", args=[stall.pk]))
    page.fill("#login_form input[name=login-username]", "ban@example.com")
    page.fill("#login_form input[name=login-password]", "test-password")
    page.locator("#login_form button[name=login_submit]").click()
    page.wait_for_url(f"**{reverse('markets:feed', args=[stall.pk])}")
    assert page.locator("#no-payments").is_visible()
    assert page.locator("#today-total").inner_text() == "0\u00a0₫"
    page.evaluate("window.stillTheSamePage = true")

    body, headers = stall_transfer(stall, amount=35000, memo="NGUYEN VAN AN mua rau")
    deliver(live_server.url, body, headers)

    latest = page.locator("#latest-amount")
    # Locator waits, not wait_for_function: that evaluates a string, which the
    # page's Content-Security-Policy (no 'unsafe-eval') forbids.
    expect(latest).to_contain_text("35.000", timeout=10_000)
    assert latest.inner_text() == "35.000\u00a0₫"
    assert "NGUYEN VAN AN mua rau" in page.locator("#latest-memo").inner_text()
    assert page.locator("#today-total").inner_text() == "35.000\u00a0₫"
    assert page.locator("#payments li").count() == 1
    assert not page.locator("#no-payments").is_visible()
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    # The amount is big enough to read at arm's length on a 360 px screen.
    font_size = page.eval_on_selector(
        "#latest-amount", "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert font_size >= 32
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The provider delivers the same notification again: still one row.
    deliver(live_server.url, body, headers)
    page.wait_for_timeout(2500)
    assert page.locator("#payments li").count() == 1

    # The connection drops; a transfer arrives meanwhile; back online it shows, once.
    page.context.set_offline(True)
    expect(page.locator("#connection")).to_have_class(
        re.compile("text-danger"), timeout=10_000
    )
    body, headers = stall_transfer(stall, amount=20000, memo="CK tien rau")
    deliver(live_server.url, body, headers)
    page.wait_for_timeout(1500)
    assert page.locator("#payments li").count() == 1
    page.context.set_offline(False)
    expect(page.locator("#today-total")).to_contain_text("55.000", timeout=10_000)
    assert page.locator("#payments li").count() == 2
    assert page.locator("#latest-amount").inner_text() == "20.000\u00a0₫"
    assert "text-success" in page.locator("#connection").get_attribute("class")
    assert page.evaluate("window.stillTheSamePage") is True
