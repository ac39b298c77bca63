"""The checkout on one page (shop/checkout/one_page.py): e-mail, address, items per
shop, payment method and total, ordered with one press, with and without an account,
and what the buyer reads when something is wrong."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from payments.methods import AWAITING_FULFILMENT, PENDING_PAYMENT
from tests.factories import UserFactory
from tests.test_checkout import (
    BAN_LIEN,
    LAO_CAI,
    add_to_basket,
    checkout_from_address,
    two_sellers_products,  # noqa: F401
)
from tests.test_outages import _closed_port
from tests.test_voucher_race import USED_UP, _voucher, honey  # noqa: F401

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
VoucherApplication = get_model("voucher", "VoucherApplication")

pytestmark = pytest.mark.django_db

ORDER = {
    "email": "khach@example.com",
    "last_name": "Nguyễn Thị Lan",
    "phone_number": "0912 345 678",
    "province": str(LAO_CAI),
    "commune": str(BAN_LIEN),
    "line1": "Số 12, thôn Bản Liền",
}


@pytest.fixture
def vietqr_on(settings):
    settings.PAYMENT_METHODS = ["vietqr", "cod"]
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011009999999"
    settings.VIETQR_ACCOUNT_HOLDER = "TT XUC TIEN THUONG MAI LAO CAI"
    return settings


def _basket_with(client, *products):
    for product in products:
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})


def test_the_page_shows_every_part_of_the_order(
    django_app,
    vietqr_on,
    two_sellers_products,  # noqa: F811
):
    tea, plum = two_sellers_products
    add_to_basket(django_app, tea)
    add_to_basket(django_app, plum)

    page = django_app.get(reverse("checkout:index"))

    form = page.forms["checkout_form"]
    assert {"email", "last_name", "phone_number", "province", "commune", "line1"} <= (
        set(form.fields)
    )
    shops = [h.get_text(strip=True) for h in page.html.select(".ocop-seller-group h3")]
    assert sorted(shops) == ["HTX Chè Bản Liền", "HTX Quang Tom"]
    assert len(page.html.select(".ocop-seller-group .ocop-seller-shipping")) == 2
    cards = page.html.select(".ocop-payment-methods .ocop-choice-card")
    assert [card.find("input")["value"] for card in cards] == ["vietqr", "cod"]
    assert page.html.find(id="payment_method_vietqr").has_attr("checked")
    assert page.html.find(id="place-order").get_text(strip=True) == "Đặt hàng"


@pytest.mark.parametrize("method", ["cod", "vietqr"])
def test_a_guest_orders_in_one_post(
    client,
    vietqr_on,
    method,
    two_sellers_products,  # noqa: F811
):
    tea, plum = two_sellers_products
    _basket_with(client, tea, plum)

    placed = client.post(reverse("checkout:index"), {**ORDER, "payment_method": method})

    assert placed.status_code == 302
    assert placed["Location"] == reverse("checkout:thank-you")
    thank_you = client.get(placed["Location"])
    order = Order.objects.get()
    assert order.number in thank_you.text
    # No bar of Oscar's five checkout steps: the checkout was one page.
    assert "nav-checkout" not in thank_you.text
    assert order.guest_email == "khach@example.com"
    assert order.lines.count() == 2
    assert order.shipping_address.state == "Lào Cai"
    assert (
        order.sources.get().source_type.code
        == {
            "cod": "cash-on-delivery",
            "vietqr": "vietqr",
        }[method]
    )
    if method == "vietqr":
        assert 'class="vietqr-code"' in thank_you.text
        assert order.status == PENDING_PAYMENT
    else:
        assert order.status == AWAITING_FULFILMENT
    assert not Basket.objects.filter(status=Basket.OPEN, lines__isnull=False).exists()


def test_buy_now_puts_the_product_in_the_basket_and_opens_the_checkout(
    django_app,
    two_sellers_products,  # noqa: F811
):
    tea, _plum = two_sellers_products
    product_page = django_app.get(tea.get_absolute_url())
    form = product_page.forms["add_to_basket_form"]
    buy_now = product_page.html.select_one("#add_to_basket_form .btn-buy")
    assert buy_now.text.strip() == "Mua ngay"
    assert buy_now["value"] == reverse("checkout:index")
    form["quantity"] = 2

    checkout = form.submit("next").follow()

    assert checkout.request.path == reverse("checkout:index")
    assert tea.title in checkout.text
    # No "added to your basket" above the checkout, which lists the basket itself.
    assert not checkout.html.select(".alert")
    email_form = checkout.forms["checkout_form"]
    email_form["email"] = "khach@example.com"
    thank_you = checkout_from_address(django_app, checkout)
    order = Order.objects.get()
    assert order.number in thank_you.text
    assert [(line.product, line.quantity) for line in order.lines.all()] == [(tea, 2)]


def test_errors_show_on_the_same_page_with_everything_typed_kept(
    django_app,
    vietqr_on,
    two_sellers_products,  # noqa: F811
):
    tea, _plum = two_sellers_products
    add_to_basket(django_app, tea)
    page = django_app.get(reverse("checkout:index"))
    form = page.forms["checkout_form"]
    form["email"] = "khach@example"  # no domain
    form["last_name"] = "Nguyễn Thị Lan"
    form["phone_number"] = "12345"
    form["province"] = str(LAO_CAI)
    form = form.submit("address_step").forms["checkout_form"]
    form["commune"] = str(BAN_LIEN)
    form["line1"] = "Số 12, thôn Bản Liền"
    form["payment_method"] = "cod"

    page = form.submit()

    assert page.status_code == 200
    assert Order.objects.count() == 0
    form = page.forms["checkout_form"]
    for field in ("email", "phone_number"):
        box = page.html.find(id=f"id_{field}").find_parent(class_="form-group")
        assert box.find(class_="error-block"), field
    assert form["email"].value == "khach@example"
    assert form["last_name"].value == "Nguyễn Thị Lan"
    assert form["phone_number"].value == "12345"
    assert form["province"].value == str(LAO_CAI)
    assert form["commune"].value == str(BAN_LIEN)
    assert form["line1"].value == "Số 12, thôn Bản Liền"
    assert form["payment_method"].value == "cod"
    # Fixed, the same form orders.
    form["email"] = "khach@example.com"
    form["phone_number"] = "0912 345 678"
    assert form.submit().follow().request.path == reverse("checkout:thank-you")
    assert Order.objects.get().guest_email == "khach@example.com"


def _signed_in_with_saved_address(django_app):
    """Lan, signed in, with one saved address in Lào Cai (her default)."""
    buyer = UserFactory(email="lan@example.com")
    saved = UserAddress.objects.create(
        user=buyer,
        last_name="Lò Văn Sáng",
        phone_number="+84987654321",
        line1="Bản Sín Chải",
        line4="Xã Bản Liền",
        state="Lào Cai",
        country_id="VN",
        is_default_for_shipping=True,
    )
    django_app.set_user(buyer)
    return buyer, saved


def test_a_signed_in_buyer_orders_to_a_saved_address(
    django_app,
    two_sellers_products,  # noqa: F811
):
    tea, _plum = two_sellers_products
    buyer, saved = _signed_in_with_saved_address(django_app)
    add_to_basket(django_app, tea)

    page = django_app.get(reverse("checkout:index"))

    form = page.forms["checkout_form"]
    assert "email" not in form.fields
    assert "lan@example.com" in page.text
    assert form["address_id"].value == str(saved.pk)
    # Choosing the saved address, the empty new-address boxes must not block it.
    assert not page.html.find(id="id_last_name").has_attr("required")
    form["payment_method"] = "cod"
    form.submit().follow()

    order = Order.objects.get()
    assert order.user == buyer
    assert order.shipping_address.last_name == "Lò Văn Sáng"
    assert order.shipping_address.line1 == "Bản Sín Chải"


def test_editing_a_saved_address_from_the_checkout_shows_no_step_bar(
    django_app,
    two_sellers_products,  # noqa: F811
):
    tea, _plum = two_sellers_products
    _buyer, saved = _signed_in_with_saved_address(django_app)
    add_to_basket(django_app, tea)

    page = django_app.get(
        reverse("checkout:user-address-update", kwargs={"pk": saved.pk})
    )

    assert page.forms["update_user_address"]["line1"].value == "Bản Sín Chải"
    # Oscar's bar of five checkout steps would name three that no longer exist.
    assert "nav-checkout" not in page.text


def test_a_signed_in_buyer_may_type_a_new_address(
    django_app,
    two_sellers_products,  # noqa: F811
):
    tea, _plum = two_sellers_products
    buyer = UserFactory(email="lan@example.com")
    django_app.set_user(buyer)
    add_to_basket(django_app, tea)
    page = django_app.get(reverse("checkout:index"))
    form = page.forms["checkout_form"]
    for name, value in ORDER.items():
        if name not in ("email", "commune"):
            form[name] = value
    form = form.submit("address_step").forms["checkout_form"]
    form["commune"] = ORDER["commune"]
    form["payment_method"] = "cod"

    form.submit().follow()

    order = Order.objects.get()
    assert order.user == buyer
    assert order.shipping_address.line4 == "Xã Bản Liền"
    # Oscar keeps it in the buyer's address book for the next order.
    assert UserAddress.objects.get(user=buyer).line1 == ORDER["line1"]


def test_a_payment_method_that_is_switched_off_is_refused(
    client,
    two_sellers_products,  # noqa: F811
):
    tea, _plum = two_sellers_products
    _basket_with(client, tea)

    page = client.post(reverse("checkout:index"), {**ORDER, "payment_method": "stripe"})

    assert page.status_code == 200
    assert "Vui lòng chọn phương thức thanh toán" in page.text
    assert Order.objects.count() == 0


def test_a_payment_service_that_is_down_leaves_the_buyer_on_the_page(
    client,
    settings,
    two_sellers_products,  # noqa: F811
):
    settings.PAYMENT_METHODS = ["stripe", "cod"]
    settings.STRIPE_SECRET_KEY = "sk_test_down"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_down"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_down"  # pragma: allowlist secret
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{_closed_port()}"
    tea, _plum = two_sellers_products
    _basket_with(client, tea)

    page = client.post(reverse("checkout:index"), {**ORDER, "payment_method": "stripe"})

    assert page.status_code == 200
    assert page.context["error"]
    assert 'id="checkout_error"' in page.text
    assert Order.objects.count() == 0
    # Everything typed is still there, and the basket is kept to choose again.
    assert 'value="Số 12, thôn Bản Liền"' in page.text
    basket = client.get(reverse("basket:summary"))
    assert "Chè Shan hữu cơ" in basket.text
    placed = client.post(reverse("checkout:index"), {**ORDER, "payment_method": "cod"})
    assert placed.status_code == 302
    assert Order.objects.count() == 1


def test_a_voucher_used_up_meanwhile_is_explained_and_the_basket_kept(
    client,
    honey,  # noqa: F811
):
    from oscar.apps.voucher.models import Voucher

    voucher = _voucher(usage=Voucher.SINGLE_USE)
    _basket_with(client, honey)
    client.post(reverse("basket:vouchers-add"), {"code": voucher.code})
    client.get(reverse("checkout:index"))
    # Someone else's order takes the single use first.
    VoucherApplication.objects.create(voucher=voucher, order=create_order())

    page = client.post(reverse("checkout:index"), {**ORDER, "payment_method": "cod"})

    assert page.status_code == 200
    assert USED_UP in page.text
    assert voucher.code in page.text
    assert Order.objects.filter(guest_email=ORDER["email"]).count() == 0
    kept = Basket.objects.get(status=Basket.OPEN, lines__product=honey)
    assert voucher in kept.vouchers.all()


@pytest.mark.parametrize(
    "step",
    ["shipping-address", "shipping-method", "payment-method", "payment-details"]
    + ["preview"],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_old_step_urls_lead_to_the_one_page(client, step, prefix):
    for answer in (
        client.get(f"{prefix}/checkout/{step}/"),
        client.post(f"{prefix}/checkout/{step}/", {"action": "place_order"}),
    ):
        assert answer.status_code == 302
        assert answer["Location"] == f"{prefix}/checkout/"


def test_the_english_page_is_in_english(
    django_app,
    two_sellers_products,  # noqa: F811
):
    tea, _plum = two_sellers_products
    add_to_basket(django_app, tea)
    page = django_app.get("/en/checkout/")
    assert page.html.find(id="place-order").get_text(strip=True) == "Place order"
    assert "Already have an account?" in page.text
    assert page.forms["checkout_form"].action == "/en/checkout/"


def test_the_thank_you_page_shows_the_voucher_discount(
    client,
    honey,  # noqa: F811
):
    from oscar.apps.voucher.models import Voucher

    from tests.test_voucher_race import DISCOUNT, PRICE

    voucher = _voucher(usage=Voucher.MULTI_USE)
    _basket_with(client, honey)
    client.post(reverse("basket:vouchers-add"), {"code": voucher.code})

    placed = client.post(
        reverse("checkout:index"), {**ORDER, "payment_method": "cod"}, follow=True
    )

    order = Order.objects.get()
    assert order.total_incl_tax == PRICE - DISCOUNT + order.shipping_incl_tax
    page = placed.content.decode()
    assert voucher.code in page or voucher.name in page
    assert f"{PRICE - DISCOUNT:,.0f}".replace(",", ".") in page
