"""The seller's one-screen product form ("Đăng sản phẩm").

Oscar's tabbed product form stays for the operator's staff; a seller gets the fields
that matter, required ones first, on one phone screen. Every field may be left empty
in a draft: what a product still lacks before it can go on sale is listed by
``shop.dashboard.catalogue.selectors.product_missing_fields``.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalogue.ocop import MAX_STARS, MIN_STARS
from shop import places
from shop.images import image_upload_check
from shop.money import dong_parse

Category = get_model("catalogue", "Category")

#: The most photos one product may carry (each one is a separate upload).
MAX_PHOTOS = 8


class DongField(forms.CharField):
    """A price in whole đồng, typed as ``150.000``, ``150000`` or ``150.000 ₫``."""

    default_error_messages = {
        "invalid": _("Type the price in whole đồng, for example 150.000."),
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # The numeric keypad with a dot on phones; not type=number, which refuses dots.
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 20})
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 20:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        amount = dong_parse(value)
        if amount is None or amount <= 0:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount


class MultiplePhotoInput(forms.ClearableFileInput):
    """A camera-ready file input taking several photos at once."""

    allow_multiple_selected = True


class ProductPhotosField(forms.ImageField):
    """Several product photos; each goes through ``image_upload_check`` (size,
    format and pixels, before decoding) and then Django's own image validation."""

    widget = MultiplePhotoInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update(
            {
                "accept": "image/*",
                "capture": "environment",
                "multiple": True,
                # The browser shrinks photos to this edge before sending them.
                "data-max-edge": settings.OCOP_IMAGE_MAX_EDGE,
            }
        )
        return attrs

    def clean(self, data, initial=None):
        uploads = [item for item in (data or []) if item]
        if not isinstance(data, list | tuple):
            uploads = [data] if data else []
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("Send at most %(count)d photos at a time.") % {"count": MAX_PHOTOS}
            )
        cleaned = []
        for upload in uploads:
            image_upload_check(upload)
            cleaned.append(super().clean(upload, initial))
        return cleaned


def _category_choices():
    categories = Category.objects.order_by("path")
    return [("", _("— Choose a category —"))] + [
        (category.pk, category.full_name) for category in categories
    ]


def _star_choices():
    return [("", _("No OCOP rating"))] + [
        (stars, _("%(stars)d stars") % {"stars": stars})
        for stars in range(MIN_STARS, MAX_STARS + 1)
    ]


class SellerProductForm(forms.Form):
    """What a seller types about one of its products, draft or complete."""

    title = forms.CharField(
        label=_("Product name"),
        max_length=255,
        help_text=_("The name buyers see, e.g. Chè Shan tuyết Bản Liền 100 g."),
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    price = DongField(
        label=_("Price (đồng)"),
        required=False,
        help_text=_("Tax included, e.g. 150.000."),
    )
    num_in_stock = forms.IntegerField(
        label=_("In stock"),
        required=False,
        min_value=0,
        help_text=_("How many you can send now; buyers cannot order more."),
    )
    photos = ProductPhotosField(
        label=_("Add photos"),
        required=False,
        help_text=_("Take them with the camera or choose several at once."),
    )
    ocop_stars = forms.TypedChoiceField(
        label=_("OCOP stars"), required=False, coerce=int, empty_value=None
    )
    ocop_decision_number = forms.CharField(
        label=_("Rating decision number"),
        max_length=64,
        required=False,
        help_text=_("For example 4261/QĐ-UBND."),
    )
    ocop_decision_date = forms.DateField(
        label=_("Rating decision date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    origin_province = forms.TypedChoiceField(
        label=_("Province of origin"), required=False, coerce=int, empty_value=None
    )
    origin_commune = forms.TypedChoiceField(
        label=_("Commune of origin"), required=False, coerce=int, empty_value=None
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What it is, how it is made, how to use and keep it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices()
        self.fields["ocop_stars"].choices = _star_choices()
        self.fields["origin_province"].choices = [("", _("— Choose a province —"))] + [
            (place.code, place.name) for place in places.provinces()
        ]
        province = self._province_code()
        self.fields["origin_commune"].choices = [("", _("— Choose a commune —"))] + [
            (place.code, place.name) for place in places.communes(province or 0)
        ]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-control")
            if name == "category":
                field.widget.attrs["data-filter-label"] = _("Search categories")
            if name == "origin_commune":
                field.widget.attrs["data-filter-label"] = _("Search communes")

    def _province_code(self):
        """The province whose communes the commune list offers."""
        raw = (
            self.data.get(self.add_prefix("origin_province"))
            if self.is_bound
            else self.initial.get("origin_province")
        )
        try:
            return int(raw) if raw else None
        except (TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        commune = cleaned.get("origin_commune")
        province = cleaned.get("origin_province")
        if commune and province:
            owner = places.commune_province(commune)
            if owner is None or owner.code != province:
                self.add_error(
                    "origin_commune", _("Choose a commune of the chosen province.")
                )
        if cleaned.get("ocop_stars") and not cleaned.get("ocop_decision_date"):
            self.add_error(
                "ocop_decision_date", _("A rated product needs its decision date.")
            )
        return cleaned
