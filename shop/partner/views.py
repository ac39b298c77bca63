from django.views.generic import DetailView, ListView
from oscar.core.loading import get_class, get_model

from shop.partner.forms import SellerFilterForm
from shop.partner.selectors import seller_provinces, sellers_for_directory

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
        ctx["seller_sold"] = sum(p.num_sold for p in ctx["products"])
        return ctx


class SellerListView(ListView):
    """The sellers directory: every seller a buyer can order from, filtered by
    province, type and OCOP group, each with its place and products on sale."""

    template_name = "partner/seller_list.html"
    context_object_name = "sellers"
    paginate_by = 24

    def get_queryset(self):
        self.form = SellerFilterForm(
            self.request.GET or None,
            provinces=seller_provinces(),
            seller_types=Partner.SellerType.choices,
        )
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        return sellers_for_directory(
            province=filters.get("province") or "",
            seller_type=filters.get("seller_type") or "",
            ocop_group=filters.get("group"),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = self.form
        return ctx
