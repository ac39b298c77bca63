"""The demo's pages in English: Wagtail translation copies in the ``en`` locale.

wagtail-localize is not installed; Wagtail's core i18n is enough: each Vietnamese
demo page (home, campaign, story index, stories) is copied into the English locale
(``copy_for_translation``, same slug under the English home), its texts replaced by
the English ones below, and published. Wagtail then serves them under /en/ (e.g.
/en/mua-man-bac-ha/). Created once: after that the pages belong to editors.
"""

from wagtail.models import Locale

#: The Vietnamese texts of the demo home page (cms/demo.py) and their English.
HOME_TEXTS = {
    "Đặc sản OCOP từ các xã Lào Cai": "OCOP specialities from the communes of Lào Cai",
    "Mua trực tiếp từ hợp tác xã, thanh toán bằng mã QR.": (
        "Buy straight from the cooperatives and pay by bank QR code."
    ),
    "Xem mùa mận Bắc Hà": "See the Bắc Hà plum season",
    "Sản phẩm OCOP nổi bật": "Featured OCOP products",
    "Hợp tác xã tiêu biểu": "Model cooperatives",
    "Câu chuyện hợp tác xã": "Cooperative stories",
    "Khám phá toàn bộ sản phẩm OCOP": "Discover every OCOP product",
    "Hơn mười sản phẩm từ các xã, phường của Lào Cai.": (
        "More than ten products from the communes and wards of Lào Cai."
    ),
    "Xem tất cả sản phẩm": "See all products",
    # The campaign (cms/demo.py CAMPAIGN).
    "Mùa mận Bắc Hà": "The Bắc Hà plum season",
    "Mận tam hoa và đặc sản cao nguyên Bắc Hà, từ các hợp tác xã địa phương.": (
        "Tam hoa plums and other specialities of the Bắc Hà plateau, from the "
        "local cooperatives."
    ),
    "Sản phẩm của HTX Quang Tom": "Products of HTX Quang Tom",
    "Đặc sản vùng cao": "Highland specialities",
    "Câu chuyện": "Stories",
}
DEMO_NOTICE = (
    "<p><i>Demo content: the cooperatives and products are real (the Lào Cai OCOP "
    "list); the stories, figures and pictures are made up, for demonstration "
    "only.</i></p>"
)
#: The footer's text on the English site (cms/demo.py sets the Vietnamese one).
FOOTER_TEXT = (
    "<p>Chợ OCOP Lào Cai is run by the province's trade promotion centre.</p>"
    + DEMO_NOTICE
)
CAMPAIGN_INTRO = (
    "<p>June is tam hoa plum season on the Bắc Hà plateau. Buy straight from the "
    "cooperatives and pay by bank QR code.</p>" + DEMO_NOTICE
)
STORY_INDEX = {
    "title": "Cooperative stories",
    "intro": "<p>The people who make Lào Cai's OCOP products talk about their "
    "craft.</p>" + DEMO_NOTICE,
}
#: Each story (by slug, cms/demo.py STORIES) in English.
STORIES = {
    "htx-che-ban-lien-giu-doi-che-co-thu": {
        "title": "HTX Chè Bản Liền: keeping the old Shan tuyết tea hills",
        "summary": (
            "From ancient Shan tuyết tea trees, the cooperative's households make "
            "organic tea, rated OCOP 5 stars."
        ),
        "body": (
            "<p>On the tea hills of Bản Liền commune, Tày families tend Shan tuyết "
            "tea the way their parents did: no chemical fertiliser, no "
            "pesticide.</p><p>The cooperative gathers the members' tea buds, roasts "
            "them in cast-iron pans and packs them in a shared workshop, so every "
            "box of tea can be traced to where it came from.</p>" + DEMO_NOTICE
        ),
    },
    "htx-quang-tom-man-tam-hoa-quanh-nam": {
        "title": "HTX Quang Tom: Bắc Hà tam hoa plums all year round",
        "summary": (
            "The plum season lasts only a few weeks; soft-drying brings Bắc Hà's tam "
            "hoa plums to buyers all year."
        ),
        "body": (
            "<p>Every June the Bắc Hà plateau enters tam hoa plum season. The fruit "
            "ripens fast, and prices fall when the whole area harvests at "
            "once.</p><p>The cooperative soft-dries the plums at a low "
            "temperature, without colouring, to keep their sweet and sour taste and "
            "sell them all year.</p>" + DEMO_NOTICE
        ),
    },
}
HOME_INTRO = (
    "<p>OCOP products of the cooperatives, household businesses and enterprises "
    "of the communes and wards of Lào Cai: Shan tuyết tea, tam hoa plums, Séng Cù "
    "rice, brocade and many more specialities. Pay by bank QR code, card or cash "
    "on delivery.</p><p><i>Demo content: the people, places and stories are "
    "made up.</i></p>"
)


def _english(value):
    if isinstance(value, str):
        return HOME_TEXTS.get(value, value)
    if isinstance(value, list):
        return [_english(item) for item in value]
    if isinstance(value, dict):
        return {key: _english(item) for key, item in value.items()}
    return value


def _stream_english(body, *, rich_text: str) -> list:
    blocks = []
    for block in body.raw_data:
        block = dict(block)
        if block["type"] == "rich_text":
            block["value"] = rich_text
        else:
            block["value"] = _english(block["value"])
        blocks.append(block)
    return blocks


def _translation_ensure(*, page, translate, report) -> None:
    """Give ``page`` an English copy, ``translate``d, if it has none (its parent
    must have one)."""
    english, _created = Locale.objects.get_or_create(language_code="en")
    if page.get_translations().filter(locale=english).exists():
        report.count("pages", created=False)
        return
    copy = page.specific.copy_for_translation(english)
    translate(copy)
    copy.draft_title = copy.title
    copy.save_revision().publish()
    report.count("pages", created=True)


def _campaign_translate(page) -> None:
    page.title = _english(page.title)
    page.summary = _english(page.summary)
    page.body = _stream_english(page.body, rich_text=CAMPAIGN_INTRO)


def _story_index_translate(page) -> None:
    page.title = STORY_INDEX["title"]
    page.intro = STORY_INDEX["intro"]


def _story_translate(page) -> None:
    story = STORIES.get(page.slug)
    if story is None:
        return
    page.title = story["title"]
    page.summary = story["summary"]
    page.body = _stream_english(page.body, rich_text=story["body"])


def english_pages_ensure(*, story_index, campaign, report) -> None:
    """Give the demo's campaign, story index and stories English copies (after the
    home page's: a translation goes under its parent's translation)."""
    _translation_ensure(page=campaign, translate=_campaign_translate, report=report)
    _translation_ensure(
        page=story_index, translate=_story_index_translate, report=report
    )
    for story in story_index.get_children().live().specific():
        _translation_ensure(page=story, translate=_story_translate, report=report)


def _home_translate(page) -> None:
    page.body = _stream_english(page.body, rich_text=HOME_INTRO)


def english_home_ensure(*, home, report) -> None:
    """Give the demo home page an English translation if it has none."""
    _translation_ensure(page=home, translate=_home_translate, report=report)
