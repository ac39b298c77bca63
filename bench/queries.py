"""SQL queries per page, counted in-process with Django's test client."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

#: Transaction bookkeeping is not a query a page asks for.
_BOOKKEEPING = (
    "BEGIN",
    "COMMIT",
    "SAVEPOINT",
    "RELEASE SAVEPOINT",
    "ROLLBACK TO SAVEPOINT",
)


def _count(client: Client, method: str, path: str, data=None) -> int:
    getattr(client, method)(path, data)  # warm caches (site, content types...)
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data)
    if response.status_code >= 400:
        raise RuntimeError(f"{method.upper()} {path} answered {response.status_code}")
    return sum(
        1 for q in captured.captured_queries if not q["sql"].startswith(_BOOKKEEPING)
    )


def queries_per_page(*, pages: dict[str, str], basket_add_path: str) -> dict:
    """Queries for each page; listings at two page sizes (12 and 48 products).

    A listing whose count grows with the page size runs queries per product.
    """
    from search.views import ProductListView

    client = Client()
    counts = {}
    listings = {"category", "search"}
    original = ProductListView.per_page
    try:
        for name, path in pages.items():
            if name in listings:
                for size in (12, 48):
                    ProductListView.per_page = size
                    counts[f"{name} ({size}/page)"] = _count(client, "get", path)
            else:
                counts[name] = _count(client, "get", path)
    finally:
        ProductListView.per_page = original
    client.get(pages["product"])  # CSRF checks are off in the test client
    counts["add to basket"] = _count(client, "post", basket_add_path, {"quantity": 1})
    return counts
