"""A Redis cache that degrades instead of failing: with Redis unreachable, every page and sign-in
still answers. Rate limits and cached fragments fall back to a per-process memory cache until Redis
answers again (checked again every few seconds, so a dead Redis costs one fast failure, not one per
call)."""

import logging
import time

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Only an unreachable or silent Redis means "down". Other exceptions are the cache API's own answers
# (incr of a missing key raises ValueError) and must reach the caller, not switch the process to its
# memory for seconds — a ledger written there would be missing from Redis afterwards.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)

log = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds before a failed Redis is tried again


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # Fail fast: a refused or silent Redis must not hold a request for seconds.
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        options.setdefault("retry_on_timeout", False)
        super().__init__(server, params)
        self._fallback = LocMemCache(f"fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _call(self, name, *args, **kwargs):
        if self.available:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except UNAVAILABLE as exc:
                log.warning("cache unavailable (%s): using the in-process fallback", exc.__class__.__name__)
                self._down_until = time.monotonic() + RETRY_AFTER
        return getattr(self._fallback, name)(*args, **kwargs)


def _delegate(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear"):
    setattr(FallbackRedisCache, _name, _delegate(_name))


class Version:
    """A number naming the current state of some cached data: readers put it in their cache keys and
    every change moves it on, so stale entries are never read again (they expire on their own).
    With the cache unreachable, readers get 0 and writes go on."""

    def __init__(self, key: str):
        self.key = key

    def current(self) -> int:
        try:
            return cache.get_or_set(self.key, 1, timeout=None)
        except Exception:  # noqa: BLE001 — whatever the cache raises, the page still answers
            log.warning("%s: the cache is unreachable", self.key, exc_info=True)
            return 0

    def changed(self, **kwargs) -> None:
        """Usable as a signal receiver. Moves the version on now, and again after the commit: a
        request that read the old rows in between cached them under the version this change started."""
        self._bump()
        transaction.on_commit(self._bump)

    def _bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not set yet, or evicted: the next read starts a fresh version
            cache.set(self.key, self.current() + 1, timeout=None)
        except Exception:  # noqa: BLE001 — the cache is down: the write goes on
            log.warning("%s: the cache is unreachable", self.key, exc_info=True)
