"""SQL queries per page, counted in-process with Django's test client."""

from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

#: Transaction bookkeeping is not a query a page asks for.
_BOOKKEEPING = (
    "BEGIN",
    "COMMIT",
    "SAVEPOINT",
    "RELEASE SAVEPOINT",
    "ROLLBACK TO SAVEPOINT",
)
#: Listings are counted at two page sizes: a count that grows with the page size
#: means queries per product.
PAGE_SIZES = (12, 48)
LISTINGS = {"product list", "category", "search"}


def _count(client: Client, method: str, path: str, data=None, expected=200):
    getattr(client, method)(path, data)  # warm caches (site, content types...)
    return _counted(client, method, path, data, expected)


def _count_page(client: Client, path: str) -> dict:
    """A page's queries with the parts kept under the page cache's version in use
    (menu, lists of cards, rule-chosen products), and as the first visitor after a
    write gets it (every kept part retired first); with the response."""
    from shop.pagecache_versions import page_cache_version_bump

    queries, response = _count(client, "get", path)
    page_cache_version_bump()
    after_write, _ = _counted(client, "get", path)
    return {"queries": queries, "after_write": after_write}, response


def _counted(client: Client, method: str, path: str, data=None, expected=200):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data)
    if response.status_code != expected:
        where = response.get("Location", "")
        raise RuntimeError(
            f"{method.upper()} {path} answered {response.status_code} {where} "
            f"instead of {expected}: its queries would not be the page's"
        )
    queries = sum(
        1 for q in captured.captured_queries if not q["sql"].startswith(_BOOKKEEPING)
    )
    return queries, response


def queries_per_page(
    *, pages: dict[str, str], basket_add_path: str, product_id: int
) -> dict:
    """For each page, a list of ``{"queries"}``; listings once per page size, with
    the number of products shown (``{"per_page", "products_shown", "queries"}``)."""
    from bench.load import SESSION_VISITOR_COOKIE
    from search.views import ProductListView
    from shop.pagecache_versions import page_cache_version_bump

    # Counts what rendering a page costs: for a visitor with a session, once every
    # kept page is retired, so none is served to it (and it keeps none); with the
    # page's kept parts in use, then with them retired too (_count_page).
    page_cache_version_bump()
    client = Client()
    client.cookies.load(SESSION_VISITOR_COOKIE)
    counts = {}
    original = ProductListView.per_page
    # Records each response's template context (the products shown).
    setup_test_environment()
    try:
        for name, path in pages.items():
            if name not in LISTINGS:
                counts[name] = [_count_page(client, path)[0]]
                continue
            counts[name] = []
            for size in PAGE_SIZES:
                ProductListView.per_page = size
                queries, response = _count_page(client, path)
                counts[name].append(
                    {
                        "per_page": size,
                        "products_shown": len(response.context["products"]),
                        **queries,
                    }
                )
    finally:
        ProductListView.per_page = original
        teardown_test_environment()
    from bench.load import basket_quantity

    client.get(pages["product"])  # CSRF checks are off in the test client
    before = basket_quantity(product_id)
    # Oscar answers a product added to the basket with a redirect to the basket,
    # and a refused one too: the basket must hold the two added (warm-up, counted).
    queries, _response = _count(
        client, "post", basket_add_path, {"quantity": 1}, expected=302
    )
    if basket_quantity(product_id) - before != 2:
        raise RuntimeError(f"POST {basket_add_path} did not add to the basket")
    counts["add to basket"] = [{"queries": queries}]
    return counts
