"""Visitors' pages from the shared cache: fresh at once, never another's, CSRF-safe.

Writes bump the page version when their transaction commits; in these tests the
surrounding test transaction never commits, so writes run inside
``django_capture_on_commit_callbacks(execute=True)``, as a committed request would.
"""

import re

import pytest
from django.urls import reverse

from catalogue.ocop import OcopGroup
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


def basket_count(page):
    """The number on the header's basket, or None when the basket is empty."""
    badge = page.html.select_one(".basket-mini .count-badge")
    return badge.text.strip() if badge else None


def visitor(django_app_factory):
    """A new browser: no cookies at all."""
    return django_app_factory(csrf_checks=True)


def test_a_second_visitor_gets_the_kept_page_without_touching_the_database(
    django_app_factory, django_assert_num_queries
):
    product = ProductFactory(title="Chè Shan tuyết Bản Liền")
    url = product.get_absolute_url()

    first = visitor(django_app_factory).get(url)
    assert first.headers["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = visitor(django_app_factory).get(url)
    assert second.headers["X-Page-Cache"] == "hit"
    assert "Chè Shan tuyết Bản Liền" in second.text
    assert "Cookie" in second.headers["Vary"]
    assert second.headers["ETag"].startswith('W/"')


def test_a_price_change_shows_at_once(
    django_app_factory, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    url = product.get_absolute_url()
    visitor(django_app_factory).get(url)
    assert "150.000\xa0₫" in visitor(django_app_factory).get(url).text  # kept

    stockrecord = product.stockrecords.get()
    stockrecord.price = 180000
    with django_capture_on_commit_callbacks(execute=True):
        stockrecord.save()

    page = visitor(django_app_factory).get(url)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "180.000\xa0₫" in page.text and "150.000\xa0₫" not in page.text


def test_a_new_product_appears_in_the_catalogue_at_once(
    django_app_factory, django_capture_on_commit_callbacks
):
    ProductFactory(title="Mận tam hoa sấy dẻo")
    catalogue = reverse("catalogue:index")
    visitor(django_app_factory).get(catalogue)
    assert visitor(django_app_factory).get(catalogue).headers["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        ProductFactory(title="Miến dong Bản Lầu")

    assert "Miến dong Bản Lầu" in visitor(django_app_factory).get(catalogue).text


def test_a_buyers_basket_never_appears_in_another_visitors_page(
    django_app_factory, django_capture_on_commit_callbacks
):
    honey = ProductFactory(title="Mật ong bạc hà")
    ProductFactory(title="Chè Shan tuyết Bản Liền")
    search = reverse("search:search") + "?q=che"

    buyer = visitor(django_app_factory)
    page = buyer.get(honey.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        page.forms["add_to_basket_form"].submit().follow()
    buyers_page = buyer.get(search)
    assert "X-Page-Cache" not in buyers_page.headers  # rendered for the buyer alone
    assert basket_count(buyers_page) == "1"  # the buyer's basket, in the header

    stranger = visitor(django_app_factory).get(search)
    assert stranger.headers["X-Page-Cache"] == "miss"  # the buyer's page was not kept
    assert basket_count(stranger) is None
    another = visitor(django_app_factory).get(search)
    assert another.headers["X-Page-Cache"] == "hit"
    assert basket_count(another) is None


def test_a_page_rendered_for_a_signed_in_buyer_is_never_kept(django_app_factory):
    product = ProductFactory()
    user = UserFactory()
    page = django_app_factory(csrf_checks=True).get(
        product.get_absolute_url(), user=user
    )
    assert "X-Page-Cache" not in page.headers
    assert visitor(django_app_factory).get(product.get_absolute_url()).headers[
        "X-Page-Cache"
    ] == ("miss")


def test_each_visitor_gets_its_own_csrf_token_and_a_forged_post_is_refused(
    django_app_factory,
):
    product = ProductFactory()
    url = product.get_absolute_url()
    visitor(django_app_factory).get(url)  # keeps the page

    alice = visitor(django_app_factory)
    alices_page = alice.get(url)
    bob = visitor(django_app_factory)
    bobs_page = bob.get(url)
    assert alices_page.headers["X-Page-Cache"] == bobs_page.headers["X-Page-Cache"]
    assert bobs_page.headers["X-Page-Cache"] == "hit"
    alices_token = TOKEN.search(alices_page.text).group(1)
    assert alices_token != TOKEN.search(bobs_page.text).group(1)
    assert "private" in bobs_page.headers["Cache-Control"]

    # Bob's own token from the kept page works with Bob's cookie...
    added = bobs_page.forms["add_to_basket_form"].submit()
    assert added.status_code == 302
    # ...while Alice's token sent with Bob's cookie is a forgery.
    form = dict(bobs_page.forms["add_to_basket_form"].submit_fields())
    form["csrfmiddlewaretoken"] = alices_token
    bob.cookies.pop("csrftoken", None)
    forged = bob.post(
        bobs_page.forms["add_to_basket_form"].action, form, expect_errors=True
    )
    assert forged.status_code == 403


def test_the_browser_revalidates_with_the_etag_and_gets_a_304(django_app_factory):
    product = ProductFactory()
    url = product.get_absolute_url()
    etag = visitor(django_app_factory).get(url).headers["ETag"]

    again = visitor(django_app_factory).get(
        url, headers={"If-None-Match": etag}, status=304
    )
    assert again.body == b""


def test_private_pages_are_never_kept(django_app_factory):
    for url in (reverse("basket:summary"), "/healthz", reverse("customer:login")):
        visitor(django_app_factory).get(url)
        page = visitor(django_app_factory).get(url)
        assert page.headers.get("X-Page-Cache") is None, url


@pytest.mark.parametrize(
    "card_cache", [True, False], ids=["cards kept", "no card cache"]
)
def test_an_order_retires_only_the_pages_that_show_its_product(
    django_app_factory, django_capture_on_commit_callbacks, settings, card_cache
):
    """During a campaign orders come every second: each must not empty the cache,
    yet the ordered product's stock shows at once wherever it is shown."""
    if not card_cache:  # PRODUCT_CARD_CACHE=false
        settings.CACHES = {
            alias: config
            for alias, config in settings.CACHES.items()
            if alias != "product_cards"
        }
    plums = ProductFactory(title="Mận tam hoa Bắc Hà")
    # Another seller and OCOP group: the plums are not among its related products.
    tea = ProductFactory(
        title="Chè Shan tuyết Bản Liền", ocop_group=OcopGroup.BEVERAGES
    )
    record = plums.stockrecords.get()
    record.num_in_stock = 3
    record.save()
    catalogue = reverse("catalogue:index")
    pages = [plums.get_absolute_url(), tea.get_absolute_url(), catalogue]
    for url in pages:
        visitor(django_app_factory).get(url)
        assert visitor(django_app_factory).get(url).headers["X-Page-Cache"] == "hit"
    assert "Còn hàng (còn 3)" in visitor(django_app_factory).get(pages[0]).text

    with django_capture_on_commit_callbacks(execute=True):
        record.allocate(1)  # an order, as checkout places it

    tea_page = visitor(django_app_factory).get(tea.get_absolute_url())
    assert tea_page.headers["X-Page-Cache"] == "hit"  # shows nothing that changed
    plums_page = visitor(django_app_factory).get(plums.get_absolute_url())
    assert plums_page.headers["X-Page-Cache"] == "miss"
    assert "Còn hàng (còn 2)" in plums_page.text
    listing = visitor(django_app_factory).get(catalogue)
    assert listing.headers["X-Page-Cache"] == "miss"  # it shows the plums' card
    assert visitor(django_app_factory).get(catalogue).headers["X-Page-Cache"] == "hit"

    # The last units: every page goes (lists, facets and counts change).
    with django_capture_on_commit_callbacks(execute=True):
        record.allocate(2)
    assert visitor(django_app_factory).get(tea.get_absolute_url()).headers[
        "X-Page-Cache"
    ] == ("miss")
    card = (
        visitor(django_app_factory)
        .get(catalogue)
        .html.select_one(f'article:has(a[href="{plums.get_absolute_url()}"])')
    )
    assert "Hết hàng" in card.get_text()


def test_an_order_counted_on_an_offer_keeps_the_pages_until_the_offer_is_used_up(
    django_app_factory, django_capture_on_commit_callbacks
):
    """A campaign discount is counted at every order (Oscar saves the whole offer):
    that retires no page, but using it up or editing it does."""
    from decimal import Decimal

    from oscar.core.loading import get_model
    from oscar.test.factories import create_offer

    ConditionalOffer = get_model("offer", "ConditionalOffer")
    url = ProductFactory().get_absolute_url()
    offer = create_offer(name="Mùa mận Bắc Hà")
    ConditionalOffer.objects.filter(pk=offer.pk).update(max_global_applications=2)

    def kept():
        visitor(django_app_factory).get(url)
        return visitor(django_app_factory).get(url).headers["X-Page-Cache"] == "hit"

    def order_counted():
        with django_capture_on_commit_callbacks(execute=True):
            ConditionalOffer.objects.get(pk=offer.pk).record_usage(
                {"freq": 1, "discount": Decimal(10000)}
            )
        return visitor(django_app_factory).get(url).headers["X-Page-Cache"]

    assert kept()
    assert order_counted() == "hit"  # one of two uses: still on
    assert order_counted() == "miss"  # used up: the offer is gone from the shop
    assert ConditionalOffer.objects.get(pk=offer.pk).status == "Consumed"

    assert kept()
    renamed = ConditionalOffer.objects.get(pk=offer.pk)
    renamed.name = "Mùa đào Sa Pa"
    with django_capture_on_commit_callbacks(execute=True):
        renamed.save()
    assert visitor(django_app_factory).get(url).headers["X-Page-Cache"] == "miss"


def test_a_whole_order_keeps_the_pages_of_other_products(
    django_app_factory, django_capture_on_commit_callbacks
):
    """A placed order writes more than the allocation (its lines, each seller's
    delivery charge, the buyer's language): none of it retires other pages."""
    from tests.sellers.helpers import order_place, product_of, seller_with_login

    seller, _user = seller_with_login(name="HTX Mận Bắc Hà", email="man@x.vn")
    plums = product_of(seller, title="Mận tam hoa Bắc Hà", price=85000, sku="MAN-1")
    tea = ProductFactory(
        title="Chè Shan tuyết Bản Liền", ocop_group=OcopGroup.BEVERAGES
    )
    visitor(django_app_factory).get(tea.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        order = order_place(items=[(plums, 1)])
    assert order.seller_shipping_charges.exists()

    tea_page = visitor(django_app_factory).get(tea.get_absolute_url())
    assert tea_page.headers["X-Page-Cache"] == "hit"


def test_every_token_of_the_visitor_becomes_a_hole_wherever_it_stands():
    """A page is kept only after the visitor's own CSRF tokens are taken out of it:
    at its very start and end, side by side, in an attribute or a script; a run of
    letters that only looks like a token, and another visitor's token, stay."""
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from shop.pagecache_holes import CSRF_HOLE, holes_punched

    visitor, other = RequestFactory().get("/"), RequestFactory().get("/")
    mine = [get_token(visitor).encode() for _ in range(3)]
    theirs = get_token(other).encode()
    assert len(set(mine)) == 3  # each masked differently
    page = (
        mine[0]
        + b'<input value="'
        + mine[1]
        + b'">'
        + mine[2]
        + b","
        + mine[0]
        + b" Q"
        + mine[1]
        + b" <p>"
        + theirs
        + b"</p>"
        + "thẻ ".encode()
        + mine[2]
    )

    kept = holes_punched(visitor, page)

    assert kept.count(CSRF_HOLE) == 5
    assert kept.count(b"Q" + mine[1]) == 1  # 65 letters: no token
    assert mine[0] not in kept and mine[2] not in kept
    assert theirs in kept
    assert kept.startswith(CSRF_HOLE) and kept.endswith(CSRF_HOLE)
