"""The login limiter fails closed: no login while its store (Redis) is down.

django-axes counts failed logins in the cache. The page cache may lose Redis and go on
(``IGNORE_EXCEPTIONS``), but a limiter that cannot count must not let a password
guesser through: while its store does not answer, every login attempt is refused with
a page saying that logging in is unavailable for now. Pages, baskets and sessions of
people already logged in are not affected.
"""

import logging

from axes.handlers.cache import AxesCacheHandler
from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

STORE_ERRORS = (RedisError, OSError)


class FailClosedCacheHandler(AxesCacheHandler):
    """Axes' cache handler; an unreachable cache refuses the login (see module)."""

    # Axes keeps one handler for the process and the handler the cache it found at
    # start; Django's cache handler gives each thread its connection and follows a
    # change of settings, so the cache is looked up at each use instead.
    @property
    def cache(self):
        return caches[settings.AXES_CACHE]

    @cache.setter
    def cache(self, value):
        pass  # AxesCacheHandler.__init__ sets it; the property above answers

    def is_allowed(self, request, credentials=None) -> bool:
        try:
            return super().is_allowed(request, credentials)
        except STORE_ERRORS as error:
            logger.error("Login refused: the login-attempt store is down (%s)", error)
            request.axes_store_unavailable = True
            return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None and getattr(request, "axes_store_unavailable", False):
            # Refused above without counting: show the "unavailable" page.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            return None
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        except STORE_ERRORS as error:
            logger.error("A failed login could not be counted (%s)", error)
            if request is not None:
                request.axes_store_unavailable = True
                request.axes_locked_out = True
                request.axes_credentials = credentials
            return None

    def user_logged_in(self, sender, request, user, **kwargs):
        try:
            return super().user_logged_in(sender, request, user, **kwargs)
        except STORE_ERRORS as error:
            logger.error("Failed logins of a user could not be cleared (%s)", error)
            return None

    def user_logged_out(self, sender, request, user, **kwargs):
        try:
            return super().user_logged_out(sender, request, user, **kwargs)
        except STORE_ERRORS as error:
            logger.error("Logout not recorded by the login limiter (%s)", error)
            return None
