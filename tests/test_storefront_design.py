"""The storefront's trust cues are real and its chrome keeps the buyer's place
(issue 18): sold and rating counts come from orders and approved reviews, the
sellers directory filters, the brand and "Home" lead home in the visitor's
language, languages switch by plain links that keep the page, and the web app
can be installed."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from catalogue.ocop import OcopGroup
from tests.factories import (
    ProductFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ProductReview = get_model("reviews", "ProductReview")
Order = get_model("order", "Order")
Line = get_model("order", "Line")


def card_text(page, product):
    """The text of ``product``'s card on a listing page, whitespace folded."""
    for card in page.html.select("article.ocop-card"):
        if card.select_one(f'a[href="{product.get_absolute_url()}"]'):
            return " ".join(card.get_text(" ").split())
    raise AssertionError(f"no card for {product}")


def sell(product, quantity, *, status="Pending"):
    """An order of ``quantity`` units of ``product`` in ``status``."""
    order = create_order(user=UserFactory())
    Line.objects.filter(order=order).update(product=product, quantity=quantity)
    Order.objects.filter(pk=order.pk).update(status=status)
    return order


def review(product, score, *, approved=True):
    return ProductReview.objects.create(
        product=product,
        score=score,
        title="Ngon",
        body="Chè thơm, đóng gói cẩn thận.",
        name="Lan",
        email="lan@example.com",
        status=ProductReview.APPROVED if approved else ProductReview.FOR_MODERATION,
    )


def test_sold_count_comes_from_orders_that_were_not_cancelled(django_app):
    tea = ProductFactory(title="Chè Shan tuyết")
    listing = reverse("catalogue:index")
    assert "Đã bán" not in card_text(django_app.get(listing), tea)  # nothing invented

    sell(tea, 3)
    sell(tea, 2, status="Shipped")
    sell(tea, 40, status="Cancelled")

    assert "Đã bán 5" in card_text(django_app.get(listing), tea)
    assert "Đã bán 5" in django_app.get(tea.get_absolute_url()).text


def test_rating_and_its_count_come_from_approved_reviews(django_app):
    tea = ProductFactory(title="Chè Shan tuyết")
    listing = reverse("catalogue:index")
    review(tea, 5)
    review(tea, 4)
    review(tea, 1, approved=False)  # waiting for moderation: not counted

    card = card_text(django_app.get(listing), tea)
    assert "★ 4,5" in card and "(2)" in card
    page = django_app.get(tea.get_absolute_url())
    assert "4,5 · 2 đánh giá" in " ".join(
        page.html.select_one(".pdp-facts").text.split()
    )
    bars = [int(p["value"]) for p in page.html.select(".review-bars progress")]
    assert bars == [50, 50, 0, 0, 0]  # 5★, 4★, 3★, 2★, 1★


def test_sellers_directory_filters_by_province_type_and_group(django_app):
    tea_coop = SellerFactory(name="HTX Chè Bản Liền", province="Lào Cai")
    honey_house = SellerFactory(
        name="Hộ Mật ong Bắc Hà", province="Lào Cai", seller_type="household"
    )
    far_away = SellerFactory(name="HTX Gạo Điện Biên", province="Điện Biên")
    StockRecordFactory(
        partner=tea_coop,
        product=ProductFactory(ocop_group=OcopGroup.BEVERAGES, stockrecords=None),
    )
    StockRecordFactory(partner=honey_house, product=ProductFactory(stockrecords=None))
    StockRecordFactory(partner=far_away, product=ProductFactory(stockrecords=None))
    # Not for sale, so not counted: hidden, or with no price.
    StockRecordFactory(
        partner=far_away, product=ProductFactory(stockrecords=None, is_public=False)
    )
    StockRecordFactory(
        partner=far_away, product=ProductFactory(stockrecords=None), price=None
    )
    SellerFactory(name="HTX Tạm dừng", province="Lào Cai", is_suspended=True)

    def names(**params):
        page = django_app.get(reverse("seller-list"), params=params)
        return sorted(a.text for a in page.html.select(".seller-card h3 a"))

    assert names() == sorted(
        ["HTX Chè Bản Liền", "Hộ Mật ong Bắc Hà", "HTX Gạo Điện Biên"]
    )
    assert names(province="Điện Biên") == ["HTX Gạo Điện Biên"]
    assert names(province="Lào Cai", seller_type="household") == ["Hộ Mật ong Bắc Hà"]
    assert names(group=OcopGroup.BEVERAGES) == ["HTX Chè Bản Liền"]
    page = django_app.get(reverse("seller-list"), params={"province": "Điện Biên"})
    assert "1 sản phẩm đang bán" in page.text
    # A filter that matches nobody says so, and offers the way back.
    page = django_app.get(reverse("seller-list"), params={"seller_type": "enterprise"})
    assert page.html.select_one(".empty-state a")["href"] == reverse("seller-list")


def test_the_brand_and_home_breadcrumb_lead_home_in_the_visitors_language(
    django_app, home_page
):
    tea = ProductFactory(title="Chè Shan tuyết")

    page = django_app.get(tea.get_absolute_url())
    assert page.html.select_one("a.brand")["href"] == "/"
    assert page.html.select_one(".breadcrumb a")["href"] == "/"

    english = django_app.get("/en" + tea.get_absolute_url())
    assert english.html.select_one("a.brand")["href"] == "/en/"
    assert english.html.select_one(".breadcrumb a")["href"] == "/en/"


def test_language_links_keep_the_page_and_work_without_a_form(django_app, home_page):
    tea = ProductFactory(title="Chè Shan tuyết")
    path = tea.get_absolute_url()

    page = django_app.get(path, params={"utm": "1"})
    links = {a["hreflang"]: a["href"] for a in page.html.select(".site-langs a")}
    assert links == {"vi": f"{path}?utm=1", "en": f"/en{path}?utm=1"}
    assert not page.html.select("form[action*='setlang'], select[name=language]")

    english = django_app.get(links["en"])
    assert english.html.select_one("html")["lang"] == "en"
    back = {a["hreflang"]: a["href"] for a in english.html.select(".site-langs a")}
    assert back["vi"] == f"{path}?utm=1"


def test_menus_and_footer_keep_the_visitors_language(django_app, home_page):
    from cms.models import NavigationSettings

    nav = NavigationSettings.for_site(home_page.get_site())
    nav.footer_links = [
        {"type": "link", "value": {"page": None, "url": "/catalogue/", "label": ""}}
    ]
    nav.save()

    page = django_app.get("/en/")
    # Every link of the menus and footer but the language switch and the open data
    # (which has no language) stays in English.
    chrome = ".site-footer a:not([hreflang]), .bottom-nav a, .menu-panel a"
    links = [a["href"] for a in page.html.select(chrome)]
    assert "/en/catalogue/" in links and "/catalogue/" not in links
    assert "/en/sellers/" in links
    internal = [h for h in links if not h.startswith(("/open-data/", "/api/"))]
    assert all(h.startswith("/en/") for h in internal), internal


def test_the_web_app_can_be_installed(django_app, home_page):
    page = django_app.get("/")
    manifest_url = page.html.select_one("link[rel=manifest]")["href"]
    assert page.html.select_one("link[rel=apple-touch-icon]")
    assert page.html.select_one("link[rel=icon]")["href"].endswith(".ico")

    manifest = json.loads(django_app.get(manifest_url).body.decode())

    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert django_app.get(icon["src"]).status_code == 200
    english = json.loads(django_app.get("/en/manifest.webmanifest").body.decode())
    assert english["start_url"] == "/en/" and english["lang"] == "en"


def test_the_product_page_shows_the_sellers_card_and_delivery_charge(django_app):
    seller = SellerFactory(
        name="HTX Chè Bản Liền", commune="Bản Liền", shipping_charge=Decimal(30000)
    )
    tea = ProductFactory(title="Chè Shan tuyết", stockrecords=None)
    StockRecordFactory(product=tea, partner=seller)
    other = ProductFactory(title="Chè búp Bản Liền", stockrecords=None)
    StockRecordFactory(product=other, partner=seller)

    page = django_app.get(tea.get_absolute_url())

    card = " ".join(page.html.select_one(".pdp-seller").get_text(" ").split())
    assert "HTX Chè Bản Liền" in card and "Bản Liền, Lào Cai" in card
    assert "2 sản phẩm đang bán" in card
    assert "30.000" in page.html.select_one(".pdp-rows").text
    related = [a.text for a in page.html.select(".pdp-related .ocop-card-title a")]
    assert related == ["Chè búp Bản Liền"]
    # The seller's text is escaped, the description never printed raw.
    assert not re.search(r"<script", str(page.html.select_one(".pdp-main")))


def test_sellers_near_you_follow_the_buyers_province(django_app, home_page):
    UserAddress = get_model("address", "UserAddress")
    Country = get_model("address", "Country")
    for name in ("HTX Chè Bản Liền", "HTX Mận Bắc Hà"):
        SellerFactory(name=name, province="Lào Cai")
    SellerFactory(name="HTX Gạo Điện Biên", province="Điện Biên")
    SellerFactory(name="HTX Tạm dừng", province="Điện Biên", is_suspended=True)

    def near(page):
        section = page.html.select_one(".home-near")
        names = sorted(a.text for a in section.select(".seller-card h3 a"))
        picked = section.select_one("select[name=province] option[selected]")
        return names, picked.text, section.select_one(".home-near-more a")["href"]

    # A visitor the site knows nothing about: the province with the most sellers.
    names, picked, more = near(django_app.get("/"))
    assert names == ["HTX Chè Bản Liền", "HTX Mận Bắc Hà"] and picked == "Lào Cai"
    assert more == "/sellers/?province=L%C3%A0o+Cai"
    # The picker is a plain form: the home page again, with that province's sellers.
    form = next(f for f in django_app.get("/").forms.values() if "province" in f.fields)
    form["province"] = "Điện Biên"
    names, picked, _more = near(form.submit())
    assert names == ["HTX Gạo Điện Biên"] and picked == "Điện Biên"
    # A province no seller is in is not offered, and falls back.
    assert near(django_app.get("/", params={"province": "Huế"}))[1] == "Lào Cai"
    # A buyer with a saved address sees the sellers of its province.
    buyer = UserFactory()
    UserAddress.objects.create(
        user=buyer,
        last_name="Lan",
        line1="Bản Phủ",
        state="Điện Biên",
        country=Country.objects.get_or_create(
            iso_3166_1_a2="VN", defaults={"name": "Việt Nam"}
        )[0],
    )
    names, picked, _more = near(django_app.get("/", user=buyer))
    assert names == ["HTX Gạo Điện Biên"] and picked == "Điện Biên"
    english = django_app.get("/en/")
    assert "Sellers near you" in english.html.select_one(".home-near h2").text


def test_the_basket_works_without_oscars_scripts(django_app):
    tea = ProductFactory(title="Chè Shan tuyết")
    honey = ProductFactory(title="Mật ong bạc hà")
    for product in (tea, honey):
        page = django_app.get(product.get_absolute_url())
        page.forms["add_to_basket_form"].submit()

    basket = django_app.get(reverse("basket:summary"))
    scripts = [s["src"] for s in basket.html.select("script[src]")]
    assert not [s for s in scripts if re.search(r"jquery|bootstrap|oscar/ui", s)]
    # Removing a line is a submit button: no script ticks a hidden checkbox.
    assert not basket.html.select("#basket_formset a[href='#']")
    form = basket.forms["basket_formset"]
    remove = basket.html.select_one("#basket_formset button[name$='-DELETE']")
    assert remove.text == "Xoá"
    after = form.submit(remove["name"]).follow()
    lines = [h.text.strip() for h in after.html.select("#basket_formset h3")]
    assert len(lines) == 1 and lines[0] in {"Chè Shan tuyết", "Mật ong bạc hà"}


def test_each_product_picture_links_to_the_full_size_file(django_app):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    ProductImage = get_model("catalogue", "ProductImage")
    tea = ProductFactory(title="Chè Shan tuyết")
    for colour in ("green", "brown"):
        buffer = io.BytesIO()
        Image.new("RGB", (900, 900), colour).save(buffer, format="JPEG")
        ProductImage.objects.create(
            product=tea, original=ContentFile(buffer.getvalue(), name=f"{colour}.jpg")
        )

    page = django_app.get(tea.get_absolute_url())

    links = page.html.select(".pdp-slides a.pdp-zoom")
    assert [a["href"] for a in links] == [
        image.original.url for image in tea.get_all_images()
    ]
    assert all(a.select_one("img[width][height]") for a in links)
    assert links[0].select_one("img")["fetchpriority"] == "high"
