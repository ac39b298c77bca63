"""Home, campaign and story pages built from blocks, showing live Oscar data."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from catalogue.ocop import OcopGroup
from cms.models import CampaignPage, NavigationSettings, StoryIndexPage, StoryPage
from cms.selectors import stories_for_seller
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

Image = get_model("wagtailimages", "Image")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def text_of(response):
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


def grid(*, products=(), heading="", seller=None, ocop_group="", count=8):
    return {
        "type": "product_grid",
        "value": {
            "heading": heading,
            "products": [p.pk for p in products],
            "category": None,
            "ocop_group": str(ocop_group),
            "min_stars": "",
            "seller": seller.pk if seller else None,
            "count": count,
        },
    }


def publish(page, body):
    page.body = body
    page.save_revision().publish()
    return page


@pytest.fixture
def image():
    return Image.objects.create(title="Mận", file=get_test_image_file(size=(960, 540)))


@pytest.fixture
def story_index(home_page):
    index = StoryIndexPage(title="Câu chuyện", slug="cau-chuyen")
    home_page.add_child(instance=index)
    return index


def story_about(index, seller, *, title="Chuyện HTX", image=None):
    story = StoryPage(title=title, seller=seller, summary="Tóm tắt", image=image)
    index.add_child(instance=story)
    story.save_revision().publish()
    return story


def test_every_block_renders_with_live_product_data(
    django_app, home_page, story_index, image
):
    seller = SellerFactory(name="HTX Quang Tom", commune="Bắc Hà")
    plum = ProductFactory(title="Mận tam hoa sấy dẻo", ocop_stars=3, stockrecords=None)
    StockRecordFactory(product=plum, partner=seller, price=Decimal(120000))
    tea = ProductFactory(title="Chè Shan tuyết", ocop_stars=5)
    story_about(story_index, seller, title="Mùa mận Bắc Hà", image=image)
    publish(
        home_page,
        [
            {
                "type": "hero",
                "value": {
                    "heading": "Tết OCOP Lào Cai",
                    "text": "Đặc sản vùng cao",
                    "image": image.pk,
                    "button_text": "Mua ngay",
                    "button_link": {"page": None, "url": "/catalogue/", "label": ""},
                },
            },
            {"type": "rich_text", "value": "<p>Lời chào của trung tâm</p>"},
            {"type": "image", "value": {"image": image.pk, "caption": "Đồi mận"}},
            grid(products=[plum, tea], heading="Chọn tay"),
            grid(heading="Theo người bán", seller=seller),
            {
                "type": "seller_spotlight",
                "value": {"heading": "Hợp tác xã", "sellers": [seller.pk]},
            },
            {
                "type": "story_list",
                "value": {"heading": "Câu chuyện", "seller": None, "count": 3},
            },
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Khám phá",
                    "text": "",
                    "button_text": "Xem tất cả",
                    "link": {"page": story_index.pk, "url": "", "label": ""},
                },
            },
        ],
    )

    page = django_app.get("/")
    text = text_of(page)

    hero = page.html.select_one(".cms-hero img")
    assert "Tết OCOP Lào Cai" in text and hero["loading"] == "eager"
    assert ".webp" in hero["src"] and " 480w" in hero["srcset"]
    assert page.html.select_one(".cms-hero a")["href"] == "/catalogue/"
    assert "Lời chào của trung tâm" in text
    assert page.html.select_one(".cms-image img")["loading"] == "lazy"
    grids = page.html.select(".cms-product-grid")
    assert [t.get_text(strip=True) for t in grids[0].select(".ocop-card-title")] == [
        "Mận tam hoa sấy dẻo",
        "Chè Shan tuyết",
    ]
    assert "120.000 ₫" in text and "150.000 ₫" in text  # prices from stock records
    assert "★★★★★" in text  # rating read from the product
    assert [t.get_text(strip=True) for t in grids[1].select(".ocop-card-title")] == [
        "Mận tam hoa sấy dẻo"
    ]
    spotlight = page.html.select_one(".cms-sellers").get_text(" ", strip=True)
    assert "HTX Quang Tom" in spotlight and "1 sản phẩm đang bán" in spotlight
    story_card = page.html.select_one(".cms-stories .cms-story-card")
    assert "Mùa mận Bắc Hà" in story_card.get_text()
    assert story_card.select_one("img")["loading"] == "lazy"
    assert page.html.select_one(".cms-cta a")["href"] == story_index.url

    # Live: a new price shows on the next visit, with nobody touching the page.
    plum.stockrecords.update(price=Decimal(99000))
    assert "99.000 ₫" in text_of(django_app.get("/"))


@pytest.mark.parametrize(
    "make_unavailable",
    [
        pytest.param(
            lambda p: p.__class__.objects.filter(pk=p.pk).update(is_public=False),
            id="hidden",
        ),
        pytest.param(lambda p: p.stockrecords.all().delete(), id="no-stock-record"),
        pytest.param(lambda p: p.stockrecords.update(price=None), id="no-price"),
    ],
)
def test_unavailable_product_disappears_from_every_page(
    django_app, home_page, story_index, make_unavailable
):
    seller = SellerFactory()
    gone = ProductFactory(title="Sắp hết hàng", stockrecords=None)
    StockRecordFactory(product=gone, partner=seller)
    stays = ProductFactory(title="Vẫn còn bán", stockrecords=None)
    StockRecordFactory(product=stays, partner=seller)
    publish(home_page, [grid(products=[gone, stays]), grid(seller=seller)])
    campaign = CampaignPage(title="Mùa mận", slug="mua-man")
    home_page.add_child(instance=campaign)
    publish(campaign, [grid(ocop_group=OcopGroup.FOOD)])
    story = story_about(story_index, seller)
    urls = ["/", campaign.url, story.url]
    for url in urls:
        assert "Sắp hết hàng" in django_app.get(url).text

    make_unavailable(gone)

    for url in urls:
        page = django_app.get(url)
        assert page.status_code == 200
        assert "Sắp hết hàng" not in page.text
        assert "Vẫn còn bán" in page.text


def test_home_page_query_count_does_not_grow_with_products(django_app, home_page):
    seller = SellerFactory()
    products = []
    for _ in range(12):
        product = ProductFactory(stockrecords=None)
        StockRecordFactory(product=product, partner=seller)
        products.append(product)

    def queries_for(count):
        publish(
            home_page,
            [grid(products=products[:count]), grid(count=count)],
        )
        django_app.get("/")  # warm per-process caches (site, settings, locales)
        with CaptureQueriesContext(connection) as queries:
            page = django_app.get("/")
        assert len(page.html.select(".ocop-card")) == 2 * count
        return len(queries)

    few, many = queries_for(4), queries_for(12)
    assert many <= few


def test_visitors_never_see_each_others_basket_and_edits_show_at_once(
    django_app_factory, home_page
):
    product = ProductFactory(title="Trà sen Phong Hải")
    publish(home_page, [grid(products=[product], heading="Trước")])
    buyer, other = django_app_factory(csrf_checks=False), django_app_factory()
    add = reverse("basket:add", kwargs={"pk": product.pk})
    home = buyer.get("/")
    form = next(f for f in home.forms.values() if f.action == add)
    form.submit()

    # The mini-basket in the page header shows the basket of whoever asks.
    mine = buyer.get("/").html.select_one(".basket-mini")
    theirs = other.get("/").html.select_one(".basket-mini")
    assert "150.000" in mine.get_text()
    assert "150.000" not in theirs.get_text()

    publish(home_page, [grid(products=[product], heading="Sau khi xuất bản")])
    assert "Sau khi xuất bản" in other.get("/").text
    product.stockrecords.update(price=Decimal(88000))
    assert "88.000 ₫" in text_of(other.get("/"))


def test_story_page_links_to_the_sellers_products(django_app, story_index):
    seller = SellerFactory(name="HTX Chè Bản Liền")
    tea = ProductFactory(title="Chè Shan hữu cơ", stockrecords=None)
    StockRecordFactory(product=tea, partner=seller)
    ProductFactory(title="Của người khác")
    story = story_about(story_index, seller, title="Giữ đồi chè cổ thụ")

    page = django_app.get(story.url)

    assert "HTX Chè Bản Liền" in page.text
    links = [a["href"] for a in page.html.select(".cms-seller-products a")]
    assert tea.get_absolute_url() in links
    assert "Của người khác" not in page.text
    assert "Giữ đồi chè cổ thụ" in django_app.get(story_index.url).text


def test_stories_for_seller_lists_only_live_stories_about_it(story_index):
    from django.template import Context, Template

    seller, other = SellerFactory(), SellerFactory()
    older = story_about(story_index, seller, title="Chuyện cũ")
    newer = story_about(story_index, seller, title="Chuyện mới")
    story_about(story_index, other, title="Chuyện khác")
    draft = StoryPage(title="Bản nháp", seller=seller, live=False)
    story_index.add_child(instance=draft)

    assert stories_for_seller(seller=seller) == [newer, older]
    html = Template("{% load cms_tags %}{% seller_stories seller %}").render(
        Context({"seller": seller})
    )
    assert "Chuyện mới" in html and "Chuyện cũ" in html
    assert "Chuyện khác" not in html and "Bản nháp" not in html


def test_seller_page_lists_the_stories_told_about_it(django_app, story_index):
    seller, other = SellerFactory(name="HTX Quang Tom"), SellerFactory()
    story = story_about(story_index, seller, title="Mùa mận trên cao nguyên")
    story_about(story_index, other, title="Chuyện của người khác")

    page = django_app.get(reverse("seller-detail", kwargs={"code": seller.code}))

    assert "Mùa mận trên cao nguyên" in page.text
    assert "Chuyện của người khác" not in page.text
    assert page.html.select_one(f'a[href="{story.url}"]')


def test_english_falls_back_to_vietnamese_until_an_editor_translates(
    django_app, home_page
):
    product = ProductFactory(title="Cốm Na Lo")
    with translation.override("vi"):
        product_path = product.get_absolute_url()
    publish(home_page, [grid(products=[product], heading="Nổi bật")])

    fallback = django_app.get("/en/")
    assert '<html lang="en"' in fallback.text
    assert "Nổi bật" in fallback.text and "Cốm Na Lo" in fallback.text
    assert f'href="/en{product_path}"' in fallback.text

    english = home_page.copy_for_translation(Locale.objects.create(language_code="en"))
    english.title = "OCOP market"
    publish(english, [grid(products=[product], heading="Featured")])

    translated = django_app.get("/en/")
    assert "Featured" in translated.text and "Nổi bật" not in translated.text
    assert "Nổi bật" in django_app.get("/").text


def test_menus_and_footer_come_from_navigation_settings(
    django_app, home_page, story_index
):
    navigation = NavigationSettings.for_site(home_page.get_site())
    navigation.primary_menu = [
        {"type": "link", "value": {"page": story_index.pk, "url": "", "label": ""}}
    ]
    navigation.footer_links = [
        {
            "type": "link",
            "value": {
                "page": None,
                "url": "/catalogue/",
                "label": "Mọi sản phẩm",
                "label_en": "All products",
            },
        }
    ]
    navigation.footer_text = "<p>Trung tâm xúc tiến thương mại</p>"
    navigation.save()

    page = django_app.get("/catalogue/")  # an Oscar page shows them too
    menu = [a.get_text(strip=True) for a in page.html.select(".site-categories a")]
    assert "Câu chuyện" in menu
    footer = page.html.select_one("footer")
    # The footer's own "all products" link comes first, then the editors' links.
    labels = [a.get_text() for a in footer.select('a[href="/catalogue/"]')]
    assert "Mọi sản phẩm" in labels
    assert "Trung tâm xúc tiến thương mại" in footer.get_text()

    english = django_app.get("/en/catalogue/").html.select_one("footer")
    labels = [a.get_text() for a in english.select('a[href="/en/catalogue/"]')]
    assert "All products" in labels and "Mọi sản phẩm" not in labels
