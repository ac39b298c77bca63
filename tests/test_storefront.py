"""What a buyer sees: home page, catalogue, product page, traceability page."""

import datetime
import io
import re
from decimal import Decimal

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from catalogue.ocop import OcopGroup
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    """The page's visible text with whitespace folded, to match sentences."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


def test_home_page_is_served_by_wagtail_and_shows_featured_products(
    django_app, home_page
):
    featured = ProductFactory(title="Chè Shan tuyết Bản Liền", ocop_stars=5)
    expired = ProductFactory(
        title="Gạo Séng Cù",
        ocop_decision_date=timezone.localdate() - datetime.timedelta(days=2000),
    )

    page = django_app.get("/")

    assert page.status_code == 200
    assert "Chợ OCOP Lào Cai" in page.text
    assert featured.title in page.text
    assert expired.title not in page.text  # not featured once the rating lapsed


def test_catalogue_groups_products_by_ocop_group_with_stars_and_dong_prices(
    django_app,
):
    tea = ProductFactory(
        title="Chè Shan tuyết", ocop_group=OcopGroup.BEVERAGES, ocop_stars=5
    )
    tea.stockrecords.update(price=Decimal(150000))
    ProductFactory(title="Mận tam hoa sấy dẻo", ocop_group=OcopGroup.FOOD, ocop_stars=3)

    page = django_app.get(reverse("catalogue:index"))
    text = text_of(page)

    assert "150.000 ₫" in text
    assert "★★★★★" in page.text and "★★★" in page.text
    headings = [h.text.strip() for h in page.html.select(".ocop-group h2")]
    assert headings == [str(OcopGroup.FOOD.label), str(OcopGroup.BEVERAGES.label)]
    # Filtering by group keeps only that group's products.
    filtered = django_app.get(
        reverse("catalogue:index"), {"group": OcopGroup.BEVERAGES.value}
    )
    assert "Chè Shan tuyết" in filtered.text
    assert "Mận tam hoa" not in filtered.text


def test_product_page_shows_the_ocop_data(django_app):
    seller = SellerFactory(name="HTX Chè Bản Liền", seller_type="cooperative")
    product = ProductFactory(
        title="Chè Shan hữu cơ",
        ocop_stars=5,
        ocop_group=OcopGroup.BEVERAGES,
        ocop_decision_number="4261/QĐ-UBND",
        ocop_decision_date=datetime.date(2025, 3, 1),
        origin_commune="Bản Liền",
        origin_province="Lào Cai",
        standards="VietGAP, Hữu cơ",
        stockrecords=None,
    )
    StockRecordFactory(product=product, partner=seller, price=Decimal(250000))

    page = django_app.get(product.get_absolute_url())
    text = text_of(page)

    assert "★★★★★" in text
    assert "4261/QĐ-UBND" in text
    assert "01/03/2025" in text
    assert "01/03/2028" in text  # valid until: 36 months later
    assert str(OcopGroup.BEVERAGES.label) in text
    assert "HTX Chè Bản Liền" in text
    assert str(seller.get_seller_type_display()) in text
    assert "Bản Liền, Lào Cai" in text
    assert "VietGAP, Hữu cơ" in text
    assert "250.000 ₫" in text
    assert page.html.select_one(
        f'a[href="{reverse("catalogue:traceability", kwargs={"pk": product.pk})}"]'
    )


def test_an_expired_rating_shows_no_stars_and_says_it_expired(django_app):
    product = ProductFactory(
        ocop_stars=4, ocop_decision_date=datetime.date(2018, 5, 10)
    )

    page = django_app.get(product.get_absolute_url())

    assert "★" not in page.text
    assert "10/05/2021" in text_of(page)  # the date it lapsed
    assert page.html.select_one(".ocop-expired-note")
    listing = django_app.get(reverse("catalogue:index"))
    assert "★" not in listing.text
    assert listing.html.select_one(".ocop-expired")


def test_traceability_qr_encodes_the_traceability_page_url(django_app):
    product = ProductFactory(title="Mận tam hoa sấy dẻo")
    page_path = reverse("catalogue:traceability", kwargs={"pk": product.pk})

    page = django_app.get(page_path)
    assert "Mận tam hoa sấy dẻo" in page.text
    assert page.html.select_one(".ocop-trace-qr svg")

    png = django_app.get(
        reverse("catalogue:traceability-qr", kwargs={"pk": product.pk, "fmt": "png"})
    )
    assert png.content_type == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.body)))
    assert [code.text for code in decoded] == [f"http://testserver{page_path}"]


def test_traceability_of_a_hidden_product_is_not_found(django_app):
    product = ProductFactory(is_public=False)
    url = reverse("catalogue:traceability", kwargs={"pk": product.pk})
    assert django_app.get(url, expect_errors=True).status_code == 404


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_product_thumbnails_are_served_as_webp(django_app, settings):
    from django.core.files.base import ContentFile
    from oscar.core.loading import get_model

    ProductImage = get_model("catalogue", "ProductImage")
    product = ProductFactory(title="Bộ khăn trải bàn thổ cẩm")
    buffer = io.BytesIO()
    Image.new("RGB", (800, 800), "#2d6a4f").save(buffer, format="JPEG")
    ProductImage.objects.create(
        product=product, original=ContentFile(buffer.getvalue(), name="khan.jpg")
    )

    page = django_app.get(reverse("catalogue:index"))

    img = page.html.select_one(".ocop-card img")
    assert img["src"].endswith(".webp")
    # The first card is on the phone's first screen: loaded at once, not lazily
    # (tests/test_page_weight.py checks the others are lazy).
    assert "loading" not in img.attrs
    from django.core.files.storage import default_storage

    stored = img["src"].removeprefix(settings.MEDIA_URL)
    with default_storage.open(stored) as thumb:
        assert Image.open(thumb).format == "WEBP"


def test_addresses_keep_the_letter_d_of_vietnamese_names(django_app):
    seller = SellerFactory(name="HTX Đồng Tâm")
    product = ProductFactory(title="Đậu đen xanh lòng Điện Quan", stockrecords=None)
    StockRecordFactory(product=product, partner=seller, price=Decimal(60000))

    assert product.slug == "dau-den-xanh-long-dien-quan"
    assert seller.code == "htx-dong-tam"
    assert django_app.get(product.get_absolute_url()).status_code == 200
    assert django_app.get(f"/sellers/{seller.code}/").status_code == 200
