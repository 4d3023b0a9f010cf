"""API rate limits counted in the shared cache, so the limit holds across every web process and host.

DRF's own throttles keep a list of request times per client and write it back (read, append, write):
two processes answering the same client at once both read the same list and one request is lost from
the count. These count per fixed window with the cache's atomic `incr` (outsourcing/infra/cache.py):
each request of a window gets its own number, and the one past the limit is refused with 429 and
`Retry-After` (seconds to the window's end). Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].
"""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class SharedWindowThrottle(SimpleRateThrottle):
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        count = _count(self.cache, f"{self.key}:{window}", timeout=self.duration + 60)
        return count <= self.num_requests

    def wait(self):
        return max(1.0, self.window_end - self.timer())


def _count(cache, key: str, *, timeout: int) -> int:
    """This request's number in its window (1 for the first); atomic across processes."""
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls: this request opens the window again
        cache.set(key, 1, timeout)
        return 1


class SharedAnonRateThrottle(SharedWindowThrottle, AnonRateThrottle):
    """Per client address (the connection's, or the one TRUSTED_PROXY_COUNT proxies saw: NUM_PROXIES)."""


class SharedUserRateThrottle(SharedWindowThrottle, UserRateThrottle):
    """Per signed-in user; anonymous requests count per address, as above."""
