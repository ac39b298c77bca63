"""Middleware that holds for every URL of the site, so no view has to remember it.

- A NUL byte in the path or the query string is refused (400) before any view runs:
  PostgreSQL refuses NUL in text, so a lookup with one (``/sellers/%00/``,
  ``?q=%00``) would otherwise end in a 500.
- Every cookie the site sets is SameSite (Lax unless the setter chose), and Secure
  where the session cookie is: Oscar sets its basket and history cookies with its
  own helpers, and a new cookie added later is covered without a setting to find.
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import SuspiciousOperation


class NulByteInRequest(SuspiciousOperation):
    """A NUL byte in the path or the query string (answered 400, logged)."""


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose path or query string holds a NUL byte."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(query):
            raise NulByteInRequest("NUL byte in the request path or query string")
        return self.get_response(request)


class CookieFlagsMiddleware:
    """Give every cookie of the response SameSite, and Secure when
    ``SESSION_COOKIE_SECURE`` is on (production)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        secure = settings.SESSION_COOKIE_SECURE
        for morsel in response.cookies.values():
            if secure:
                morsel["secure"] = True
            if not morsel["samesite"]:
                morsel["samesite"] = "Lax"
        return response
