"""The public forms under arbitrary input (hypothesis): never a 500, nothing saved
from input the form refuses.

Registration, login, the guest checkout's gateway and address forms, adding to the
basket with a quantity, search and the catalogue's filters, and the product review
form (the site has no contact or newsletter form). Examples are few per form, to
keep the file well under a minute.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model
from oscar.test.factories import CountryFactory

from tests.factories import ProductFactory, StockRecordFactory

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")
Order = get_model("order", "Order")
ProductReview = get_model("reviews", "ProductReview")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")
User = get_user_model()

pytestmark = pytest.mark.django_db

fuzz = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a person, a bot or a broken client may type into a field.
typed = st.one_of(
    st.text(max_size=30),
    st.text(min_size=200, max_size=2000),
    st.sampled_from(["", " ", "\x00", "0", "-1", "1e9", "99999999999999999999"]),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../"]),
    st.integers().map(str),
    st.emails(),
)


def form(*names):
    """Form data with some or all of ``names`` (and, sometimes, a stray field)."""
    return st.fixed_dictionaries(
        {}, optional=dict.fromkeys((*names, "unexpected"), typed)
    )


def rows():
    """What refused input must never create."""
    return {
        "users": User.objects.count(),
        "orders": Order.objects.count(),
        "basket_lines": BasketLine.objects.count(),
        "reviews": ProductReview.objects.count(),
        "addresses": UserAddress.objects.count() + ShippingAddress.objects.count(),
    }


def refused(response):
    """The form came back (with its errors), or the request was refused outright."""
    return response.status_code == 200 or 400 <= response.status_code < 500


@pytest.fixture
def tea(settings):
    settings.AXES_FAILURE_LIMIT = 10**6  # fuzzing the form, not the rate limit
    CountryFactory(
        iso_3166_1_a2="VN", printable_name="Việt Nam", is_shipping_country=True
    )
    product = ProductFactory(title="Chè Shan hữu cơ", stockrecords=None)
    StockRecordFactory(product=product, price=Decimal(150000), num_in_stock=5)
    return product


@fuzz
@given(data=form("email", "password1", "password2", "redirect_url"))
def test_registration(client, tea, data):
    before = rows()
    response = client.post(reverse("customer:register"), data)
    assert response.status_code < 500
    if refused(response):
        assert rows() == before


@fuzz
@given(data=form("login-username", "login-password", "login-redirect_url"))
def test_login(client, tea, data):
    before = rows()
    response = client.post(reverse("customer:login"), {**data, "login_submit": "1"})
    assert response.status_code < 500
    assert rows() == before
    assert "_auth_user_id" not in client.session


@fuzz
@given(quantity=typed)
def test_basket_add_with_any_quantity(client, tea, quantity):
    before = BasketLine.objects.filter(product=tea).count()
    response = client.post(
        reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": quantity}
    )
    assert response.status_code < 500
    added = BasketLine.objects.filter(product=tea).count() - before
    valid = quantity.isascii() and quantity.strip().isdigit()
    if not valid or int(quantity) < 1 or int(quantity) > 5:
        assert added == 0, quantity  # refused: nothing in the basket
    client.cookies.clear()  # the next example starts with a new basket


@fuzz
@given(
    checkout=form(
        "email",
        "address_id",
        "last_name",
        "phone_number",
        "province",
        "commune",
        "line1",
        "notes",
        "address_step",
    ),
)
def test_guest_checkout_form(client, tea, checkout):
    client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": 1})
    before = rows()

    # No payment method among the fields: whatever else is typed, no order.
    response = client.post(reverse("checkout:index"), checkout)

    assert response.status_code < 500
    assert rows() == before
    assert "_auth_user_id" not in client.session


search_params = st.fixed_dictionaries(
    {},
    optional={
        name: typed | st.lists(typed, max_size=3)
        for name in (
            "q",
            "group",
            "stars",
            "category",
            "province",
            "seller",
            "price",
            "in_stock",
            "sort",
            "page",
        )
    },
)


@fuzz
@given(
    params=search_params, where=st.sampled_from(["search:search", "catalogue:index"])
)
def test_search_and_catalogue_filters(client, tea, params, where):
    response = client.get(reverse(where), params)
    assert response.status_code < 500


@fuzz
@given(data=form("title", "body", "score", "name", "email"))
def test_product_review(client, tea, data):
    before = rows()
    url = reverse(
        "catalogue:reviews-add",
        kwargs={"product_slug": tea.slug, "product_pk": tea.pk},
    )
    response = client.post(url, data)
    assert response.status_code < 500
    if refused(response):
        assert rows() == before


@pytest.mark.parametrize("where", ["search:search", "catalogue:index"])
def test_a_nul_character_in_a_filter_is_refused_not_a_server_error(client, tea, where):
    # Found by the fuzzing above: PostgreSQL cannot compare text holding NUL. Any
    # NUL in a query is refused before the view (shop.http_guards).
    response = client.get(reverse(where), {"province": "Lào\x00Cai", "q": "chè"})
    assert response.status_code == 400
    # Nor an id no database can hold (SQLite overflows).
    response = client.get(reverse(where), {"seller": str(10**20), "q": "chè"})
    assert response.status_code == 200


def test_a_review_score_typed_as_text_gets_the_form_back_with_its_error(client, tea):
    # Found by the fuzzing above: Oscar's form template could not show the stars.
    url = reverse(
        "catalogue:reviews-add",
        kwargs={"product_slug": tea.slug, "product_pk": tea.pk},
    )
    response = client.post(url, {"title": "Ngon", "body": "Chè thơm", "score": "0"})
    assert response.status_code == 200
    assert "add_review_form" in response.text
    assert not ProductReview.objects.exists()


def test_a_returning_customer_with_a_wrong_password_gets_the_gateway_form_back(
    client, tea
):
    # Found by the fuzzing above: without the request django-axes refused to check.
    client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": 1})
    response = client.post(
        reverse("checkout:index"),
        {"username": "lan@example.com", "options": "existing", "password": "sai"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
