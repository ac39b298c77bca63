# ruff: noqa: E501 (the JavaScript below is easier to read unwrapped)
"""The storefront fits a phone (issue 18): at 360 px no page scrolls sideways,
every tap target is at least 44×44 px, the header leaves the screen to the
content, and menus, filters, languages and the basket work without JavaScript."""

import io

import pytest
from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from PIL import Image

from tests.browser.conftest import CHROMIUM_ARGS, PHONE  # noqa: F401
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

ProductImage = get_model("catalogue", "ProductImage")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: Interactive elements and, for a checkbox or radio, the label that holds it (the
#: label is what a thumb taps). Links inside running text are exempt, as WCAG 2.5.8
#: exempts inline targets; visually hidden (1 px) and unrendered elements too.
SMALL_TARGETS_JS = """() => {
  const small = [];
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    let target = el;
    if (el.matches('input[type=checkbox], input[type=radio]')) target = el.closest('label') || el;
    const box = target.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if (el.tagName === 'A' && style.display === 'inline') {
      const block = el.parentElement.closest('p, li, dd, td, div');
      const own = el.textContent.trim().length;
      if (block && block.textContent.trim().length > own + 3) continue;
    }
    if (box.width < 43.5 || box.height < 43.5) {
      small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ` +
                 `${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def _picture(product, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), colour).save(buffer, format="JPEG")
    ProductImage.objects.create(
        product=product,
        original=ContentFile(buffer.getvalue(), name=f"p{product.pk}.jpg"),
    )


@pytest.fixture
def shop(home_page):
    """Two sellers, a few products with long Vietnamese names and pictures."""
    coop = SellerFactory(name="Hợp tác xã Nông nghiệp Chè Shan tuyết Bản Liền")
    house = SellerFactory(name="Hộ kinh doanh Mật ong bạc hà", seller_type="household")
    products = []
    for i, (title, seller) in enumerate(
        [
            ("Chè Shan tuyết cổ thụ Bản Liền hữu cơ loại đặc biệt", coop),
            ("Mật ong hoa bạc hà Mèo Vạc nguyên chất", house),
            ("Chè búp Bản Liền", coop),
            ("Mận tam hoa sấy dẻo Bắc Hà", house),
        ]
    ):
        product = ProductFactory(title=title, stockrecords=None)
        StockRecordFactory(product=product, partner=seller, num_in_stock=3 + 20 * i)
        _picture(product, (40 * i, 110, 70))
        products.append(product)
    return {"products": products, "seller": coop}


def _pages(live_server, shop):
    product = shop["products"][0]
    return {
        "home": "/",
        "list": "/catalogue/",
        "product": product.get_absolute_url(),
        "seller": shop["seller"].get_absolute_url(),
        "sellers": "/sellers/",
        "search": "/search/?q=ch%C3%A8",
        "basket": "/basket/",
        # Checkout has its own layout (no shop header): one page, e-mail,
        # address, items per shop, payment method cards and total.
        "checkout": "/checkout/",
    }


def test_no_page_scrolls_sideways_or_has_a_small_tap_target_on_a_phone(
    phone_page, live_server, shop
):
    # Something in the basket, so the basket page shows its lines and controls.
    phone_page.goto(live_server.url + shop["products"][1].get_absolute_url())
    phone_page.locator("#add_to_basket_form .btn-add").click()
    phone_page.wait_for_load_state()

    problems = {}
    for name, path in _pages(live_server, shop).items():
        phone_page.goto(live_server.url + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        small = phone_page.evaluate(SMALL_TARGETS_JS)
        header = phone_page.locator(".site-header")
        header = header.bounding_box()["height"] if header.count() else 0
        if width > 360 or small or header > 112:
            problems[name] = {"scroll width": width, "small": small, "header": header}
    assert problems == {}


def test_menus_filters_languages_and_basket_work_without_javascript(
    chromium, live_server, shop
):
    context = chromium.new_context(
        viewport={"width": 360, "height": 800},
        locale="vi-VN",
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/catalogue/")

        # Categories open as a sheet from the bottom bar.
        menu = page.locator(".bottom-nav .menu-panel")
        assert not menu.is_visible()
        page.locator(".bottom-nav summary").click()
        assert menu.is_visible()
        assert menu.get_by_role("link", name="Nhà bán").is_visible()
        page.locator(".bottom-nav summary").click()

        # Filters open as a full-height sheet, and apply with one button.
        page.locator(".ocop-filters > summary").click()
        sheet = page.locator("#ocop-filters").bounding_box()
        assert sheet["height"] >= 700
        page.locator(".ocop-facet[data-facet=seller] label").first.click()
        page.locator("#ocop-filters button[type=submit]").click()
        assert "seller=" in page.url

        # Add to basket from a card: the header's basket counts it.
        page.goto(live_server.url + "/catalogue/")
        page.locator(".ocop-card button[type=submit]").first.click()
        assert page.locator(".basket-mini .count-badge").inner_text() == "1"

        # The basket's "Xoá" is a button of its form: the line goes without a script.
        page.goto(live_server.url + "/basket/")
        page.locator("#basket_formset button", has_text="Xoá").first.click()
        page.wait_for_load_state()
        assert page.locator("#basket_formset").count() == 0

        # The language switch is a link that keeps the page.
        product = shop["products"][2]
        page.goto(live_server.url + product.get_absolute_url())
        page.locator(".site-langs a[hreflang=en]").click()
        assert page.url == live_server.url + "/en" + product.get_absolute_url()
        assert page.locator("html").get_attribute("lang") == "en"
        button = page.locator("#add_to_basket_form .btn-add").inner_text()
        assert button.startswith("Add to") and "Thêm" not in button
    finally:
        context.close()
