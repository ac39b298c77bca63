"""Keep search data in step with the catalogue: products, stock, sellers, categories.

The folded search text and, on PostgreSQL, the search rows are written at once, in
the same transaction, because the database backend reads them. The Elasticsearch
index is told after commit, in bulk, by a Celery task (``search.indexing``).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from oscar.core.loading import get_model

from search import indexing
from search.services import (
    product_search_rows_refresh,
    product_search_text_refresh,
    search_counts_invalidate,
)

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")


def products_changed(product_ids):
    """Bring the search data of ``product_ids`` up to date with the catalogue (also
    for writes that send no signal, such as a bulk ``QuerySet.update()``)."""
    ids = [pk for pk in product_ids if pk]
    product_search_text_refresh(product_ids=ids)
    product_search_rows_refresh(product_ids=ids)
    search_counts_invalidate()
    indexing.products_changed(ids)


def product_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        products_changed([instance.pk])


def product_deleted(sender, instance, **kwargs):
    search_counts_invalidate()
    indexing.products_changed([instance.pk])


def product_categories_changed(sender, instance, action, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Product):
        products_changed([instance.pk])
    else:  # changed from the category's side
        products_changed(list(pk_set or ()))


def product_category_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        products_changed([instance.product_id])


def stock_record_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    # An order's allocation (``StockRecord.allocate``) changes what search keeps of
    # the product only when it takes the last free unit: "in stock" turns false.
    if update_fields == {"num_allocated"} and instance.net_stock_level > 0:
        return
    products_changed([instance.product_id])


def seller_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        products_changed(
            StockRecord._default_manager.filter(partner=instance).values_list(
                "product_id", flat=True
            )
        )


def category_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        products_changed(instance.product_set.values_list("id", flat=True))


def connect():
    """Connect the handlers; called once from ``SearchConfig.ready``."""
    post_save.connect(product_saved, sender=Product, dispatch_uid="search-product")
    post_delete.connect(
        product_deleted, sender=Product, dispatch_uid="search-product-del"
    )
    m2m_changed.connect(
        product_categories_changed,
        sender=Product.categories.through,
        dispatch_uid="search-categories",
    )
    # The dashboard edits product categories as rows, not through the m2m manager.
    for signal in (post_save, post_delete):
        signal.connect(
            product_category_changed,
            sender=ProductCategory,
            dispatch_uid=f"search-pc-{id(signal)}",
        )
        signal.connect(
            stock_record_changed,
            sender=StockRecord,
            dispatch_uid=f"search-sr-{id(signal)}",
        )
    post_save.connect(seller_saved, sender=Partner, dispatch_uid="search-seller")
    post_save.connect(category_saved, sender=Category, dispatch_uid="search-category")
