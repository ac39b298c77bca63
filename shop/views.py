import logging
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import nullcontext

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction
from django.http import JsonResponse

logger = logging.getLogger(__name__)

#: Seconds a health check may take: a service that accepts connections and never
#: answers makes the probe answer 503 in time, not hang the worker (issue 15).
CHECK_DEADLINE_SECONDS = 3


def _within_deadline(checks: dict) -> dict:
    """Run the checks side by side, each in its own thread (and database connection);
    ``{name: "ok" | "unavailable"}``, whatever is still hanging at the deadline
    counting as unavailable. A hanging thread ends on its own timeouts later."""

    def run(check):
        try:
            check()
        finally:
            connections.close_all()  # this thread's connection, not the request's

    pool = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="health")
    futures = {name: pool.submit(run, check) for name, check in checks.items()}
    pool.shutdown(wait=False)
    results = {}
    for name, future in futures.items():
        try:
            future.result(timeout=CHECK_DEADLINE_SECONDS)
        except FutureTimeout:
            logger.warning("health check: %s did not answer in time", name)
            results[name] = "unavailable"
        except Exception as error:  # any failure means "unavailable"
            logger.warning("health check: %s unavailable: %s", name, error)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    return results


@transaction.non_atomic_requests  # a broken database must give 503, not a 500
def healthz(request):
    """Liveness: 200 with a tiny JSON body when the database answers, else 503.

    Probed every few seconds by each load balancer, so it costs one ``SELECT 1`` on
    the worker's own kept connection (``CONN_MAX_AGE``): no thread, no new connection
    (issue 19: a thread and a connection per probe made it eight times slower). A
    database that accepts connections and never answers fails the connection after
    ``DATABASE_CONNECT_TIMEOUT`` seconds (3, the readiness checks' limit).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "unavailable"
        logger.warning("health check: database unavailable: %s", error)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    # connect_timeout (settings) bounds connecting; a statement that hangs on a
    # locked or overloaded PostgreSQL is cut after two seconds. (No transaction on
    # SQLite: an immediate one would queue behind every writer.)
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic() if postgresql else nullcontext():
        with connection.cursor() as cursor:
            if postgresql:
                cursor.execute("SET LOCAL statement_timeout = 2000")
            cursor.execute("SELECT 1")
            cursor.fetchone()


def _check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


def _check_search() -> None:
    url = settings.ELASTICSEARCH_URL.rstrip("/") + "/_cluster/health"
    with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310
        response.read()


def _check_object_store() -> None:
    # A HEAD request: proves the endpoint, the credentials and the bucket answer.
    default_storage.exists("readyz")


@transaction.non_atomic_requests
def readyz(request):
    """Readiness: every service this server needs answers; else 503 naming the failures.

    The load balancer sends traffic only to servers that answer 200 here.
    """
    checks = {"database": _check_database, "cache": _check_cache}
    if settings.ELASTICSEARCH_URL:
        checks["search"] = _check_search
    if settings.MEDIA_STORAGE == "s3":
        checks["object_store"] = _check_object_store
    results = _within_deadline(checks)
    ready = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", **results}, status=200 if ready else 503
    )


def web_manifest(request):
    """The installable web app's manifest, in the visitor's language.

    A view rather than a static file so the icons' URLs are the hashed static ones
    and the app starts on the home page of the language it was installed from.
    """
    from django.templatetags.static import static
    from django.urls import reverse
    from django.utils.translation import gettext as _

    icons = [
        {
            "src": static(f"shop/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any maskable",
        }
        for size in (192, 512)
    ]
    manifest = {
        "name": settings.OSCAR_SHOP_NAME,
        "short_name": _("OCOP Lào Cai"),
        "description": str(settings.OSCAR_SHOP_TAGLINE),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("wagtail_serve", args=[""]),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f7f3",
        "theme_color": "#1b6b43",
        "icons": icons,
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
