"""Pricing and availability: Oscar's default strategy, aware of suspended sellers.

Hiding a suspended seller's products from listings is not enough: a basket saved
before the suspension, or a product URL kept in a bookmark, must not let anyone buy
them. Oscar asks the strategy whether a stock record may be bought, so the rule lives
here, in one place.
"""

from oscar.apps.partner import strategy
from oscar.apps.partner.availability import Unavailable
from oscar.apps.partner.strategy import *  # noqa: F403
from oscar.core.loading import get_model

StockRecord = get_model("partner", "StockRecord")


class SuspendedSellerUnavailable(strategy.StockRequired):
    """Nothing of a suspended seller can be bought, whatever its stock."""

    def availability_policy(self, product, stockrecord):
        if stockrecord is not None and stockrecord.partner.is_suspended:
            return Unavailable()
        _product_class_reuse(self, product)
        return super().availability_policy(product, stockrecord)


def _product_class_reuse(strategy, product) -> None:
    """Oscar's availability asks the product's class (does it track stock?): a class
    already read in this request is given to a product that has not read it."""
    owner = product.parent if product.is_child and product.parent_id else product
    if owner is None or owner.product_class_id is None:
        return
    if not hasattr(strategy, "_classes"):
        strategy._classes = {}
    descriptor = type(owner).product_class
    if descriptor.is_cached(owner):
        strategy._classes[owner.product_class_id] = owner.product_class
    elif owner.product_class_id in strategy._classes:
        owner.product_class = strategy._classes[owner.product_class_id]


class FirstStockRecordWithSeller(strategy.UseFirstStockRecord):
    """The first stock record, read with its seller in one query.

    The seller's suspension decides availability, so reading the record alone meant
    a second query for every product priced outside a listing (each basket line,
    each time the basket is loaded). Prefetched records (listings) cost nothing.
    """

    def select_stockrecord(self, product):
        if "stockrecords" in getattr(product, "_prefetched_objects_cache", {}):
            record = super().select_stockrecord(product)
            # The same product read again in this request (a basket line of the
            # product just added) gets the record read with it: the strategy
            # lives for one request.
            self._records_read()[product.pk] = record
            return record
        if product.pk in self._records_read():
            return self._records_read()[product.pk]
        try:
            return product.stockrecords.select_related("partner")[0]
        except IndexError:
            return None

    def fetch_for_line(self, line, stockrecord=None):
        self._basket_records_read(line)
        return super().fetch_for_line(line, stockrecord)

    def _basket_records_read(self, line) -> None:
        """The stock records of every product in the line's basket, in one query,
        when the basket's lines are read: pricing a basket of five products costs
        one query, not five."""
        basket = line.basket if "basket" in line._state.fields_cache else None
        lines = getattr(basket, "_lines", None)
        if lines is None or lines._result_cache is None:
            return
        read = self._records_read()
        missing = {other.product_id for other in lines._result_cache} - set(read)
        if len(missing) < 2:
            return
        records = StockRecord._default_manager.filter(product_id__in=missing)
        for record in records.select_related("partner").order_by("product_id", "pk"):
            read.setdefault(record.product_id, record)
        for product_id in missing:
            read.setdefault(product_id, None)

    def _records_read(self) -> dict:
        if not hasattr(self, "_records"):
            self._records = {}
        return self._records


class Marketplace(
    FirstStockRecordWithSeller,
    SuspendedSellerUnavailable,
    strategy.NoTax,
    strategy.Structured,
):
    """Prices are tax-free đồng (VAT is included in the seller's price)."""


class Selector(strategy.Selector):
    def strategy(self, request=None, user=None, **kwargs):
        """The marketplace strategy for everyone: prices do not depend on the user."""
        return Marketplace(request)
