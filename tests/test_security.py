"""Security a visitor relies on: CSRF on every form, the production headers, and no
secret committed to the repository."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from oscar.test.factories import CountryFactory

from tests.factories import ProductFactory, UserFactory
from tests.sellers.helpers import seller_with_login
from tests.test_production import ROOT, production_env

pytestmark = pytest.mark.django_db

# Only machines post here, signing their requests (payments.providers, Stripe).
CSRF_EXEMPT_ALLOWED = {
    "payments.views.bank_notification_webhook",
    "payments.views.stripe_webhook",
}
SAFE_METHODS = {"get", "head", "options"}


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _allowed_methods(callback) -> set[str]:
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is None:
        return {"*"}
    methods = {m for m in view_class.http_method_names if hasattr(view_class, m)}
    if "get" in methods:
        methods.add("head")  # Django's View answers HEAD with get()
    return methods


def test_only_signed_webhooks_and_read_only_views_skip_csrf():
    unsafe, webhooks = {}, set()
    for route, callback in _views(get_resolver().url_patterns):
        if not getattr(callback, "csrf_exempt", False):
            continue
        name = f"{callback.__module__}.{callback.__qualname__}"
        if name in CSRF_EXEMPT_ALLOWED:
            webhooks.add(name)
            continue
        # DRF marks its views exempt and checks CSRF itself for session users; ours
        # only read, so nothing there can be forged.
        if _allowed_methods(callback) - SAFE_METHODS:
            unsafe[route] = name
    assert unsafe == {}
    assert webhooks == CSRF_EXEMPT_ALLOWED  # the walk did reach the views


def _post_forms(page) -> list:
    return [
        form
        for form in page.html.find_all("form")
        if (form.get("method") or "get").lower() == "post"
    ]


def test_every_form_a_buyer_or_seller_meets_carries_a_csrf_token(django_app, home_page):
    CountryFactory(iso_3166_1_a2="VN", is_shipping_country=True)
    product = ProductFactory(title="Chè Shan tuyết Bản Liền")
    seller, seller_user = seller_with_login(name="HTX Chè", email="che@example.com")
    buyer = UserFactory(email="lan@example.com")
    visits = [
        (None, "/"),
        (None, reverse("catalogue:index")),
        (None, product.get_absolute_url()),
        (None, reverse("search:search") + "?q=che"),
        (None, reverse("customer:login")),
        (None, reverse("customer:register")),
        (None, reverse("password-reset")),
        (None, reverse("basket:summary")),
        (None, reverse("checkout:index")),
        (None, f"/sellers/{seller.code}/"),
        (buyer, reverse("customer:profile-update")),
        (buyer, reverse("customer:address-create")),
        (buyer, reverse("customer:change-password")),
        (seller_user, reverse("dashboard:index")),
        (seller_user, reverse("dashboard:catalogue-product-create")),
        (seller_user, reverse("dashboard:order-list")),
    ]
    django_app.get(product.get_absolute_url()).forms["add_to_basket_form"].submit()
    missing, checked = {}, 0
    for user, path in visits:
        # user=None would make WebTest try (and fail) a log-in that axes counts.
        page = django_app.get(path, **({"user": user} if user else {})).maybe_follow()
        assert page.status_code == 200, path
        forms = _post_forms(page)
        checked += len(forms)
        if without := [
            form.get("action") or path
            for form in forms
            if not form.find("input", attrs={"name": "csrfmiddlewaretoken"})
        ]:
            missing[path] = without
    assert missing == {}
    assert checked >= len(visits)  # log-in, basket, checkout, dashboard forms…


def test_a_login_posted_from_another_site_is_refused():
    from django.test import Client

    UserFactory(email="lan@example.com")
    forged = Client(enforce_csrf_checks=True)
    response = forged.post(
        reverse("customer:login"),
        {"login-username": "lan@example.com", "login-password": "test-password"},
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in forged.session


HEADERS_SCRIPT = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="cho-ocop.example.vn")
probe = client.get("/healthz")
page = client.get("/catalogue/")
secure = client.get("/healthz", secure=True)
print(json.dumps({
    "probe": probe.status_code,
    "page": [page.status_code, page.get("Location", "")],
    "secure": [secure.status_code, dict(secure.headers)],
}))
"""


def test_production_sends_security_headers_and_redirects_plain_http(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'headers.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "-c", HEADERS_SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    # The load balancer probes over plain HTTP; a buyer is sent to HTTPS.
    assert answer["probe"] == 200
    assert answer["page"] == [301, "https://cho-ocop.example.vn/catalogue/"]
    status, headers = answer["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_secret_is_committed_beyond_the_audited_test_values():
    """detect-secrets compares every tracked file with ``.secrets.baseline``, which
    lists the obvious test values we audited. A new finding fails here: remove the
    secret, or (for a test value) audit it with ``detect-secrets scan --baseline
    .secrets.baseline`` then ``detect-secrets audit .secrets.baseline``."""
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    if not files:
        pytest.skip("not a git checkout: nothing tracked to scan")
    hook = Path(sys.executable).with_name("detect-secrets-hook")
    result = subprocess.run(
        [str(hook), "--baseline", ".secrets.baseline", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
