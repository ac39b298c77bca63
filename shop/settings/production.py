"""Production settings: the same as the defaults, minus every unsafe default."""

from django.core.exceptions import ImproperlyConfigured

from shop.settings import *  # noqa: F403
from shop.settings import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY == "dev-only-insecure-key":
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value in production."
    )
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Production shape ---
# TLS ends at the load balancer; it sends X-Forwarded-Proto. Plain-HTTP requests are
# redirected, except the health probes that the balancer makes on the private network.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Reuse database connections (checked before reuse: CONN_HEALTH_CHECKS).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405

# --- Security: every cookie Secure and SameSite ---
# Django's own cookies by setting; Oscar's basket and history cookies by Oscar's
# settings; shop.http_guards.CookieFlagsMiddleware covers any other (axes, messages,
# a cookie added later).
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
OSCAR_BASKET_COOKIE_SECURE = SESSION_COOKIE_SECURE
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = SESSION_COOKIE_SECURE
