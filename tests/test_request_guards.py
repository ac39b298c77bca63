"""Site-wide request guards: NUL bytes in URLs, and the flags of every cookie."""

import json
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_checkout import two_sellers_products  # noqa: F401
from tests.test_production import ROOT, production_env

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/sellers/%00/",
        "/catalogue/%00/",
        "/search/?q=%00",
        "/catalogue/?q=ch%00e",
        "/en/sellers/abc%00/",
        "/payments/orders/%00/status/",
        "/khong-co-trang-nay%00/",
    ],
)
def test_a_nul_byte_in_the_path_or_query_is_refused_not_a_server_error(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404)


PRODUCTION_COOKIE_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
names = [name for name in dir(settings) if "COOKIE" in name] + ["MIDDLEWARE"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


@pytest.fixture
def production_cookie_settings(settings, tmp_path):
    """The cookie settings and middleware of ``shop.settings.production``, read in
    another process (loading them here would change this process's settings)."""
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_COOKIE_SETTINGS],
        cwd=ROOT,
        env=production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for name, value in json.loads(result.stdout.strip().splitlines()[-1]).items():
        setattr(settings, name, value)
    assert settings.SESSION_COOKIE_SECURE
    return settings


def test_every_cookie_is_secure_and_same_site_in_production(
    client,
    production_cookie_settings,
    two_sellers_products,  # noqa: F811
):
    tea, _plum = two_sellers_products
    buyer = UserFactory(email="lan@example.com")
    responses = [
        client.get(tea.get_absolute_url(), secure=True),  # CSRF
        client.post(  # basket, messages
            reverse("basket:add", kwargs={"pk": tea.pk}),
            {"quantity": 1},
            secure=True,
        ),
        client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True),
        client.post(  # session
            reverse("customer:login"),
            {
                "login-username": buyer.email,
                "login-password": "test-password",
                "login_submit": "1",
            },
            secure=True,
        ),
        client.post(  # a failed login (django-axes)
            reverse("customer:login"),
            {
                "login-username": buyer.email,
                "login-password": "doan-mo",
                "login_submit": "1",
            },
            secure=True,
        ),
    ]

    seen = {}
    for response in responses:
        assert response.status_code < 500
        for name, morsel in response.cookies.items():
            seen[name] = (morsel["secure"], morsel["samesite"])
    expected = {
        "csrftoken",
        "sessionid",
        "django_language",
        "messages",
        "oscar_open_basket",
    }
    assert expected <= set(seen), seen
    assert {name: flags for name, flags in seen.items() if flags != (True, "Lax")} == {}
