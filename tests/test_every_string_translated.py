"""Every page a buyer or seller reads, in Vietnamese and in English, against the
translation catalogues (tests/language.py): on a Vietnamese page no English
message, on an English page no Vietnamese one.

"content" checks only what is between the header and the footer, "whole page" the
menus and footer too.
"""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from cms.demo_english import english_home_ensure
from shop.demo.services import DemoLoadReport
from tests.factories import (
    ProductFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)
from tests.language import leaked_vietnamese, untranslated, visible_texts
from tests.test_checkout import add_to_basket, fill_vietnamese_address

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(django_app, home_page):
    seller = SellerFactory(name="HTX Chè Bản Liền", province="Lào Cai")
    product = ProductFactory(title="Chè Shan hữu cơ", stockrecords=None)
    StockRecordFactory(product=product, partner=seller, price=Decimal(150000))
    return product


def checkout_pages(app, product):
    """The guest checkout's pages, in the current language, in order."""
    add_to_basket(app, product)
    pages = {"basket": app.get(reverse("basket:summary"))}
    gateway = app.get(reverse("checkout:index"))
    pages["gateway"] = gateway
    form = next(f for f in gateway.forms.values() if "username" in f.fields)
    form["username"] = "khach@example.com"
    form["options"] = "anonymous"
    address = form.submit().follow()
    pages["address"] = address
    form = address.forms["new_shipping_address"]
    form["province"] = "15"
    pages["address, communes"] = form.submit("address_step")
    empty = address.forms["new_shipping_address"].submit()
    pages["address, errors"] = empty
    page = fill_vietnamese_address(address).follow()
    while "view_preview" not in page.text:
        page = page.follow()
    pages["payment"] = page
    choice = page.forms["payment_method_form"]
    choice["payment_method"] = "cod"
    preview = choice.submit()
    pages["preview"] = preview
    pages["thank you"] = preview.forms["place_order_form"].submit().follow()
    return pages


def own_part(html: str) -> str:
    """The page without the site header, menus and footer (`storefront`'s)."""
    soup = BeautifulSoup(html, "html.parser")
    root = soup.find("html")
    parts = "".join(str(p) for p in soup.select(".page-header, #content_inner"))
    return f'<html lang="{root.get("lang", "")}">{parts}</html>'


def problems(page, language, part="whole page"):
    html = own_part(page.text) if part == "content" else page.text
    texts = visible_texts(html)
    return untranslated(texts) if language == "vi" else leaked_vietnamese(texts)


LANGUAGES = ["vi", "en"]
PARTS = [
    ("vi", "content"),
    ("en", "content"),
    ("vi", "whole page"),
    ("en", "whole page"),
]


@pytest.mark.parametrize(("language", "part"), PARTS)
def test_checkout_pages(django_app, shop, language, part):
    with translation.override(language):
        pages = checkout_pages(django_app, shop)
    found = {name: problems(page, language, part) for name, page in pages.items()}
    assert {name: texts for name, texts in found.items() if texts} == {}


@pytest.mark.parametrize(("language", "part"), PARTS)
def test_account_pages(django_app, shop, language, part):
    user = UserFactory(email="lan@example.com")
    with translation.override(language):
        login = django_app.get(reverse("customer:login"))
        django_app.set_user(user)
        pages = {
            "login": login,
            "profile": django_app.get(reverse("customer:profile-view")),
            "orders": django_app.get(reverse("customer:order-list")),
            "addresses": django_app.get(reverse("customer:address-list")),
            "new address": django_app.get(reverse("customer:address-create")),
        }
    found = {name: problems(page, language, part) for name, page in pages.items()}
    assert {name: texts for name, texts in found.items() if texts} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_storefront_pages(django_app, shop, home_page, language):
    if language == "en":  # the editors' English copy of the home page, as the demo's
        english_home_ensure(home=home_page, report=DemoLoadReport())
    with translation.override(language):
        pages = {
            "home": django_app.get("/" if language == "vi" else "/en/"),
            "catalogue": django_app.get(reverse("catalogue:index")),
            "product": django_app.get(shop.get_absolute_url()),
        }
    found = {name: problems(page, language) for name, page in pages.items()}
    assert {name: texts for name, texts in found.items() if texts} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_seller_dashboard_pages(django_app, shop, language):
    from shop.partner.services import seller_user_add

    seller = shop.stockrecords.get().partner
    user = UserFactory(email="che@example.com")
    seller_user_add(partner=seller, user=user)
    with translation.override(language):
        django_app.set_user(user)
        pages = {
            "dashboard": django_app.get(reverse("dashboard:index")),
            "products": django_app.get(reverse("dashboard:catalogue-product-list")),
            "orders": django_app.get(reverse("dashboard:order-list")),
        }
    found = {name: problems(page, language) for name, page in pages.items()}
    assert {name: texts for name, texts in found.items() if texts} == {}
