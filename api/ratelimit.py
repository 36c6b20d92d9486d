"""API keys and rate limits for ``/v1/*`` (pure ASGI middleware).

A request with a known ``X-API-Key`` is limited per key (``rate_limit_per_key_per_minute``), an
anonymous one per client IP (``rate_limit_per_minute``). The counting is the ``limits`` library's
moving window in memory: per replica, which is what a stateless replica behind a load balancer can
promise without a shared store. Keys are compared in constant time and only a short sha256 prefix of
a key is ever used as an identifier, so neither logs, metrics nor the limiter storage hold a key.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem_for
from api.metrics import Metrics
from lsa_assistant.errors import RateLimitedError, UnauthorizedError
from lsa_assistant.settings import Settings

API_KEY_HEADER = "x-api-key"
_IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def is_api_path(path: str) -> bool:
    """Only the versioned API is guarded; health, metrics, pages and static files are not."""
    return path == "/v1" or path.startswith("/v1/")


def key_label(key: str) -> str:
    """A short, non-reversible label for a key (12 hex characters of its sha256)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def parse_networks(entries: Iterable[str]) -> list[_IpNetwork]:
    """Trusted proxies as networks; a plain IP is a /32 (/128). Unparseable entries are ignored."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return networks


def client_ip(scope: Scope, trusted: list[_IpNetwork]) -> str:
    """The socket peer, or the first ``X-Forwarded-For`` hop when the peer is a trusted proxy.

    A forwarded address from anyone else is ignored: otherwise every client could pick its own
    rate-limit bucket by sending the header.
    """
    peer = (scope.get("client") or ("unknown", 0))[0]
    if not trusted or not _in_networks(peer, trusted):
        return peer
    forwarded = Headers(scope=scope).get("x-forwarded-for", "")
    first = forwarded.split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(first))
    except ValueError:
        return peer


def _in_networks(address: str, networks: list[_IpNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


@dataclass(frozen=True)
class Verdict:
    """The outcome of one hit: allowed or not, and the numbers for the ``RateLimit-*`` headers."""

    allowed: bool
    limit: int
    remaining: int
    reset_after: int  # seconds until the window has room again

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_after),
        }


#: Seconds between two clean-ups of the limiter's expired entries.
EXPIRY_INTERVAL_S = 1.0


class _PacedMemoryStorage(MemoryStorage):
    """``limits``' in-memory storage, its clean-up of expired entries at most once per :data:`EXPIRY_INTERVAL_S`.

    Why: the library starts a new timer thread after every hit whose previous clean-up has finished, so a service
    answering a request every few milliseconds started a thread per request, and its clean-up took the interpreter
    lock in the middle of the next request. The clean-up only frees memory: the moving window compares the entries'
    times itself, so counting is the same. The override has the library's private (name-mangled) name; a test
    fails if a new ``limits`` version stops calling it.
    """

    def __init__(self) -> None:
        self._expiry_due = 0.0
        super().__init__()

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802 - the library's mangled name
        now = time.monotonic()
        if now >= self._expiry_due and not self.timer.is_alive():
            self._expiry_due = now + EXPIRY_INTERVAL_S
            self.timer = threading.Timer(0.01, self._MemoryStorage__expire_events)
            self.timer.daemon = True
            self.timer.start()


class RateLimiter:
    """Per-IP and per-key moving windows over one in-memory storage (one per app)."""

    def __init__(self, per_ip_per_minute: int, per_key_per_minute: int) -> None:
        self._limiter = MovingWindowRateLimiter(_PacedMemoryStorage())
        self._items = {
            "ip": RateLimitItemPerMinute(per_ip_per_minute),
            "key": RateLimitItemPerMinute(per_key_per_minute),
        }

    def hit(self, scope: str, identity: str) -> Verdict:
        """:param scope: ``ip`` or ``key``. :param identity: the IP or the key's label, never the key."""
        item = self._items[scope]
        allowed = self._limiter.hit(item, scope, identity)
        stats = self._limiter.get_window_stats(item, scope, identity)
        reset_after = max(1, math.ceil(stats.reset_time - time.time()))
        return Verdict(allowed, item.amount, max(0, stats.remaining), reset_after)


class ApiGuardMiddleware:
    """``X-API-Key`` check and rate limit for ``/v1/*``; answers 401/429 itself as problem+json.

    A refused key is counted against the client IP (429 once that is spent), so keys cannot be
    guessed at full speed.
    """

    def __init__(self, app: ASGIApp, *, settings: Settings, metrics: Metrics | None = None) -> None:
        self.app = app
        self.metrics = metrics
        self.keys = [key.encode("utf-8") for key in settings.api_keys if key]
        self.require_key = settings.require_api_key
        self.trusted = parse_networks(settings.trusted_proxies)
        self.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_per_key_per_minute)

    def _known(self, presented: str) -> bool:
        candidate = presented.encode("utf-8")
        # every key is compared (no early exit), each in constant time
        return sum(hmac.compare_digest(candidate, key) for key in self.keys) > 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        presented = Headers(scope=scope).get(API_KEY_HEADER)
        refusal: UnauthorizedError | None = None
        if presented is not None and not self._known(presented):
            refusal = UnauthorizedError("Der API-Schlüssel ist unbekannt.")
        elif presented is None and self.require_key:
            refusal = UnauthorizedError("Für diese Schnittstelle ist ein API-Schlüssel (X-API-Key) nötig.")
        if presented is not None and refusal is None:
            limit_scope, identity = "key", key_label(presented)
        else:  # anonymous, and failed key attempts too: guessing keys costs the IP's budget
            limit_scope, identity = "ip", client_ip(scope, self.trusted)
        verdict = self.limiter.hit(limit_scope, identity)
        if not verdict.allowed:
            if self.metrics is not None:
                self.metrics.rate_limited.labels(scope=limit_scope).inc()
            error = RateLimitedError(
                "Zu viele Anfragen. Bitte warten Sie kurz und versuchen Sie es dann erneut.",
                retry_after=verdict.reset_after,
            )
            await problem_for(error, headers=verdict.headers())(scope, receive, send)
            return
        if refusal is not None:
            await problem_for(refusal, headers=verdict.headers())(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in verdict.headers().items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
