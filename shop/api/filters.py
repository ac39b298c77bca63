"""Query filters of the open data API (django-filter; documented in the schema)."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_model

from catalogue.ocop import MAX_STARS, MIN_STARS, OcopGroup
from shop.api.selectors import open_products_updated_since

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

# Ids beyond a 64-bit integer are rejected as bad input rather than sent to the
# database, where SQLite would overflow.
MAX_ID = 2**63 - 1


class MomentField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 moment with any offset RFC 3339 allows (the schema's date-time),
    read in UTC; a date that leaves the years 1 to 9999 once in UTC is bad input.

    Converting to UTC here also means the database never sees an offset: PostgreSQL
    refuses offsets beyond ±15:59 that Python reads, which once gave a server error.
    """

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError as error:
            raise forms.ValidationError(
                _("The moment must fall between the years 1 and 9999 in UTC."),
                code="invalid",
            ) from error


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number; 4.5 stars or seller 1.5 is bad input, not a silent rounding."""

    field_class = forms.IntegerField


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is an error instead of "no filter"."""

    # NullBooleanSelect would turn unknown values into None before validation.
    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError(_("Use true or false."), code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class ProductFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(
        field_name="origin_province",
        lookup_expr="iexact",
        help_text="Province of origin, e.g. Lào Cai.",
    )
    ocop_group = django_filters.TypedChoiceFilter(
        choices=OcopGroup.choices, coerce=int, help_text="OCOP product group number."
    )
    stars = IntegerFilter(
        field_name="ocop_stars",
        min_value=MIN_STARS,
        max_value=MAX_STARS,
        help_text="Exactly this many OCOP stars.",
    )
    min_stars = IntegerFilter(
        field_name="ocop_stars",
        lookup_expr="gte",
        min_value=MIN_STARS,
        max_value=MAX_STARS,
        help_text="At least this many OCOP stars.",
    )
    seller = IntegerFilter(
        method="filter_seller",
        min_value=1,
        max_value=MAX_ID,
        help_text="Seller id: only this seller's products.",
    )
    category = IntegerFilter(
        field_name="categories",
        min_value=1,
        max_value=MAX_ID,
        distinct=True,
        help_text="Category id: only products placed directly in it.",
    )
    currently_rated = StrictBooleanFilter(
        method="filter_currently_rated",
        help_text="true: only products whose OCOP rating is in force today; "
        "false: only products without a rating in force (never rated or expired).",
    )
    updated_since = MomentFilter(
        method="filter_updated_since",
        help_text="Only products whose data, price or stock changed at or after this "
        "moment (ISO 8601 with a time zone), for incremental harvesting.",
    )

    class Meta:
        model = Product
        fields = []

    def filter_seller(self, queryset, name, value):
        offered = StockRecord._default_manager.filter(partner_id=value)
        return queryset.filter(id__in=offered.values("product_id"))

    def filter_currently_rated(self, queryset, name, value):
        current = queryset.currently_rated()
        return current if value else queryset.exclude(id__in=current.values("id"))

    def filter_updated_since(self, queryset, name, value):
        return open_products_updated_since(queryset=queryset, since=value)


class SellerFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(
        field_name="province", lookup_expr="iexact", help_text="e.g. Lào Cai."
    )
    seller_type = django_filters.ChoiceFilter(choices=Partner.SellerType.choices)

    class Meta:
        model = Partner
        fields = []
