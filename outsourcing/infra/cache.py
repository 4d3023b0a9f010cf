"""The shared cache every web and worker process sees: API throttle counts and the scores pages' counts.

Chosen in one place (CACHES["default"] in outsourcing/settings.py): Redis when a broker (or CACHE_URL)
names one, otherwise a table in the database. A per-process cache would let each gunicorn worker keep
its own count, so a limit of 60 a minute became 60 per worker.

Both backends here add what the throttles need and Django's do not give:
- an atomic `incr` (Redis' INCR; for the database, a short lock taken with `add`, which the table's
  primary key makes atomic), so two workers counting at once never lose a request;
- for Redis, an outage costs only the cache: every call answers "not cached" (a counter starts again)
  after at most the socket timeout, and for `OUTAGE_BACKOFF_SECONDS` after a failure Redis is not tried
  at all, so pages and API calls keep their speed while Redis is down (throttles let requests through
  then, see docs/deploy.md); `clear()` removes this cache's keys only, never the broker's queues when both
  share one Redis database.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

OUTAGE_BACKOFF_SECONDS = 10.0
LOCK_SECONDS = 2  # a lock left by a process that died mid-increment expires after this


class SharedRedisCache(RedisCache):
    _down_until = 0.0  # per process: when to try Redis again after a failure

    def _call(self, name: str, fallback, *args, **kwargs):
        if time.monotonic() < SharedRedisCache._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as exc:
            if time.monotonic() >= SharedRedisCache._down_until:
                logger.warning("shared cache unreachable, working without it for %ss: %s", OUTAGE_BACKOFF_SECONDS, exc)
            SharedRedisCache._down_until = time.monotonic() + OUTAGE_BACKOFF_SECONDS
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        """Atomic (Redis' INCR). While Redis is down, `delta`: a counter that starts again."""
        return self._call("incr", delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        """Delete this cache's keys (its KEY_PREFIX), not the whole Redis database a broker may share."""
        pattern = f"{self.key_prefix}:*"
        client = self._cache.get_client(None, write=True)
        keys = list(client.scan_iter(match=pattern, count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start:start + 1000])
        return True


class SharedDatabaseCache(DatabaseCache):
    """Django's database cache with an `incr` that two processes can call at once without losing a count.

    Django's `incr` stores the new value with the cache's default timeout, so the settings give this cache
    a default (a day) at least as long as the longest throttle period.
    """

    def incr(self, key, delta=1, version=None):
        lock = f"{key}:incr-lock"
        deadline = time.monotonic() + LOCK_SECONDS
        while not self.add(lock, 1, LOCK_SECONDS, version=version):
            if time.monotonic() > deadline:  # the holder died (its lock outlived it): go on without it
                break
            time.sleep(0.002)
        try:
            return super().incr(key, delta, version=version)
        finally:
            self.delete(lock, version=version)
