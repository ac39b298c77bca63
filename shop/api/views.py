"""The read-only open data API (``/api/v1/``) and the dataset downloads."""

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from oscar.core.loading import get_class
from rest_framework import serializers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from catalogue.ocop import MAX_STARS, MIN_STARS, OcopGroup
from shop.api import selectors
from shop.api.filters import MAX_ID, ProductFilter, SellerFilter
from shop.api.serializers import (
    CategorySerializer,
    MarketSerializer,
    ProductSerializer,
    SellerSerializer,
)
from shop.api.services import (
    CSV_COLUMNS,
    DATASET_NAMES,
    open_data_export,
    open_data_is_stale,
)
from shop.users.login_attempts import login_client_address

Selector = get_class("partner.strategy", "Selector")


class OpenDataAnonThrottle(AnonRateThrottle):
    """Per client address, for anonymous clients; counted in the shared cache.

    The address is the one the login limiter counts (``TRUSTED_PROXY_COUNT``): DRF's
    own guess joins the whole ``X-Forwarded-For`` a client typed into the key, so a
    client changing that header at each request would never be limited.
    """

    scope = "open_data_anon"

    def get_ident(self, request):
        return login_client_address(request)

    def get_rate(self):
        # Read on each request so deployments (and tests) can change it.
        return settings.OPEN_DATA_ANON_RATE


class OpenDataUserThrottle(UserRateThrottle):
    scope = "open_data_user"

    def get_rate(self):
        return settings.OPEN_DATA_USER_RATE


class OpenDataPagination(PageNumberPagination):
    """Numbered pages in id order; a bad ``page_size`` is an error, not ignored."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(max)d.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Stable id."
)


def _query_parameter(name, schema, description):
    return OpenApiParameter(
        name, schema, OpenApiParameter.QUERY, description=description
    )


_STARS = {"type": "integer", "minimum": MIN_STARS, "maximum": MAX_STARS}
_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
#: The generated descriptions of the product filters, with their bounds added.
PRODUCT_FILTER_PARAMETERS = [
    _query_parameter("stars", _STARS, "Exactly this many OCOP stars."),
    _query_parameter("min_stars", _STARS, "At least this many OCOP stars."),
    _query_parameter("seller", _ID, "Seller id: only this seller's products."),
    _query_parameter(
        "category", _ID, "Category id: only products placed directly in it."
    ),
    _query_parameter(
        "ocop_group",
        {"type": "integer", "enum": [value for value, _label in OcopGroup.choices]},
        "OCOP product group: "
        + "; ".join(f"{group.value} = {group.name.lower()}" for group in OcopGroup),
    ),
]


def _errors(**extra):
    """The error answers every endpoint may give, for the published schema."""
    return {
        404: OpenApiResponse(
            ErrorSerializer, description="Not found, or no such page."
        ),
        429: OpenApiResponse(ErrorSerializer, description="Too many requests."),
        **extra,
    }


BAD_QUERY = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A filter or paging value is invalid; messages are keyed by parameter.",
)


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    """What every open data endpoint shares: anyone may read, within a rate."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataAnonThrottle, OpenDataUserThrottle]
    pagination_class = OpenDataPagination
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    filter_backends = [DjangoFilterBackend]
    # Anything up to the next slash, so a malformed id gets the API's JSON 404
    # rather than the site's HTML one.
    lookup_value_regex = "[^/]+"

    def initial(self, request, *args, **kwargs):
        # The API has no language prefix: the client's Accept-Language header (or
        # the site's language cookie) chooses the language of its human fields
        # (prices as "150.000 ₫", OCOP group names, error messages).
        translation.activate(translation.get_language_from_request(request))
        super().initial(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary="List products",
        parameters=PRODUCT_FILTER_PARAMETERS,
        responses={200: ProductSerializer(many=True), 400: BAD_QUERY, **_errors()},
    ),
    retrieve=extend_schema(
        summary="One product",
        parameters=[ID_PARAMETER],
        responses={200: ProductSerializer, **_errors()},
    ),
)
class ProductViewSet(OpenDataViewSet):
    """Public products with their OCOP rating, seller, price in đồng and links."""

    serializer_class = ProductSerializer
    filterset_class = ProductFilter

    def get_queryset(self):
        return selectors.open_products()

    def get_serializer_context(self):
        # One pricing strategy for the whole page rather than one per product.
        context = super().get_serializer_context()
        context["strategy"] = Selector().strategy(request=self.request)
        return context


@extend_schema_view(
    list=extend_schema(
        summary="List sellers",
        responses={200: SellerSerializer(many=True), 400: BAD_QUERY, **_errors()},
    ),
    retrieve=extend_schema(
        summary="One seller",
        parameters=[ID_PARAMETER],
        responses={200: SellerSerializer, **_errors()},
    ),
)
class SellerViewSet(OpenDataViewSet):
    """Sellers offering public products: their public business profile only."""

    serializer_class = SellerSerializer
    filterset_class = SellerFilter

    def get_queryset(self):
        return selectors.open_sellers()


@extend_schema_view(
    list=extend_schema(
        summary="List categories",
        responses={200: CategorySerializer(many=True), 400: BAD_QUERY, **_errors()},
    ),
    retrieve=extend_schema(
        summary="One category",
        parameters=[ID_PARAMETER],
        responses={200: CategorySerializer, **_errors()},
    ),
)
class CategoryViewSet(OpenDataViewSet):
    """Public categories in tree order, each with its parent's id."""

    serializer_class = CategorySerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.open_categories()


@extend_schema_view(
    list=extend_schema(
        summary="List Chợ 4.0 markets",
        responses={200: MarketSerializer(many=True), 400: BAD_QUERY, **_errors()},
    ),
    retrieve=extend_schema(
        summary="One Chợ 4.0 market",
        parameters=[ID_PARAMETER],
        responses={200: MarketSerializer, **_errors()},
    ),
)
class MarketViewSet(OpenDataViewSet):
    """Chợ 4.0 markets (buyers pay stalls by bank QR) and their stalls."""

    serializer_class = MarketSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.open_markets()


DATASET_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


#: Held while one request rebuilds the datasets, so others do not rebuild too.
REBUILD_LOCK = "open-data-export-running"


@cache_control(public=True, max_age=300)
def dataset_download(request, fmt):
    """Serve a dataset, rebuilt first when missing or older than a catalogue change.

    The rebuild runs in the request so the files are fresh without a Celery worker
    (the demo runs none); while one request rebuilds, others get the file as it was.
    The hourly task catches what leaves no timestamp, such as a deleted product.
    """
    if fmt not in DATASET_NAMES:
        raise Http404("No such dataset format")
    name = DATASET_NAMES[fmt]
    missing = not default_storage.exists(name)
    if (missing or open_data_is_stale(name=name)) and cache.add(
        REBUILD_LOCK, True, timeout=300
    ):
        try:
            open_data_export()
        finally:
            cache.delete(REBUILD_LOCK)
    elif missing:
        response = JsonResponse(
            {"detail": "The dataset is being generated; try again in a minute."},
            status=503,
        )
        response["Retry-After"] = "60"
        return response
    return FileResponse(
        default_storage.open(name, "rb"),
        content_type=DATASET_TYPES[fmt],
        filename=name.rsplit("/", 1)[-1],
    )


class OpenDataPageView(TemplateView):
    """A page for people: what is published, where, and what the columns mean."""

    template_name = "api/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(csv_columns=CSV_COLUMNS, **kwargs)
