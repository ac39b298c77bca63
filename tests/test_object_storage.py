"""MEDIA_STORAGE=s3: uploads, thumbnails and Wagtail renditions land in the bucket.

Runs against moto's S3-compatible server over HTTP, the way boto3 talks to any store.
"""

import io
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer
from PIL import Image as PillowImage

from tests.factories import ProductFactory
from tests.servers import S3Server

ProductImage = get_model("catalogue", "ProductImage")

pytestmark = [pytest.mark.servers, pytest.mark.django_db]


@pytest.fixture(scope="module")
def s3_server():
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3_media(settings, s3_server):
    """The default storage is the S3 bucket, built exactly as the settings build it."""
    import sorl.thumbnail.default
    from django.utils.functional import empty

    environment = s3_server.env()
    settings.MEDIA_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": environment["S3_BUCKET"],
                "access_key": environment["S3_ACCESS_KEY_ID"],
                "secret_key": environment["S3_SECRET_ACCESS_KEY"],
                "endpoint_url": environment["S3_ENDPOINT_URL"],
                "region_name": environment["S3_REGION"],
                "querystring_auth": True,
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    # sorl keeps its storage object once built; let it pick up the bucket.
    sorl.thumbnail.default.storage._wrapped = empty
    yield s3_server
    sorl.thumbnail.default.storage._wrapped = empty


def jpeg_bytes(*, colour: str = "green", size=(640, 480)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def fetch_image(url: str) -> PillowImage.Image:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return PillowImage.open(io.BytesIO(response.read()))


def test_product_photo_and_its_thumbnail_are_stored_and_served_by_s3(s3_media):
    product = ProductFactory(title="Chè Shan tuyết")
    photo = ProductImage.objects.create(
        product=product,
        original=ContentFile(jpeg_bytes(), name="che-shan.jpg"),
        display_order=0,
    )
    thumbnail = get_thumbnailer().generate_thumbnail(photo.original, size="200x150")

    keys = s3_media.keys()
    assert photo.original.name in keys
    assert thumbnail.name in keys
    # The browser gets a signed link to the store itself and can load the image.
    assert thumbnail.url.startswith(s3_media.endpoint_url)
    assert fetch_image(thumbnail.url).size == (200, 150)
    assert fetch_image(photo.original.url).size == (640, 480)


def test_wagtail_image_and_rendition_are_stored_in_s3(s3_media):
    from wagtail.images.models import Image

    image = Image.objects.create(
        title="Ruộng bậc thang",
        file=ImageFile(io.BytesIO(jpeg_bytes(colour="yellow")), name="ruong.jpg"),
    )
    rendition = image.get_rendition("fill-120x90")

    keys = s3_media.keys()
    assert image.file.name in keys
    assert rendition.file.name in keys
    assert fetch_image(rendition.url).size == (120, 90)


def test_readyz_checks_the_object_store(client, s3_media):
    assert client.get("/readyz").json()["object_store"] == "ok"


def test_readyz_reports_an_unreachable_object_store(client, s3_media, settings):
    settings.STORAGES["default"]["OPTIONS"]["endpoint_url"] = "http://127.0.0.1:8169"
    settings.STORAGES = {**settings.STORAGES}  # tell Django the storages changed
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["object_store"] == "unavailable"
