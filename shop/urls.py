from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import routing
from shop.api.views import OpenDataPageView
from shop.basket import BasketAddView
from shop.partner.views import SellerDetailView, SellerListView
from shop.views import healthz, readyz, web_manifest

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("shop.api.urls")),  # open data: /api/v1/ and /open-data/
]

# Vietnamese has no prefix; English lives under /en/.
urlpatterns += i18n_patterns(
    # Webhooks and status polling answer at /payments/ as before (Vietnamese needs
    # no prefix); the sellers' and staff's pages there have an English /en/ too.
    path("payments/", include("payments.urls")),
    path("manifest.webmanifest", web_manifest, name="web-manifest"),
    path("sellers/", SellerListView.as_view(), name="seller-list"),
    path("sellers/<str:code>/", SellerDetailView.as_view(), name="seller-detail"),
    path("cho/", include("payments.markets.urls")),  # Chợ 4.0 board and stall feed
    # Oscar's add-to-basket in fewer queries (shop/basket.py); reverse("basket:add")
    # gives this same address.
    path("basket/add/<int:pk>/", BasketAddView.as_view(), name="basket-add"),
    path("open-data/", OpenDataPageView.as_view(), name="open-data"),
    path("", include(apps.get_app_config("oscar").urls[0])),
    # Wagtail's pages, found as cms/routing.py keeps them (its own view after).
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve_kept"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
