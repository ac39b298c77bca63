"""A seller lists a product with a photo from the dashboard, in a real browser; it
appears on the storefront, and another seller cannot open it."""

import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image

from tests.browser.conftest import csp_watch
from tests.factories import ProductClassFactory
from tests.sellers.helpers import seller_with_login

Product = get_model("catalogue", "Product")

# serialized_rollback, as the other browser tests: a transactional test empties the
# database when it ends; this brings back what migrations seeded (Wagtail root page,
# locales, banks) first, and ends without re-creating content types, which a later
# serialized test would then collide with.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _photo(path):
    Image.new("RGB", (2400, 1800), (200, 60, 60)).save(path, format="JPEG")
    return path


def _log_in(page, base_url, email):
    page.goto(base_url + reverse("dashboard:login"))
    page.fill("#dashboard_login_form input[name=username]", email)
    page.fill("#dashboard_login_form input[name=password]", "test-password")
    page.locator("#dashboard_login_form input[type=submit]").click()
    page.wait_for_url(f"**{reverse('dashboard:index')}")


def test_seller_adds_a_product_with_an_image_and_another_seller_cannot_open_it(
    live_server, chromium, desktop_page, tmp_path
):
    ProductClassFactory()
    category = create_from_breadcrumbs("Thực phẩm")
    seller_with_login(name="HTX Chè Bản Liền", email="che@example.com")
    seller_with_login(name="HTX Quang Tom", email="man@example.com")
    page = desktop_page

    _log_in(page, live_server.url, "che@example.com")
    page.goto(live_server.url + reverse("dashboard:catalogue-product-create"))
    page.wait_for_url(f"**{reverse('dashboard:seller-product-create')}")
    page.fill("#id_title", "Chè Shan tuyết cổ thụ")
    # The category list has a search box: typing without tone marks picks it.
    page.fill("input.seller-filter[aria-controls=id_category]", "thuc pham")
    assert page.locator("#id_category").input_value() == str(category.pk)
    page.fill("#id_price", "180000")
    page.fill("#id_num_in_stock", "10")
    page.set_input_files("#id_photos", str(_photo(tmp_path / "che.jpg")))
    page.select_option("#id_ocop_stars", "4")
    page.fill("#id_ocop_decision_number", "4261/QĐ-UBND")
    page.fill("#id_ocop_decision_date", "2025-06-01")
    assert page.locator("#id_origin_province").input_value() == "15"  # seller's
    page.select_option("#id_origin_commune", "2869")
    page.fill("#id_description", "Chè búp hái tay.")
    page.locator("#publish").click()
    page.wait_for_url("**/products/sell/*/")

    product = Product.objects.get(title="Chè Shan tuyết cổ thụ")
    with Image.open(product.images.get().original) as stored:
        assert max(stored.size) == 1600  # shrunk from 2400

    page.goto(live_server.url + reverse("catalogue:index"))
    page.get_by_role("link", name="Chè Shan tuyết cổ thụ").first.click()
    page.wait_for_url(f"**{product.get_absolute_url()}")
    assert page.locator("img[src*='/media/']").count() >= 1
    assert page.get_by_role("link", name="HTX Chè Bản Liền").first.is_visible()

    other = chromium.new_context(viewport={"width": 1280, "height": 900})
    other_violations = csp_watch(other)
    try:
        other_page = other.new_page()
        _log_in(other_page, live_server.url, "man@example.com")
        for name in ("dashboard:catalogue-product", "dashboard:seller-product-edit"):
            response = other_page.goto(
                live_server.url + reverse(name, kwargs={"pk": product.pk})
            )
            assert response.status == 404
        other_page.goto(live_server.url + reverse("dashboard:catalogue-product-list"))
        assert "Chè Shan tuyết cổ thụ" not in other_page.content()
    finally:
        other.close()
    assert other_violations == []
