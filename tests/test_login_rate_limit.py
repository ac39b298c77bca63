"""Guessing passwords is slowed down: past the limit, even the right one is refused."""

import time
from datetime import timedelta

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


# --- Behind a proxy: whose address is counted ----------------------------------------

OWNER = "chu@example.com"


def _attempt(client, *, password, remote="10.0.0.2", forwarded=None):
    """A login for the owner's e-mail arriving from ``remote`` (the load balancer,
    when there is one) with ``forwarded`` as its X-Forwarded-For."""
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        LOGIN,
        {"login-username": OWNER, "login-password": password, "login_submit": "1"},
        **extra,
    )


def test_a_stranger_cannot_lock_the_owner_out_from_another_address(client):
    owner = UserFactory(email=OWNER)
    for _ in range(5):
        _attempt(client, password="doan-mo", remote="198.51.100.66")
    assert (
        _attempt(client, password="test-password", remote="198.51.100.66").status_code
        == 429
    )

    response = _attempt(client, password="test-password", remote="203.0.113.5")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_behind_one_load_balancer_each_client_is_counted_by_its_own_address(
    client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    owner = UserFactory(email=OWNER)
    for _ in range(5):
        _attempt(client, password="doan-mo", forwarded="198.51.100.66")
    stranger = _attempt(client, password="test-password", forwarded="198.51.100.66")
    assert stranger.status_code == 429

    # Same balancer address, another client behind it: not locked out.
    response = _attempt(client, password="test-password", forwarded="203.0.113.5")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_behind_a_load_balancer_a_typed_forwarded_for_entry_changes_nothing(
    client, settings
):
    # The balancer appends the address it saw; a guesser adds a new fake one to the
    # left on each try, hoping to be counted as a new client every time.
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email=OWNER)
    answers = [
        _attempt(client, password="doan-mo", forwarded=f"192.0.2.{n}, 198.51.100.66")
        for n in range(1, 6)
    ]
    assert answers[-1].status_code == 429
    assert (
        _attempt(
            client, password="test-password", forwarded="192.0.2.99, 198.51.100.66"
        ).status_code
        == 429
    )


def test_without_a_trusted_proxy_a_forwarded_for_header_is_ignored(client, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default
    UserFactory(email=OWNER)
    answers = [
        _attempt(
            client, password="doan-mo", remote="198.51.100.66", forwarded=f"192.0.2.{n}"
        )
        for n in range(1, 6)
    ]
    assert answers[-1].status_code == 429
    assert (
        _attempt(
            client,
            password="test-password",
            remote="198.51.100.66",
            forwarded="203.0.113.5",
        ).status_code
        == 429
    )


def test_guessing_during_a_lockout_does_not_make_it_longer(client, settings):
    # An eight-second lockout; a wrong guess four seconds in must not restart it.
    # Times are taken around the requests, so a slow machine cannot fail the test.
    settings.AXES_COOLOFF_TIME = timedelta(seconds=8)
    owner = UserFactory(email=OWNER)
    for _ in range(4):
        _attempt(client, password="doan-mo")
    fifth_sent = time.monotonic()
    assert _attempt(client, password="doan-mo").status_code == 429
    fifth_answered = time.monotonic()
    time.sleep(max(0.0, fifth_sent + 4 - time.monotonic()))
    assert _attempt(client, password="doan-mo").status_code == 429  # still locked

    time.sleep(max(0.0, fifth_answered + 8.3 - time.monotonic()))
    response = _attempt(client, password="test-password")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)
