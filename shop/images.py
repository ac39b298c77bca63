"""Uploaded images are bounded before anything decodes them.

A seller is a stranger: a 700 KB PNG can declare 13000 × 13000 pixels and take
gigabytes once decoded. Every image upload (product images, seller logos, Wagtail
images) goes through ``image_upload_check`` first, which reads only the file's size
and the image header. Pillow's own limit is lowered too (``image_limits_apply``), so
code that opens an image elsewhere (thumbnails, renditions) refuses a bomb instead
of decoding it.
"""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

#: Pillow's names of the formats accepted, and how a person calls them.
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def image_limits_apply() -> None:
    """Lower Pillow's decompression-bomb limit to ``OCOP_IMAGE_MAX_PIXELS`` and make
    its warning an error (Pillow only warns between 1× and 2× its limit)."""
    Image.MAX_IMAGE_PIXELS = settings.OCOP_IMAGE_MAX_PIXELS
    warnings.simplefilter("error", Image.DecompressionBombWarning)


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("This image has more than %(limit)s megapixels. Send a smaller one.")
        % {"limit": settings.OCOP_IMAGE_MAX_PIXELS // 1_000_000},
        code="image_pixels",
    )


def image_upload_check(upload) -> None:
    """Refuse ``upload`` (a ``ValidationError`` with a message for the person) when
    it is larger than ``OCOP_IMAGE_MAX_BYTES``, not a JPEG, PNG or WebP image, or
    has more than ``OCOP_IMAGE_MAX_PIXELS`` pixels. Reads the size and the header
    only: nothing is decoded."""
    if upload.size > settings.OCOP_IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This image is %(size)s; the limit is %(limit)s. Send a smaller one.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.OCOP_IMAGE_MAX_BYTES),
            },
            code="image_size",
        )
    position = upload.tell()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=list(ALLOWED_FORMATS)) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError(
            _("Send a photo as JPEG, PNG or WebP."), code="image_format"
        ) from None
    finally:
        upload.seek(position)
    if width * height > settings.OCOP_IMAGE_MAX_PIXELS:
        raise _too_many_pixels()


class BoundedImageMixin:
    """An image form field that runs ``image_upload_check`` before the field's own
    checks (Django's opens the image and would answer a bomb with a vague error)."""

    def to_python(self, data):
        if data is not None and hasattr(data, "size"):
            image_upload_check(data)
        return super().to_python(data)


class BoundedImageField(BoundedImageMixin, forms.ImageField):
    """Django's image field, bounded (product images, seller logos)."""


class BoundedWagtailImageField(BoundedImageMixin, WagtailImageField):
    """Wagtail's image field, bounded."""


class WagtailImageForm(BaseImageForm):
    """Wagtail's image form, with the bounded field
    (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the field itself (and the multiple uploader's edit form
        # leaves it out), so it is bounded here rather than declared on the form.
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField):
            field.__class__ = BoundedWagtailImageField
