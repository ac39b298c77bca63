"""Which committed writes retire which kept pages (``shop.pagecache``).

Every write to what storefront pages show retires every kept page, with two
exceptions that come with every order and would otherwise empty the cache while a
campaign sells:

- a stock allocation that leaves some stock retires only the pages showing that
  product (``page_cache_stock_bump``);
- an offer's usage being counted (Oscar's ``record_usage`` saves the whole offer)
  retires nothing while the offer stays available, for no page shows the counts.
  Any other change to an offer, or usage that uses it up, retires every page.
"""

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from shop.pagecache_versions import page_cache_stock_bump, page_cache_version_bump

#: Apps whose rows appear on storefront pages, and models of theirs that do not.
SHOWN_APPS = {
    "catalogue",
    "partner",
    "reviews",
    "offer",
    "cms",
    "shipping",
    "wagtailcore",
    "wagtailimages",
    "sites",
    "flatpages",
}
NOT_SHOWN = {
    ("wagtailcore", "revision"),
    ("wagtailcore", "pagelogentry"),
    ("wagtailcore", "modellogentry"),
    ("wagtailcore", "pagesubscription"),
    ("wagtailcore", "taskstate"),
    ("wagtailcore", "workflowstate"),
    ("wagtailcore", "comment"),
    ("wagtailcore", "commentreply"),
    ("wagtailcore", "referenceindex"),
    ("wagtailimages", "rendition"),
    # What each seller charged for delivering its part of an order: the order's own
    # record (written with every order), shown on no storefront page.
    ("shipping", "sellershippingcharge"),
}
#: What Oscar's ``ConditionalOffer.record_usage`` counts at every order.
OFFER_USAGE_FIELDS = frozenset({"num_applications", "total_discount", "num_orders"})


def page_cache_receivers_connect() -> None:
    """Retire kept pages on every committed write to what storefront pages show."""
    from oscar.core.loading import get_model

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"page-cache-{id(signal)}", weak=False)
    post_init.connect(
        _offer_loaded,
        sender=get_model("offer", "ConditionalOffer"),
        dispatch_uid="page-cache-offer-loaded",
        weak=False,
    )


def _on_write(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in SHOWN_APPS:
        return
    if (meta.app_label, meta.model_name) in NOT_SHOWN:
        return
    if _is_allocation_leaving_stock(sender, kwargs):
        product = kwargs["instance"].product
        page_cache_stock_bump([product.pk, product.parent_id])
        return
    if _is_offer_usage_only(sender, kwargs):
        return
    page_cache_version_bump()


def _is_allocation_leaving_stock(sender, kwargs) -> bool:
    """An order's allocation (``StockRecord.allocate``) after which some is left."""
    from shop.partner.models import ALLOCATION_FIELDS

    if (sender._meta.app_label, sender._meta.model_name) != ("partner", "stockrecord"):
        return False
    if kwargs.get("update_fields") != ALLOCATION_FIELDS:
        return False
    level = kwargs["instance"].net_stock_level
    return level is not None and level > 0


def _shown_fields(offer) -> dict:
    loaded = offer.__dict__
    return {
        field.attname: loaded[field.attname]
        for field in offer._meta.concrete_fields
        if field.attname in loaded and field.attname not in OFFER_USAGE_FIELDS
    }


def _offer_loaded(sender, instance, **kwargs):
    instance._page_cache_shown = _shown_fields(instance)


def _is_offer_usage_only(sender, kwargs) -> bool:
    """A saved offer whose only change is its usage, and which is still available."""
    if (sender._meta.app_label, sender._meta.model_name) != (
        "offer",
        "conditionaloffer",
    ):
        return False
    offer = kwargs.get("instance")
    if kwargs.get("signal") is not post_save or kwargs.get("created", True):
        return False
    before = getattr(offer, "_page_cache_shown", None)
    now = _shown_fields(offer)
    offer._page_cache_shown = now
    return before == now and offer.is_available()
