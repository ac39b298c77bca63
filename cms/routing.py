"""Which Wagtail page an address is, kept by each worker between requests (issue 19).

Wagtail works out the page of every request anew: the site of its host (a query
ordering every site), the locale of its language, the page in that locale and its
specific type. Three queries, and under load most of the home page's routing time.
Which page an address is changes only when a site, locale or page is written, and
each such write moves the page cache's version on (shop/pagecache_writes.py). So,
while a storefront request holds that version (``versions_held``), the worker keeps
its answer, with the site, under the version, the host, the language and the path,
and gives it to Wagtail through the attributes Wagtail itself caches them in for a
request (``_wagtail_site``, ``_wagtail_route_for_request``).

A page object is then shared by the requests a worker serves under one version,
with its view restrictions read once (each is still checked for each request):
what a render adds to it (a stream field's blocks, once converted) is the same for
every visitor. Each thread keeps its own, at most ``ROUTES_KEPT`` of them.
"""

import threading

from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from shop.pagecache_versions import versions_of_request

ROUTES_KEPT = 256

_kept = threading.local()


def route_kept(request, path: str) -> None:
    """Give Wagtail the page (and site) of ``path`` for ``request``: the one this
    worker found under the request's page version, or found now and kept."""
    versions = versions_of_request()
    if versions is None:
        return  # no page cache, or outside a storefront request: Wagtail finds it
    key = (
        versions[0],
        request._get_raw_host(),
        request.get_port(),
        get_language(),
        path,
    )
    routes = getattr(_kept, "routes", None)
    if routes is None:
        routes = _kept.routes = {}
    kept = routes.get(key)
    if kept is not None:
        request._wagtail_site, request._wagtail_route_for_request = kept
        return
    site = Site.find_for_request(request)
    route = Page.route_for_request(request, path)
    if route is not None:
        _view_restrictions_kept(route[0])
    if len(routes) >= ROUTES_KEPT:
        routes.clear()
    routes[key] = (site, route)


def _view_restrictions_kept(page) -> None:
    """The page's view restrictions (its own and its ancestors'), read once with it:
    Wagtail's ``check_view_restrictions`` asks for them on every request (two
    queries), and each is still checked against the request (a password given, a
    login) as it is served. A restriction added or removed is a write to Wagtail's
    pages, which moves the version on."""
    restrictions = list(page.get_view_restrictions())
    page.get_view_restrictions = lambda: restrictions


def serve(request, path):
    """Wagtail's page view, with the page found as ``route_kept`` says."""
    route_kept(request, path)
    return wagtail_views.serve(request, path)
