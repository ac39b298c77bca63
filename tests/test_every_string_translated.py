"""Every page a buyer or seller reads, in Vietnamese and in English, against the
translation catalogues (tests/language.py): on a Vietnamese page no English
message, on an English page no Vietnamese one.

"content" checks only what is between the header and the footer, "whole page" the
menus and footer too.
"""

import re
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
from tests.test_checkout import add_to_basket, vietnamese_address_fill

Category = get_model("catalogue", "Category")
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
    checkout = app.get(reverse("checkout:index"))
    pages["checkout"] = checkout
    form = checkout.forms["checkout_form"]
    form["province"] = "15"
    pages["checkout, communes"] = form.submit("address_step")
    pages["checkout, errors"] = (
        app.get(reverse("checkout:index")).forms["checkout_form"].submit()
    )
    checkout.forms["checkout_form"]["email"] = "khach@example.com"
    form = vietnamese_address_fill(checkout)
    form["payment_method"] = "cod"
    pages["thank you"] = form.submit().follow()
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
    category = Category.add_root(name="Thực phẩm", name_en="Food", slug="thuc-pham")
    shop.categories.add(category)
    with translation.override(language):
        pages = {
            "home": django_app.get("/" if language == "vi" else "/en/"),
            "catalogue": django_app.get(reverse("catalogue:index")),
            "category": django_app.get(category.get_absolute_url()),
            "product": django_app.get(shop.get_absolute_url()),
            "search": django_app.get(reverse("search:search"), {"q": "che"}),
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


def _seller_order(seller, product):
    """An order for ``product`` with one line, credited to ``seller``'s ledger."""
    from payments.models import PayoutLedgerEntry
    from tests.sellers.helpers import order_place

    order = order_place(items=[(product, 2)], email="lan@example.com")
    PayoutLedgerEntry.objects.create(
        partner=seller,
        kind="sale",
        line=order.lines.get(),
        gross=300000,
        commission=15000,
        amount=285000,
    )
    return order


@pytest.mark.parametrize("language", LANGUAGES)
def test_seller_work_screens(django_app, shop, language):
    """The screens a seller works in after the home page: its product form (new,
    with errors, an existing product), an order, its ledger and its settings."""
    from shop.partner.services import seller_user_add

    seller = shop.stockrecords.get().partner
    user = UserFactory(email="che@example.com")
    seller_user_add(partner=seller, user=user)
    order = _seller_order(seller, shop)
    with translation.override(language):
        django_app.set_user(user)
        new = django_app.get(reverse("dashboard:seller-product-create"))
        form = new.forms["seller-product-form"]
        pages = {
            "new product": new,
            "new product, errors": form.submit("action", value="publish", status=200),
            "product": django_app.get(
                reverse("dashboard:seller-product-edit", kwargs={"pk": shop.pk})
            ),
            "order": django_app.get(
                reverse("dashboard:order-detail", kwargs={"number": order.number})
            ),
            "ledger": django_app.get(reverse("payments:seller-ledger")),
            "settings": django_app.get(reverse("dashboard:seller-settings")),
        }
    assert "error-summary" in pages["new product, errors"].text
    found = {name: problems(page, language) for name, page in pages.items()}
    assert {name: texts for name, texts in found.items() if texts} == {}


@pytest.fixture
def editor(db):
    """Someone of Wagtail's editors group (pages, images, documents; no settings)."""
    from django.contrib.auth.models import Group

    user = UserFactory(email="bientap@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


#: Wagtail's default editors group, and its default workflow as renamed for
#: Vietnamese editors (cms/migrations/0003_vietnamese_workflow.py).
EDITORS = "Editors"
WORKFLOW = "Kiểm duyệt của biên tập viên"


def _wagtail_editor_pages(app, home):
    from cms.models import CampaignPage, StoryIndexPage, StoryPage

    campaign = home.add_child(
        instance=CampaignPage(title="Mùa mận Bắc Hà", summary="Mận tam hoa.")
    )
    campaign.save_revision()
    stories = home.add_child(instance=StoryIndexPage(title="Câu chuyện"))
    story = stories.add_child(instance=StoryPage(title="HTX Chè Bản Liền"))
    create = app.get(f"/admin/pages/add/cms/campaignpage/{home.pk}/")
    # The body's fields are written by the editor's scripts: posted as they would.
    form = create.forms["page-edit-form"]
    empty = {"csrfmiddlewaretoken": form["csrfmiddlewaretoken"].value}
    empty |= {"title": "", "slug": "", "body-count": "0"}
    return {
        "dashboard": app.get("/admin/"),
        "explorer": app.get(f"/admin/pages/{home.pk}/"),
        "page types": app.get(f"/admin/pages/{home.pk}/add_subpage/"),
        "new campaign": create,
        "new campaign, errors": app.post(create.request.path, empty, status=200),
        "campaign": app.get(f"/admin/pages/{campaign.pk}/edit/"),
        "home": app.get(f"/admin/pages/{home.pk}/edit/"),
        "story": app.get(f"/admin/pages/{story.pk}/edit/"),
        "images": app.get("/admin/images/"),
        "image chooser": app.get("/admin/images/chooser/"),
        "page chooser": app.get("/admin/choose-page/"),
    }


def _editor_problems(page):
    """English on a Vietnamese admin page; the side panels' hidden counters are
    left out (an empty one holds "None" until its script writes a number)."""
    soup = BeautifulSoup(page.text, "html.parser")
    for counter in soup.select("[data-side-panel-toggle-counter][hidden]"):
        counter.decompose()
    texts = visible_texts(str(soup))
    # The browser tab's title joins messages: "Sửa Trang chiến dịch: <page> - Wagtail".
    texts += re.split(r": | - ", soup.title.string) if soup.title else []
    return untranslated(texts)


def test_wagtail_editor_screens_in_vietnamese(django_app, home_page, editor):
    """What an editor opens to write and publish a campaign shows no English:
    Wagtail's own words come from its catalogue or ours, the default workflow has a
    Vietnamese name."""
    django_app.set_user(editor)
    pages = _wagtail_editor_pages(django_app, home_page)
    assert "Trang chiến dịch" in pages["new campaign"].text
    assert "alert" in pages["new campaign, errors"].text or "error" in (
        pages["new campaign, errors"].text
    )
    found = {name: _editor_problems(page) for name, page in pages.items()}
    assert {name: texts for name, texts in found.items() if texts} == {}
    # Messages built from parts the catalogue check cannot see whole ("1-2 of 2
    # pages", "5 minutes ago") and the default workflow's name.
    english = re.compile(r"\d of \d| ago\b|\bjust now\b|\d pages\b|Moderators")
    for name, page in pages.items():
        text = " ".join(" ".join(t.split()) for t in visible_texts(page.text))
        assert english.findall(text) == [], name
    assert WORKFLOW in pages["campaign"].text
