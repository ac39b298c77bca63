"""URLs of the open data API and datasets; mounted outside the language prefixes so
they never change. The page that presents them (``open-data``) is a page like any
other, in the visitor's language: it is in ``shop.urls``' language patterns."""

from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from shop.api import views

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False  # ?format=json; ids may contain anything
router.register("products", views.ProductViewSet, basename="product")
router.register("sellers", views.SellerViewSet, basename="seller")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("markets", views.MarketViewSet, basename="market")  # Chợ 4.0

app_name = "api"
urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/v1/docs/",
        # The split view serves Swagger UI's start-up code as a script of its own:
        # the Content-Security-Policy allows no inline script without a nonce.
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="docs",
    ),
    path(
        "api/v1/redoc/",
        SpectacularRedocView.as_view(url_name="api:schema"),
        name="redoc",
    ),
    path(
        "open-data/ocop-products.<str:fmt>",
        views.dataset_download,
        name="dataset",
    ),
]
