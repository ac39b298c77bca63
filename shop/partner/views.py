from django.views.generic import DetailView
from oscar.core.loading import get_class, get_model

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
products_for_display = get_class("catalogue.selectors", "products_for_display")


class SellerDetailView(DetailView):
    """A seller's public page: who they are, where, how to reach them, and the
    OCOP products they sell. A suspended seller's page answers 404."""

    template_name = "partner/seller_detail.html"
    context_object_name = "seller"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return Partner._default_manager.filter(is_suspended=False)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        products = (
            Product._default_manager.on_sale()
            .filter(stockrecords__partner=self.object)
            .distinct()
            .order_by("-ocop_stars", "title")
        )
        ctx["products"] = list(products_for_display(products))
        return ctx
