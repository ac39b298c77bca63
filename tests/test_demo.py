"""The demo loader: what it creates, and that loading again adds nothing."""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from cms.demo import DEMO_TEXT_NOTICE
from cms.models import (
    CampaignPage,
    HomePage,
    NavigationSettings,
    StoryIndexPage,
    StoryPage,
)
from payments.markets.models import Market, Stall, StallPayment
from payments.markets.selectors import stall_has_working_qr
from shop.demo import data, services
from shop.demo.management.commands import load_demo as load_demo_command

Bank = get_model("partner", "Bank")
Category = get_model("catalogue", "Category")
Country = get_model("address", "Country")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

pytestmark = pytest.mark.django_db

EXPIRED_UPC = "OCOP-LC-002"  # Gạo Séng Cù, rated in 2018


def row_counts():
    """Rows of everything the loader writes, by kind."""
    return {
        "countries": Country.objects.count(),
        "categories": Category.objects.count(),
        "sellers": Partner.objects.count(),
        "seller users": Partner.users.through.objects.count(),
        "products": Product.objects.count(),
        "product categories": ProductCategory.objects.count(),
        "stock records": StockRecord.objects.count(),
        "images": ProductImage.objects.count(),
        "users": User.objects.count(),
        "user permissions": User.user_permissions.through.objects.count(),
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
        "wagtail images": get_image_model().objects.count(),
        "navigation settings": NavigationSettings.objects.count(),
        "markets": Market.objects.count(),
        "stalls": Stall.objects.count(),
        "stall payments": StallPayment.objects.count(),
    }


def edit_demo_rows():
    """What people do to the demo between two loads: some to undo, some to keep."""
    product = Product.objects.get(upc="OCOP-LC-001")
    product.title = "Edited title"
    product.save()
    stock = product.stockrecords.get()
    stock.price = 1
    stock.num_in_stock = 3
    stock.save()
    Partner.objects.filter(code="htx-quang-tom").update(description="Edited")
    Category.objects.filter(slug="thuc-pham").update(name="Edited")
    User.objects.filter(email="admin@example.com").update(is_superuser=False)
    buyer = User.objects.get(email="buyer@example.com")
    buyer.set_password("changed-by-buyer")
    buyer.save()
    HomePage.objects.update(title="Edited by an editor")
    # As in a demo database loaded before categories and the footer had English.
    Category.objects.update(name_en="")
    NavigationSettings.objects.update(footer_text_en="")
    image = ProductImage.objects.get(code="demo-OCOP-LC-003")
    image.original.storage.delete(image.original.name)


@dataclass
class DemoLoads:
    counts_after_first: dict
    counts_after_second: dict
    output: str
    media_root: Path


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded, edited, and loaded again, once for the whole module.

    Loading is the slow part, so it runs once inside a transaction that is rolled
    back at the end of the module, leaving other test modules an empty database.
    """
    media_root = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEBUG=True,
            MEDIA_ROOT=media_root,
            # The loader's speed, not the password hasher's, is under test here.
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        first = row_counts()
        edit_demo_rows()
        output = io.StringIO()
        call_command("load_demo", stdout=output)
        yield DemoLoads(first, row_counts(), output.getvalue(), media_root)
        transaction.set_rollback(True)


def test_second_load_adds_no_rows(demo):
    assert demo.counts_after_second == demo.counts_after_first
    assert all(demo.counts_after_first.values())


def test_second_load_restores_demo_values(demo):
    product = Product.objects.get(upc="OCOP-LC-001")
    assert product.title == "Chè Shan hữu cơ Bản Liền"
    assert product.stockrecords.get().price == 250000
    assert data.DEMO_NOTICE in Partner.objects.get(code="htx-quang-tom").description
    assert Category.objects.get(slug="thuc-pham").name == "Thực phẩm"
    assert User.objects.get(email="admin@example.com").is_superuser


def test_second_load_keeps_what_users_changed(demo):
    assert Product.objects.get(upc="OCOP-LC-001").stockrecords.get().num_in_stock == 3
    assert User.objects.get(email="buyer@example.com").check_password(
        "changed-by-buyer"
    )
    assert (
        HomePage.objects.get(locale=Locale.get_default()).title == "Edited by an editor"
    )


def test_second_load_redraws_a_missing_image_in_place(demo):
    image = ProductImage.objects.get(code="demo-OCOP-LC-003")
    assert (demo.media_root / image.original.name).is_file()


def test_loads_a_dozen_products_from_six_sellers(demo):
    assert Product.objects.count() >= 12
    sellers_with_products = Partner.objects.filter(stockrecords__isnull=False)
    assert sellers_with_products.distinct().count() >= 6
    assert set(Product.objects.values_list("upc", flat=True)) == {
        product.upc for product in data.PRODUCTS
    }


def test_every_product_is_a_complete_ocop_listing(demo):
    for product in Product.objects.prefetch_related("categories", "stockrecords"):
        assert product.product_class.slug == "ocop"
        assert product.ocop_stars in (3, 4, 5)
        assert product.ocop_group and product.ocop_decision_number
        assert product.origin_commune and product.origin_province == "Lào Cai"
        assert data.DEMO_NOTICE in product.description
        assert [c.slug for c in product.categories.all()] == [
            data.CATEGORIES[product.ocop_group].slug
        ]
        assert len(product.stockrecords.all()) == 1


def test_only_seng_cu_rice_has_an_expired_rating(demo):
    not_current = {p.upc for p in Product.objects.all() if not p.ocop_is_current}
    assert not_current == {EXPIRED_UPC}
    assert Product.objects.get(upc=EXPIRED_UPC).ocop_has_expired
    current = set(Product.objects.currently_rated().values_list("upc", flat=True))
    assert EXPIRED_UPC not in current
    assert len(current) == Product.objects.count() - 1


def test_prices_are_whole_dong(demo):
    for stock in StockRecord.objects.all():
        assert stock.price_currency == "VND"
        assert stock.price > 0
        assert stock.price == stock.price.to_integral_value()
        assert stock.partner_sku == stock.product.upc


def test_stock_starts_between_20_and_200(demo):
    edited = Product.objects.get(upc="OCOP-LC-001")
    for stock in StockRecord.objects.exclude(product=edited):
        assert 20 <= stock.num_in_stock <= 200


def test_sellers_have_two_level_addresses_and_demo_bank_accounts(demo):
    agribank = Bank.objects.get(bin="970405")
    assert Partner.objects.filter(bank=agribank).exists()
    for seller in Partner.objects.all():
        assert seller.commune and seller.province == "Lào Cai"
        assert seller.location == f"{seller.commune}, Lào Cai"
        assert seller.phone
        assert seller.bank and seller.bank_account_number.startswith("0000")
        assert seller.bank_account_holder
        assert data.DEMO_NOTICE in seller.description


def test_market_vendors_sell_at_the_stall_only(demo):
    vendors = Partner.objects.filter(seller_type=Partner.SellerType.MARKET_VENDOR)
    assert vendors.exists()
    assert not StockRecord.objects.filter(partner__in=vendors).exists()


def test_the_demo_has_a_cho_4_0_market_with_vendor_logins(demo):
    market = Market.objects.get(name="Chợ Bến Đò")
    assert market.province == "Lào Cai" and market.commune == "Âu Lâu"
    stalls = list(market.stalls.select_related("vendor__bank"))
    assert 6 <= len(stalls) <= 10
    manager = User.objects.get(email="manager@example.com")
    assert manager.check_password("demo-manager")
    assert list(market.managers.all()) == [manager]
    for number, stall in enumerate(sorted(stalls, key=lambda s: int(s.number)), 1):
        vendor = stall.vendor
        assert vendor.seller_type == Partner.SellerType.MARKET_VENDOR
        login = User.objects.get(email=f"vendor{number}@example.com")
        assert login.check_password(f"demo-vendor{number}")
        assert list(login.partners.all()) == [vendor]
        # Its standee QR can be built: a bank and an account.
        assert stall_has_working_qr(stall)
    # Past weeks' transfers, so the board shows adoption; none today.
    assert StallPayment.objects.filter(stall__market=market).exists()
    assert not StallPayment.objects.filter(
        received_at__date__gte=timezone.localdate()
    ).exists()


def test_known_producers_sell_their_products(demo):
    assert set(
        Partner.objects.filter(
            code__in=["htx-che-ban-lien", "htx-quang-tom", "htx-son-hoa"]
        ).values_list("name", flat=True)
    ) == {"HTX Chè Bản Liền", "HTX Quang Tom", "HTX Sơn Hòa"}
    tea = Product.objects.get(upc="OCOP-LC-001")
    assert tea.stockrecords.get().partner.code == "htx-che-ban-lien"


def test_demo_rows_pass_model_validation(demo):
    for instance in [
        *Partner.objects.all(),
        *Product.objects.all(),
        *StockRecord.objects.all(),
    ]:
        instance.full_clean()


def test_every_product_has_one_generated_jpeg(demo):
    for product in Product.objects.prefetch_related("images"):
        images = list(product.images.all())
        assert [image.code for image in images] == [f"demo-{product.upc}"]
        with Image.open(demo.media_root / images[0].original.name) as picture:
            assert picture.format == "JPEG"
            assert picture.size == (800, 800)


def test_viet_nam_is_the_shipping_country(demo):
    country = Country.objects.get(iso_3166_1_a2="VN")
    assert country.iso_3166_1_a3 == "VNM" and country.iso_3166_1_numeric == "704"
    assert country.printable_name == "Việt Nam" and country.is_shipping_country


def test_demo_logins(demo):
    admin = User.objects.get(email="admin@example.com")
    assert admin.is_staff and admin.is_superuser
    assert admin.check_password("demo-admin")

    seller = User.objects.get(email="seller@example.com")
    assert seller.check_password("demo-seller")
    assert not seller.is_staff and not seller.is_superuser
    assert seller.has_perm("partner.dashboard_access")
    assert list(seller.partners.values_list("code", flat=True)) == ["htx-che-ban-lien"]

    buyer = User.objects.get(email="buyer@example.com")
    assert not buyer.is_staff and not buyer.has_perm("partner.dashboard_access")


def test_output_lists_the_demo_logins(demo):
    for user in data.USERS:
        assert user.email in demo.output and user.password in demo.output


def test_home_page_is_the_default_sites_root(demo):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale == Locale.get_default()
    assert site.root_page.depth == 2
    # Wagtail's welcome page is gone; the English home is the translation beside it.
    assert Page.objects.filter(depth=2, locale=Locale.get_default()).count() == 1
    assert site.root_page.get_translations().get().locale.language_code == "en"


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())


def test_refuses_to_run_before_migrations(demo, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(
        load_demo_command,
        "_unapplied_migrations",
        lambda: [("catalogue", "0099_future")],
    )
    with pytest.raises(CommandError, match="manage.py migrate"):
        call_command("load_demo", stdout=io.StringIO())


def test_missing_bank_is_a_clear_error(demo, settings):
    settings.DEBUG = True
    Partner.objects.filter(bank__bin="970422").delete()
    Bank.objects.filter(bin="970422").delete()
    with pytest.raises(CommandError, match="970422"):
        call_command("load_demo", stdout=io.StringIO())


def test_failed_load_leaves_no_image_files(demo, settings, media_root, monkeypatch):
    # The per-test MEDIA_ROOT is empty, so the load draws every image again.
    settings.DEBUG = True

    def fail(**kwargs):
        raise services.DemoDataError("Wagtail is broken")

    monkeypatch.setattr(services, "home_page_install", fail)
    images_before = list(ProductImage.objects.values_list("original", flat=True))
    with pytest.raises(CommandError, match="Wagtail is broken"):
        call_command("load_demo", stdout=io.StringIO())
    assert not [path for path in Path(media_root).rglob("*") if path.is_file()]
    assert list(ProductImage.objects.values_list("original", flat=True)) == (
        images_before
    )


def test_demo_home_page_is_built_from_blocks_with_products_and_sellers(demo, client):
    home = HomePage.objects.get(locale=Locale.get_default())
    assert [block.block_type for block in home.body] == [
        "hero",
        "rich_text",
        "product_grid",
        "seller_spotlight",
        "story_list",
        "call_to_action",
    ]
    page = client.get("/").content.decode()
    assert "Chè Shan hữu cơ Bản Liền" in page and "250.000" in page
    assert "HTX Quang Tom" in page and "HTX Sơn Hòa" in page
    assert "Mùa mận Bắc Hà" in page  # menu and hero button lead to the campaign


def test_demo_has_a_campaign_and_two_stories_about_real_cooperatives(demo, client):
    campaign = CampaignPage.objects.live().get(locale=Locale.get_default())
    assert campaign.title == "Mùa mận Bắc Hà"
    stories = (
        StoryPage.objects.live()
        .filter(locale=Locale.get_default())
        .select_related("seller")
    )
    assert {story.seller.code for story in stories} == {
        "htx-che-ban-lien",
        "htx-quang-tom",
    }
    for story in stories:
        assert DEMO_TEXT_NOTICE in str(story.body)
        assert story.seller.name in client.get(story.url).content.decode()
    assert client.get(campaign.url).status_code == 200


def test_demo_menus_and_footer_are_editable_settings(demo):
    navigation = NavigationSettings.objects.get()
    assert len(navigation.primary_menu) == 2
    assert len(navigation.footer_links) == 3
    assert DEMO_TEXT_NOTICE in navigation.footer_text


def test_the_home_page_exists_in_english(demo, client):
    english = client.get("/en/")
    assert english.status_code == 200
    assert "Featured OCOP products" in english.text
    assert "Sản phẩm OCOP nổi bật" not in english.text
    vietnamese = client.get("/")
    assert "Sản phẩm OCOP nổi bật" in vietnamese.text


def test_the_campaign_and_stories_exist_in_english_with_english_menus(demo, client):
    from tests.language import leaked_vietnamese, visible_texts

    english = Locale.objects.get(language_code="en")
    default = Locale.get_default()
    pages = [
        CampaignPage.objects.get(locale=default),
        StoryIndexPage.objects.get(locale=default),
        *StoryPage.objects.filter(locale=default),
    ]
    assert len(pages) == 4
    for page in pages:
        translation = page.get_translation(english)
        assert translation.live
        assert translation.url == "/en" + page.url  # e.g. /en/mua-man-bac-ha/
        html = client.get(translation.url).content.decode()
        assert 'lang="en"' in html
        soup = BeautifulSoup(html, "html.parser")
        assert leaked_vietnamese(visible_texts(str(soup))) == [], page.url
        # (Wagtail's images have one title, the alt text, in every language.)
        text = soup.get_text()
        assert translation.title in text and page.title not in text, page.url
        for area in ("header nav", "footer"):
            for link in soup.select(f"{area} a[href^='/']:not([hreflang])"):
                if link["href"].startswith(("/api/", "/open-data/ocop-products")):
                    continue  # the API and the data files: one address
                assert link["href"].startswith("/en/"), (page.url, link)
    assert client.get("/en/mua-man-bac-ha/").status_code == 200
    # Loaded twice (the fixture): one English copy each, nothing added.
    assert CampaignPage.objects.filter(locale=english).count() == 1
    assert StoryPage.objects.filter(locale=english).count() == 2


def test_second_load_gives_every_demo_category_its_english_name(demo):
    by_slug = {category.slug: category for category in data.CATEGORIES.values()}
    rows = list(Category.objects.all())
    assert rows
    for row in rows:  # found by the slug, which is unchanged
        assert row.name_en == by_slug[row.slug].name_en and row.name_en != row.name


def test_second_load_gives_the_footer_its_english_text(demo):
    navigation = NavigationSettings.objects.get()
    assert "trade promotion centre" in navigation.footer_text_en
    assert DEMO_TEXT_NOTICE in navigation.footer_text


def _storefront_pages(client, language):
    """Home, catalogue, a category, a product and a search with facets."""
    from django.urls import reverse
    from django.utils import translation

    product = Product.objects.get(upc="OCOP-LC-001")
    with translation.override(language):
        urls = {
            "home": "/" if language == "vi" else "/en/",
            "catalogue": reverse("catalogue:index"),
            "category": product.categories.get().get_absolute_url(),
            "product": product.get_absolute_url(),
            "search": reverse("search:search") + "?q=lao+cai",
        }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        pages[name] = response.content.decode()
    return pages


def _shown(html):
    from tests.language import visible_texts

    return {" ".join(text.split()) for text in visible_texts(html)}


#: The demo footer's first sentence in each language (cms/demo.py, demo_english.py).
FOOTER_VI = "Chợ OCOP Lào Cai do trung tâm xúc tiến thương mại của tỉnh vận hành."
FOOTER_EN = "Chợ OCOP Lào Cai is run by the province's trade promotion centre."


@pytest.mark.parametrize("language", ["vi", "en"])
def test_storefront_shows_categories_and_footer_in_the_visitors_language(
    demo, client, language
):
    """Every demo category's name, in menus, breadcrumbs, titles and facets, and the
    footer text, in the page's language only (the translation catalogues cannot
    tell: these are data)."""
    categories = list(data.CATEGORIES.values())
    shown_names = {c.name if language == "vi" else c.name_en for c in categories}
    other_names = {c.name_en if language == "vi" else c.name for c in categories}
    menu_names = {(c.name, c.name_en)[language == "en"] for c in Category.objects.all()}
    footer, other_footer = (FOOTER_VI, FOOTER_EN)[:: 1 if language == "vi" else -1]
    for name, html in _storefront_pages(client, language).items():
        texts = _shown(html)
        menu = BeautifulSoup(html, "html.parser").select(
            ".site-categories a[href*='/category/']"
        )
        assert {link.get_text() for link in menu} == menu_names, name
        assert not other_names & texts, (name, other_names & texts)
        assert footer in texts and other_footer not in texts, name
        assert (DEMO_TEXT_NOTICE in texts) == (language == "vi"), name
    pages = _storefront_pages(client, language)
    soup = BeautifulSoup(pages["category"], "html.parser")
    food = data.CATEGORIES[Product.objects.get(upc="OCOP-LC-001").ocop_group]
    heading = food.name if language == "vi" else food.name_en
    assert soup.select_one("h1").get_text(strip=True) == heading
    assert soup.title.get_text().startswith(f"{heading} |")
    crumbs = BeautifulSoup(pages["product"], "html.parser").select(".breadcrumb a")
    assert heading in [a.get_text() for a in crumbs]
    for page in ("catalogue", "search"):
        facet = BeautifulSoup(pages[page], "html.parser").select_one(
            '[data-facet="category"]'
        )
        labels = {label.get_text().split(" (")[0].strip() for label in facet("label")}
        assert labels and labels <= shown_names, (page, labels)
