"""Whole storefront pages for visitors, served from the shared cache.

A campaign sends thousands of anonymous visitors to the same few pages in minutes
(issue 19). For them a page is the same whoever asks, except for two per-visitor holes:
the CSRF token in its forms and the Content-Security-Policy nonce of its scripts. This
middleware keeps each page once with those holes marked, and fills them for each
visitor, so forms keep their CSRF protection and scripts their nonce
(shop/pagecache_holes.py).

When a page is kept, and for whom:

- only GET/HEAD of storefront pages (not basket, checkout, accounts, payments,
  dashboards, Chợ 4.0, admin, API), answered 200 as HTML with no cookie but the CSRF
  one and nothing marked private;
- only from a visitor who carries none of the cookies that make a page theirs: a
  session (login, checkout), a basket, recently viewed products, or messages. A
  visitor with such cookies, signed in or not, gets the kept page with their own
  parts (basket, account links, messages, and for a signed-in buyer "sellers near
  you" and "Write a review") rendered in it by ``PersonalPageMiddleware``
  (shop/pagecache_holes.py says which pages and visitors are rendered instead).
  Visitors the cache serves are not given Oscar's recently-viewed cookie, and their
  product views are not counted in Oscar's analytics;
- keyed by host, language and full path with its query string (less the campaign
  tracking parameters, which no page shows), and served only under the version
  number it was kept under, which every write to what pages show (products, prices,
  stock, sellers, categories, reviews, offers, Wagtail pages and images, shipping)
  bumps once its transaction commits: a change shows at once, without waiting for a
  timer. The version and the page come in one read of the cache. Entries also expire
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
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from shop.pagecache_holes import (
    CSRF_HOLE,
    NONCE_HOLE,
    entry_is_fillable,
    holes_filled,
    holes_punched,
    marks_removed,
    page_is_fillable_when_signed_in,
    page_parts,
    personal_page,
)
from shop.pagecache_versions import (
    stock_is_current,
    versions_and_entry,
    versions_held,
)

logger = logging.getLogger(__name__)

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
#: Query parameters that only tell analytics where a visitor came from.
TRACKING_PARAMETERS = re.compile(
    r"^(?:utm_[a-z]+|fbclid|gclid|gbraid|wbraid|msclkid|ttclid|zarsrc|_ga|_gl)$"
)


def _visitor_cookies():
    return (
        settings.SESSION_COOKIE_NAME,
        settings.OSCAR_BASKET_COOKIE_OPEN,
        settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME,
        "messages",
    )


def _page_may_be_kept(request) -> bool:
    """Whether the page asked for is one the cache keeps (for some visitors)."""
    if not getattr(settings, "PAGE_CACHE", False):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if PRIVATE_PATHS.match(request.path_info):
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _visitor_is_anonymous(request) -> bool:
    """Whether the visitor carries none of the cookies that make a page theirs."""
    return not any(name in request.COOKIES for name in _visitor_cookies())


def _tracking_parameters_dropped(request) -> None:
    """The request without the campaign tracking parameters of its address.

    A link shared on Facebook or Zalo gets a ``fbclid``/``zarsrc`` that differs for
    every click, and a campaign's links carry ``utm_*``: no page shows them, yet each
    would make the page a new one for the cache, so a campaign's visitors would all
    be rendered. They are dropped before the page is looked up and rendered; the
    browser's address keeps them for its analytics scripts.
    """
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    pairs = [p for p in query.split("&") if p]
    kept = [p for p in pairs if not TRACKING_PARAMETERS.match(p.split("=", 1)[0])]
    if len(kept) != len(pairs):
        request.META["QUERY_STRING"] = "&".join(kept)
        request.__dict__.pop("GET", None)  # parsed again from the new query


def _key(request) -> str:
    """The page's key; the version it was kept under is in the entry, so that one
    read of the cache gives the versions and the page."""
    where = f"{request.get_host()}|{get_language()}|{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"page-cache:{digest}"


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


def _etag(content: bytes) -> str:
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def label(response, *, content: bytes = b"", etag: str = "", personal=False) -> None:
    """The headers of a page the cache served or kept (see the module docstring)."""
    if personal:  # a visitor's own parts in it: for them only, never revalidated
        response["Cache-Control"] = "private, no-cache"
        response["X-Page-Cache"] = "hit-personal"
    else:
        holes = CSRF_HOLE in content or NONCE_HOLE in content
        response["Cache-Control"] = "private, no-cache" if holes else "public, no-cache"
        response["ETag"] = etag
    patch_vary_headers(response, ("Cookie",))


class AnonymousPageCacheMiddleware:
    """Serve and keep storefront pages for visitors without a session or basket, and
    find the kept page for a visitor with one (shop/pagecache_holes.py fills in
    their parts).

    Goes after ``CsrfViewMiddleware`` (which sets the CSRF cookie a filled hole needs)
    and the CSP middleware (which sends the nonce a filled hole uses), and before the
    basket, so a page served from the cache costs no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _page_may_be_kept(request):
            return self.get_response(request)
        _tracking_parameters_dropped(request)
        anonymous = _visitor_is_anonymous(request)
        try:
            # Read before rendering begins: a write committed after this is newer
            # than the page (see the module docstring).
            key = _key(request)
            version, stock_seen, entry = versions_and_entry(key)
            if entry is not None and (
                entry.get("version") != version
                or not stock_is_current(entry, stock_seen)
            ):
                entry = None
        except Exception:
            logger.warning("Page cache unavailable; rendering", exc_info=True)
            return self.get_response(request)
        with versions_held((version, stock_seen)):
            return self._served(request, anonymous, key, entry, version, stock_seen)

    def _served(self, request, anonymous, key, entry, version, stock_seen):
        if not anonymous:
            if entry is not None and entry_is_fillable(entry):
                request._page_cache_entry = entry  # for PersonalPageMiddleware
            return self.get_response(request)
        if entry is not None:
            return self._replay(request, entry)

        request._page_cache_marking = True  # personal parts marked as they render
        response = self.get_response(request)
        # Oscar's "recently viewed" cookie would make every product page the
        # visitor's own; a visitor shares pages instead (the product page shows
        # related products, not a history).
        response.cookies.pop(settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME, None)
        if response.streaming:
            return response
        marked = response.content
        if (unmarked := marks_removed(marked)) is not marked:
            response.content = unmarked
        if _response_is_storable(response) and _request_stayed_anonymous(request):
            content = holes_punched(request, marked)
            headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            etag = _etag(content)
            try:
                cache.set(
                    key,
                    {
                        "content": content,
                        "headers": headers,
                        "etag": etag,
                        "version": version,
                        "stock_seen": stock_seen,
                        "products": sorted(
                            getattr(request, "_page_cache_products", ())
                        ),
                        "parts": page_parts(request),
                        "signed_in": page_is_fillable_when_signed_in(request),
                    },
                    timeout=settings.PAGE_CACHE_SECONDS,
                )
            except Exception:
                logger.warning("Page not kept in the cache", exc_info=True)
            label(response, content=content, etag=etag)
            response["X-Page-Cache"] = "miss"
        return response

    def _replay(self, request, entry):
        content, etag = entry["content"], entry["etag"]
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(marks_removed(holes_filled(request, content)))
            for header, value in entry["headers"].items():
                response[header] = value
        label(response, content=content, etag=etag)
        response["X-Page-Cache"] = "hit"
        return response


def _served_to(request, entry) -> bool:
    """Whether the kept page ``entry`` may be served to this visitor, their parts in."""
    user = request.user
    if not user.is_authenticated:
        return True
    if user.is_staff or not getattr(settings, "PAGE_CACHE_SIGNED_IN", True):
        return False
    return entry_is_fillable(entry, signed_in=True)


class PersonalPageMiddleware:
    """Serve a visitor with a session or basket the kept page that the page cache
    found for them (``request._page_cache_entry``), with their own parts in it.

    Goes after the session, authentication, messages and basket middleware, whose
    work the parts need; the view is not called.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        entry = getattr(request, "_page_cache_entry", None)
        if entry is None or not _served_to(request, entry):
            return self.get_response(request)
        try:
            content = personal_page(request, holes_filled(request, entry["content"]))
        except Exception:
            logger.warning(
                "Personal parts not rendered; rendering the page", exc_info=True
            )
            return self.get_response(request)
        response = HttpResponse(content)
        for header, value in entry["headers"].items():
            response[header] = value
        label(response, personal=True)
        return response
