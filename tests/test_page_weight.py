"""The storefront stays light on a phone on a slow network (issue 8).

The product list must weigh at most 150 KB without its product pictures. A page's
weight here is what a browser downloads: the page's HTML as our middleware compresses
it, plus each same-site stylesheet and script it references, gzipped as WhiteNoise
serves them in production (``CompressedManifestStaticFilesStorage`` stores a gzip copy
of each file; browsers that take Brotli get a smaller one), plus any web font the
stylesheets pull in. ``python -m bench.browser`` measures the same in Chromium.
"""

import gzip
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from shop import storefront_css
from tests.factories import ProductFactory, StockRecordFactory

ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db

BUDGET_KB = 150
ICONS_CSS = Path(storefront_css.OUT / "icons.css")


def _with_picture(product, colour="#2d6a4f"):
    buffer = io.BytesIO()
    Image.new("RGB", (600, 600), colour).save(buffer, format="JPEG")
    ProductImage.objects.create(
        product=product,
        original=ContentFile(buffer.getvalue(), name=f"p{product.pk}.jpg"),
    )
    return product


@pytest.fixture
def full_page_of_products():
    """One listing page's worth of products, each with a picture."""
    return [
        _with_picture(ProductFactory(), colour=(i * 9 % 256, 120, 80))
        for i in range(settings.OSCAR_PRODUCTS_PER_PAGE + 2)
    ]


def _get(client, path, **headers):
    return client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br", **headers)


def _html(response) -> BeautifulSoup:
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return BeautifulSoup(body.decode(), "html.parser")


def _static_file(url: str) -> Path:
    assert url.startswith(settings.STATIC_URL), f"not a same-site static file: {url}"
    found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert found, f"{url} is not a static file"
    return Path(found)


def _stylesheets(soup) -> list[str]:
    return [
        link["href"] for link in soup.select("link[rel~=stylesheet]") if link["href"]
    ]


def _fonts_of(stylesheet: Path) -> list[Path]:
    """The font files a stylesheet's ``@font-face`` rules point at."""
    css = stylesheet.read_text(encoding="utf-8")
    fonts = []
    for rule in re.findall(r"@font-face\s*\{[^}]*\}", css):
        for url in re.findall(r"url\(['\"]?([^'\")]+)", rule):
            if not url.startswith("data:"):
                fonts.append((stylesheet.parent / url.split("?")[0]).resolve())
    return fonts


def _weight_kb(response) -> dict[str, float]:
    """KB a browser downloads for the page, without pictures, by kind."""
    soup = _html(response)
    weight = {"html": len(response.content), "css": 0, "js": 0, "fonts": 0}
    for href in _stylesheets(soup):
        path = _static_file(href)
        weight["css"] += len(gzip.compress(path.read_bytes(), compresslevel=9))
        weight["fonts"] += sum(f.stat().st_size for f in _fonts_of(path) if f.exists())
    for script in soup.select("script[src]"):
        path = _static_file(script["src"])
        weight["js"] += len(gzip.compress(path.read_bytes(), compresslevel=9))
    return {kind: round(size / 1024, 1) for kind, size in weight.items()}


def test_the_product_list_weighs_at_most_150_kb_without_pictures(
    client, full_page_of_products
):
    response = _get(client, reverse("catalogue:index"))
    assert response.status_code == 200

    weight = _weight_kb(response)

    assert sum(weight.values()) <= BUDGET_KB, weight
    assert len(_html(response).select(".ocop-card")) == settings.OSCAR_PRODUCTS_PER_PAGE


def test_the_product_page_and_the_home_page_are_as_light(client, home_page):
    product = _with_picture(ProductFactory(title="Chè Shan tuyết"))

    for path in (product.get_absolute_url(), "/"):
        response = _get(client, path)
        assert response.status_code == 200
        weight = _weight_kb(response)
        assert sum(weight.values()) <= BUDGET_KB, (path, weight)


def test_storefront_pages_load_no_web_font(client, home_page):
    product = _with_picture(ProductFactory())

    for path in ("/", reverse("catalogue:index"), product.get_absolute_url()):
        soup = _html(_get(client, path))
        stylesheets = [_static_file(href) for href in _stylesheets(soup)]
        assert stylesheets, path
        for stylesheet in stylesheets:
            assert _fonts_of(stylesheet) == [], (path, stylesheet)
        assert not soup.select("link[as=font]"), path


def test_pictures_below_the_first_screen_wait_and_all_have_a_size(
    client, full_page_of_products
):
    soup = _html(_get(client, reverse("catalogue:index")))
    pictures = soup.select(".ocop-card img")

    assert len(pictures) == settings.OSCAR_PRODUCTS_PER_PAGE
    for img in pictures:
        assert img.get("width") and img.get("height"), img
        assert img.get("srcset") and img.get("sizes"), img
    # The first row on a phone is what the buyer sees first: fetched at once, first.
    for img in pictures[:2]:
        assert img.get("loading") is None and img.get("fetchpriority") == "high"
    for img in pictures[2:]:
        assert img.get("loading") == "lazy" and img.get("fetchpriority") is None


def test_the_product_pages_picture_comes_first_with_its_size(client):
    product = _with_picture(ProductFactory())

    picture = _html(_get(client, product.get_absolute_url())).select_one(
        "#product_gallery img"
    )

    assert picture["fetchpriority"] == "high" and "loading" not in picture.attrs
    assert int(picture["width"]) > 0 and int(picture["height"]) > 0


def test_scripts_never_hold_up_the_first_paint(client, home_page):
    product = _with_picture(ProductFactory())

    for path in ("/", reverse("catalogue:index"), product.get_absolute_url()):
        soup = _html(_get(client, path))
        external = soup.select("script[src]")
        assert external, path
        for script in external:
            assert script.has_attr("defer") or script.has_attr("async"), script
        # Code that needs jQuery or Oscar's ui.js waits for them: deferred scripts
        # have all run when DOMContentLoaded fires.
        for script in soup.select("script:not([src])"):
            code = script.string or ""
            if "$(" in code or "jQuery" in code or "oscar." in code:
                assert "DOMContentLoaded" in code, (path, code)


def test_public_pages_are_compressed_and_personal_ones_are_not(client):
    product = ProductFactory(title="Mận tam hoa sấy dẻo")

    listing = _get(client, reverse("catalogue:index"))
    assert listing["Content-Encoding"] == "gzip"
    assert "Mận tam hoa sấy dẻo" in gzip.decompress(listing.content).decode()
    assert "Accept-Encoding" in listing["Vary"]
    assert _get(client, product.get_absolute_url())["Content-Encoding"] == "gzip"

    # Pages with addresses, orders or payment secrets stay uncompressed (BREACH).
    for path in (reverse("basket:summary"), reverse("customer:login")):
        response = _get(client, path)
        assert response.status_code == 200, path
        assert not response.has_header("Content-Encoding"), path
    english_basket = _get(client, "/en" + reverse("basket:summary"))
    assert not english_basket.has_header("Content-Encoding")
    # Only HTML: JSON is left alone.
    suggest = _get(client, reverse("search:suggest") + "?q=man")
    assert not suggest.has_header("Content-Encoding")
    # A browser that takes no gzip gets the plain page.
    plain = client.get(reverse("catalogue:index"))
    assert not plain.has_header("Content-Encoding")
    assert "Mận tam hoa sấy dẻo" in plain.content.decode()


def test_every_icon_the_storefront_shows_is_drawn_without_a_font():
    icons_css = ICONS_CSS.read_text(encoding="utf-8")
    known = storefront_css._glyph_codepoints(
        storefront_css.OSCAR_CSS.read_text(encoding="utf-8")
    )
    used = storefront_css.storefront_icons()

    assert {"fa-shopping-cart", "fa-star", "fa-check-circle"} <= set(used)
    for key, style in used.items():
        name = key.split(":")[0]
        if name not in known:
            continue  # an icon Font Awesome itself no longer has (Oscar's old names)
        selector = f".far.{name}{{" if style == "regular" else f".{name}{{"
        assert selector in icons_css, (
            f"{name} is used by a template but not in shop/static/shop/icons.css: "
            "run python -m shop.storefront_css"
        )
    assert "font-family" not in icons_css


def test_the_storefront_stylesheet_is_oscars_without_font_awesome():
    committed = (storefront_css.OUT / "oscar.css").read_text(encoding="utf-8")

    assert committed == storefront_css.oscar_css_without_font_awesome(
        storefront_css.OSCAR_CSS.read_text(encoding="utf-8")
    ), "Oscar changed: run python -m shop.storefront_css"
    assert "Font Awesome" not in committed and "webfonts" not in committed
    # Bootstrap and Oscar's own rules are all still there.
    for rule in (".navbar-toggler{", ".dropdown-menu{", ".product_pod{", ".alert{"):
        assert rule in committed, rule


def test_the_basket_button_and_message_speak_vietnamese(django_app):
    product = ProductFactory(title="Mật ong bạc hà", stockrecords=None)
    StockRecordFactory(product=product, price=Decimal(150000))

    page = django_app.get(product.get_absolute_url())
    page = page.forms["add_to_basket_form"].submit().follow()
    text = " ".join(page.html.get_text(" ").split())

    assert "Tổng giỏ hàng của bạn hiện là 150.000 ₫" in text
    basket = page.html.select_one("a.basket-mini .sr-only").get_text(" ")
    assert " ".join(basket.split()) == "Giỏ hàng: 1 sản phẩm, 150.000 ₫"
