"""The published shapes of the open data API (and of the JSON dataset's rows).

Only fields chosen here are published; sellers' bank details, users, addresses and
phone numbers are left out on purpose (see README, "Open data").
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_class, get_model
from rest_framework import serializers

from catalogue.ocop import MAX_STARS, MIN_STARS, OcopGroup
from shop.money import dong
from shop.seller_html import seller_html_clean

Partner = get_model("partner", "Partner")
Selector = get_class("partner.strategy", "Selector")


def absolute_url(path: str, *, context: dict) -> str:
    """``path`` made absolute: on the requested host in the API, on the configured
    site URL in the datasets, which are built outside any request."""
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.OPEN_DATA_BASE_URL.rstrip("/") + path


def site_path(viewname: str, **kwargs) -> str:
    """A storefront path in the site's default language, so published links are the
    same whatever language the client asked the API for."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(viewname, kwargs=kwargs)


class SellerHtmlField(serializers.CharField):
    """A seller's rich text, cleaned again on the way out (shop/seller_html.py)."""

    def to_representation(self, value):
        return seller_html_clean(super().to_representation(value))


SELLER_HTML_HELP = (
    "HTML from the seller, sanitised: only p, br, strong, em, ul, ol, li and a "
    "(http/https links, rel=nofollow noopener)."
)


def _first_record(product):
    # Reads the prefetched stock records; Product.seller picks the same one.
    return next(iter(product.stockrecords.all()), None)


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="Vietnamese name.")
    name_en = serializers.CharField(help_text="English name; empty when none.")


class SellerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    seller_type = serializers.ChoiceField(choices=Partner.SellerType.choices)
    commune = serializers.CharField()
    province = serializers.CharField()


class OcopRatingSerializer(serializers.Serializer):
    """A product's OCOP rating; ``is_current`` is computed from today's date."""

    stars = serializers.IntegerField(
        source="ocop_stars",
        allow_null=True,
        min_value=MIN_STARS,
        max_value=MAX_STARS,
        help_text="3 to 5; null for a product without an OCOP rating.",
    )
    group = serializers.ChoiceField(
        source="ocop_group",
        choices=OcopGroup.choices,
        allow_null=True,
        help_text="OCOP product group (Decision 148/QĐ-TTg).",
    )
    group_label = serializers.SerializerMethodField()
    decision_number = serializers.CharField(source="ocop_decision_number")
    decision_date = serializers.DateField(source="ocop_decision_date", allow_null=True)
    valid_until = serializers.DateField(source="ocop_valid_until", allow_null=True)
    is_current = serializers.BooleanField(
        source="ocop_is_current",
        help_text="True while the rating is in force today; false once it expired.",
    )
    has_expired = serializers.BooleanField(source="ocop_has_expired")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_group_label(self, product) -> str | None:
        """The group's name in the language asked for (Vietnamese by default)."""
        if product.ocop_group is None:
            return None
        return str(OcopGroup(product.ocop_group).label)


class ProductSerializer(serializers.Serializer):
    """A product of the catalogue with its OCOP data, seller, price and links."""

    id = serializers.IntegerField(help_text="Stable id, never reused.")
    upc = serializers.CharField(allow_null=True, help_text="Product code, if any.")
    title = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The product's page.")
    description = SellerHtmlField(help_text=SELLER_HTML_HELP)
    categories = CategoryRefSerializer(many=True)
    seller = serializers.SerializerMethodField()
    price_vnd = serializers.SerializerMethodField(
        help_text="Price in whole đồng (VND has no minor unit); null if not for sale."
    )
    price_display = serializers.SerializerMethodField(
        help_text=(
            "The price as people read it, in the request's language (its "
            'Accept-Language header): "150.000\u00a0₫" in Vietnamese, '
            '"150,000\u00a0₫" in English; null if not for sale.'
        )
    )
    available = serializers.SerializerMethodField(
        help_text="Whether a buyer can order it now (priced and in stock)."
    )
    ocop = OcopRatingSerializer(source="*")
    origin_commune = serializers.CharField()
    origin_province = serializers.CharField()
    standards = serializers.ListField(
        source="standards_list", child=serializers.CharField()
    )
    images = serializers.SerializerMethodField()
    traceability_url = serializers.SerializerMethodField(
        help_text="The public traceability page printed as a QR on the packaging."
    )
    date_created = serializers.DateTimeField()
    date_updated = serializers.SerializerMethodField(
        help_text="Last change of the product or of its price and stock."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, product) -> str:
        return absolute_url(
            site_path("catalogue:detail", product_slug=product.slug, pk=product.pk),
            context=self.context,
        )

    @extend_schema_field(SellerRefSerializer(allow_null=True))
    def get_seller(self, product):
        seller = product.seller
        return SellerRefSerializer(seller).data if seller else None

    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=0))
    def get_price_vnd(self, product) -> int | None:
        record = _first_record(product)
        return int(record.price) if record and record.price is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_price_display(self, product) -> str | None:
        price = self.get_price_vnd(product)
        return dong(price) if price is not None else None

    def get_available(self, product) -> bool:
        strategy = self.context.get("strategy") or Selector().strategy()
        return bool(
            strategy.fetch_for_product(product).availability.is_available_to_buy
        )

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_images(self, product) -> list[str]:
        return [
            absolute_url(image.original.url, context=self.context)
            for image in product.images.all()
            if image.original
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_traceability_url(self, product) -> str:
        return absolute_url(
            site_path("catalogue:traceability", pk=product.pk), context=self.context
        )

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_date_updated(self, product) -> str:
        moments = [product.date_updated]
        moments += [r.date_updated for r in product.stockrecords.all()]
        return serializers.DateTimeField().to_representation(max(moments))


class SellerSerializer(serializers.Serializer):
    """A seller's public business profile: no bank details, users or phone."""

    id = serializers.IntegerField(help_text="Stable id, never reused.")
    code = serializers.CharField()
    name = serializers.CharField()
    seller_type = serializers.ChoiceField(choices=Partner.SellerType.choices)
    commune = serializers.CharField()
    province = serializers.CharField()
    description = SellerHtmlField(help_text=SELLER_HTML_HELP)
    logo = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo(self, seller) -> str | None:
        if not seller.logo:
            return None
        return absolute_url(seller.logo.url, context=self.context)


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable id, never reused.")
    name = serializers.CharField(help_text="Vietnamese name.")
    name_en = serializers.CharField(help_text="English name; empty when none.")
    slug = serializers.CharField()
    description = serializers.CharField(help_text="HTML.")
    depth = serializers.IntegerField(help_text="1 for a top-level category.")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)


class MarketStallSerializer(serializers.Serializer):
    """A stall as the public sees it at the market: no vendor, account or takings."""

    number = serializers.CharField()
    zone = serializers.CharField(help_text="Row or zone of the market.")
    goods = serializers.CharField(help_text="What the stall sells.")


class MarketSerializer(serializers.Serializer):
    """A Chợ 4.0 market taking bank-QR payments at its stalls."""

    id = serializers.IntegerField(help_text="Stable id, never reused.")
    name = serializers.CharField()
    commune = serializers.CharField()
    province = serializers.CharField()
    stall_count = serializers.IntegerField()
    stalls = MarketStallSerializer(many=True)
