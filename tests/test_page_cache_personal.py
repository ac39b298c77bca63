"""Kept pages for visitors with a basket or session: everyone's page, their own parts.

A visitor who is not signed in but carries a basket, session or message cookie gets
the kept page with the header's basket and account links, the bottom bar's and the
messages rendered for them alone (shop/pagecache_holes.py).
"""

import pytest
from django.urls import reverse

from tests.factories import ProductFactory, UserFactory
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


def test_a_signed_in_buyer_gets_the_page_rendered_even_when_it_is_kept(
    django_app_factory, client
):
    product = ProductFactory()
    url = product.get_absolute_url()
    visitor(django_app_factory).get(url)
    assert visitor(django_app_factory).get(url).headers["X-Page-Cache"] == "hit"

    client.force_login(UserFactory())  # a session, as the login form gives
    page = client.get(url)
    assert "X-Page-Cache" not in page.headers
    assert b'id="login_link"' not in page.content  # their account, not "Log in"
    assert reverse("customer:logout").encode() in page.content


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
