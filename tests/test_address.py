"""A Vietnamese delivery address at checkout and in the address book, and delivery
charged by where it goes."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import ProductFactory, SellerFactory, StockRecordFactory
from tests.test_checkout import (
    BAN_LIEN,
    LAO_CAI,
    add_to_basket,
    checkout_as_guest,
    fill_vietnamese_address,
    vietnamese_address_fill,
)

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")

pytestmark = pytest.mark.django_db

#: Hà Nội and one of its wards (shop.places).
HA_NOI = 1
BA_DINH = 4


@pytest.fixture
def tea():
    seller = SellerFactory(
        name="HTX Chè Bản Liền",
        province="Lào Cai",
        shipping_charge=Decimal(20000),
        shipping_charge_other_province=Decimal(35000),
    )
    product = ProductFactory(title="Chè Shan hữu cơ", stockrecords=None)
    StockRecordFactory(product=product, partner=seller, price=Decimal(150000))
    return product


def address_page(app, tea):
    """The one-page checkout of a guest with ``tea`` in the basket, e-mail typed."""
    add_to_basket(app, tea)
    page = app.get(reverse("checkout:index"))
    page.forms["checkout_form"]["email"] = "khach@example.com"
    return page


def test_the_form_asks_for_a_vietnamese_address_not_a_british_one(django_app, tea):
    page = address_page(django_app, tea)
    form = page.forms["checkout_form"]
    assert set(form.fields) >= {"last_name", "phone_number", "province", "commune"}
    for british in ("first_name", "line2", "line3", "postcode", "country"):
        assert british not in form.fields
    assert "Họ và tên" in page.text
    assert "Số nhà, tên đường" in page.text
    provinces = [value for value, _s, _t in form["province"].options if value]
    assert len(provinces) == 34
    # No province yet: no communes to pick from.
    assert [value for value, _s, _t in form["commune"].options if value] == []


def test_without_javascript_choosing_the_province_lists_its_communes(django_app, tea):
    form = address_page(django_app, tea).forms["checkout_form"]
    form["last_name"] = "Nguyễn Thị Lan"
    form["province"] = str(LAO_CAI)
    page = form.submit("address_step")

    assert page.status_code == 200
    assert "error-block" not in page.text  # a step, not a failed submission
    form = page.forms["checkout_form"]
    assert form["last_name"].value == "Nguyễn Thị Lan"
    communes = {text for value, _s, text in form["commune"].options if value}
    assert "Xã Bản Liền" in communes
    assert "Phường Ba Đình" not in communes  # Hà Nội's


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 345 678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),
    ],
)
def test_the_phone_number_is_stored_normalised(django_app, tea, typed, stored):
    add_to_basket(django_app, tea)
    checkout_as_guest(django_app, phone_number=typed)
    assert Order.objects.get().shipping_address.phone_number.as_e164 == stored


@pytest.mark.parametrize(
    "phone",
    ["", "12345", "+1 202 555 0123", "0912 345 67"],
    ids=["missing", "short", "american", "nine-digit mobile"],
)
def test_an_address_without_a_vietnamese_phone_is_refused(django_app, tea, phone):
    page = fill_vietnamese_address(address_page(django_app, tea), phone_number=phone)
    assert page.status_code == 200
    assert "checkout_form" in page.forms
    field = page.html.find(id="id_phone_number").find_parent(class_="form-group")
    assert field.find(class_="error-block")


def test_a_commune_of_another_province_is_refused(django_app, tea):
    form = address_page(django_app, tea).forms["checkout_form"]
    form["province"] = str(LAO_CAI)
    form = form.submit("address_step").forms["checkout_form"]
    form["last_name"] = "Nguyễn Thị Lan"
    form["phone_number"] = "0912345678"
    form["line1"] = "Số 1"
    form["province"] = str(HA_NOI)  # changed without asking for its communes
    form["commune"].force_value(str(BAN_LIEN))
    page = form.submit()
    assert page.status_code == 200
    assert "Hãy chọn xã/phường thuộc Thành phố Hà Nội" in page.text


def test_the_order_keeps_the_address_in_vietnamese_order(django_app, tea):
    add_to_basket(django_app, tea)
    checkout_as_guest(django_app)
    address = Order.objects.get().shipping_address
    assert address.first_name == ""
    assert address.postcode == ""
    assert address.phone_number.as_e164 == "+84912345678"
    assert address.active_address_fields()[:4] == [
        "Nguyễn Thị Lan",
        "Số 12, thôn Bản Liền",
        "Xã Bản Liền",
        "Lào Cai",
    ]


def test_delivery_in_the_sellers_province_costs_its_in_province_rate(django_app, tea):
    add_to_basket(django_app, tea)
    checkout_as_guest(django_app)
    order = Order.objects.get()
    assert order.shipping_incl_tax == Decimal(20000)
    assert order.seller_shipping_charges.get().charge == Decimal(20000)


def test_delivery_to_another_province_costs_the_other_rate(django_app, tea):
    page = address_page(django_app, tea)
    form = vietnamese_address_fill(page, province=HA_NOI, commune=BA_DINH)
    # The page priced the delivery as soon as the province was chosen.
    assert "35.000" in form.response.text
    form["payment_method"] = "cod"
    form.submit().follow()
    order = Order.objects.get()
    assert order.shipping_incl_tax == Decimal(35000)
    assert order.seller_shipping_charges.get().charge == Decimal(35000)
    assert order.total_incl_tax == Decimal(150000 + 35000)


def test_the_address_book_uses_the_same_form(django_app):
    from tests.factories import UserFactory

    user = UserFactory(email="lan@example.com")
    page = django_app.get(reverse("customer:address-create"), user=user)
    page = fill_vietnamese_address(page, form_id="address_form").follow()
    address = UserAddress.objects.get(user=user)
    assert (address.last_name, address.line4, address.state) == (
        "Nguyễn Thị Lan",
        "Xã Bản Liền",
        "Lào Cai",
    )
    assert address.country.iso_3166_1_a2 == "VN"
    # Editing shows the saved province and commune chosen.
    edit = django_app.get(
        reverse("customer:address-detail", kwargs={"pk": address.pk}), user=user
    )
    form = edit.forms["address_form"]
    assert form["province"].value == str(LAO_CAI)
    assert form["commune"].value == str(BAN_LIEN)


def test_a_guest_is_offered_to_sign_in_and_come_back(django_app, tea):
    add_to_basket(django_app, tea)
    page = django_app.get(reverse("checkout:index"))
    assert "Đã có tài khoản?" in page.text
    assert not page.html.find("input", attrs={"name": "password"})
    login = page.click("Đăng nhập", href="next=")
    assert login.request.GET["next"] == "/checkout/"
