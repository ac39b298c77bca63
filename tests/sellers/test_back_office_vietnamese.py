"""The seller's screens speak Vietnamese on Vietnamese pages, English under /en/."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ProductClassFactory

pytestmark = pytest.mark.django_db

# What Oscar or our first drafts left English on these screens.
ENGLISH = [
    "Product name",
    "Price (đồng)",
    "Add photos",
    "Put on sale",
    "Save as draft",
    "OCOP rating",
    "Where it comes from",
    "Mark packed",
    "Cancel this item",
    "Carrier",
    "To pack",
    "Owed to you",
    "Low stock",
    "Return to site",
    "Log out",
    "Dashboard",
]


def _text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_seller_screens_show_no_english_on_vietnamese_pages(client, market):
    ProductClassFactory()
    client.force_login(market.tea_user)
    pages = [
        reverse("dashboard:index"),
        reverse("dashboard:seller-product-create"),
        reverse("dashboard:seller-product-edit", kwargs={"pk": market.tea.pk}),
        reverse("dashboard:order-detail", kwargs={"number": market.mixed.number}),
    ]
    for url in pages:
        text = _text(client.get(url).content.decode())
        assert [w for w in ENGLISH if w in text] == [], url
        assert "Thoát" not in text, url  # neither "Cancel" nor "Log out"

    with translation.override("en"):
        english_url = reverse("dashboard:seller-product-create")
    assert english_url.startswith("/en/")
    english = _text(client.get(english_url).content.decode())
    assert "Put on sale" in english and "Đăng bán" not in english
