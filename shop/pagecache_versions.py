"""The versions that keep a kept page fresh, and what moves them on.

Every kept page and part (shop/pagecache.py, shop/near_cache.py, catalogue/listings.py)
is keyed by the page version: a write to what pages show moves it on once its
transaction commits. An order's stock allocation instead marks the products it
changed with the next value of the stock counter, which retires only what shows
them (``stock_is_current``).

Within a storefront request both are read once, when it begins
(``versions_held``): every part of the page is then kept under the same version as
the page, and the page asks Redis for them once instead of once per part.
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, cache, caches
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache-version"
STOCK_COUNTER_KEY = "page-cache-stock-counter"
STOCK_KEY = "page-cache-stock:{}"
#: The cache alias of parts kept under the page version (shop/near_cache.py).
KEPT_PARTS_ALIAS = "kept_parts"

_versions_of_request: ContextVar[tuple[int, int] | None] = ContextVar(
    "page_cache_versions_of_request", default=None
)


def page_cache_version() -> int:
    """The current version of every kept page (a write bumps it): the one read when
    the request began, within a storefront request."""
    if (held := _versions_of_request.get()) is not None:
        return held[0]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _version_first(), timeout=None)
        version = cache.get(VERSION_KEY)
        if version is None:  # the cache is unreachable: a version nothing is kept under
            return _version_first()
    return version


def _version_first() -> int:
    """A first version that no earlier one had, the clock's nanoseconds: after Redis
    was emptied or restarted, a worker's own copies of parts kept under an old
    version (shop/near_cache.py) are never taken for the new version's."""
    return time.time_ns()


@contextmanager
def versions_held(versions: tuple[int, int]):
    """Within this block (a storefront request), ``page_cache_version`` and
    ``page_cache_versions`` give ``versions``, read once when the request began,
    instead of asking the cache for them again for each part of the page."""
    token = _versions_of_request.set(versions)
    try:
        yield
    finally:
        _versions_of_request.reset(token)


def versions_of_request() -> tuple[int, int] | None:
    """The versions the storefront request being served holds (``versions_held``),
    or None outside one."""
    return _versions_of_request.get()


def kept_parts_cache():
    """The cache of parts kept under the page version: shared, with each worker's
    copies (shop/near_cache.py) where configured."""
    try:
        return caches[KEPT_PARTS_ALIAS]
    except InvalidCacheBackendError:
        return cache


def kept_until_write(name: str, read, *, shows=None):
    """``read()``, kept in the shared cache under ``name`` and the page cache's
    version: as fresh as a kept page, for what only writes that bump the version
    change. With ``shows`` (the ids of the products whose stock the value shows,
    given the value), also retired when their stock changes, as a kept page is.
    Read every time without a page cache, or while the cache fails."""
    if not getattr(settings, "PAGE_CACHE", False):
        return read()
    kept = kept_parts_cache()
    try:
        # Before the read: a write committed after this is newer than the value.
        version, counter = page_cache_versions()
        key = f"page-cache-kept:{version}:{name}"
        entry = kept.get(key)
        if entry is not None and not stock_is_current(entry, counter):
            entry = None
    except Exception:
        logger.warning("Page cache unavailable; reading %s", name, exc_info=True)
        return read()
    if entry is None:
        value = read()
        entry = {
            "value": value,
            "stock_seen": counter,
            "products": sorted(pk for pk in shows(value) if pk) if shows else [],
        }
        try:
            kept.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("%s not kept in the page cache", name, exc_info=True)
    return entry["value"]


def page_cache_version_bump() -> None:
    """Retire every kept page, once the current transaction commits.

    After the commit, not before: a page rendered between the bump and the commit
    would otherwise be kept, with the old data, under the new version.
    """

    def bump():
        try:
            _version_next()
        except Exception:  # the cache is down: nothing can be served from it either
            logger.warning("Page cache version not bumped", exc_info=True)

    transaction.on_commit(bump)


def page_shows_stock_of(request, product) -> None:
    """Note that the page being rendered for ``request`` shows ``product``'s stock
    (a card, a product page): a later allocation of it retires the kept page."""
    if request is None or product is None:
        return
    page_shows_stock_of_ids(request, (product.pk, product.parent_id))


def page_shows_stock_of_ids(request, product_ids) -> None:
    """``page_shows_stock_of`` for products known by their ids (a kept list of cards,
    catalogue/listings.py)."""
    if request is not None:
        shown = request.__dict__.setdefault("_page_cache_products", set())
        shown.update(pk for pk in product_ids if pk)


def _stock_seconds() -> int:
    # Longer than any kept page lives, so a page never outlives the mark that
    # retires it.
    return 2 * settings.PAGE_CACHE_SECONDS + 60


def page_cache_stock_bump(product_ids) -> None:
    """Retire the kept pages that show these products' stock, once the transaction
    commits (see the module docstring)."""
    product_ids = {pk for pk in product_ids if pk}

    def bump():
        try:
            counter = _stock_counter_next()
            cache.set_many(
                {STOCK_KEY.format(pk): counter for pk in product_ids},
                timeout=_stock_seconds(),
            )
        except Exception:  # the cache is down: nothing can be served from it either
            logger.warning("Page cache stock not bumped", exc_info=True)

    transaction.on_commit(bump)


def _stock_counter_next() -> int:
    try:
        return cache.incr(STOCK_COUNTER_KEY)
    except ValueError:
        _stock_counter_start()
        return cache.incr(STOCK_COUNTER_KEY)


def _stock_counter_start() -> int:
    """The stock counter, started at 0 when it is missing (a new cache, or evicted).

    Pages kept under a lost counter cannot be judged against a new one, so starting
    it retires every page.
    """
    if cache.add(STOCK_COUNTER_KEY, 0, timeout=None):
        _version_next()
    return cache.get(STOCK_COUNTER_KEY) or 0


def _version_next() -> None:
    """Move the page version on: every kept page is retired."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: nothing kept under one either
        cache.add(VERSION_KEY, _version_first(), timeout=None)


def page_cache_versions() -> tuple[int, int]:
    """The page version and the stock counter, in one read of the cache (none
    within a storefront request: the ones read when it began)."""
    if (held := _versions_of_request.get()) is not None:
        return held
    version, counter, _entry = versions_and_entry(None)
    return version, counter


def versions_and_entry(key: str | None) -> tuple[int, int, object]:
    """The page version, the stock counter and the entry kept under ``key``, in one
    read of the cache (a kept page: each request's only read when it is served)."""
    keys = [VERSION_KEY, STOCK_COUNTER_KEY] + ([key] if key else [])
    found = cache.get_many(keys)
    counter = found.get(STOCK_COUNTER_KEY)
    if counter is None:
        counter = _stock_counter_start()  # moves the version on: no entry is current
        return page_cache_version(), counter, None
    version = found.get(VERSION_KEY)
    if version is None:
        return page_cache_version(), counter, None
    return version, counter, found.get(key) if key else None


def stock_is_current(entry, counter: int) -> bool:
    """Whether no product the kept page shows changed since its rendering began."""
    products = entry.get("products")
    if not products or entry["stock_seen"] >= counter:
        return True  # no allocation at all since then: no further read
    marks = cache.get_many([STOCK_KEY.format(pk) for pk in products])
    return all(mark <= entry["stock_seen"] for mark in marks.values())
