"""Oscar's product bulk actions, with what its ``QuerySet.update()`` leaves out.

Oscar writes the public flag and the prices of many products with ``update()``: no
signal is sent, so the visitors' page cache, the search rows and the search index
would keep showing the old prices and the old list. Each action here tells them once
it has written. And a seller's "make public" publishes only its complete products,
the rule of the seller's product form: a draft goes on sale once nothing is missing.
"""

from django.contrib import messages
from django.db import transaction
from django.utils.translation import ngettext
from oscar.apps.dashboard.catalogue import bulk_actions as oscar_actions
from oscar.apps.dashboard.catalogue.bulk_actions import (  # noqa: F401
    MakeNonPublicAction,
    MakePublicAction,
    ProductIntermediateAction,
)
from oscar.core.loading import get_model

from search.signals import products_changed
from shop.dashboard.catalogue.selectors import product_missing_fields
from shop.pagecache_versions import page_cache_version_bump
from shop.partner.selectors import seller_for_user

Product = get_model("catalogue", "Product")


def _written(product_ids) -> None:
    """Tell the search data and the page cache about products written in bulk."""
    products_changed(product_ids)
    page_cache_version_bump()


class _Told:
    """Runs Oscar's action, then tells search and the page cache what it wrote."""

    @transaction.atomic
    def execute(self, request, objects, form):
        ids = list(objects.values_list("pk", flat=True))
        result = super().execute(request, objects, form)
        _written(ids)
        return result


class MakeProductsNonPublicAction(_Told, oscar_actions.MakeProductsNonPublicAction):
    pass


class SetProductPriceAction(_Told, oscar_actions.SetProductPriceAction):
    pass


class MakeProductsPublicAction(_Told, oscar_actions.MakeProductsPublicAction):
    @transaction.atomic
    def execute(self, request, objects, form):
        seller = None if request.user.is_staff else seller_for_user(user=request.user)
        if seller is not None:
            drafts = [
                product
                for product in objects.filter(is_public=False)
                if product_missing_fields(product=product, seller=seller)
            ]
            if drafts:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)d product is not complete and stays a draft: "
                        "%(titles)s. Open it to see what is missing.",
                        "%(count)d products are not complete and stay drafts: "
                        "%(titles)s. Open them to see what is missing.",
                        len(drafts),
                    )
                    % {
                        "count": len(drafts),
                        "titles": ", ".join(p.title or str(p.pk) for p in drafts),
                    },
                )
                objects = objects.exclude(pk__in=[p.pk for p in drafts])
        return super().execute(request, objects, form)
