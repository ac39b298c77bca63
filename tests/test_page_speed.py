"""Issue 19's speed work keeps what a buyer sees: fewer queries, same pages.

- /healthz answers from the worker's own connection (no thread, no new connection);
- adding to a basket costs at most 15 queries and still applies a site offer, with
  Oscar's "offer gained" message and the discounted total;
- the categories menu, kept whole under the page cache's version, shows a new
  category at once.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import (
    BenefitFactory,
    ConditionalOfferFactory,
    ConditionFactory,
    RangeFactory,
)

from tests.factories import ProductFactory, StockRecordFactory

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Category = get_model("catalogue", "Category")
ConditionalOffer = get_model("offer", "ConditionalOffer")

#: Transaction bookkeeping is not a query a page asks for (as in bench/queries.py).
_BOOKKEEPING = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO")


def _queries(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(_BOOKKEEPING)
    ]


def test_healthz_asks_the_database_on_the_request_s_own_connection(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/healthz")

    assert response.status_code == 200
    # A check run in another thread would use (and open) another connection.
    assert _queries(captured) == ["SELECT 1"]


def _add(client, product):
    return client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}, follow=True
    )


def test_adding_to_a_basket_costs_at_most_15_queries(client):
    product = ProductFactory(title="Chè Shan tuyết Suối Giàng", stockrecords=None)
    StockRecordFactory(product=product, price=Decimal(120000), num_in_stock=50)
    other = ProductFactory(title="Mật ong bạc hà")
    _add(client, other)  # a basket with a line already: the usual case
    _add(client, product)

    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}
        )

    assert response.status_code == 302
    assert len(_queries(captured)) <= 15, "\n".join(_queries(captured))
    basket = Basket.objects.get()
    assert basket.product_quantity(product) == 2
    assert basket.product_quantity(other) == 1


def test_a_site_offer_still_applies_when_adding_to_a_basket(client):
    product = ProductFactory(title="Mận tam hoa Bắc Hà", stockrecords=None)
    StockRecordFactory(product=product, price=Decimal(100000), num_in_stock=50)
    everything = RangeFactory(name="Cả cửa hàng", includes_all_products=True)
    ConditionalOfferFactory(
        name="Mùa mận Bắc Hà",
        offer_type=ConditionalOffer.SITE,
        condition=ConditionFactory(range=everything, value=2),
        benefit=BenefitFactory(range=everything, value=10),
    )

    first = _add(client, product)
    second = _add(client, product)

    def gained(response):  # Oscar's "offer gained" message, however it is worded
        return [
            str(m) for m in response.context["messages"] if "Mùa mận Bắc Hà" in str(m)
        ]

    assert not gained(first)  # one jar: the condition is not met
    assert gained(second)  # two: the offer applies
    basket = client.get(reverse("basket:summary"))
    assert "180.000" in basket.text  # 2 × 100.000 đ less 10 %


def test_a_new_category_shows_in_the_kept_menu_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    # A visitor with a session: rendered for them, not from the page cache.
    client.cookies["sessionid"] = "a-visitor-with-a-session"
    Category.add_root(name="Chè", slug="che")
    first = client.get(reverse("catalogue:index"))
    assert "Chè" in first.text

    with django_capture_on_commit_callbacks(execute=True):  # as a committed write
        Category.add_root(name="Thảo dược", slug="thao-duoc")
    again = client.get(reverse("catalogue:index"))

    assert "Thảo dược" in again.text
