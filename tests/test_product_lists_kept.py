"""Lists of product cards kept between pages (catalogue/listings.py, issue 19).

A page not kept yet (a new address, the first visitor after a write) shows the same
cards as pages rendered before it. Its list is not read again, yet whatever a buyer
would notice (a sale, a price, a new product, a rating that lapsed at midnight) shows
on the next page rendered after it. Writes run inside
``django_capture_on_commit_callbacks(execute=True)``, as a committed request's would.
"""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
CARD = re.compile(r'<article class="product_pod ocop-card">.*?</article>', re.S)
#: The pictures of listed products: read only with the products of a list.
LIST_READ = "catalogue_productimage"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


def visit(django_app_factory, url):
    """``url`` for a new visitor, with the SQL its rendering ran."""
    app = django_app_factory(csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        page = app.get(url)
    return page, " ".join(q["sql"] for q in queries.captured_queries)


def cards(page) -> list[str]:
    return CARD.findall(page.text)


def card_of(page, product) -> str:
    url = product.get_absolute_url()
    return next(card for card in cards(page) if f'href="{url}"' in card)


@pytest.fixture
def two_products():
    plums = ProductFactory(title="Mận tam hoa Bắc Hà", ocop_stars=4)
    tea = ProductFactory(title="Chè Shan tuyết Bản Liền", ocop_stars=5)
    plums.stockrecords.update(price=Decimal(85000), num_in_stock=3)
    tea.stockrecords.update(price=Decimal(150000), num_in_stock=40)
    return plums, tea


def test_a_new_page_with_a_list_shown_before_does_not_read_it_again(
    django_app_factory, two_products, settings
):
    first, sql = visit(django_app_factory, reverse("catalogue:index"))
    assert first.headers["X-Page-Cache"] == "miss"
    assert LIST_READ in sql
    assert len(cards(first)) == 2

    # Another address of the same list: the page is new, its cards are not.
    again, sql = visit(django_app_factory, reverse("catalogue:index") + "?from=zalo")
    assert again.headers["X-Page-Cache"] == "miss"
    assert LIST_READ not in sql
    assert [TOKEN.sub("", c) for c in cards(again)] == [
        TOKEN.sub("", c) for c in cards(first)
    ]
    # Each visitor's own token, valid for their basket form.
    assert TOKEN.search(cards(again)[0]).group(1) != TOKEN.search(
        cards(first)[0]
    ).group(1)
    form = again.forms[next(k for k, f in again.forms.items() if "basket" in f.action)]
    assert form.submit().status_code == 302

    # Without any keeping, the same cards are rendered.
    settings.PAGE_CACHE = False
    rendered, sql = visit(django_app_factory, reverse("catalogue:index") + "?x=1")
    assert LIST_READ in sql
    assert [TOKEN.sub("", c) for c in cards(rendered)] == [
        TOKEN.sub("", c) for c in cards(first)
    ]


def test_a_sale_shows_on_the_next_new_page_that_lists_the_product(
    django_app_factory, django_capture_on_commit_callbacks, two_products
):
    plums, tea = two_products
    page, _ = visit(django_app_factory, reverse("catalogue:index"))
    assert "Chỉ còn 3" in card_of(page, plums)

    with django_capture_on_commit_callbacks(execute=True):
        plums.stockrecords.get().allocate(1)  # an order, as checkout places it

    page, sql = visit(django_app_factory, reverse("catalogue:index") + "?after=sale")
    assert "Chỉ còn 2" in card_of(page, plums)
    assert LIST_READ in sql  # the list showed the plums' stock: read again
    # And the new list is kept in its turn.
    page, sql = visit(django_app_factory, reverse("catalogue:index") + "?once=more")
    assert "Chỉ còn 2" in card_of(page, plums)
    assert LIST_READ not in sql


def test_a_new_price_and_a_new_product_show_on_the_next_new_page(
    django_app_factory, django_capture_on_commit_callbacks, two_products, home_page
):
    plums, tea = two_products
    for url in ("/", reverse("catalogue:index")):
        page, _ = visit(django_app_factory, url)
        assert "85.000" in card_of(page, plums)

    with django_capture_on_commit_callbacks(execute=True):
        record = plums.stockrecords.get()
        record.price = Decimal(79000)
        record.save()
        honey = ProductFactory(title="Mật ong bạc hà", ocop_stars=5)

    for url in ("/?after=price", reverse("catalogue:index") + "?after=price"):
        page, _ = visit(django_app_factory, url)
        card = card_of(page, plums)
        assert "79.000" in card and "85.000" not in card
        assert "Mật ong bạc hà" in card_of(page, honey)


def test_a_rating_that_lapsed_at_midnight_leaves_the_home_grid_at_once(
    django_app_factory, two_products, home_page
):
    """The home page's grid picks currently rated products: its kept choice is the
    day's. Midnight in Vietnam is 17:00 in UTC, CI's time zone."""
    plums, tea = two_products
    vietnam = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    before = datetime.datetime(2026, 12, 7, 23, 58, tzinfo=vietnam)
    plums.ocop_valid_until = before.date()
    plums.save()
    with time_machine.travel(before, tick=False):
        page, _ = visit(django_app_factory, "/")
    assert "Mận tam hoa Bắc Hà" in page.text

    # Three minutes later: well within what the cache keeps, but a new day.
    with time_machine.travel(before + datetime.timedelta(minutes=3), tick=False):
        page, _ = visit(django_app_factory, "/?next=day")
    assert "Mận tam hoa Bắc Hà" not in page.text
    assert "Chè Shan tuyết Bản Liền" in page.text
