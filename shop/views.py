import logging
import urllib.request
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import JsonResponse

logger = logging.getLogger(__name__)


@transaction.non_atomic_requests  # a broken database must give 503, not a 500
def healthz(request):
    """Liveness: 200 with a tiny JSON body when the database answers, else 503."""
    try:
        _check_database()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    with connection.cursor() as cursor:
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
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # any failure makes the server "not ready"
            logger.warning("readyz: %s unavailable: %s", name, error)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
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
