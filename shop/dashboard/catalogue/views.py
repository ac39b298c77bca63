from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from oscar.apps.dashboard.catalogue import views
from oscar.apps.dashboard.catalogue.views import *  # noqa: F403
from oscar.core.loading import get_model

from shop.dashboard.catalogue.selectors import seller_products
from shop.partner.selectors import seller_for_user

ProductClass = get_model("catalogue", "ProductClass")


class ProductCreateRedirectView(views.ProductCreateRedirectView):
    """ "New product" goes straight to a form without choosing a product type: the
    seller's one-screen form for a seller, the OCOP product form for staff."""

    def get(self, request, *args, **kwargs):
        if not request.user.is_staff and seller_for_user(user=request.user):
            return redirect("dashboard:seller-product-create")
        return super().get(request, *args, **kwargs)

    def get_redirect_url(self, *args, **kwargs):
        if "product_class" not in self.request.GET:
            default = ProductClass._default_manager.filter(
                slug=settings.OCOP_DEFAULT_PRODUCT_CLASS
            ).first()
            if default is not None:
                return self.get_product_create_url(default)
        return super().get_redirect_url(*args, **kwargs)


class ProductCreateUpdateView(views.ProductCreateUpdateView):
    """Oscar's six-tab form, for staff; a seller is sent to its own form (which
    checks that the product is the seller's)."""

    def get(self, request, *args, **kwargs):
        seller = None if request.user.is_staff else seller_for_user(user=request.user)
        if seller is not None and "parent_pk" not in kwargs:
            if not kwargs.get("pk"):
                return redirect("dashboard:seller-product-create")
            if not seller_products(seller=seller).filter(pk=kwargs["pk"]).exists():
                raise Http404
            return redirect("dashboard:seller-product-edit", pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)
