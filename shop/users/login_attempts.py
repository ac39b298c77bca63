"""Who a login attempt is for and where it comes from, as django-axes counts
failures per account and address."""

from django.conf import settings
from python_ipware import IpWare

#: Where the typed login can be: Django's forms say ``username``, Oscar's
#: ``EmailBackend`` is called with ``email``, its login form posts ``login-username``.
_LOGIN_KEYS = ("username", "email")
_LOGIN_FORM_FIELDS = ("login-username", "username", "email")


def login_attempt_username(request, credentials) -> str | None:
    """The login (an e-mail address) typed in this attempt, lower-cased.

    One answer for every path, or a failure recorded under ``username`` would not block
    the same account tried again under ``email``.
    """
    for key in _LOGIN_KEYS:
        value = (credentials or {}).get(key)
        if value:
            return str(value).strip().lower()
    data = getattr(request, "POST", None) or {}
    for field in _LOGIN_FORM_FIELDS:
        if data.get(field):
            return str(data[field]).strip().lower()
    return None


def login_client_address(request) -> str | None:
    """The client address a login attempt is counted under.

    Without trusted proxies (``TRUSTED_PROXY_COUNT`` 0) the connection's own address:
    an ``X-Forwarded-For`` the client typed means nothing. Behind N proxies that each
    append the address they saw to ``X-Forwarded-For``, the N-th entry from the right
    (what the first proxy saw); anything a client put further left is ignored. Not
    django-ipware's ``get_client_ip``: it insists on an exact chain length, and one
    typed extra entry would count the client under the balancer's own address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        resolver = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=count - 1)
        address, _trusted = resolver.get_client_ip(request.META, strict=False)
        if address is not None:
            return str(address)
    return request.META.get("REMOTE_ADDR")
