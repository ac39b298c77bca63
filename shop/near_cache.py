"""Parts of pages kept in the shared cache and, once read, in each worker's memory.

A page not kept yet is rendered from parts that earlier pages kept in Redis: the
categories menu and the footer (``{% cache %}``), lists of product cards
(catalogue/listings.py), the products an editor's rule chose and the provinces with
sellers (``shop.pagecache_versions.kept_until_write``). Each was a round trip to
Redis, and on two busy cores a round trip waits for Redis to be scheduled: a category
page asked Redis 14 times, about a fifth of its time under load (issue 19).

Such a part never changes under its key, which carries the page cache's version
(every committed write to what pages show moves it on; shop/pagecache_versions.py),
so a worker can hold what it read or wrote and ask Redis only the first time:

- a value is stored with the time it must be gone by, ``PAGE_CACHE_SECONDS`` after it
  was made, and a worker holds it no longer than that, however late it read it;
- page versions start from the clock, not from 1, so a Redis emptied or restarted
  under running workers never gives a new page the parts of an old one;
- each worker holds at most ``MAX_ENTRIES`` of them, the least recently used going
  first;
- a list whose stock changed is checked against the shared stock marks on every use
  and read again, as before (a worker's copy is never trusted for stock).

Only for values that a key names once and for all: ``delete`` reaches the other
workers only through Redis, not their memory.
"""

import math
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache

_MISSING = object()


class NearCache(BaseCache):
    """A cache alias over ``OPTIONS["SHARED"]`` (the alias every worker shares), with
    each worker's own copy of what it read or wrote (see the module docstring)."""

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        self._local = LocMemCache(
            location or "near-cache",
            {"OPTIONS": {"MAX_ENTRIES": options.get("MAX_ENTRIES", 1000)}},
        )

    @property
    def _shared(self):
        return caches[self._shared_alias]

    def get(self, key, default=None, version=None):
        held = self._local.get(key, _MISSING)
        if held is _MISSING:
            held = self._shared.get(key)
            if not _is_held(held):
                return default
            remaining = held[0] - time.time()
            if remaining <= 0:
                return default
            self._local.set(key, held, timeout=min(remaining, 10**9))
        return held[1]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        if timeout is not None and timeout <= 0:
            return
        deadline = math.inf if timeout is None else time.time() + timeout
        held = (deadline, value)
        self._shared.set(key, held, timeout=timeout)
        self._local.set(key, held, timeout=timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.get(key, _MISSING) is not _MISSING:
            return False
        self.set(key, value, timeout)
        return True

    def delete(self, key, version=None):
        self._local.delete(key)
        return self._shared.delete(key)

    def has_key(self, key, version=None):
        return self.get(key, _MISSING) is not _MISSING

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return False  # a kept part's life is fixed when it is made

    def clear(self):
        """Forget this worker's copies (the shared entries expire or are cleared
        with their own alias)."""
        self._local.clear()


def _is_held(value) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], int | float)
    )
