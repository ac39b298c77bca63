"""Wagtail admin choosers for Oscar's products and sellers.

Editors pick commerce data from inside the page editor; the chosen rows stay in Oscar
and are read again at every render, so a block never holds a copy of a price.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet


class _TextSearchForm(BaseFilterForm):
    """A search box over a few text fields (Oscar's models are not Wagtail-indexed)."""

    search_fields: tuple[str, ...] = ()
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            objects = objects.filter(condition)
            self.is_searching, self.search_query = True, query
        return objects


class ProductSearchForm(_TextSearchForm):
    search_fields = ("title", "upc", "stockrecords__partner__name")


class SellerSearchForm(_TextSearchForm):
    search_fields = ("name", "code", "commune")


class _ProductChooseMixin:
    filter_form_class = ProductSearchForm
    ordering = ("title", "pk")

    def get_object_list(self):
        # Parents are not sellable themselves; variants are picked through them.
        return self.model_class._default_manager.browsable().distinct()

    @property
    def columns(self):
        return [
            *super().columns,
            Column("upc", label=_("UPC")),
            Column("is_public", label=_("Public")),
        ]


class ProductChooseView(_ProductChooseMixin, ChooseView):
    pass


class ProductChooseResultsView(_ProductChooseMixin, ChooseResultsView):
    pass


class _SellerChooseMixin:
    filter_form_class = SellerSearchForm
    ordering = ("name", "pk")

    @property
    def columns(self):
        return [*super().columns, Column("location", label=_("Location"))]


class SellerChooseView(_SellerChooseMixin, ChooseView):
    pass


class SellerChooseResultsView(_SellerChooseMixin, ChooseResultsView):
    pass


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
    per_page = 20


class SellerChooserViewSet(ChooserViewSet):
    model = "partner.Partner"
    icon = "group"
    choose_one_text = _("Choose a seller")
    choose_another_text = _("Choose another seller")
    choose_view_class = SellerChooseView
    choose_results_view_class = SellerChooseResultsView
    per_page = 20


product_chooser_viewset = ProductChooserViewSet("product_chooser")
seller_chooser_viewset = SellerChooserViewSet("seller_chooser")

ProductChooserBlock = product_chooser_viewset.get_block_class(
    name="ProductChooserBlock", module_path="cms.choosers"
)
SellerChooserBlock = seller_chooser_viewset.get_block_class(
    name="SellerChooserBlock", module_path="cms.choosers"
)


class CategorySearchForm(_TextSearchForm):
    search_fields = ("name",)


class _CategoryChooseMixin:
    filter_form_class = CategorySearchForm
    ordering = ("path",)


class CategoryChooseView(_CategoryChooseMixin, ChooseView):
    pass


class CategoryChooseResultsView(_CategoryChooseMixin, ChooseResultsView):
    pass


class CategoryChooserViewSet(ChooserViewSet):
    model = "catalogue.Category"
    icon = "folder-open-inverse"
    choose_one_text = _("Choose a category")
    choose_another_text = _("Choose another category")
    choose_view_class = CategoryChooseView
    choose_results_view_class = CategoryChooseResultsView
    per_page = 30


category_chooser_viewset = CategoryChooserViewSet("category_chooser")
CategoryChooserBlock = category_chooser_viewset.get_block_class(
    name="CategoryChooserBlock", module_path="cms.choosers"
)
