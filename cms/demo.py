"""Demo content for the Lào Cai marketplace: the home page built from blocks, a
campaign, two cooperative stories, the menus and the footer.

Called by ``shop.demo.services._demo_load`` after the home page is installed. Pages,
images and navigation are created when missing and then left to editors: loading
again adds nothing and overwrites nothing an editor may have changed.
"""

from django.core.files.images import ImageFile
from django.utils.html import escape
from oscar.core.loading import get_model
from wagtail.images import get_image_model
from wagtail.models import Site

from cms.demo_english import FOOTER_TEXT as ENGLISH_FOOTER_TEXT
from cms.demo_english import english_home_ensure, english_pages_ensure
from cms.models import (
    CampaignPage,
    HomePage,
    NavigationSettings,
    StoryIndexPage,
    StoryPage,
)
from shop.demo import data
from shop.demo.images import product_image_jpeg

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
Image = get_image_model()

#: Said on every demo page, so demo text is never mistaken for a real story.
DEMO_TEXT_NOTICE = (
    "Nội dung minh hoạ: tên hợp tác xã và sản phẩm là thật (danh sách OCOP Lào Cai), "
    "lời kể, số liệu và hình ảnh là giả định, chỉ dùng để trình diễn."
)

HOME_PRODUCTS = ["OCOP-LC-001", "OCOP-LC-004", "OCOP-LC-003", "OCOP-LC-006"]
SPOTLIGHT_SELLERS = ["htx-che-ban-lien", "htx-quang-tom", "htx-son-hoa"]

STORY_INDEX = {"slug": "cau-chuyen-hop-tac-xa", "title": "Câu chuyện hợp tác xã"}
STORIES = [
    {
        "slug": "htx-che-ban-lien-giu-doi-che-co-thu",
        "title": "HTX Chè Bản Liền: giữ đồi chè Shan tuyết cổ thụ",
        "seller": "htx-che-ban-lien",
        "summary": (
            "Từ những cây chè Shan tuyết cổ thụ, các hộ trong hợp tác xã làm chè hữu "
            "cơ và đưa sản phẩm đạt OCOP 5 sao."
        ),
        "paragraphs": [
            "Trên những đồi chè của xã Bản Liền, bà con người Tày chăm chè Shan tuyết "
            "theo cách của cha ông: không phân hoá học, không thuốc trừ sâu.",
            "Hợp tác xã gom búp chè của các hộ thành viên, sao bằng chảo gang và đóng "
            "hộp tại xưởng chung, nên mỗi hộp chè đều truy xuất được nguồn gốc.",
        ],
    },
    {
        "slug": "htx-quang-tom-man-tam-hoa-quanh-nam",
        "title": "HTX Quang Tom: mận tam hoa Bắc Hà quanh năm",
        "seller": "htx-quang-tom",
        "summary": (
            "Mùa mận chỉ kéo dài vài tuần; sấy dẻo giúp mận tam hoa Bắc Hà đến với "
            "người mua cả năm."
        ),
        "paragraphs": [
            "Mỗi năm vào tháng 6, cao nguyên Bắc Hà vào mùa mận tam hoa. Quả chín "
            "nhanh, giá xuống thấp khi cả vùng cùng thu hoạch.",
            "Hợp tác xã sấy dẻo mận ở nhiệt độ thấp, không phẩm màu, để giữ vị chua "
            "ngọt và bán được quanh năm.",
        ],
    },
]
CAMPAIGN = {
    "slug": "mua-man-bac-ha",
    "title": "Mùa mận Bắc Hà",
    "summary": (
        "Mận tam hoa và đặc sản cao nguyên Bắc Hà, từ các hợp tác xã địa phương."
    ),
}


def _paragraphs(*texts: str) -> str:
    html = "".join(f"<p>{escape(text)}</p>" for text in texts)
    return f"{html}<p><i>{escape(DEMO_TEXT_NOTICE)}</i></p>"


def demo_image_ensure(*, title: str, subtitle: str, seed: str, report):
    """A generated Wagtail image found by title, drawn again if its file has gone."""
    image = Image.objects.filter(title=title).first()
    if image and image.file and image.file.storage.exists(image.file.name):
        report.count("images", created=False)
        return image
    created = image is None
    jpeg = product_image_jpeg(
        title=title,
        subtitle=subtitle,
        footer=data.IMAGE_NOTICE,
        group=None,
        seed=seed,
    )
    import io

    image = image or Image(title=title)
    image.file = ImageFile(io.BytesIO(jpeg), name=f"{seed}.jpg")
    image.save()
    report.files_written.append((image.file.storage, image.file.name))
    report.count("images", created=created)
    return image


def _child_page(*, parent, model, slug: str, build, report):
    """The child of ``parent`` with ``slug``, created and published if missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        report.count("pages", created=False)
        return page, False
    page = build()
    page.slug = slug
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.count("pages", created=True)
    return page, True


def _link(*, page=None, url: str = "", label: str = "", label_en: str = "") -> dict:
    return {
        "label": label,
        "label_en": label_en,
        "page": page.pk if page else None,
        "url": url,
    }


def _grid(*, heading: str, products=(), seller=None, ocop_group="", count=8):
    return {
        "type": "product_grid",
        "value": {
            "heading": heading,
            "products": [p.pk for p in products],
            "category": None,
            "ocop_group": str(ocop_group or ""),
            "min_stars": "",
            "seller": seller.pk if seller else None,
            "count": count,
        },
    }


def content_demo_load(*, home: HomePage, report) -> None:
    """Load the demo's campaign, stories, home page blocks and navigation."""
    sellers = Partner._default_manager.in_bulk(
        [*SPOTLIGHT_SELLERS, *(story["seller"] for story in STORIES)],
        field_name="code",
    )
    products = Product._default_manager.in_bulk(HOME_PRODUCTS, field_name="upc")

    story_index, _ = _child_page(
        parent=home,
        model=StoryIndexPage,
        slug=STORY_INDEX["slug"],
        build=lambda: StoryIndexPage(
            title=STORY_INDEX["title"],
            intro=_paragraphs(
                "Những người làm ra sản phẩm OCOP của Lào Cai kể về nghề của mình."
            ),
        ),
        report=report,
    )
    for story in STORIES:
        seller = sellers[story["seller"]]
        image = demo_image_ensure(
            title=story["title"],
            subtitle=seller.name,
            seed=story["slug"],
            report=report,
        )
        _child_page(
            parent=story_index,
            model=StoryPage,
            slug=story["slug"],
            build=lambda story=story, seller=seller, image=image: StoryPage(
                title=story["title"],
                seller=seller,
                summary=story["summary"],
                image=image,
                body=[
                    {
                        "type": "rich_text",
                        "value": _paragraphs(*story["paragraphs"]),
                    }
                ],
            ),
            report=report,
        )

    campaign_image = demo_image_ensure(
        title=CAMPAIGN["title"],
        subtitle="Bắc Hà, Lào Cai",
        seed=CAMPAIGN["slug"],
        report=report,
    )
    campaign, _ = _child_page(
        parent=home,
        model=CampaignPage,
        slug=CAMPAIGN["slug"],
        build=lambda: CampaignPage(
            title=CAMPAIGN["title"],
            summary=CAMPAIGN["summary"],
            body=[
                {
                    "type": "hero",
                    "value": {
                        "heading": CAMPAIGN["title"],
                        "text": CAMPAIGN["summary"],
                        "image": campaign_image.pk,
                        "button_text": "",
                        "button_link": _link(url="/catalogue/"),
                    },
                },
                {
                    "type": "rich_text",
                    "value": _paragraphs(
                        "Tháng 6 là mùa mận tam hoa trên cao nguyên Bắc Hà. Mua trực "
                        "tiếp từ hợp tác xã, thanh toán bằng mã QR ngân hàng."
                    ),
                },
                _grid(
                    heading="Sản phẩm của HTX Quang Tom",
                    seller=sellers["htx-quang-tom"],
                ),
                _grid(heading="Đặc sản vùng cao", ocop_group=1, count=4),
                {
                    "type": "story_list",
                    "value": {
                        "heading": "Câu chuyện",
                        "seller": sellers["htx-quang-tom"].pk,
                        "count": 3,
                    },
                },
            ],
        ),
        report=report,
    )

    # The home page belongs to editors once anyone has published it; only a page
    # nobody has published yet (new, or carried over by migration) gets the demo.
    if not home.revisions.exists():
        hero_image = demo_image_ensure(
            title="Chợ OCOP Lào Cai",
            subtitle="Đặc sản các xã vùng cao",
            seed="cho-ocop-lao-cai-hero",
            report=report,
        )
        home.body = [
            {
                "type": "hero",
                "value": {
                    "heading": "Đặc sản OCOP từ các xã Lào Cai",
                    "text": "Mua trực tiếp từ hợp tác xã, thanh toán bằng mã QR.",
                    "image": hero_image.pk,
                    "button_text": "Xem mùa mận Bắc Hà",
                    "button_link": _link(page=campaign),
                },
            },
            {"type": "rich_text", "value": data.HOME_PAGE_INTRO},
            _grid(
                heading="Sản phẩm OCOP nổi bật",
                products=[products[upc] for upc in HOME_PRODUCTS if upc in products],
            ),
            {
                "type": "seller_spotlight",
                "value": {
                    "heading": "Hợp tác xã tiêu biểu",
                    "sellers": [sellers[code].pk for code in SPOTLIGHT_SELLERS],
                },
            },
            {
                "type": "story_list",
                "value": {
                    "heading": "Câu chuyện hợp tác xã",
                    "seller": None,
                    "count": 3,
                },
            },
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Khám phá toàn bộ sản phẩm OCOP",
                    "text": "Hơn mười sản phẩm từ các xã, phường của Lào Cai.",
                    "button_text": "Xem tất cả sản phẩm",
                    "link": _link(url="/catalogue/"),
                },
            },
        ]
        home.save_revision().publish()

    navigation_ensure(
        home=home, story_index=story_index, campaign=campaign, report=report
    )
    english_home_ensure(home=home, report=report)
    english_pages_ensure(story_index=story_index, campaign=campaign, report=report)


def navigation_ensure(*, home, story_index, campaign, report) -> None:
    """Menus and footer for the site, set only while editors have left them empty."""
    site = Site.objects.get(root_page=home)
    navigation = NavigationSettings.for_site(site)
    if not navigation.primary_menu:
        navigation.primary_menu = [
            {"type": "link", "value": _link(page=campaign)},
            {"type": "link", "value": _link(page=story_index)},
        ]
    if not navigation.footer_links:
        navigation.footer_links = [
            {
                "type": "link",
                "value": _link(
                    url="/catalogue/", label="Tất cả sản phẩm", label_en="All products"
                ),
            },
            {"type": "link", "value": _link(page=story_index)},
            {"type": "link", "value": _link(page=campaign)},
        ]
    if not navigation.footer_text:
        navigation.footer_text = (
            "<p>Chợ OCOP Lào Cai do trung tâm xúc tiến thương mại của tỉnh "
            "vận hành.</p>"
            f"<p><i>{escape(DEMO_TEXT_NOTICE)}</i></p>"
        )
    if not navigation.footer_text_en:  # also fills a demo loaded before it existed
        navigation.footer_text_en = ENGLISH_FOOTER_TEXT
    navigation.save()
