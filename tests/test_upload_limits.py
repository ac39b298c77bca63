"""Image uploads are bounded before anything decodes them: a small file declaring a
huge picture (a decompression bomb) is refused from its header, in a moment and
without the worker's memory growing; too large a file, or a format other than JPEG,
PNG or WebP, is refused too. Product images, seller logos and Wagtail images alike."""

import io
import struct
import subprocess
import sys
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form, get_image_multi_form
from webtest import Upload

from tests.factories import ProductClassFactory
from tests.sellers.helpers import seller_with_login
from tests.test_production import ROOT, production_env

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db

BOMB_EDGE = 13000


def png_bomb(edge: int = BOMB_EDGE) -> bytes:
    """A black 1-bit PNG of ``edge`` × ``edge`` pixels, a few kilobytes on disk
    (169 megapixels, gigabytes once decoded as RGB), built row by row."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (edge + 7) // 8)  # filter byte, then the row's bits
    idat = b"".join(compressor.compress(row) for _ in range(edge)) + compressor.flush()
    header = struct.pack(">IIBBBBB", edge, edge, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


def picture(fmt: str, size=(60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 60)).save(buffer, format=fmt)
    return buffer.getvalue()


def resident_peak_reset() -> None:
    """Start measuring this process's peak resident memory afresh (Linux)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def resident_peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc/self/status")


@pytest.fixture
def seller(django_app):
    ProductClassFactory()
    return seller_with_login(name="HTX Sơn Hòa", email="son.hoa@example.com")


def settings_form(django_app, user):
    page = django_app.get(reverse("dashboard:seller-settings"), user=user)
    return next(form for form in page.forms.values() if "logo" in form.fields)


def test_a_png_bomb_logo_is_refused_quickly_without_growing_the_worker(
    django_app, seller
):
    partner, user = seller
    bomb = png_bomb()
    assert len(bomb) < 700 * 1024
    form = settings_form(django_app, user)
    form["logo"] = Upload("logo.png", bomb, "image/png")

    resident_peak_reset()
    before = resident_peak_mb()
    started = time.process_time()
    page = form.submit()
    cpu_seconds = time.process_time() - started
    grown = resident_peak_mb() - before

    assert page.status_code == 200
    assert "Ảnh này có hơn 40 megapixel" in page.text
    partner.refresh_from_db()
    assert not partner.logo
    assert cpu_seconds < 0.5, cpu_seconds
    assert grown < 100, f"the worker grew by {grown:.0f} MB"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.bmp", picture("BMP"), "JPEG, PNG hoặc WebP"),
        ("logo.tiff", picture("TIFF"), "JPEG, PNG hoặc WebP"),
        ("logo.png", b"not an image at all", "JPEG, PNG hoặc WebP"),
    ],
)
def test_a_logo_in_another_format_is_refused(
    django_app, seller, name, content, message
):
    partner, user = seller
    form = settings_form(django_app, user)
    form["logo"] = Upload(name, content, "image/png")

    page = form.submit()

    assert page.status_code == 200
    assert message in page.text
    partner.refresh_from_db()
    assert not partner.logo


def test_a_file_over_the_size_limit_is_refused_by_its_size(
    django_app, seller, settings
):
    partner, user = seller
    # Pillow would find a valid header here: only the size check can refuse it.
    oversized = picture("PNG") + b"\x00" * settings.OCOP_IMAGE_MAX_BYTES
    form = settings_form(django_app, user)
    form["logo"] = Upload("logo.png", oversized, "image/png")

    page = form.submit()

    assert page.status_code == 200
    assert "giới hạn là 5,0" in page.text
    partner.refresh_from_db()
    assert not partner.logo


def test_a_small_webp_logo_is_saved(django_app, seller):
    partner, user = seller
    form = settings_form(django_app, user)
    form["logo"] = Upload("logo.webp", picture("WEBP"), "image/webp")

    form.submit().follow()

    partner.refresh_from_db()
    assert partner.logo.name.endswith(".webp")


def test_a_png_bomb_product_photo_is_refused(client, seller):
    _partner, user = seller
    client.force_login(user)
    data = {
        "title": "Tinh dầu sả Mường Khương",
        "price": "120.000",
        "action": "draft",
        "photos": [SimpleUploadedFile("sa.png", png_bomb(), "image/png")],
    }

    resident_peak_reset()
    before = resident_peak_mb()
    started = time.process_time()
    page = client.post(reverse("dashboard:seller-product-create"), data)

    # The form page itself (every commune of the province list) takes part of it.
    assert time.process_time() - started < 2.0
    assert resident_peak_mb() - before < 100
    assert page.status_code == 200
    assert "Ảnh này có hơn 40 megapixel" in page.content.decode()
    assert not Product.objects.filter(title="Tinh dầu sả Mường Khương").exists()


def test_a_png_bomb_is_refused_by_the_wagtail_image_form():
    ImageForm = get_image_form(get_image_model())
    form = ImageForm(
        data={"title": "Bom"},
        files={"file": SimpleUploadedFile("bom.png", png_bomb(), "image/png")},
    )

    started = time.process_time()
    valid = form.is_valid()

    assert time.process_time() - started < 0.5
    assert not valid
    assert "Ảnh này có hơn 40 megapixel" in str(form.errors["file"])
    # The multiple uploader's edit step still has no file field to fill in.
    assert "file" not in get_image_multi_form(get_image_model())().fields


OPEN_AN_IMAGE = """
import sys
import django
django.setup()
from PIL import Image
Image.open(sys.argv[1])
print("opened")
"""


def test_once_started_pillow_refuses_a_bomb_anywhere(tmp_path):
    # In a fresh process, as a worker starts: pytest resets warning filters per test.
    # 7000 × 7000 is over the 40-megapixel limit but under twice it, where Pillow
    # would only warn.
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb(7000))
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AN_IMAGE, str(bomb)],
        cwd=ROOT,
        env=production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "opened" not in result.stdout
    assert "DecompressionBombWarning" in result.stderr
