"""Kept pages for visitors with a basket or session: everyone's page, their own parts.

A visitor who carries a basket, session or message cookie gets the kept page with the
header's basket and account links, the bottom bar's and the messages rendered for
them alone; a signed-in buyer also their "sellers near you" and "Write a review"
(shop/pagecache_holes.py).
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import (
    ProductFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)
from tests.test_page_cache import basket_count, visitor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


def bottom_basket_count(page):
    badge = page.html.select_one(".bottom-nav a[href$='/basket/'] .count-badge")
    return badge.text.strip() if badge else None


def buyer_with_basket(django_app_factory, product, capture):
    """A new visitor who added ``product`` to the basket (and read the message)."""
    buyer = visitor(django_app_factory)
    page = buyer.get(product.get_absolute_url())
    with capture(execute=True):
        page.forms["add_to_basket_form"].submit().follow()
    return buyer


def test_a_buyer_with_a_basket_gets_the_kept_page_with_their_own_basket(
    django_app_factory,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    honey = ProductFactory(title="Mật ong bạc hà")
    tea = ProductFactory(title="Chè Shan tuyết Bản Liền")
    search = reverse("search:search") + "?q=che"
    visitor(django_app_factory).get(search)  # kept by a visitor without a basket
    buyer = buyer_with_basket(
        django_app_factory, honey, django_capture_on_commit_callbacks
    )

    # Fewer queries than rendering the search page: the session, the basket and its
    # lines, nothing of the results.
    with django_assert_max_num_queries(6):
        page = buyer.get(search)
    assert page.headers["X-Page-Cache"] == "hit-personal"
    assert "Chè Shan tuyết Bản Liền" in page.text
    assert basket_count(page) == "1"
    assert bottom_basket_count(page) == "1"
    assert "private" in page.headers["Cache-Control"]
    assert "ETag" not in page.headers  # never revalidated into someone else's copy

    # The kept page itself stays everyone's.
    stranger = visitor(django_app_factory).get(search)
    assert stranger.headers["X-Page-Cache"] == "hit"
    assert basket_count(stranger) is None
    assert bottom_basket_count(stranger) is None
    assert "\x00" not in stranger.text and "\x00" not in page.text

    # Their page's forms are theirs: the tea's card adds to their own basket.
    assert tea.title in buyer.get(tea.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        buyer.get(tea.get_absolute_url()).forms["add_to_basket_form"].submit()
    assert basket_count(buyer.get(search)) == "2"


def test_the_message_after_adding_shows_once_on_the_kept_page(
    django_app_factory, django_capture_on_commit_callbacks
):
    honey = ProductFactory(title="Mật ong bạc hà")
    url = honey.get_absolute_url()
    visitor(django_app_factory).get(url)  # the product page is kept

    buyer = visitor(django_app_factory)
    with django_capture_on_commit_callbacks(execute=True):
        shown = buyer.get(url).forms["add_to_basket_form"].submit().follow()
    assert shown.headers["X-Page-Cache"] == "hit-personal"
    assert "Mật ong bạc hà" in shown.html.select_one("#messages").text
    again = buyer.get(url)
    assert again.headers["X-Page-Cache"] == "hit-personal"
    assert again.html.select_one("#messages").text.strip() == ""
    assert basket_count(again) == "1"


#: What differs between two responses of the same page for the same visitor.
_PER_RESPONSE = (
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}'), r"\1…"),
    (re.compile(r'(nonce=")[^"]+'), r"\1…"),
)


def _same_page(html: str) -> str:
    for pattern, replacement in _PER_RESPONSE:
        html = pattern.sub(replacement, html)
    return html


def _buyer_in(province: str):
    UserAddress = get_model("address", "UserAddress")
    Country = get_model("address", "Country")
    buyer = UserFactory()
    UserAddress.objects.create(
        user=buyer,
        last_name="Lan",
        line1="Bản Phủ",
        state=province,
        country=Country.objects.get_or_create(
            iso_3166_1_a2="VN", defaults={"name": "Việt Nam"}
        )[0],
    )
    return buyer


def test_a_signed_in_buyer_gets_the_kept_page_with_their_own_parts(
    django_app_factory, client, settings, home_page
):
    for name in ("HTX Chè Bản Liền", "HTX Mận Bắc Hà"):
        seller = SellerFactory(name=name, province="Lào Cai")
    SellerFactory(name="HTX Gạo Điện Biên", province="Điện Biên")
    tea = ProductFactory(title="Chè Shan tuyết Bản Liền", stockrecords=None)
    StockRecordFactory(product=tea, partner=seller)
    buyer = _buyer_in("Điện Biên")
    client.force_login(buyer)  # a session, as the login form gives
    urls = ["/", tea.get_absolute_url(), reverse("search:search") + "?q=che"]

    for url in urls:
        kept = visitor(django_app_factory).get(url)  # kept by a visitor
        assert kept.headers["X-Page-Cache"] == "miss"
        settings.PAGE_CACHE_SIGNED_IN = True
        served = client.get(url)
        assert served["X-Page-Cache"] == "hit-personal", url
        assert "private" in served["Cache-Control"] and "ETag" not in served
        # Exactly the page rendered for them by the views, but for per-response tokens.
        settings.PAGE_CACHE_SIGNED_IN = False
        rendered = client.get(url)
        assert "X-Page-Cache" not in rendered
        assert _same_page(served.content.decode()) == _same_page(
            rendered.content.decode()
        ), url
        assert b'id="login_link"' not in served.content  # their account
        assert reverse("customer:logout").encode() in served.content

    settings.PAGE_CACHE_SIGNED_IN = True
    # Their own "sellers near you" (their address's province) and "Write a review";
    # the kept page keeps everyone's.
    home = client.get("/").content.decode()
    near = BeautifulSoup(home, "html.parser").select_one(".home-near").text
    assert "HTX Gạo Điện Biên" in near and "HTX Mận Bắc Hà" not in near
    stranger = visitor(django_app_factory).get("/")
    assert stranger.headers["X-Page-Cache"] == "hit"
    near = stranger.html.select_one(".home-near").text
    assert "HTX Mận Bắc Hà" in near and "HTX Gạo Điện Biên" not in near
    assert b'id="write_review"' in client.get(tea.get_absolute_url()).content
    assert "\x00" not in home and "\x00" not in stranger.text


def test_a_buyer_who_reviewed_the_product_is_not_asked_again(
    django_app_factory, client
):
    ProductReview = get_model("reviews", "ProductReview")
    honey = ProductFactory(title="Mật ong bạc hà")
    url = honey.get_absolute_url()
    visitor(django_app_factory).get(url)
    buyer = UserFactory()
    ProductReview.objects.create(
        product=honey, user=buyer, score=5, title="Ngon", body="Thơm và sánh."
    )
    client.force_login(buyer)
    page = client.get(url)
    assert page["X-Page-Cache"] == "hit-personal"
    assert b'id="write_review"' not in page.content


def test_a_page_that_differs_for_signed_in_buyers_is_rendered_for_them(
    django_app_factory, client
):
    gone = ProductFactory(title="Mận tam hoa", stockrecords__num_in_stock=0)
    url = gone.get_absolute_url()
    stranger = visitor(django_app_factory)
    stranger.get(url)
    kept = stranger.get(url)
    assert kept.headers["X-Page-Cache"] == "hit"
    # A visitor's form asks for their e-mail address; a signed-in buyer's does not.
    assert kept.html.select_one("#alert_form input[name=email]:not([type=hidden])")

    client.force_login(UserFactory())
    page = client.get(url)
    assert "X-Page-Cache" not in page
    form = BeautifulSoup(page.content, "html.parser").select_one("#alert_form")
    assert form is not None
    assert form.select_one("input[name=email]:not([type=hidden])") is None


def test_staff_get_their_pages_rendered(django_app_factory, client):
    product = ProductFactory()
    url = product.get_absolute_url()
    visitor(django_app_factory).get(url)
    client.force_login(UserFactory(is_staff=True))
    assert "X-Page-Cache" not in client.get(url)


def test_a_visitor_not_signed_in_keeps_everyones_sellers_near_you(
    django_app_factory, django_capture_on_commit_callbacks, home_page
):
    SellerFactory(name="HTX Mận Bắc Hà", province="Lào Cai")
    honey = ProductFactory(title="Mật ong bạc hà")
    visitor(django_app_factory).get("/")
    buyer = buyer_with_basket(
        django_app_factory, honey, django_capture_on_commit_callbacks
    )
    with CaptureQueriesContext(connection) as queries:
        page = buyer.get("/")
    assert page.headers["X-Page-Cache"] == "hit-personal"
    assert "HTX Mận Bắc Hà" in page.html.select_one(".home-near").text
    assert not [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "partner_partner"')
    ]


def test_the_personal_parts_follow_the_language(
    django_app_factory, django_capture_on_commit_callbacks
):
    honey = ProductFactory(title="Mật ong bạc hà")
    buyer = buyer_with_basket(
        django_app_factory, honey, django_capture_on_commit_callbacks
    )
    english = "/en" + honey.get_absolute_url()
    visitor(django_app_factory).get(english)

    page = buyer.get(english)
    assert page.headers["X-Page-Cache"] == "hit-personal"
    mini = page.html.select_one(".basket-mini").text
    assert "Cart: 1 item" in mini and "Giỏ" not in mini
    assert "Log in" in page.html.select_one("#login_link").text


@pytest.mark.parametrize(
    "tracking",
    ["fbclid=IwAR0abc", "utm_source=facebook&utm_campaign=mua-man", "zarsrc=30"],
)
def test_a_campaign_link_with_tracking_parameters_gets_the_kept_page(
    django_app_factory, tracking
):
    ProductFactory(title="Mận tam hoa Bắc Hà")
    catalogue = reverse("catalogue:index")
    visitor(django_app_factory).get(catalogue + "?sort=newest")

    page = visitor(django_app_factory).get(f"{catalogue}?sort=newest&{tracking}")
    assert page.headers["X-Page-Cache"] == "hit"
    assert "Mận tam hoa Bắc Hà" in page.text
    assert tracking.split("=")[0] not in page.text  # no visitor's click id in links


def test_every_kind_of_storefront_page_is_the_same_for_a_signed_in_buyer(
    django_app_factory, client, settings, home_page
):
    """Beyond the home, product and search pages above: lists, category, sellers,
    a campaign page, traceability, reviews and open data show a signed-in buyer
    nothing but their own parts, so they may be served to them from the kept page."""
    Category = get_model("catalogue", "Category")
    from cms.models import CampaignPage

    tea_leaves = Category.add_root(name="Chè", slug="che")
    seller = SellerFactory(name="HTX Chè Bản Liền", code="htx-che-ban-lien")
    tea = ProductFactory(title="Chè Shan tuyết Bản Liền", stockrecords=None)
    StockRecordFactory(product=tea, partner=seller)
    tea.categories.add(tea_leaves)
    campaign = home_page.add_child(
        instance=CampaignPage(title="Mùa chè", slug="mua-che")
    )
    client.force_login(_buyer_in("Lào Cai"))
    urls = [
        reverse("catalogue:index"),
        tea_leaves.get_absolute_url(),
        reverse("seller-list"),
        reverse("seller-detail", kwargs={"code": seller.code}),
        campaign.url,
        reverse("catalogue:traceability", kwargs={"pk": tea.pk}),
        reverse(
            "catalogue:reviews-list",
            kwargs={"product_slug": tea.slug, "product_pk": tea.pk},
        ),
        reverse("open-data"),
    ]
    for url in urls:
        assert visitor(django_app_factory).get(url).headers["X-Page-Cache"] == "miss"
        settings.PAGE_CACHE_SIGNED_IN = True
        served = client.get(url)
        assert served["X-Page-Cache"] == "hit-personal", url
        settings.PAGE_CACHE_SIGNED_IN = False
        rendered = client.get(url)
        assert "X-Page-Cache" not in rendered, url
        assert _same_page(served.content.decode()) == _same_page(
            rendered.content.decode()
        ), url


def test_a_signed_in_buyers_basket_shows_on_kept_pages_empty_or_not(
    django_app_factory, django_capture_on_commit_callbacks
):
    honey = ProductFactory(title="Mật ong bạc hà")
    search = reverse("search:search") + "?q=mat"
    visitor(django_app_factory).get(search)
    buyer = django_app_factory(csrf_checks=True)
    login = buyer.get(reverse("customer:login"))
    user = UserFactory()
    password = "mật-khẩu-thử-nghiệm"  # pragma: allowlist secret (a test value)
    user.set_password(password)
    user.save()
    form = login.forms["login_form"]
    form["login-username"] = user.email
    form["login-password"] = password
    with django_capture_on_commit_callbacks(execute=True):
        form.submit("login_submit").follow()

    page = buyer.get(search)
    assert page.headers["X-Page-Cache"] == "hit-personal"
    assert basket_count(page) is None  # their basket, empty
    assert page.html.select_one("#login_link") is None
    with django_capture_on_commit_callbacks(execute=True):
        buyer.get(honey.get_absolute_url()).forms["add_to_basket_form"].submit()
    page = buyer.get(search)
    assert page.headers["X-Page-Cache"] == "hit-personal"
    assert basket_count(page) == "1" and bottom_basket_count(page) == "1"


def test_a_sellers_user_gets_the_dashboard_link_and_a_buyer_does_not(
    django_app_factory, client
):
    from shop.partner.services import seller_user_add

    product = ProductFactory()
    url = product.get_absolute_url()
    visitor(django_app_factory).get(url)
    dashboard = f'href="{reverse("dashboard:index")}"'.encode()

    seller_user = UserFactory()
    seller_user_add(partner=SellerFactory(), user=seller_user)
    client.force_login(seller_user)
    page = client.get(url)
    assert page["X-Page-Cache"] == "hit-personal" and dashboard in page.content

    client.force_login(UserFactory())
    client.get(url)
    # The buyer's own page: their session, user, basket and whether it has lines, the
    # product and whether they reviewed it; their permissions are not asked again.
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page["X-Page-Cache"] == "hit-personal" and dashboard not in page.content
    assert len(queries) <= 6
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
