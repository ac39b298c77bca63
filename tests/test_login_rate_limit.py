"""Guessing passwords is slowed down: past the limit, even the right one is refused."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("customer:login")


def _log_in(client, *, email, password):
    return client.post(
        LOGIN,
        {
            "login-username": email,
            "login-password": password,
            "login_submit": "1",
        },
    )


def test_login_is_blocked_after_five_wrong_passwords(client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    buyer = UserFactory(email="lan@example.com")
    for _ in range(4):
        wrong = _log_in(client, email=buyer.email, password="doan-mo")
        assert wrong.status_code == 200  # the form again, with its error

    fifth = _log_in(client, email=buyer.email, password="doan-mo")
    right_too_late = _log_in(client, email=buyer.email, password="test-password")

    for blocked in (fifth, right_too_late):
        assert blocked.status_code == 429
        assert "Quá nhiều lần đăng nhập" in blocked.text
    assert "_auth_user_id" not in client.session


def test_another_account_can_still_log_in(client):
    UserFactory(email="lan@example.com")
    other = UserFactory(email="minh@example.com")
    for _ in range(5):
        _log_in(client, email="lan@example.com", password="doan-mo")

    response = _log_in(client, email=other.email, password="test-password")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_failures_are_counted_where_every_worker_sees_them(settings):
    expected = (
        "shop.users.login_store.FailClosedCacheHandler"  # axes' cache handler
        if settings.REDIS_URL
        else "axes.handlers.database.AxesDatabaseHandler"
    )
    assert settings.AXES_HANDLER == expected
