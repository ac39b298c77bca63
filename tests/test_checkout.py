"""A guest buys from two sellers and pays cash on delivery; staff see the order."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import CountryFactory

from tests.factories import (
    ProductFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sellers_products():
    CountryFactory(
        iso_3166_1_a2="VN", printable_name="Việt Nam", is_shipping_country=True
    )
    tea_coop = SellerFactory(name="HTX Chè Bản Liền")
    plum_coop = SellerFactory(name="HTX Quang Tom")
    tea = ProductFactory(title="Chè Shan hữu cơ", stockrecords=None)
    StockRecordFactory(product=tea, partner=tea_coop, price=Decimal(150000))
    plum = ProductFactory(title="Mận tam hoa sấy dẻo", stockrecords=None)
    StockRecordFactory(
        product=plum, partner=plum_coop, price=Decimal(85000), num_in_stock=3
    )
    return tea, plum


def add_to_basket(app, product, quantity=1):
    page = app.get(product.get_absolute_url())
    form = page.forms["add_to_basket_form"]
    form["quantity"] = quantity
    form.submit().follow()


#: Lào Cai and one of its communes, by their official codes (shop.places).
LAO_CAI = 15
BAN_LIEN = 2869


def vietnamese_address_fill(page, form_id="checkout_form", **values):
    """Fill the address form on ``page`` the way a buyer without JavaScript does:
    name, phone and province, "Choose commune or ward", then commune and street.
    Returns the form, filled, from the page that lists the province's communes."""
    form = page.forms[form_id]
    form["last_name"] = values.get("last_name", "Nguyễn Thị Lan")
    form["phone_number"] = values.get("phone_number", "0912 345 678")
    form["province"] = str(values.get("province", LAO_CAI))
    page = form.submit("address_step")
    assert page.status_code == 200
    form = page.forms[form_id]
    form["commune"] = str(values.get("commune", BAN_LIEN))
    form["line1"] = values.get("line1", "Số 12, thôn Bản Liền")
    return form


def fill_vietnamese_address(page, form_id="checkout_form", **values):
    """``vietnamese_address_fill``, then the form submitted: the response."""
    return vietnamese_address_fill(page, form_id, **values).submit()


def checkout_as_guest(app, email="khach@example.com", method="cod", **address):
    """Guest checkout on the one page up to the thank-you page, paying with
    ``method``, to the address given as in ``fill_vietnamese_address`` (Xã Bản
    Liền by default)."""
    page = app.get(reverse("checkout:index"))
    page.forms["checkout_form"]["email"] = email
    return checkout_from_address(app, page, method=method, **address)


def checkout_from_address(app, address_page, method="cod", **address):
    """From the checkout page to the thank-you page (a signed-in buyer starts here)."""
    form = vietnamese_address_fill(address_page, **address)
    assert "payment_method_cod" in form.response.text
    form["payment_method"] = method
    placed = form.submit()
    assert placed.status_code == 302, placed.text
    return placed.follow()


def checkout_as_guest_with_cash_on_delivery(app, email="khach@example.com"):
    return checkout_as_guest(app, email=email, method="cod")


def test_guest_orders_from_two_sellers_with_cash_on_delivery(
    django_app, two_sellers_products
):
    tea, plum = two_sellers_products
    add_to_basket(django_app, tea, 2)
    add_to_basket(django_app, plum, 1)

    thank_you = checkout_as_guest_with_cash_on_delivery(django_app)

    order = Order.objects.get()
    assert order.number in thank_you.text
    assert order.guest_email == "khach@example.com"
    assert order.total_incl_tax == Decimal(2 * 150000 + 85000)
    assert {line.partner.name for line in order.lines.all()} == {
        "HTX Chè Bản Liền",
        "HTX Quang Tom",
    }
    source = order.sources.get()
    assert source.source_type.code == "cash-on-delivery"
    assert source.amount_allocated == order.total_incl_tax
    assert source.amount_debited == 0  # cash is only counted when it arrives
    # Stock is allocated to the order.
    plum_stock = plum.stockrecords.get()
    assert plum_stock.num_allocated == 1


def test_staff_see_the_order_in_the_dashboard(django_app, two_sellers_products):
    tea, _plum = two_sellers_products
    add_to_basket(django_app, tea)
    checkout_as_guest_with_cash_on_delivery(django_app)
    order = Order.objects.get()
    staff = UserFactory(is_staff=True, is_superuser=True)

    orders = django_app.get(reverse("dashboard:order-list"), user=staff)
    assert order.number in orders.text
    detail = django_app.get(
        reverse("dashboard:order-detail", kwargs={"number": order.number}), user=staff
    )
    assert "Chè Shan hữu cơ" in detail.text
    assert "khach@example.com" in detail.text


def test_a_guest_cannot_see_the_dashboard(django_app):
    response = django_app.get(reverse("dashboard:order-list"))
    assert response.status_code == 302
    assert "login" in response.location
