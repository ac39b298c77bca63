"""Reads of content: stories and the sellers content points at."""

from django.db.models import Q
from oscar.core.loading import get_model
from wagtail.models import Locale

from cms.models import StoryPage
from shop.partner.selectors import products_for_sale_count

Partner = get_model("partner", "Partner")


def _stories_in_visitor_language(queryset):
    """Stories in the active language, falling back to the default language's.

    A story an editor has translated shows in the visitor's language; one not yet
    translated still shows, in Vietnamese, rather than disappearing.
    """
    active, default = Locale.get_active(), Locale.get_default()
    if active.pk == default.pk:
        return queryset.filter(locale=active)
    translated = queryset.filter(locale=active)
    return queryset.filter(
        Q(locale=active)
        | Q(locale=default)
        & ~Q(translation_key__in=translated.values("translation_key"))
    )


def stories_latest(*, limit: int, seller=None):
    """The newest live, public cooperative stories, optionally about one seller."""
    queryset = StoryPage.objects.live().public()
    if seller is not None:
        queryset = queryset.filter(seller=seller)
    return list(
        _stories_in_visitor_language(queryset)
        .select_related("image", "seller")
        .order_by("-first_published_at", "-pk")[:limit]
    )


def stories_for_seller(*, seller) -> list:
    """Every live story about ``seller``, newest first, for its storefront profile."""
    return stories_latest(limit=50, seller=seller)


def sellers_for_spotlight(*, seller_ids: list[int]) -> list:
    """The sellers with ``seller_ids``, in that order, with how many products they
    offer for sale (``num_products``), in one query."""
    by_id = Partner._default_manager.filter(pk__in=seller_ids).annotate(
        num_products=products_for_sale_count()
    )
    by_id = {seller.pk: seller for seller in by_id}
    return [by_id[pk] for pk in seller_ids if pk in by_id]
