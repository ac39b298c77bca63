"""A new buyer registers (on its own page, beside the login form, or from checkout)
and is logged in at once."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.test_checkout import add_to_basket, two_sellers_products  # noqa: F401

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Mot-mat-khau-dai-2026"


def assert_logged_in_as(app, email):
    """The next request shows the buyer's own account page, in Vietnamese."""
    account = app.get(reverse("customer:profile-view"))
    assert account.status_code == 200
    assert email in account.text
    assert "Thông tin cá nhân" in account.text
    assert "Đăng xuất" in account.text


def test_buyer_registers_on_the_registration_page_and_is_logged_in(django_app):
    page = django_app.get(reverse("customer:register"))
    form = page.forms["register_form"]
    form["email"] = "lan@example.com"
    form["password1"] = PASSWORD
    form["password2"] = PASSWORD

    response = form.submit()

    assert response.status_code == 302
    assert User.objects.filter(email="lan@example.com", is_active=True).exists()
    assert_logged_in_as(django_app, "lan@example.com")


def test_buyer_registers_beside_the_login_form_and_is_logged_in(django_app):
    page = django_app.get(reverse("customer:login"))
    form = page.forms["register_form"]
    form["registration-email"] = "minh@example.com"
    form["registration-password1"] = PASSWORD
    form["registration-password2"] = PASSWORD

    response = form.submit("registration_submit")

    assert response.status_code == 302
    assert User.objects.filter(email="minh@example.com").exists()
    assert_logged_in_as(django_app, "minh@example.com")


def test_buyer_creates_an_account_from_checkout_and_goes_on_with_its_order(
    django_app,
    two_sellers_products,  # noqa: F811
):
    tea, _plum = two_sellers_products
    add_to_basket(django_app, tea, 1)
    checkout = django_app.get(reverse("checkout:index"))
    login_page = checkout.click("Đăng nhập", href="next=")
    form = login_page.forms["register_form"]
    form["registration-email"] = "hoa@example.com"
    form["registration-password1"] = PASSWORD
    form["registration-password2"] = PASSWORD

    back_in_checkout = form.submit("registration_submit")

    assert back_in_checkout.status_code == 302
    assert back_in_checkout["Location"] == reverse("checkout:index")
    page = back_in_checkout.follow()
    assert "hoa@example.com" in page.text
    assert "email" not in page.forms["checkout_form"].fields
    assert "Chè Shan hữu cơ" in django_app.get(reverse("basket:summary")).text
    assert_logged_in_as(django_app, "hoa@example.com")
