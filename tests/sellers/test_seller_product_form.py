"""A seller lists a product on one screen: drafts, errors at the top, photos in
order, and the product on sale only when it is complete."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image

from shop.money import dong_parse
from tests.factories import ProductClassFactory
from tests.sellers.helpers import product_of, seller_with_login

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db

BAN_LIEN = 2869  # Xã Bản Liền, Lào Cai (official code)


def _photo(name, colour, size=(800, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def seller(client):
    ProductClassFactory()
    coop, user = seller_with_login(
        name="HTX Chè Bản Liền", email="che@example.com", province="Lào Cai"
    )
    client.force_login(user)
    return coop


@pytest.fixture
def category(db):
    return create_from_breadcrumbs("Thực phẩm > Chè")


def _complete(chosen, **extra):
    return {
        "title": "Chè Shan tuyết cổ thụ",
        "category": chosen.pk,
        "price": "150.000",
        "num_in_stock": "12",
        "ocop_stars": "4",
        "ocop_decision_number": "4261/QĐ-UBND",
        "ocop_decision_date": "2025-06-01",
        "origin_province": "15",
        "origin_commune": str(BAN_LIEN),
        "description": "Chè búp hái tay từ cây cổ thụ.",
        "action": "publish",
        **extra,
    }


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("150000", 150000),
        ("150.000", 150000),
        ("150,000", 150000),
        ("1.250.000 ₫", 1250000),
        ("150.000đ", 150000),
        ("150 000", 150000),
        ("150.5", None),
        ("15.00", None),
        ("abc", None),
    ],
)
def test_price_is_read_as_people_type_it(typed, amount):
    assert dong_parse(typed) == amount


def test_seller_lists_a_complete_product_with_two_photos_and_it_is_on_sale(
    client, seller, category
):
    data = _complete(category)
    data["photos"] = [_photo("a.jpg", "red", (2400, 1800)), _photo("b.jpg", "blue")]
    response = client.post(reverse("dashboard:seller-product-create"), data)

    product = Product.objects.get(title="Chè Shan tuyết cổ thụ")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "dashboard:seller-product-edit", kwargs={"pk": product.pk}
    )
    assert product.is_public
    record = product.stockrecords.get()
    assert (record.partner, record.price, record.num_in_stock) == (seller, 150000, 12)
    assert (product.origin_commune, product.origin_province) == (
        "Xã Bản Liền",
        "Lào Cai",
    )
    assert list(product.categories.all()) == [category]
    images = list(product.images.order_by("display_order"))
    assert len(images) == 2
    with Image.open(images[0].original) as first:
        assert max(first.size) == 1600  # shrunk on the server too
    shop_page = client.get(product.get_absolute_url())
    assert shop_page.status_code == 200
    assert "150.000\u00a0₫" in shop_page.content.decode()


def test_incomplete_product_is_kept_as_a_draft_and_the_summary_links_each_field(
    client, seller, category
):
    data = _complete(category, category="", price="", description="")
    response = client.post(reverse("dashboard:seller-product-create"), data)

    product = Product.objects.get(title="Chè Shan tuyết cổ thụ")
    assert not product.is_public  # nothing typed is lost, nothing half-done is sold
    assert response["Location"].endswith("?missing=1")
    page = client.get(response["Location"]).content.decode()
    summary = page[
        page.index('id="error-summary"') : page.index(
            "</ul>", page.index('id="error-summary"')
        )
    ]
    for anchor in ("#id_category", "#id_price", "#id_photos", "#id_description"):
        assert f'href="{anchor}"' in summary
    assert "Chọn danh mục." in page  # in Vietnamese
    assert 'class="seller-error"' in page  # and beside each field

    storefront = client.get(reverse("catalogue:index")).content.decode()
    assert "Chè Shan tuyết cổ thụ" not in storefront


def test_a_price_that_is_not_a_number_is_shown_at_the_top_and_nothing_is_saved(
    client, seller, category
):
    response = client.post(
        reverse("dashboard:seller-product-create"), _complete(category, price="abc")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_price"' in page
    assert not Product.objects.exists()


def test_photos_are_reordered_with_buttons_and_the_first_is_the_main_one(
    client, seller, category
):
    data = _complete(category)
    data["photos"] = [_photo("a.jpg", "red"), _photo("b.jpg", "blue")]
    client.post(reverse("dashboard:seller-product-create"), data)
    product = Product.objects.get()
    first, second = product.images.order_by("display_order")

    url = reverse("dashboard:seller-product-edit", kwargs={"pk": product.pk})
    form = _complete(category, action="", photo_up=str(second.pk))
    response = client.post(url, form)

    assert response.status_code == 302
    assert product.primary_image().pk == second.pk
    product.refresh_from_db()
    assert product.is_public  # still complete, still on sale

    client.post(url, _complete(category, action="", photo_delete=str(second.pk)))
    client.post(url, _complete(category, action="", photo_delete=str(first.pk)))
    product.refresh_from_db()
    assert not product.is_public  # no photo left: back to a draft


def test_another_sellers_product_is_not_found_and_unchanged(client, seller, category):
    other, _user = seller_with_login(name="HTX Quang Tom", email="man@example.com")
    plum = product_of(other, title="Mận tam hoa", price=85000, sku="MAN-1")
    url = reverse("dashboard:seller-product-edit", kwargs={"pk": plum.pk})

    assert client.get(url).status_code == 404
    assert client.post(url, _complete(category)).status_code == 404
    plum.refresh_from_db()
    assert plum.title == "Mận tam hoa"


def test_oscar_form_sends_a_seller_to_its_own_form(client, seller):
    response = client.get(reverse("dashboard:catalogue-product-create"))
    assert response["Location"] == reverse("dashboard:seller-product-create")
