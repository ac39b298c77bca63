"""The sellers filter stays a short list on a phone, however many sellers there are."""

import pytest
from django.urls import reverse

from search.views import SELLER_FACET_LIMIT
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

pytestmark = pytest.mark.django_db


def test_the_sellers_filter_offers_the_biggest_ticked_ones_and_links_to_the_rest(
    django_app,
):
    sellers = [SellerFactory(name=f"HTX số {n:02d}") for n in range(14)]
    # Seller n offers n + 1 products: the biggest are the last.
    for n, seller in enumerate(sellers):
        for _ in range(n + 1):
            StockRecordFactory(
                partner=seller, product=ProductFactory(stockrecords=None)
            )

    def offered(page):
        box = page.html.select_one('fieldset[data-facet="seller"]')
        return [
            i.parent.get_text(" ").split(" (")[0].strip() for i in box("input")
        ], box

    names, box = offered(django_app.get(reverse("catalogue:index")))
    biggest = [s.name for s in reversed(sellers)][:SELLER_FACET_LIMIT]
    assert names == biggest
    more = box.select_one("a.ocop-facet-more")
    assert more["href"] == reverse("seller-list")
    assert more.text == "Còn 4 nhà bán: xem tất cả"

    # A ticked seller beyond the ten stays offered, ticked, and filters.
    smallest = sellers[0]
    page = django_app.get(reverse("catalogue:index"), {"seller": smallest.pk})
    names, box = offered(page)
    assert names[-1] == smallest.name
    assert box.select_one(f'input[value="{smallest.pk}"]').has_attr("checked")
    assert len(page.html.select("article.ocop-card")) == 1
