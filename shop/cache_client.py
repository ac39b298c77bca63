"""A Redis cache client that gives up at once while Redis is known to be down.

django-redis with ``IGNORE_EXCEPTIONS`` already turns a failed cache call into a miss,
but each call still waits for its socket timeout: a page that asks the cache twenty
times (sessions, thumbnails, throttles) behind a Redis that accepts connections and
never answers would wait twenty timeouts. After one failure this client fails every
call immediately for ``OUTAGE_RETRY_SECONDS``, then tries Redis again.
"""

import logging
import time

from django.conf import settings
from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger(__name__)

#: Per Redis address: the monotonic time until which it is taken as down.
_down_until: dict[str, float] = {}

_GUARDED = (
    "add get set set_many get_many delete delete_many delete_pattern incr decr "
    "has_key touch ttl expire persist keys iter_keys clear"
).split()


def _guard(name):
    method = getattr(DefaultClient, name)

    def guarded(self, *args, **kwargs):
        now = time.monotonic()
        if _down_until.get(self._server_key, 0.0) > now:
            raise ConnectionInterrupted(connection=None) from RedisConnectionError(
                "Redis was unreachable moments ago; not asking again yet"
            )
        try:
            try:
                return method(self, *args, **kwargs)
            except ConnectionInterrupted:
                # Once more on a fresh connection: a pooled one may have been closed
                # by the server; a Redis that is really away fails again.
                return method(self, *args, **kwargs)
        except ConnectionInterrupted:
            retry = getattr(settings, "CACHE_OUTAGE_RETRY_SECONDS", 5)
            if (
                self._server_key not in _down_until
                or _down_until[self._server_key] < now
            ):
                logger.warning("Redis cache unreachable; retrying in %s s", retry)
            _down_until[self._server_key] = now + retry
            raise

    guarded.__name__ = name
    guarded.__doc__ = method.__doc__
    return guarded


class OutageTolerantClient(DefaultClient):
    """django-redis's client, failing fast while its Redis is down (see module)."""

    def __init__(self, server, params, backend):
        super().__init__(server, params, backend)
        self._server_key = str(server)


for _name in _GUARDED:
    setattr(OutageTolerantClient, _name, _guard(_name))


def redis_cache(url: str, *, key_prefix: str, ignore_exceptions: bool) -> dict:
    """A CACHES entry for the Redis at ``url``.

    ``ignore_exceptions``: a cache call that fails is a miss (pages go on without the
    cache) instead of an error (the login limiter's store, which must fail closed).
    Short socket timeouts: a Redis that never answers costs a fraction of a second.
    """
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "CLIENT_CLASS": "shop.cache_client.OutageTolerantClient",
            "SOCKET_CONNECT_TIMEOUT": 0.25,  # seconds
            "SOCKET_TIMEOUT": 0.25,
            "IGNORE_EXCEPTIONS": ignore_exceptions,
        },
    }
