"""A volunteer lists a cooperative's product from the dashboard alone."""

import io

import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image
from webtest import Upload

from tests.factories import ProductClassFactory
from tests.sellers.helpers import seller_with_login

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def jpeg(width, height, *, noise=False):
    picture = Image.new("RGB", (width, height), (40, 120, 60))
    if noise:
        picture = Image.frombytes(
            "RGB", (width, height), __import__("os").urandom(width * height * 3)
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


@pytest.fixture
def volunteer(django_app):
    ProductClassFactory()
    create_from_breadcrumbs("Dược liệu")
    seller, user = seller_with_login(name="HTX Sơn Hòa", email="son.hoa@example.com")
    return seller, user


def _new_product_form(django_app, user):
    # "Add a product" goes straight to the seller's one-screen form.
    page = django_app.get(reverse("dashboard:catalogue-product-create"), user=user)
    page = page.maybe_follow()
    return page.forms["seller-product-form"]


def test_seller_adds_a_product_with_defaults_and_a_resized_image(django_app, volunteer):
    seller, user = volunteer
    form = _new_product_form(django_app, user)
    form["title"] = "Tinh dầu sả Mường Khương"
    form["ocop_stars"] = "4"
    form["ocop_decision_number"] = "12/QĐ-UBND"
    form["ocop_decision_date"] = "2025-06-01"
    form["category"] = str(get_model("catalogue", "Category").objects.get().pk)
    form["price"] = "120.000"
    form["num_in_stock"] = "10"
    form["origin_province"] = "15"
    form["origin_commune"].force_value("2869")
    form["description"] = "Tinh dầu sả chưng cất."
    form["photos"] = [Upload("sa.jpg", jpeg(4000, 3000), "image/jpeg")]
    response = form.submit("action", value="publish")
    assert response.status_code == 302, response.html.select(".seller-error")

    product = Product.objects.get(title="Tinh dầu sả Mường Khương")
    assert product.is_public
    record = product.stockrecords.get()
    assert record.partner == seller
    assert record.price == 120000 and record.price_currency == "VND"
    assert record.num_in_stock == 10
    assert record.partner_sku  # made up, not asked for
    image = product.images.get()
    with Image.open(image.original) as stored:
        assert max(stored.size) == 1600
        assert stored.size == (1600, 1200)


def test_an_image_over_the_size_limit_is_refused_with_a_clear_message(
    django_app, volunteer, settings
):
    settings.OCOP_IMAGE_MAX_BYTES = 50_000
    seller, user = volunteer
    form = _new_product_form(django_app, user)
    form["title"] = "Tinh dầu sả Mường Khương"
    form["price"] = "120000"
    form["photos"] = [
        Upload("sa.jpg", jpeg(400, 400, noise=True), "image/jpeg"),
    ]
    page = form.submit("action", value="draft")
    assert page.status_code == 200
    assert "giới hạn là" in page.text
    assert 'href="#id_photos"' in page.text  # in the summary at the top too
    assert not Product.objects.filter(title="Tinh dầu sả Mường Khương").exists()


def test_seller_sets_its_shipping_charge_but_not_its_commission(django_app, volunteer):
    seller, user = volunteer
    page = django_app.get(reverse("dashboard:seller-settings"), user=user)
    form = page.forms[1]
    assert "commission_rate" not in form.fields
    assert "is_suspended" not in form.fields
    form["shipping_charge"] = "25000"
    form["description"] = "Tinh dầu sả chưng cất thủ công."
    form.submit().follow()
    seller.refresh_from_db()
    assert seller.shipping_charge == 25000
    profile = django_app.get(seller.get_absolute_url())
    assert "Tinh dầu sả chưng cất thủ công." in profile.text
