import io
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.apps.dashboard.catalogue.forms import *  # noqa: F403
from PIL import Image, ImageOps

from shop.images import BoundedImageField

OCOP_FIELDS = [
    "ocop_stars",
    "ocop_group",
    "ocop_decision_number",
    "ocop_decision_date",
    "ocop_valid_until",
    "origin_commune",
    "origin_province",
    "standards",
]


class ProductForm(oscar_forms.ProductForm):
    """Oscar's product form plus the OCOP rating and origin, with help for
    first-time sellers."""

    class Meta(oscar_forms.ProductForm.Meta):
        fields = [*oscar_forms.ProductForm.Meta.fields, *OCOP_FIELDS]
        help_texts = {
            "title": _("The name buyers see, e.g. Chè Shan tuyết Bản Liền 100 g."),
            "upc": _("The barcode number on the package, if it has one."),
            "description": _("What it is, how it is made, how to use and keep it."),
        }
        widgets = {
            **oscar_forms.ProductForm.Meta.widgets,
            "ocop_decision_date": forms.DateInput(attrs={"type": "date"}),
            "ocop_valid_until": forms.DateInput(attrs={"type": "date"}),
        }


class StockRecordForm(oscar_forms.StockRecordForm):
    """Price in whole đồng (tax included), stock, and a SKU made up if left empty."""

    def __init__(self, product_class, user, *args, **kwargs):
        super().__init__(product_class, user, *args, **kwargs)
        self.fields["price_currency"].initial = settings.OSCAR_DEFAULT_CURRENCY
        self.fields["price_currency"].widget = forms.HiddenInput()
        self.fields["partner_sku"].required = False
        self.fields["partner_sku"].help_text = _(
            "Your own code for this product; leave empty to get one made for you."
        )
        self.fields["price"].label = _("Price (đồng, tax included)")
        self.fields["price"].help_text = _("A whole number of đồng, e.g. 150000.")
        if "num_in_stock" in self.fields:
            self.fields["num_in_stock"].initial = 10
            self.fields["num_in_stock"].help_text = _(
                "How many you can send now; buyers cannot order more."
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("partner_sku") and cleaned.get("partner"):
            cleaned["partner_sku"] = f"{cleaned['partner'].code}-{uuid.uuid4().hex[:8]}"
            self.instance.partner_sku = cleaned["partner_sku"]
        return cleaned


class ProductImageForm(oscar_forms.ProductImageForm):
    """Refuses images over the upload limits before decoding them
    (``shop.images``) and shrinks large ones so their longer edge is at most
    ``OCOP_IMAGE_MAX_EDGE`` pixels (phones take huge ones)."""

    class Meta(oscar_forms.ProductImageForm.Meta):
        field_classes = {"original": BoundedImageField}

    def clean_original(self):
        image = self.cleaned_data.get("original")
        if not isinstance(image, UploadedFile):
            return image  # unchanged existing image
        return image_shrink(upload=image, max_edge=settings.OCOP_IMAGE_MAX_EDGE)


def image_shrink(*, upload: UploadedFile, max_edge: int) -> UploadedFile:
    """``upload`` turned upright and, if larger, scaled to ``max_edge`` as JPEG."""
    upload.seek(0)
    with Image.open(upload) as opened:
        picture = ImageOps.exif_transpose(opened)
        if max(picture.size) <= max_edge:
            upload.seek(0)
            return upload
        picture.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    name = f"{Path(upload.name).stem}.jpg"
    return InMemoryUploadedFile(
        buffer, "original", name, "image/jpeg", buffer.tell(), None
    )


class CategoryForm(oscar_forms.CategoryForm):
    """Oscar's category form (a treebeard move-node form) with the English name
    beside the Vietnamese one."""

    class Meta(oscar_forms.CategoryForm.Meta):
        fields = ["name", "name_en", *oscar_forms.CategoryForm.Meta.fields[1:]]
