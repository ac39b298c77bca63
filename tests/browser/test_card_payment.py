"""A guest pays by card in the checkout, in Chromium, against localstripe.

The card is typed into the stand-in Stripe.js that localstripe serves, confirmed by
``stripe.confirmCardPayment`` exactly as with Stripe's own Stripe.js, and the order is
paid only when localstripe's signed webhook reaches the live server.
"""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import CountryFactory

from payments.models import StripeEvent
from tests.browser.checkout import guest_checkout
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory
from tests.payments.localstripe import localstripe, stripe_settings, wait_for

Order = get_model("order", "Order")

# serialized_rollback, as every browser test: see test_seller_dashboard.py.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
__all__ = ["localstripe", "stripe_settings"]


@pytest.fixture
def card_checkout(live_server, phone_page, stripe_settings):
    """A phone at the confirmation page of a card order of 150,000 đ."""
    stripe_settings.BANK_NOTIFICATION_PROVIDERS = []
    stripe_settings.VIETQR_BANK_BIN = "970436"
    stripe_settings.VIETQR_ACCOUNT_NUMBER = "0011009999999"
    stripe_settings.VIETQR_ACCOUNT_HOLDER = "TT XUC TIEN THUONG MAI LAO CAI"
    CountryFactory(iso_3166_1_a2="VN", is_shipping_country=True)
    product = ProductFactory(title="Chè Shan hữu cơ", stockrecords=None)
    StockRecordFactory(product=product, partner=SellerFactory(), price=Decimal(150000))
    page = phone_page
    page.goto(live_server.url + product.get_absolute_url())
    page.locator("#add_to_basket_form .btn-add").click()
    guest_checkout(page, live_server.url, "stripe")
    assert page.locator("#payment-pending").get_by_text("Chờ thanh toán").is_visible()
    assert Order.objects.get().status == "Pending payment"
    return page


def type_card(page, number):
    """Type a test card into the card Element (localstripe's fields)."""
    element = page.locator("#card-element")
    element.locator("input[placeholder=number]").fill(number)
    element.locator("input[placeholder=exp_month]").fill("12")
    element.locator("input[placeholder=exp_year]").fill("30")
    element.locator("input[placeholder=cvc]").fill("123")
    element.locator("input[placeholder=postal_code]").fill("31000")


def test_guest_pays_by_card_and_the_page_turns_paid(card_checkout):
    page = card_checkout

    type_card(page, "4242424242424242")
    page.click("#card-pay")

    # No reload: the signed webhook pays the order, the page's polling shows it.
    page.locator("#payment-paid").wait_for(state="visible", timeout=15_000)
    assert "Đã thanh toán" in page.locator("#payment-paid").inner_text()
    order = Order.objects.get()
    assert order.status == "Pending"
    assert order.sources.get().amount_debited == 150000
    assert StripeEvent.objects.filter(event_type="payment_intent.succeeded").exists()


def test_a_declined_card_says_so_and_leaves_the_order_unpaid(card_checkout):
    page = card_checkout

    type_card(page, "4000000000000341")
    page.click("#card-pay")

    errors = page.locator("#card-errors")
    errors.get_by_text("Your card was declined.").wait_for()
    assert "không thành công" in errors.inner_text()  # our own, translated words
    assert page.locator("#card-pay").is_enabled()  # another card may be tried
    assert wait_for(
        lambda: StripeEvent.objects.filter(
            event_type="payment_intent.payment_failed"
        ).exists()
    )
    assert page.locator("#payment-paid").is_hidden()
    order = Order.objects.get()
    assert order.status == "Pending payment"
    assert order.sources.get().amount_debited == 0

    # The buyer tries another card on the same page: paid.
    type_card(page, "4242424242424242")
    page.click("#card-pay")
    page.locator("#payment-paid").wait_for(state="visible", timeout=15_000)
    assert Order.objects.get().sources.get().amount_debited == 150000


def test_a_card_asking_for_3d_secure_is_paid_once_authenticated(card_checkout):
    page = card_checkout

    type_card(page, "4000002500003155")
    page.click("#card-pay")
    # localstripe's stand-in for the bank's 3-D Secure page.
    page.get_by_role("button", name="Complete authentication").click()

    page.locator("#payment-paid").wait_for(state="visible", timeout=15_000)
    assert Order.objects.get().sources.get().amount_debited == 150000
