"""The Content-Security-Policy header on every response (django-csp).

Two enforced policies, both in settings:

- ``CONTENT_SECURITY_POLICY``, the storefront's (every page but the back office):
  scripts only from our own origin or carrying this response's nonce, never an
  inline event handler, ``eval`` or ``'unsafe-inline'``; no plugins, no framing, no
  ``<base>`` or form posts elsewhere. A script a seller slipped past the sanitiser
  (shop/seller_html.py) would still not run.
- ``CONTENT_SECURITY_POLICY_BACK_OFFICE``, for the paths in its ``PATH_PREFIXES``
  (Wagtail's admin, Oscar's dashboard, Django's admin, the payment staff pages):
  their own templates and TinyMCE use inline scripts and ``eval``, so scripts are
  looser there, everything else as strict.

Origins that depend on the deployment are read from settings on each response (so a
test pointing ``STRIPE_JS_URL`` at its own localstripe is followed): Stripe.js, its
API and frames for card payments, and the object storage that serves images.
"""

from dataclasses import asdict
from urllib.parse import urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.utils.translation import get_language_from_path

STRIPE_JS_ORIGIN = "https://js.stripe.com"
STRIPE_API_ORIGIN = "https://api.stripe.com"


def _origin(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def stripe_sources() -> dict[str, list[str]]:
    """What card payments need: Stripe.js (``STRIPE_JS_URL``), the API it calls
    (``STRIPE_API_BASE``, else Stripe's) and, with Stripe's own Stripe.js, the
    frames of its card fields and 3-D Secure pages (Stripe's CSP guide)."""
    js = _origin(settings.STRIPE_JS_URL) or STRIPE_JS_ORIGIN
    api = _origin(settings.STRIPE_API_BASE) or STRIPE_API_ORIGIN
    sources = {"script-src": [js], "frame-src": [js], "connect-src": [api]}
    if js == STRIPE_JS_ORIGIN:
        sources["script-src"].append("https://*.js.stripe.com")
        sources["frame-src"] += ["https://*.js.stripe.com", "https://hooks.stripe.com"]
    return sources


def media_sources() -> dict[str, list[str]]:
    """Where uploaded images are served from when not from our own origin: an
    absolute ``MEDIA_URL``, or the S3-compatible bucket (MEDIA_STORAGE=s3)."""
    origins = [_origin(settings.MEDIA_URL)]
    options = settings.STORAGES["default"].get("OPTIONS", {})
    if options.get("custom_domain"):
        origins.append(f"https://{options['custom_domain']}")
    endpoint = _origin(options.get("endpoint_url"))
    if endpoint:
        # Path-style (endpoint/bucket/...) or virtual-host (bucket.endpoint/...) URLs.
        scheme, host = endpoint.split("://", 1)
        origins += [endpoint, f"{scheme}://*.{host}"]
    elif "bucket_name" in options:
        origins.append("https://*.amazonaws.com")
    return {"img-src": [origin for origin in origins if origin]}


def is_back_office(path: str) -> bool:
    """True for a path under one of the back office's prefixes, in any language."""
    language = get_language_from_path(path)
    if language:
        path = path[len(language) + 1 :]
    prefixes = settings.CONTENT_SECURITY_POLICY_BACK_OFFICE["PATH_PREFIXES"]
    return path.startswith(tuple(prefixes))


def _merged(*updates: dict[str, list[str]] | None) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for update in updates:
        for directive, sources in (update or {}).items():
            merged.setdefault(directive, []).extend(sources)
    return merged


# What a view may set on its response to change or drop the policy (django-csp's
# decorators): such a response is left to django-csp's own way.
_RESPONSE_OVERRIDES = tuple(
    f"_csp_{name}{suffix}"
    for name in ("exempt", "config", "update", "replace")
    for suffix in ("", "_ro")
)
_POLICY_SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
# Stands for the response's nonce in a kept policy text.
_NONCE_MARK = "csp-nonce-of-this-response"
# (back office?, report only?, with a nonce?) -> the header's text, "" for none.
_policies_built: dict[tuple[bool, bool, bool], str] = {}


def _policies_forget(**kwargs) -> None:
    _policies_built.clear()


# Tests change the origins (STRIPE_JS_URL…) with override_settings.
setting_changed.connect(_policies_forget)


class ContentPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware choosing the storefront's or the back office's policy
    by path, plus the origins read from settings (see the module).

    Each policy text is built once and kept (``_policies_built``), the response's
    nonce put in its place: building it (``asdict`` and ``build_policy``) took a
    tenth of a bank notification's time. A response a view changed with
    django-csp's decorators, an excluded path or Django's debug pages go
    django-csp's own way.
    """

    def process_response(self, request, response):
        excluded = tuple(
            prefix
            for name in (
                "CONTENT_SECURITY_POLICY",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            )
            for prefix in (getattr(settings, name, None) or {}).get(
                "EXCLUDE_URL_PREFIXES", ()
            )
        )
        if (
            any(hasattr(response, name) for name in _RESPONSE_OVERRIDES)
            or (excluded and request.path_info.startswith(excluded))
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        back_office = is_back_office(request.path_info)
        for report_only, header in ((False, HEADER), (True, HEADER_REPORT_ONLY)):
            key = (back_office, report_only, nonce is not None)
            if key not in _policies_built:
                parts = self.get_policy_parts(request, response, report_only)
                parts.nonce = _NONCE_MARK if nonce else None
                _policies_built[key] = build_policy(
                    **asdict(parts), report_only=report_only
                )
            policy = _policies_built[key]
            if policy and header not in response:
                response[header] = policy.replace(_NONCE_MARK, nonce or "")
        if nonce is None:
            # As django-csp: a nonce asked for after the header is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and is_back_office(request.path_info):
            parts.config = settings.CONTENT_SECURITY_POLICY_BACK_OFFICE["DIRECTIVES"]
        parts.update = _merged(parts.update, stripe_sources(), media_sources())
        return parts
