"""Whole storefront pages for visitors, served from the shared cache.

A campaign sends thousands of anonymous visitors to the same few pages in minutes
(issue 19). For them a page is the same whoever asks, except for two per-visitor holes:
the CSRF token in its forms and the Content-Security-Policy nonce of its scripts. This
middleware keeps each page once with those holes marked, and fills them for each
visitor, so forms keep their CSRF protection and scripts their nonce.

When a page is kept, and for whom:

- only GET/HEAD of storefront pages (not basket, checkout, accounts, payments,
  dashboards, Chợ 4.0, admin, API), answered 200 as HTML with no cookie but the CSRF
  one and nothing marked private;
- only for visitors who carry none of the cookies that make a page theirs: a session
  (login, checkout), a basket, recently viewed products, or messages. Everyone else
  gets the page rendered for them, and it is never kept. Visitors the cache serves are
  not given Oscar's recently-viewed cookie;
- keyed by host, language and full path with its query string, under a version number
  that every write to what pages show (products, prices, stock, sellers, categories,
  reviews, offers, Wagtail pages and images, shipping) bumps once its transaction
  commits: a change shows at once, without waiting for a timer. Entries also expire
  after ``PAGE_CACHE_SECONDS`` so that date-dependent text (an OCOP rating that lapsed
  at midnight) is never older than that.

An order's stock allocation is the most frequent write during a campaign, and
retiring every page for each one would leave the cache empty while buyers buy. So an
allocation that leaves the product on sale retires only the pages that show that
product's stock (its page, and the lists and blocks with its card): each kept page
names the products it shows, with the stock counter's value when its rendering began,
and is not served once any of them changed after that. An allocation that takes the
last unit retires every page, as other writes do (lists, facets and counts change).

Responses carry a weak ETag (a browser or CDN revalidates and gets a 304) and
``Cache-Control: no-cache`` (reuse only after asking), ``private`` when the page holds
a per-visitor hole, and ``Vary: Cookie``. The cache is an optimisation: when it fails,
the page is rendered as usual.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponseNotModified
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import patch_vary_headers
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache-version"
STOCK_COUNTER_KEY = "page-cache-stock-counter"
STOCK_KEY = "page-cache-stock:{}"
CSRF_HOLE = b"\x00page-cache-csrf\x00"
NONCE_HOLE = b"\x00page-cache-nonce\x00"

#: Pages with personal, payment or staff content, with or without a language prefix.
PRIVATE_PATHS = re.compile(
    r"^(?:/[a-z]{2}(?:-[a-z]+)?)?/"
    r"(?:basket|checkout|accounts|payments|dashboard|cho|admin|django-admin|api|i18n"
    r"|jsi18n|healthz|readyz|static|media|documents)(?:/|$)"
)
#: Headers of a kept page that are replayed to the next visitor.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "X-Frame-Options",
    "X-Robots-Tag",
    "Link",
)
_CSRF_CANDIDATE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def _visitor_cookies():
    return (
        settings.SESSION_COOKIE_NAME,
        settings.OSCAR_BASKET_COOKIE_OPEN,
        settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME,
        "messages",
    )


def page_cache_version() -> int:
    """The current version of every kept page (a write bumps it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


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
    shown = request.__dict__.setdefault("_page_cache_products", set())
    shown.add(product.pk)
    if product.parent_id:
        shown.add(product.parent_id)


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
        cache.add(VERSION_KEY, 1, timeout=None)


def _versions() -> tuple[int, int]:
    """The page version and the stock counter, in one read of the cache."""
    found = cache.get_many([VERSION_KEY, STOCK_COUNTER_KEY])
    counter = found.get(STOCK_COUNTER_KEY)
    if counter is None:
        counter = _stock_counter_start()
        return page_cache_version(), counter
    version = found.get(VERSION_KEY)
    return (page_cache_version() if version is None else version), counter


def _stock_is_current(entry, counter: int) -> bool:
    """Whether no product the kept page shows changed since its rendering began."""
    products = entry.get("products")
    if not products or entry["stock_seen"] >= counter:
        return True  # no allocation at all since then: no further read
    marks = cache.get_many([STOCK_KEY.format(pk) for pk in products])
    return all(mark <= entry["stock_seen"] for mark in marks.values())


def _request_is_cacheable(request) -> bool:
    if not getattr(settings, "PAGE_CACHE", False):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if PRIVATE_PATHS.match(request.path_info):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not any(name in request.COOKIES for name in _visitor_cookies())


def _key(request, version: int) -> str:
    where = f"{request.get_host()}|{get_language()}|{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"page-cache:{version}:{digest}"


def _request_stayed_anonymous(request) -> bool:
    """Whether the request ended as it began: no login, session write or message.

    Their cookies are set above this middleware, after it has seen the response.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and getattr(messages, "_queued_messages", None))


def _response_is_storable(response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return set(response.cookies) <= {settings.CSRF_COOKIE_NAME}


def _punch_holes(request, content: bytes) -> bytes:
    """``content`` with this visitor's CSRF tokens and CSP nonce marked as holes."""
    secret = request.META.get("CSRF_COOKIE")
    if secret:

        def hole_if_token(match):
            token = match.group().decode()
            if constant_time_compare(_unmask_cipher_token(token), secret):
                return CSRF_HOLE
            return match.group()

        content = _CSRF_CANDIDATE.sub(hole_if_token, content)
    nonce = getattr(request, "_csp_nonce", None)  # set once the page used one
    if nonce:
        content = content.replace(str(nonce).encode(), NONCE_HOLE)
    return content


def _fill_holes(request, content: bytes) -> bytes:
    """A kept page's holes filled for this visitor (a cookie is set where needed)."""
    if CSRF_HOLE in content:
        parts = content.split(CSRF_HOLE)
        filled = [parts[0]]
        for part in parts[1:]:
            filled += [get_token(request).encode(), part]
        content = b"".join(filled)
    if NONCE_HOLE in content:
        content = content.replace(NONCE_HOLE, str(request.csp_nonce).encode())
    return content


def _etag(content: bytes) -> str:
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def _label(response, content: bytes, etag: str, state: str) -> None:
    holes = CSRF_HOLE in content or NONCE_HOLE in content
    response["Cache-Control"] = "private, no-cache" if holes else "public, no-cache"
    response["ETag"] = etag
    response["X-Page-Cache"] = state
    patch_vary_headers(response, ("Cookie",))


class AnonymousPageCacheMiddleware:
    """Serve and keep storefront pages for visitors without a session or basket.

    Goes after ``CsrfViewMiddleware`` (which sets the CSRF cookie a filled hole needs)
    and the CSP middleware (which sends the nonce a filled hole uses), and before the
    basket, so a page served from the cache costs no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        try:
            # Read before rendering begins: a write committed after this is newer
            # than the page (see the module docstring).
            version, stock_seen = _versions()
            key = _key(request, version)
            entry = cache.get(key)
            if entry is not None and not _stock_is_current(entry, stock_seen):
                entry = None
        except Exception:
            logger.warning("Page cache unavailable; rendering", exc_info=True)
            return self.get_response(request)
        if entry is not None:
            return self._replay(request, entry)

        response = self.get_response(request)
        # Oscar's "recently viewed" cookie would make every product page the
        # visitor's own; a visitor shares pages instead (the product page shows
        # related products, not a history).
        response.cookies.pop(settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME, None)
        if _response_is_storable(response) and _request_stayed_anonymous(request):
            content = _punch_holes(request, response.content)
            headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            etag = _etag(content)
            try:
                cache.set(
                    key,
                    {
                        "content": content,
                        "headers": headers,
                        "etag": etag,
                        "stock_seen": stock_seen,
                        "products": sorted(
                            getattr(request, "_page_cache_products", ())
                        ),
                    },
                    timeout=settings.PAGE_CACHE_SECONDS,
                )
            except Exception:
                logger.warning("Page not kept in the cache", exc_info=True)
            _label(response, content, etag, "miss")
        return response

    def _replay(self, request, entry):
        from django.http import HttpResponse

        content, etag = entry["content"], entry["etag"]
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(_fill_holes(request, content))
            for header, value in entry["headers"].items():
                response[header] = value
        _label(response, content, etag, "hit")
        return response
