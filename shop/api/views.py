"""The read-only open data API (``/api/v1/``) and the dataset downloads."""

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
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
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from shop.api import selectors
from shop.api.filters import ProductFilter, SellerFilter
from shop.api.serializers import (
    CategorySerializer,
    ProductSerializer,
    SellerSerializer,
)
from shop.api.services import (
    CSV_COLUMNS,
    DATASET_NAMES,
    open_data_export,
    open_data_is_stale,
)
from shop.api.tasks import open_data_export_task

Selector = get_class("partner.strategy", "Selector")


class OpenDataAnonThrottle(AnonRateThrottle):
    """Per client address, for anonymous clients; counted in the shared cache."""

    scope = "open_data_anon"

    def get_rate(self):
        # Read on each request so deployments (and tests) can change it.
        return settings.OPEN_DATA_ANON_RATE


class OpenDataUserThrottle(UserRateThrottle):
    scope = "open_data_user"

    def get_rate(self):
        return settings.OPEN_DATA_USER_RATE


class OpenDataPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Stable id."
)


def _errors(**extra):
    """The error answers every endpoint may give, for the published schema."""
    return {
        404: OpenApiResponse(
            ErrorSerializer, description="Not found, or no such page."
        ),
        429: OpenApiResponse(ErrorSerializer, description="Too many requests."),
        **extra,
    }


BAD_FILTER = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A filter value is invalid; the messages are keyed by parameter.",
)


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    """What every open data endpoint shares: anyone may read, within a rate."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataAnonThrottle, OpenDataUserThrottle]
    pagination_class = OpenDataPagination
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = r"\d+"


@extend_schema_view(
    list=extend_schema(
        summary="List products",
        responses={200: ProductSerializer(many=True), 400: BAD_FILTER, **_errors()},
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
        responses={200: SellerSerializer(many=True), 400: BAD_FILTER, **_errors()},
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
        responses={200: CategorySerializer(many=True), **_errors()},
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


DATASET_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@cache_control(public=True, max_age=300)
def dataset_download(request, fmt):
    """Serve a dataset from storage, writing it first if it was never written.

    A file older than the latest catalogue change is still served, and a rebuild
    is queued (once per five minutes) so the next download is fresh.
    """
    if fmt not in DATASET_NAMES:
        raise Http404("No such dataset format")
    name = DATASET_NAMES[fmt]
    if not default_storage.exists(name):
        open_data_export()
    elif open_data_is_stale(name=name) and cache.add(
        "open-data-export-queued", True, timeout=300
    ):
        open_data_export_task.delay_on_commit()
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
