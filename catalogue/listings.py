"""Lists of product cards, read when first used and kept between pages (issue 19).

A page not kept yet (the first visitor after a write, a search nobody made before,
the next page of results) is rendered whole, and its product cards were most of that
work: four queries that read up to 24 products with their prices, stock, pictures
and counts, then the cards themselves. The same cards, in the same order, show on
many such pages: a category with and without a campaign's parameters, a search
typed in two ways, the home page's grid after every write elsewhere.

``catalogue.selectors.product_listing`` therefore returns a ``ProductListing``: the
ids of its products, read from the database only when something needs the products
themselves. ``{% product_cards listing … %}`` (catalogue/templatetags/card_cache.py)
keeps the HTML of the cards it wraps in the shared cache, so a page whose list was
rendered before reads neither the products nor renders a card.

What is kept is as fresh as a kept page (shop/pagecache.py), under the same rules:

- keys carry the page cache's version, which every write to what pages show bumps
  once its transaction commits, and entries expire after ``PAGE_CACHE_SECONDS``;
- a list notes the stock counter before its products are read, and names the
  products it shows: an allocation of one of them after that retires the list, as
  it retires a kept page that shows it;
- the HTML's key also carries everything else a card depends on that is not in the
  database: the template's text, the language, today's date (a rating lapses at
  midnight), the currency and the pricing strategy;
- the CSRF token of the add-to-basket forms is kept as a placeholder and filled in
  for each visitor.

With ``PAGE_CACHE`` off, or the cache unreachable, a listing is read and its cards
rendered every time, as before.
"""

import hashlib
import logging
from collections.abc import Callable, Sequence

from django.conf import settings

from shop.pagecache_versions import (
    kept_parts_cache,
    page_cache_versions,
    page_shows_stock_of_ids,
    stock_is_current,
)

logger = logging.getLogger(__name__)

_NOT_LOOKED_UP = object()


class ProductListing(Sequence):
    """The products with ``ids`` that ``read`` returns, in that order, read once and
    only when first needed (iterated, indexed, or counted without a kept list).

    ``kind`` names what ``read`` leaves out (say "available"): two listings of the
    same ids and kind show the same products.
    """

    def __init__(self, ids, *, read: Callable[[list], list], kind: str):
        self.ids = list(ids)
        self.kind = kind
        self._read = read
        self._products = None
        self._entry = _NOT_LOOKED_UP
        # Before any read of the products: a write committed after this is newer
        # than what is read (as for a kept page).
        self._versions = _versions_if_kept()

    @property
    def products(self) -> list:
        if self._products is None:
            self._products = self._read(self.ids)
            self._keep()
        return self._products

    def __iter__(self):
        return iter(self.products)

    def __getitem__(self, item):
        # Django's paginator asks for the window it shows: all of this listing.
        if (
            isinstance(item, slice)
            and item.start in (None, 0)
            and item.step in (None, 1)
            and (item.stop is None or item.stop >= len(self.ids))
        ):
            return self
        return self.products[item]

    def __len__(self):
        return len(self.shown_ids())

    def __bool__(self):
        return bool(self.shown_ids())

    def __eq__(self, other):
        if isinstance(other, list | tuple | ProductListing):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return f"<ProductListing {self.kind} {self.ids!r}>"

    def shown_ids(self) -> list:
        """The ids of the products shown, from the kept list when there is one."""
        if self._products is None and (entry := self.kept()) is not None:
            return entry["shown"]
        return [product.pk for product in self.products]

    def kept(self) -> dict | None:
        """The kept list (ids shown, products whose stock it shows, stock counter
        seen), if it is current; None otherwise or when lists are not kept."""
        if self._entry is _NOT_LOOKED_UP:
            self._entry = None
            if self._versions is not None and self.ids:
                entry = _cache_get(self._key())
                if entry is not None and stock_is_current(entry, self._versions[1]):
                    self._entry = entry
        return self._entry

    def cards(self, request, parts, render: Callable[[], str]) -> str:
        """The HTML ``render`` makes of this listing's cards, kept under ``parts``
        (what else the HTML depends on); the kept HTML when it is current."""
        entry = self.kept()
        if entry is not None:
            html = _cache_get(self._html_key(entry, parts))
            if html is not None:
                # As each card would have: the kept page is retired with them.
                page_shows_stock_of_ids(request, entry["products"])
                return html
        html = render()
        entry = self.kept()  # noted when the render read the products
        if entry is not None:
            _cache_set(self._html_key(entry, parts), html)
        return html

    def _keep(self) -> None:
        """Note the products just read, with the stock counter seen before."""
        if self._versions is None or not self.ids:
            self._entry = None
            return
        stock = set()
        for product in self._products:
            stock.update(pk for pk in (product.pk, product.parent_id) if pk)
        self._entry = {
            "shown": [product.pk for product in self._products],
            "products": sorted(stock),
            "stock_seen": self._versions[1],
        }
        _cache_set(self._key(), self._entry)

    def _digest(self) -> str:
        return hashlib.sha256(repr((self.kind, self.ids)).encode()).hexdigest()[:32]

    def _key(self) -> str:
        return f"product-list:{self._versions[0]}:{self._digest()}"

    def _html_key(self, entry, parts) -> str:
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        return (
            f"product-cards:{self._versions[0]}:{entry['stock_seen']}:"
            f"{self._digest()}:{digest}"
        )


def _versions_if_kept() -> tuple[int, int] | None:
    if not getattr(settings, "PAGE_CACHE", False):
        return None
    try:
        return page_cache_versions()
    except Exception:
        logger.warning("Page cache versions not read", exc_info=True)
        return None


def _cache_get(key):
    try:
        return kept_parts_cache().get(key)
    except Exception:
        logger.warning("Kept product list not read", exc_info=True)
        return None


def _cache_set(key, value) -> None:
    try:
        kept_parts_cache().set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("Product list not kept", exc_info=True)
