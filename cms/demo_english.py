"""The demo's home page in English: a Wagtail translation copy in the ``en`` locale.

wagtail-localize is not installed; Wagtail's core i18n is enough: the Vietnamese home
page is copied into the English locale (``copy_for_translation``), its texts replaced
by the English ones below, and published. Wagtail then serves it at /en/ (the site's
root page, localized). Created once: after that the page belongs to editors.
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


def english_home_ensure(*, home, report) -> None:
    """Give the demo home page an English translation if it has none."""
    english, _created = Locale.objects.get_or_create(language_code="en")
    if home.get_translations().filter(locale=english).exists():
        report.count("pages", created=False)
        return
    page = home.copy_for_translation(english)
    blocks = []
    for block in page.body.raw_data:
        block = dict(block)
        if block["type"] == "rich_text":
            block["value"] = HOME_INTRO
        else:
            block["value"] = _english(block["value"])
        blocks.append(block)
    page.body = blocks
    page.save_revision().publish()
    report.count("pages", created=True)
