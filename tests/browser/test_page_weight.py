"""Light pages still work: no web font, menus and basket with deferred scripts.

jQuery, Bootstrap, Oscar's ui.js and shop/storefront.js load with ``defer`` on the
storefront (templates/oscar/layout.html); these check in Chromium that the menus and
adding to the basket still work, and that the home hero fits a phone.
"""

import io

import pytest
from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from PIL import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import ProductFactory

ProductImage = get_model("catalogue", "ProductImage")
WagtailImage = get_model("wagtailimages", "Image")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def products():
    made = []
    for i in range(6):
        product = ProductFactory(title=f"Mật ong bạc hà {i}")
        buffer = io.BytesIO()
        Image.new("RGB", (400, 400), (40 * i, 120, 80)).save(buffer, format="JPEG")
        ProductImage.objects.create(
            product=product, original=ContentFile(buffer.getvalue(), name=f"m{i}.jpg")
        )
        made.append(product)
    return made


def _watch(page):
    """Record script errors and what kinds of resources the page fetched."""
    seen = {"errors": [], "kinds": []}
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("request", lambda request: seen["kinds"].append(request.resource_type))
    return seen


def test_phone_menu_and_basket_work_with_deferred_scripts_and_no_font(
    phone_page, live_server, products
):
    seen = _watch(phone_page)
    phone_page.goto(live_server.url + "/catalogue/")

    assert "font" not in seen["kinds"]
    # The shopping-cart icon is drawn (an SVG mask), one em square, without a font.
    icon = phone_page.locator(".basket-mini .fa-shopping-cart").bounding_box()
    assert icon["width"] > 8 and icon["height"] > 8

    # The categories menu opens from the bottom bar (a <details>, no script needed).
    menu = phone_page.locator(".bottom-nav .menu-panel")
    assert not menu.is_visible()
    phone_page.locator(".bottom-nav summary").click()
    menu.wait_for(state="visible")
    phone_page.locator(".bottom-nav summary").click()

    phone_page.locator(".ocop-card form button[type=submit]").first.click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_text("Tổng giỏ hàng của bạn hiện là").is_visible()
    assert phone_page.locator(".basket-mini .count-badge").inner_text() == "1"
    assert seen["errors"] == []


def test_desktop_menus_work_with_deferred_scripts(desktop_page, live_server, products):
    seen = _watch(desktop_page)
    desktop_page.goto(live_server.url + products[0].get_absolute_url())
    desktop_page.locator("#add_to_basket_form .btn-add").click()
    desktop_page.wait_for_load_state()
    assert desktop_page.locator(".basket-mini .count-badge").inner_text() == "1"

    desktop_page.locator(".site-categories summary").click()
    desktop_page.locator(".site-categories .menu-panel").wait_for(state="visible")
    # A click elsewhere closes it (shop/storefront.js, deferred).
    desktop_page.locator("h1").first.click()
    desktop_page.locator(".site-categories .menu-panel").wait_for(state="hidden")
    # The filters are open beside the results on a desktop.
    desktop_page.goto(live_server.url + "/catalogue/")
    assert desktop_page.locator("#ocop-filters").is_visible()
    assert seen["errors"] == []
    assert "font" not in seen["kinds"]


def test_home_hero_text_fits_a_phone(phone_page, live_server, home_page):
    image = WagtailImage.objects.create(
        title="Đồi chè", file=get_test_image_file(size=(960, 540))
    )
    home_page.body = [
        {
            "type": "hero",
            "value": {
                "heading": "Đặc sản OCOP từ các xã Lào Cai",
                "text": "Mua trực tiếp từ hợp tác xã, thanh toán bằng mã QR.",
                "image": image.pk,
                "button_text": "Xem mùa mận Bắc Hà",
                "button_link": {"page": None, "url": "/catalogue/", "label": ""},
            },
        }
    ]
    home_page.save_revision().publish()

    phone_page.goto(live_server.url + "/")

    hero = phone_page.locator(".cms-hero").bounding_box()
    for part in (".cms-hero h2", ".cms-hero p", ".cms-hero .btn"):
        box = phone_page.locator(part).bounding_box()
        assert box["y"] >= hero["y"], part  # not cut off above the picture
        assert box["y"] + box["height"] <= hero["y"] + hero["height"] + 0.5, part
        assert box["x"] + box["width"] <= 360, part
    # The picture is not covered: the text sits under it on a phone.
    picture = phone_page.locator(".cms-hero img").bounding_box()
    heading = phone_page.locator(".cms-hero h2").bounding_box()
    assert heading["y"] >= picture["y"] + picture["height"] - 0.5
