"""Stored XSS from a seller: its rich text is cleaned on the way in and on the way out
(shop/seller_html.py), on the product page, the seller page, the API and the open
data files."""

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.core.files.storage import default_storage
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from shop.api.services import JSON_NAME, open_data_export
from shop.seller_html import seller_html_clean
from tests.factories import ProductClassFactory, ProductFactory, SellerFactory
from tests.sellers.helpers import product_of, seller_with_login

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db

PAYLOAD = (
    "<p>Chè <strong>Shan tuyết</strong> <em>cổ thụ</em></p>"
    "<script>document.title = 'pwned'</script>"
    "<img src=x onerror=\"document.title='pwned'\">"
    '<ul><li onclick="steal()">Hộp 100 g</li></ul>'
    '<a href="javascript:steal()">xem</a> <a href="https://htx.example.vn/">web</a>'
    '<p style="position:fixed" class="x">Bắc Hà</p><iframe src="https://evil.test/">'
    "</iframe>"
)
DANGEROUS = ("<script", "pwned", "onerror", "onclick", "javascript:", "<img", "<iframe")
DANGEROUS += ("style=", "evil.test", "steal")


def assert_clean(html: str):
    for marker in DANGEROUS:
        assert marker not in html, marker


def assert_allowed_tags_kept(html: str):
    assert "<strong>Shan tuyết</strong>" in html
    assert "<em>cổ thụ</em>" in html
    assert "<li>Hộp 100 g</li>" in html
    assert '<a href="https://htx.example.vn/" rel="nofollow noopener">web</a>' in html


def test_a_sellers_script_is_dropped_when_the_product_is_saved_and_shown(client):
    product = ProductFactory(title="Chè Shan", description=PAYLOAD)

    product.refresh_from_db()
    assert_clean(product.description)
    assert_allowed_tags_kept(product.description)
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    description = page.content.decode().split('id="product_description"')[1]
    assert_clean(description.split("</main>")[0].split('id="ocop"')[0])
    assert_allowed_tags_kept(description)


def test_a_row_written_around_save_is_still_cleaned_on_every_way_out(client):
    """A bulk update or a restored backup skips save(): pages, API and datasets clean
    the text again."""
    seller = SellerFactory(name="HTX Bản Liền")
    product = product_of(seller, title="Chè Shan", price=250000, sku="CHE-1")
    Product.objects.filter(pk=product.pk).update(description=PAYLOAD)
    Partner.objects.filter(pk=seller.pk).update(description=PAYLOAD)

    page = client.get(product.get_absolute_url()).content.decode()
    assert "<script>document.title" not in page and "onerror=" not in page
    assert_allowed_tags_kept(page)
    profile = client.get(seller.get_absolute_url()).content.decode()
    assert "<script>document.title" not in profile and "onerror=" not in profile
    assert_allowed_tags_kept(profile)

    api_product = client.get(f"/api/v1/products/{product.pk}/").json()
    assert_clean(api_product["description"])
    assert_allowed_tags_kept(api_product["description"])
    api_seller = client.get(f"/api/v1/sellers/{seller.pk}/").json()
    assert_clean(api_seller["description"])
    assert_allowed_tags_kept(api_seller["description"])

    # The JSON dataset carries the description (the CSV has no such column).
    open_data_export()
    with default_storage.open(JSON_NAME, "rb") as f:
        published = json.load(f)["products"][0]["description"]
    assert_clean(published)
    assert_allowed_tags_kept(published)


def test_the_data_migration_cleans_rows_written_before(db):
    seller = SellerFactory()
    product = ProductFactory()
    Product.objects.filter(pk=product.pk).update(description=PAYLOAD)
    Partner.objects.filter(pk=seller.pk).update(description=PAYLOAD)

    for module in (
        "catalogue.migrations.0035_product_description_sanitise",
        "shop.partner.migrations.0011_seller_description_sanitise",
    ):
        importlib.import_module(module).descriptions_clean(django_apps, None)

    for text in (
        Product.objects.get(pk=product.pk).description,
        Partner.objects.get(pk=seller.pk).description,
    ):
        assert_clean(text)
        assert_allowed_tags_kept(text)


def test_a_seller_editing_its_profile_in_the_dashboard_cannot_store_a_script(
    django_app,
):
    seller, user = seller_with_login(name="HTX Sơn Hòa", email="son.hoa@example.com")
    page = django_app.get(reverse("dashboard:seller-settings"), user=user)
    form = page.forms[1]
    form["description"] = PAYLOAD
    form.submit().follow()

    seller.refresh_from_db()
    assert_clean(seller.description)
    assert_allowed_tags_kept(seller.description)


def test_a_seller_adding_a_product_in_the_dashboard_cannot_store_a_script(django_app):
    ProductClassFactory()
    category = create_from_breadcrumbs("Dược liệu")
    seller, user = seller_with_login(name="HTX Sơn Hòa", email="son.hoa@example.com")
    page = django_app.get(reverse("dashboard:seller-product-create"), user=user)
    form = page.forms["seller-product-form"]
    form["title"] = "Tinh dầu sả"
    form["description"] = PAYLOAD
    form["price"] = "120.000"
    form["num_in_stock"] = "10"
    form["category"].force_value(str(category.pk))
    assert form.submit("action", value="draft").status_code == 302

    product = Product.objects.get(title="Tinh dầu sả")
    assert_clean(product.description)
    assert_allowed_tags_kept(product.description)


def test_plain_text_keeps_its_paragraphs_and_ampersands(client):
    seller = SellerFactory(description="Chè & mận Bắc Hà.\n\nGiao hàng <3 ngày.")

    profile = client.get(seller.get_absolute_url()).content.decode()

    assert "<p>Chè &amp; mận Bắc Hà.</p>" in profile
    assert "<p>Giao hàng &lt;3 ngày.</p>" in profile


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "/admin/", ""],
)
def test_only_web_links_keep_their_target(href):
    assert seller_html_clean(f'<a href="{href}">x</a>') == (
        '<a rel="nofollow noopener">x</a>'
    )


def test_cleaning_twice_changes_nothing():
    once = seller_html_clean(PAYLOAD)
    assert seller_html_clean(once) == once
