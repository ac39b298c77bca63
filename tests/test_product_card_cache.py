"""Rendered product cards are reused, and never show a buyer a stale card.

The card cache (catalogue/templatetags/card_cache.py) keys each card by what it
shows. Each test renders a listing once (so the card is cached), changes the product
the way the dashboard, a checkout or a bulk update does, and reads the listing again.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from search.query import Sort
from tests.factories import ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.at_any_hour]

ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")


def card_of(page, product):
    """The text of ``product``'s card on a listing page, whitespace folded."""
    html = page.content.decode()
    url = product.get_absolute_url()
    cards = re.findall(
        r'<article class="product_pod ocop-card">.*?</article>', html, re.S
    )
    for card in cards:
        if f'href="{url}"' in card:
            return card
    raise AssertionError(f"no card for {url}")


def listing(client):
    page = client.get(reverse("catalogue:index"))
    assert page.status_code == 200
    return page


@pytest.fixture
def product():
    product = ProductFactory(title="Chè Shan tuyết Bản Liền")
    product.stockrecords.update(price=Decimal(150000), num_in_stock=20)
    return product


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def test_cards_are_cached_and_a_cached_card_is_the_card(client, product, settings):
    first = card_of(listing(client), product)
    assert len(caches["product_cards"]._cache) >= 1  # the card was kept
    second = card_of(listing(client), product)
    # The token is masked afresh on every page; the rest is the same card.
    assert TOKEN.sub("", second) == TOKEN.sub("", first)
    # Without the cache the same card is rendered, byte for byte.
    settings.CACHES = {k: v for k, v in settings.CACHES.items() if k != "product_cards"}
    assert "product_cards" not in caches
    uncached = card_of(listing(client), product)
    assert TOKEN.sub("", uncached) == TOKEN.sub("", second)


def test_a_saved_price_is_shown_at_once(client, product):
    assert "150.000" in card_of(listing(client), product)
    record = product.stockrecords.get()
    record.price = Decimal(175000)
    record.save()
    card = card_of(listing(client), product)
    assert "175.000" in card and "150.000" not in card


def test_a_bulk_price_update_without_signals_is_shown_at_once(client, product):
    assert "150.000" in card_of(listing(client), product)
    # update() sends no signal and leaves date_updated alone.
    StockRecord.objects.filter(product=product).update(price=Decimal(99000))
    card = card_of(listing(client), product)
    assert "99.000" in card and "150.000" not in card


def test_a_sold_out_product_no_longer_offers_add_to_basket(client, product):
    card = card_of(listing(client), product)
    assert "/basket/add/" in card
    # A checkout allocates the last units (as Oscar does, without a save()).
    StockRecord.objects.filter(product=product).update(num_allocated=20)
    card = card_of(listing(client), product)
    assert "/basket/add/" not in card
    assert "instock" not in card


def test_a_renamed_seller_shows_on_the_card_at_once(client, product):
    seller = product.stockrecords.get().partner
    assert seller.name in card_of(listing(client), product)
    type(seller).objects.filter(pk=seller.pk).update(name="HTX Chè Bản Liền")
    assert "HTX Chè Bản Liền" in card_of(listing(client), product)


def test_a_renamed_product_shows_its_new_title(client, product):
    card_of(listing(client), product)
    Product.objects.filter(pk=product.pk).update(title="Chè Shan tuyết cổ thụ")
    card = card_of(listing(client), product)
    assert "Chè Shan tuyết cổ thụ" in card
    assert "Bản Liền" not in card


def test_a_lapsed_rating_loses_its_stars_at_once(client, product):
    assert "★★★★" in card_of(listing(client), product)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Product.objects.filter(pk=product.pk).update(ocop_valid_until=yesterday)
    card = card_of(listing(client), product)
    assert "★" not in card


def test_a_new_picture_replaces_the_placeholder(client, product):
    before = card_of(listing(client), product)
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), "#2d6a4f").save(buffer, format="JPEG")
    ProductImage.objects.create(
        product=product, original=ContentFile(buffer.getvalue(), name="che.jpg")
    )
    after = card_of(listing(client), product)
    src = re.search(r'<img src="([^"]+)"', after).group(1)
    assert src != re.search(r'<img src="([^"]+)"', before).group(1)
    assert src.endswith(".webp")


def test_each_buyer_gets_a_working_csrf_token_in_a_cached_card(product):
    tokens = []
    for _buyer in range(2):
        buyer = Client(enforce_csrf_checks=True)
        card = card_of(listing(buyer), product)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card).group(1)
        assert "placeholder" not in token
        tokens.append(token)
        added = buyer.post(
            reverse("basket:add", kwargs={"pk": product.pk}),
            {"quantity": 1, "csrfmiddlewaretoken": token},
        )
        assert added.status_code == 302  # a refused token would answer 403
    assert tokens[0] != tokens[1]


def test_a_card_cached_below_the_first_screen_is_not_reused_on_it(client, product):
    """The first cards load their picture at once (LCP), the others lazily."""
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), "#2d6a4f").save(buffer, format="JPEG")
    ProductImage.objects.create(
        product=product, original=ContentFile(buffer.getvalue(), name="che.jpg")
    )
    for price in (10000, 20000):
        cheaper = ProductFactory(title=f"Gạo Séng Cù {price}")
        # Saved, not updated in bulk: the search rows (the sort) follow saves.
        stockrecord = cheaper.stockrecords.get()
        stockrecord.price, stockrecord.num_in_stock = Decimal(price), 5
        stockrecord.save()

    def card(sort):
        page = client.get(reverse("catalogue:index"), {"sort": sort})
        return card_of(page, product)

    below = card(Sort.PRICE_ASC.value)  # third of three: below the first screen
    first = card(Sort.PRICE_DESC.value)  # the dearest comes first
    assert 'loading="lazy"' in below and 'fetchpriority="high"' not in below
    assert 'fetchpriority="high"' in first and 'loading="lazy"' not in first
