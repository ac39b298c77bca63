"""The Content-Security-Policy header: strict on the storefront, looser but enforced in
the back office (shop/content_policy.py)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.sellers.helpers import product_of, seller_with_login

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    """The enforced policy as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def storefront_paths(home_page):
    seller = SellerFactory(name="HTX Bản Liền", code="htx-ban-lien")
    product = product_of(seller, title="Chè Shan", price=250000, sku="CHE-1")
    return [
        "/",
        "/en/",
        reverse("catalogue:index"),
        product.get_absolute_url(),
        seller.get_absolute_url(),
        reverse("basket:summary"),
        reverse("customer:login"),
        reverse("search:search") + "?q=che",
        "/khong-co-trang-nay/",  # the 404 page
        "/open-data/",
        "/api/v1/products/",  # the browsable API
        "/api/v1/docs/",
        "/api/v1/redoc/",
    ]


def test_storefront_pages_allow_only_our_scripts_and_this_responses_nonce(
    client, storefront_paths
):
    for path in storefront_paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        rules = policy(response)
        scripts = rules["script-src"]
        assert "'self'" in scripts
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
        assert not any(source in ("*", "http:", "https:") for source in scripts)
        assert rules["script-src-attr"] == ["'none'"]
        assert rules["object-src"] == ["'none'"]
        assert rules["frame-ancestors"] == ["'none'"]
        assert rules["base-uri"] == ["'self'"]
        assert rules["form-action"] == ["'self'"]
        assert rules["default-src"] == ["'self'"]

        # Every inline script carries this response's nonce; no inline handlers.
        nonces = [s[len("'nonce-") : -1] for s in scripts if s.startswith("'nonce-")]
        soup = BeautifulSoup(response.content, "html.parser")
        for script in soup.select("script:not([src])"):
            if script.get("type") == "application/json":
                continue  # data, never run
            assert nonces and script.get("nonce") == nonces[0], (path, script)
        handlers = [
            (tag.name, attribute)
            for tag in soup.find_all(True)
            for attribute in tag.attrs
            if re.fullmatch(r"on[a-z]+", attribute)
        ]
        assert handlers == [], path


def test_each_response_gets_a_new_nonce(client, home_page):
    first = [s for s in policy(client.get("/"))["script-src"] if "nonce" in s]
    second = [s for s in policy(client.get("/"))["script-src"] if "nonce" in s]
    assert len(first) == 1 and len(second) == 1 and first != second


def test_the_back_office_has_its_own_enforced_policy(client, django_app):
    staff = UserFactory(is_staff=True, is_superuser=True)
    _seller, seller_user = seller_with_login(name="HTX", email="htx@example.com")
    client.force_login(staff)
    pages = [
        (client, "/admin/"),
        (client, reverse("dashboard:index")),
        (client, "/en" + reverse("dashboard:index")),
        (client, reverse("admin:index")),
        (client, reverse("payments:ledger")),
    ]
    for http, path in pages:
        response = http.get(path)
        assert response.status_code == 200, path
        rules = policy(response)
        assert "'unsafe-inline'" in rules["script-src"], path
        assert not any("nonce" in source for source in rules["script-src"])
        assert rules["object-src"] == ["'none'"]
        assert rules["base-uri"] == ["'self'"]
        assert rules["form-action"] == ["'self'"]
        assert rules["frame-ancestors"] == ["'self'"]  # Wagtail's preview frame

    # A seller's dashboard too: back-office policy, not the storefront's.
    page = django_app.get(reverse("dashboard:seller-settings"), user=seller_user)
    assert "'unsafe-inline'" in page.headers["Content-Security-Policy"]


def test_card_payments_may_load_stripe_js_and_reach_its_api(client, settings):
    product = ProductFactory()
    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    settings.STRIPE_API_BASE = ""
    rules = policy(client.get(product.get_absolute_url()))
    assert "https://js.stripe.com" in rules["script-src"]
    assert "https://hooks.stripe.com" in rules["frame-src"]
    assert "https://api.stripe.com" in rules["connect-src"]

    # The demo and the tests: localstripe serves both on one port.
    settings.STRIPE_JS_URL = "http://127.0.0.1:8420/js.stripe.com/v3/"
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    rules = policy(client.get(product.get_absolute_url()))
    assert "http://127.0.0.1:8420" in rules["script-src"]
    assert "http://127.0.0.1:8420" in rules["connect-src"]
    assert "https://js.stripe.com" not in rules["script-src"]


def test_images_from_the_media_bucket_are_allowed(client, settings):
    product = ProductFactory()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"custom_domain": "media.cho-ocop.example.vn"},
        },
    }
    rules = policy(client.get(product.get_absolute_url()))
    assert "https://media.cho-ocop.example.vn" in rules["img-src"]
