"""Storefront listing views (browse, category, search) on the search contract."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from oscar.core.loading import get_class, get_model

from catalogue.ocop import OcopGroup
from search.backends.database import product_search
from search.query import ProductQuery

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
SearchForm = get_class("search.forms", "SearchForm")
product_listing = get_class("catalogue.selectors", "product_listing")


class _ResultWindow:
    """Lets Django's paginator page through a result it never has to load whole."""

    def __init__(self, products, total, offset):
        self.products, self.total, self.offset = products, total, offset

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        return self.products[item.start - self.offset : item.stop - self.offset]


class ProductListView(TemplateView):
    """A page of products answering a ``ProductQuery`` built from the request."""

    template_name = "oscar/catalogue/browse.html"
    per_page = 24

    def get_query(self, form):
        data = form.cleaned_data if form.is_valid() else {}
        return ProductQuery(
            text=(data.get("q") or "").strip(),
            ocop_group=data.get("group"),
            category_ids=self.get_category_ids(),
            page=data.get("page") or 1,
            per_page=self.per_page,
        )

    def get_category_ids(self):
        return ()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        query = self.get_query(form)
        result = product_search(query)
        if query.page > 1 and not result.product_ids:
            raise Http404(_("There are no products on this page."))
        products = product_listing(result.product_ids)
        offset = (query.page - 1) * query.per_page
        paginator = Paginator(
            _ResultWindow(products, result.total, offset), query.per_page
        )
        page = paginator.page(query.page if result.total else 1)
        counts = result.facets.get("ocop_group", {})
        ctx.update(
            form=form,
            query=query,
            products=page.object_list,
            page_obj=page,
            paginator=paginator,
            total=result.total,
            group_facets=[
                {"value": value, "label": label, "count": counts.get(value, 0)}
                for value, label in OcopGroup.choices
                if counts.get(value)
            ],
            summary=_("All products"),
        )
        return ctx


class CatalogueView(ProductListView):
    """Every public product, grouped by OCOP product group."""


class ProductCategoryView(ProductListView):
    """Products in one category and its subcategories."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        expected = self.category.get_absolute_url()
        if request.path != expected:
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def get_category_ids(self):
        return tuple(
            self.category.get_descendants_and_self().values_list("id", flat=True)
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(category=self.category, summary=self.category.name)
        return ctx


class SearchView(ProductListView):
    """Results for the buyer's words."""

    template_name = "oscar/search/results.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["summary"] = _("Search results")
        return ctx
