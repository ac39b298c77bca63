"""Who a login attempt is for, as django-axes counts failures per account."""

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
