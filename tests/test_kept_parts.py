"""Parts kept under the page version, held by each worker too (issue 19).

A worker keeps in its own memory the parts it read from the shared cache
(shop/near_cache.py) and which Wagtail page an address is (cms/routing.py). What a
buyer would notice: a change shows at once, a part is never older than a kept page
may be, and a Redis emptied under running workers never brings old parts back.
Writes run inside ``django_capture_on_commit_callbacks(execute=True)``, as a
committed request's would.
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from cms.models import CampaignPage

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


def visit(django_app_factory, url, status=200):
    """``url`` for a new visitor, with the SQL its rendering ran."""
    app = django_app_factory(csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        page = app.get(url, status=status)
    return page, " ".join(q["sql"] for q in queries.captured_queries)


@pytest.fixture
def campaign(home_page, django_capture_on_commit_callbacks):
    page = CampaignPage(title="Mùa mận Bắc Hà", slug="mua-man-bac-ha")
    with django_capture_on_commit_callbacks(execute=True):
        home_page.add_child(instance=page)
        page.save_revision().publish()
    return page


def test_a_wagtail_page_is_found_once_per_version_and_its_edits_show_at_once(
    django_app_factory, django_capture_on_commit_callbacks, campaign
):
    url = campaign.url
    page, sql = visit(django_app_factory, url)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "Mùa mận Bắc Hà" in page.text

    # A new address of the same page (a campaign's link): rendered, without asking
    # the database again which site, locale and page it is.
    page, sql = visit(django_app_factory, url + "?nguon=tv")
    assert page.headers["X-Page-Cache"] == "miss"
    assert "Mùa mận Bắc Hà" in page.text
    assert "wagtailcore_site" not in sql and "wagtailcore_locale" not in sql

    campaign.title = "Mùa mận Bắc Hà 2027"
    with django_capture_on_commit_callbacks(execute=True):
        campaign.save_revision().publish()
    page, sql = visit(django_app_factory, url + "?nguon=tv")
    assert "Mùa mận Bắc Hà 2027" in page.text
    assert "wagtailcore_site" in sql  # found again under the new version

    with django_capture_on_commit_callbacks(execute=True):
        campaign.unpublish()
    visit(django_app_factory, url + "?nguon=facebook", status=404)


def test_the_home_page_in_each_language_is_its_own(django_app_factory, home_page):
    vietnamese, _ = visit(django_app_factory, "/")
    english, _ = visit(django_app_factory, "/en/")
    again, sql = visit(django_app_factory, "/?nguon=zalo")
    assert vietnamese.html.html["lang"] == again.html.html["lang"] == "vi"
    assert english.html.html["lang"] == "en"
    assert "wagtailcore_site" not in sql


def test_a_menu_a_worker_holds_is_not_shown_after_redis_was_emptied(
    django_app_factory,
):
    """Redis restarted (it keeps nothing on disk) while workers hold parts: pages
    must not show a worker's copies, even of a write the empty Redis never heard of
    (here a rename whose commit moved no version)."""
    tea = Category.add_root(name="Chè Shan tuyết", slug="che")
    catalogue = reverse("catalogue:index")
    page, _ = visit(django_app_factory, catalogue)
    assert "Chè Shan tuyết" in page.text  # in the menu, now kept and held

    tea.name = "Chè cổ thụ"
    tea.save()  # the test's transaction never commits: no version moved
    page, _ = visit(django_app_factory, catalogue + "?trang=1")
    assert "Chè Shan tuyết" in page.text  # the held menu, as it should be

    cache.delete_pattern("*") if hasattr(cache, "delete_pattern") else cache.clear()
    page, _ = visit(django_app_factory, catalogue + "?trang=2")
    assert "Chè cổ thụ" in page.text and "Chè Shan tuyết" not in page.text


def test_a_part_is_held_no_longer_than_it_may_be_kept(settings):
    """A worker that reads a part late holds it only until the part's own end, not
    for a whole new ``PAGE_CACHE_SECONDS`` (a date-dependent text, say)."""
    if "kept_parts" not in settings.CACHES:
        pytest.skip("kept parts are held by workers only with a shared cache (Redis)")
    kept = caches["kept_parts"]
    start = datetime.datetime(2026, 12, 6, 16, 58, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        kept.set("part", "Hạng 4 sao", timeout=300)
    kept.clear()  # another worker: nothing held, only what Redis has

    with time_machine.travel(start + datetime.timedelta(seconds=290), tick=False):
        assert kept.get("part") == "Hạng 4 sao"  # from Redis, now held
    with time_machine.travel(start + datetime.timedelta(seconds=301), tick=False):
        # Redis's own expiry runs on the server's clock, which the test does not
        # move: only the held copy's end is under test here.
        assert kept.get("part") is None


#: The product page's own product read (its pictures): with no other product, no
#: list of related cards reads them.
PRODUCT_PAGE_READ = "catalogue_productimage"


def test_a_product_page_at_a_new_address_shows_a_sale_and_a_review_at_once(
    django_app_factory, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from tests.factories import ProductFactory, UserFactory

    ProductReview = get_model("reviews", "ProductReview")
    plums = ProductFactory(title="Mận tam hoa Bắc Hà", ocop_stars=4)
    plums.stockrecords.update(price=Decimal(85000), num_in_stock=3)
    url = plums.get_absolute_url()
    page, sql = visit(django_app_factory, url)
    assert "Chỉ còn 3" in page.text and PRODUCT_PAGE_READ in sql

    # The English page, then a campaign's parameter: the product is not read again.
    page, sql = visit(django_app_factory, "/en" + url)
    assert "Only 3 left" in page.text and PRODUCT_PAGE_READ not in sql
    page, sql = visit(django_app_factory, url + "?nguon=tv")
    assert "Chỉ còn 3" in page.text and PRODUCT_PAGE_READ not in sql

    with django_capture_on_commit_callbacks(execute=True):
        plums.stockrecords.get().allocate(1)  # an order, as checkout places it
    page, sql = visit(django_app_factory, url + "?sau=don-hang")
    assert "Chỉ còn 2" in page.text and PRODUCT_PAGE_READ in sql

    with django_capture_on_commit_callbacks(execute=True):
        ProductReview.objects.create(
            product=plums,
            user=UserFactory(),
            score=5,
            title="Mận giòn ngọt",
            body="Giao nhanh, mận tươi.",
            status=ProductReview.APPROVED,
        )
    page = visit(django_app_factory, url + "?sau=danh-gia")[0]
    assert "Mận giòn ngọt" in page.text
    assert "Reviews (1)" in page.text or "Đánh giá (1)" in page.text
    five_stars = page.html.select(".review-bars li")[0]
    assert five_stars.select_one("progress")["value"] == "100"


def searched(sql: str) -> bool:
    """Whether the database backend searched: its rows on PostgreSQL, the products'
    folded text elsewhere."""
    marker = (
        "search_productsearchrow"
        if connection.vendor == "postgresql"
        else "search_text"
    )
    return marker in sql


def test_a_search_asked_again_is_not_searched_again_until_a_product_changes(
    django_app_factory, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from tests.factories import ProductFactory

    ProductFactory(title="Mận tam hoa Bắc Hà", ocop_stars=4)
    search = reverse("search:search") + "?q=m%E1%BA%ADn"
    page, sql = visit(django_app_factory, search)
    assert "Mận tam hoa Bắc Hà" in page.text and searched(sql)

    page, sql = visit(django_app_factory, search + "&nguon=facebook-ads")
    assert "Mận tam hoa Bắc Hà" in page.text and not searched(sql)
    assert star_counts(page) == {"4": 1}  # the filters, kept with the answer

    with django_capture_on_commit_callbacks(execute=True):
        dried = ProductFactory(title="Mận sấy dẻo Bắc Hà", ocop_stars=3)
        dried.stockrecords.update(price=Decimal(60000))
    page, sql = visit(django_app_factory, search + "&nguon=zalo")
    assert "Mận sấy dẻo Bắc Hà" in page.text and "Mận tam hoa Bắc Hà" in page.text
    assert searched(sql)
    assert star_counts(page) == {"3": 1, "4": 1}


def star_counts(page) -> dict:
    """The stars filter: the count beside each rating."""
    return {
        label.select_one("input")["value"]: int(
            label.select_one(".ocop-count").text.strip("()")
        )
        for label in page.html.select('[data-facet="stars"] label')
        if label.select_one(".ocop-count")
    }


def test_a_category_renamed_shows_at_once_on_its_page_and_in_product_crumbs(
    django_app_factory, django_capture_on_commit_callbacks
):
    from tests.factories import ProductFactory

    tea = Category.add_root(name="Chè Shan tuyết", slug="che")
    product = ProductFactory(title="Chè Bản Liền")
    product.categories.set([tea])
    url, product_url = tea.get_absolute_url(), product.get_absolute_url()
    for address in (url, url + "?nguon=tv", "/en" + url, "/en" + url + "?nguon=tv"):
        page, _ = visit(django_app_factory, address)  # each language its own address
        assert "Chè Bản Liền" in page.text
    crumbs = visit(django_app_factory, product_url)[0]
    assert "Chè Shan tuyết" in crumbs.html.select_one(".breadcrumb").text

    tea.name = "Chè cổ thụ"
    with django_capture_on_commit_callbacks(execute=True):
        tea.save()
    page, _ = visit(django_app_factory, url + "?sau=doi-ten")
    assert "Chè cổ thụ" in page.text
    crumbs = visit(django_app_factory, product_url + "?sau=doi-ten")[0]
    assert "Chè cổ thụ" in crumbs.html.select_one(".breadcrumb").text


def test_a_password_on_a_wagtail_page_applies_at_once_and_on_every_address(
    django_app_factory, django_capture_on_commit_callbacks, campaign
):
    from wagtail.models import PageViewRestriction

    url = campaign.url
    assert "Mùa mận Bắc Hà" in visit(django_app_factory, url)[0].text
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=campaign,
            restriction_type=PageViewRestriction.PASSWORD,
            password="man-bac-ha",  # noqa: S106 (an obvious test value)
        )
    for address in (url + "?nguon=tv", url + "?nguon=zalo"):
        page, _ = visit(django_app_factory, address)
        assert 'name="password"' in page.text
        assert "Mùa mận Bắc Hà" not in page.html.select_one("main, body").text

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    page, _ = visit(django_app_factory, url + "?nguon=facebook")
    assert "Mùa mận Bắc Hà" in page.text and 'name="password"' not in page.text
