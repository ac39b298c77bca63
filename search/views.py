"""Storefront listing views (browse, category, search) on the search contract.

They build a ``ProductQuery`` from the request, ask ``search.backends`` and show the
answer; none of them knows which backend answered.
"""

import functools

from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from oscar.core.loading import get_class, get_model

from catalogue.models import category_display_name
from catalogue.ocop import MAX_STARS, MIN_STARS, OcopGroup
from search.backends import product_search
from search.query import PRICE_RANGES, ProductQuery, Sort
from shop.pagecache_versions import kept_until_write

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
SearchForm = get_class("search.forms", "SearchForm")
price_range_label = get_class("search.forms", "price_range_label")
product_listing = get_class("catalogue.selectors", "product_listing")
featured_products = get_class("catalogue.selectors", "featured_products")

#: Suggestions shown under the search box as the buyer types.
SUGGESTIONS = 6


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


def query_from_form(form, **extra) -> ProductQuery:
    """The ``ProductQuery`` a bound ``SearchForm`` asks; invalid fields are ignored."""
    form.is_valid()
    data = form.cleaned_data
    price_min, price_max = form.price_bounds()
    return ProductQuery(
        text=(data.get("q") or "").strip(),
        ocop_groups=tuple(data.get("group") or ()),
        stars=tuple(data.get("stars") or ()),
        category_ids=data.get("category") or (),
        provinces=data.get("province") or (),
        seller_ids=data.get("seller") or (),
        price_min=price_min,
        price_max=price_max,
        in_stock=bool(data.get("in_stock")),
        sort=Sort(data.get("sort") or Sort.RELEVANCE),
        page=data.get("page") or 1,
        **extra,
    )


#: Sellers offered in the filters; the sellers directory lists them all.
SELLER_FACET_LIMIT = 10


def _facet(name, label, options, chosen, *, multiple=True, limit=None, more=None):
    """One facet box: its options with counts, ticked ones first kept visible.

    With ``limit``, only that many options (the first, plus every ticked one) are
    offered; ``more`` is then a link to where all of them are, with how many were
    left out.
    """
    items = [
        {"value": value, "label": text, "count": count, "checked": value in chosen}
        for value, text, count in options
        if count or value in chosen
    ]
    box = {"name": name, "label": label, "items": items, "multiple": multiple}
    if limit is not None and len(items) > limit:
        box["items"] = [
            item for n, item in enumerate(items) if n < limit or item["checked"]
        ]
        box["more"] = {"url": more, "hidden": len(items) - len(box["items"])}
    return box


def _category_label(label) -> str:
    """A category facet's label in the active language, from the backend's
    (name, English name); a bare name (counts kept before the English names) as is."""
    return category_display_name(*label) if isinstance(label, tuple) else label


def facets_for_display(result, query: ProductQuery) -> list[dict]:
    """The result's facet counts as boxes of checkboxes, in the order shown."""
    counts, labels = result.facets, result.facet_labels
    if not counts:
        return []

    def by_count(facet):
        return sorted(counts.get(facet, {}).items(), key=lambda kv: (-kv[1], kv[0]))

    chosen_price = next(
        (
            key
            for key, low, high in PRICE_RANGES
            if (low, high) == (query.price_min or 0, query.price_max)
            and (query.price_min is not None or query.price_max is not None)
        ),
        None,
    )
    boxes = [
        _facet(
            "group",
            _("OCOP group"),
            [
                (v, label, counts["ocop_group"].get(v, 0))
                for v, label in OcopGroup.choices
            ],
            query.ocop_groups,
        ),
        _facet(
            "stars",
            _("OCOP stars"),
            [
                (n, "★" * n, counts["stars"].get(n, 0))
                for n in range(MAX_STARS, MIN_STARS - 1, -1)
            ],
            query.stars,
        ),
        _facet(
            "category",
            _("Category"),
            [
                (v, _category_label(labels.get("category", {}).get(v, v)), n)
                for v, n in by_count("category")
            ],
            query.category_ids,
        ),
        _facet(
            "price",
            _("Price"),
            [
                (key, price_range_label(key), counts["price"].get(key, 0))
                for key, _low, _high in PRICE_RANGES
            ],
            (chosen_price,),
            multiple=False,
        ),
        _facet(
            "province",
            _("Province"),
            [(v, v, n) for v, n in by_count("province")],
            query.provinces,
        ),
        _facet(
            "seller",
            _("Seller"),
            [(v, labels.get("seller", {}).get(v, v), n) for v, n in by_count("seller")],
            query.seller_ids,
            # A province's two hundred cooperatives are no list to tick on a phone:
            # the ten with most products here, and the directory for the rest.
            limit=SELLER_FACET_LIMIT,
            more=reverse("seller-list"),
        ),
        _facet(
            "in_stock",
            _("Availability"),
            [(True, _("In stock only"), counts["in_stock"].get(True, 0))],
            (True,) if query.in_stock else (),
        ),
    ]
    return [box for box in boxes if box["items"]]


class ProductListView(TemplateView):
    """A page of products answering a ``ProductQuery`` built from the request."""

    template_name = "oscar/catalogue/browse.html"
    per_page = 24

    def get_query(self, form) -> ProductQuery:
        return query_from_form(
            form,
            scope_category_ids=self.get_category_ids(),
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
        paginator = Paginator(
            _ResultWindow(products, result.total, query.offset), query.per_page
        )
        page = paginator.page(query.page if result.total else 1)
        ctx.update(
            form=form,
            query=query,
            result=result,
            products=page.object_list,
            page_obj=page,
            paginator=paginator,
            total=result.total,
            # Worked out only where shown: not when the page's filters are kept.
            facets=functools.cache(lambda: facets_for_display(result, query)),
            # Headings per OCOP group only in the browse order, which sorts by group.
            grouped=not query.text and query.sort == Sort.RELEVANCE,
            popular=[] if result.total else featured_products(limit=4),
            summary=_("All products"),
        )
        return ctx


class CatalogueView(ProductListView):
    """Every public product, grouped by OCOP product group."""


def _category_and_descendant_ids(pk):
    """The category, its address and the ids of it and its descendants."""
    category = get_object_or_404(Category, pk=pk)
    ids = tuple(category.get_descendants_and_self().values_list("id", flat=True))
    return category, category.get_absolute_url(), ids


class ProductCategoryView(ProductListView):
    """Products in one category and its subcategories."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category, expected, self.category_ids = kept_until_write(
            # The address is in the visitor's language (/en/…).
            f"category-and-descendants:{int(kwargs['pk'])}:{get_language()}",
            lambda: _category_and_descendant_ids(kwargs["pk"]),
        )
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        if request.path != expected:
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def get_category_ids(self):
        return self.category_ids

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(category=self.category, summary=self.category.display_name)
        return ctx


class SearchView(ProductListView):
    """Results for the buyer's words."""

    template_name = "oscar/search/results.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["summary"] = _("Search results")
        return ctx


class SuggestView(View):
    """Product titles for the words typed so far, as JSON for the search box."""

    def get(self, request, *args, **kwargs):
        text = (request.GET.get("q") or "").strip()[:200]
        if len(text) < 2:
            return JsonResponse({"products": [], "suggestion": None})
        result = product_search(
            ProductQuery(text=text, per_page=SUGGESTIONS, facets=False)
        )
        titles = Product._default_manager.in_bulk(result.product_ids)
        products = [
            {"title": titles[pk].get_title(), "url": titles[pk].get_absolute_url()}
            for pk in result.product_ids
            if pk in titles
        ]
        return JsonResponse({"products": products, "suggestion": result.suggestion})
