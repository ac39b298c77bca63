"""The operator creates a seller, sets its terms, invites its users and suspends it."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import UserFactory

Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)


def test_operator_creates_a_seller_with_its_commission_rate(django_app, operator):
    form = django_app.get(reverse("dashboard:partner-create"), user=operator).forms[1]
    form["name"] = "HTX Sơn Hòa"
    form["seller_type"] = "cooperative"
    form["commune"] = "Mường Khương"
    form["province"] = "Lào Cai"
    form["commission_rate"] = "5.5"
    form.submit().follow()
    seller = Partner.objects.get(name="HTX Sơn Hòa")
    assert seller.commission_rate == Decimal("5.5")
    assert not seller.is_suspended


def test_commission_rate_over_100_percent_is_refused(django_app, operator):
    form = django_app.get(reverse("dashboard:partner-create"), user=operator).forms[1]
    form["name"] = "HTX Sơn Hòa"
    form["commission_rate"] = "150"
    page = form.submit()
    assert page.status_code == 200
    assert not Partner.objects.filter(name="HTX Sơn Hòa").exists()


def test_invited_user_sets_a_password_and_signs_in_to_the_seller_dashboard(
    django_app, operator, django_capture_on_commit_callbacks
):
    seller = Partner.objects.create(name="HTX Sơn Hòa")
    page = django_app.get(
        reverse("dashboard:partner-user-invite", kwargs={"partner_pk": seller.pk}),
        user=operator,
    )
    form = page.forms[1]
    form["email"] = "son.hoa@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        form.submit().follow()

    (invite,) = mail.outbox
    assert invite.to == ["son.hoa@example.com"]
    assert "HTX Sơn Hòa" in invite.subject
    link = re.search(r"https?://\S+/password-reset/confirm/\S+", invite.body).group(0)

    django_app.reset()
    set_password = django_app.get(link).maybe_follow()
    form = set_password.forms["password_reset_form"]
    form["new_password1"] = "mat-khau-moi-2026"
    form["new_password2"] = "mat-khau-moi-2026"
    form.submit().follow()

    login = django_app.get(reverse("dashboard:login"))
    form = login.forms["dashboard_login_form"]
    form["username"] = "son.hoa@example.com"
    form["password"] = "mat-khau-moi-2026"
    dashboard = form.submit().maybe_follow()
    assert dashboard.request.path == reverse("dashboard:index")
    assert "Gian hàng của bạn" in dashboard.text
    assert seller.users.filter(email="son.hoa@example.com").exists()


def test_operator_suspends_a_seller_from_its_page(django_app, operator):
    seller = Partner.objects.create(name="HTX Sơn Hòa")
    page = django_app.get(
        reverse("dashboard:partner-manage", kwargs={"pk": seller.pk}), user=operator
    )
    form = page.forms[1]
    form["is_suspended"] = True
    form.submit().follow()
    seller.refresh_from_db()
    assert seller.is_suspended
    assert Partner.objects.filter(pk=seller.pk).exists()
