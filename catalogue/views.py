from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from oscar.apps.catalogue import views
from oscar.core.loading import get_class, get_model

from shop.pagecache_versions import kept_until_write, page_shows_stock_of
from shop.partner.selectors import products_for_sale_count
from shop.qrcodes import qr_png, qr_svg

Product = get_model("catalogue", "Product")
products_for_display = get_class("catalogue.selectors", "products_for_display")
related_products = get_class("catalogue.selectors", "related_products")
review_breakdown = get_class("catalogue.selectors", "review_breakdown")


class ProductDetailView(views.ProductDetailView):
    """Oscar's product page, fetching the seller, stock and images up front.

    The product as read for its page, the seller's count of products and the
    product's review scores are kept under the page cache's version
    (``kept_until_write``), the product until its stock changes too: another
    address of the page (the other language, a parameter) does not read them again.
    """

    def get_queryset(self):
        # A suspended seller's product pages answer 404 like deleted ones.
        return products_for_display(Product._default_manager.from_active_sellers())

    def get_object(self, queryset=None):
        if hasattr(self, "object") or queryset is not None:
            return super().get_object(queryset)
        return kept_until_write(
            f"product-page:{int(self.kwargs[self.pk_url_kwarg])}",
            super().get_object,
            shows=lambda product: (product.pk, product.parent_id),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        product = self.object
        # A kept copy of this page is retired when the product's stock changes.
        page_shows_stock_of(self.request, product)
        seller = product.seller
        ctx["seller"] = seller
        if seller is not None:
            ctx["seller_product_count"] = kept_until_write(
                f"seller-product-count:{seller.pk}",
                lambda: (
                    type(seller)
                    ._default_manager.filter(pk=seller.pk)
                    .annotate(n=products_for_sale_count())
                    .values_list("n", flat=True)
                    .get()
                ),
            )
            # The charge within the seller's province, and to other provinces when
            # the seller sets one (shop.partner.models.Partner).
            ctx["delivery"] = {
                "in_province": seller.shipping_charge,
                "other_province": getattr(
                    seller, "shipping_charge_other_province", None
                ),
            }
        ctx["review_breakdown"] = kept_until_write(
            f"review-breakdown:{product.pk}", lambda: review_breakdown(product)
        )
        ctx["related_products"] = related_products(product)
        return ctx

    def send_signal(self, request, response, product):
        # Oscar's view counter writes and locks a row per view; opt-in only.
        if settings.RECORD_PRODUCT_VIEWS:
            super().send_signal(request, response, product)


class TraceabilityView(DetailView):
    """The public traceability page (truy xuất nguồn gốc) printed as a QR on packages.

    Its URL is permanent (the product id), because it is printed on packaging.
    """

    template_name = "oscar/catalogue/traceability.html"
    context_object_name = "product"

    def get_queryset(self):
        return products_for_display().filter(is_public=True)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        url = traceability_url(self.request, self.object)
        ctx.update(traceability_url=url, qr_svg=qr_svg(url))
        return ctx


class TraceabilityQRView(View):
    """The traceability QR as a PNG or SVG file, to print on labels."""

    def get(self, request, pk, fmt):
        product = get_object_or_404(Product, pk=pk, is_public=True)
        url = traceability_url(request, product)
        if fmt == "png":
            return HttpResponse(qr_png(url), content_type="image/png")
        if fmt == "svg":
            return HttpResponse(qr_svg(url), content_type="image/svg+xml")
        raise Http404("Unknown QR format")


def traceability_url(request, product):
    """The absolute URL encoded in the product's traceability QR."""
    return request.build_absolute_uri(
        reverse("catalogue:traceability", kwargs={"pk": product.pk})
    )
