"""A privacy-preserving access log: one line per request on the ``lsa.access`` logger.

By default a line holds method, route *template*, status, duration and response bytes: no raw path
(``/v1/services/{key}`` rather than the key; paths can carry personal data), no query string (the
search text), no client IP, no body, no ``X-API-Key``. ``log_queries`` (a debug opt-in) adds the path
with its query string and the client IP. uvicorn's own access log, which logs both, is switched off
by ``lsa-assistant serve``.
"""

from __future__ import annotations

import copy
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.metrics import method_label, route_template
from api.ratelimit import client_ip, parse_networks
from lsa_assistant.settings import Settings

access_log = logging.getLogger("lsa.access")


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.log_queries = settings.log_queries
        self.trusted = parse_networks(settings.trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status, sent = 500, 0

        async def counting_send(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            self._log(scope, status, (time.perf_counter() - start) * 1000, sent)

    def _log(self, scope: Scope, status: int, duration_ms: float, sent: int) -> None:
        if not access_log.isEnabledFor(logging.INFO):
            return
        method, route = method_label(scope), route_template(scope)
        fields: dict[str, object] = {
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(duration_ms, 1),
            "bytes": sent,
        }
        line = f"{method} {route} {status} {duration_ms:.1f}ms {sent}B"
        if self.log_queries:
            # the raw (still percent-encoded) target: a decoded path could smuggle line breaks into the log
            raw = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "backslashreplace")
            query = scope.get("query_string", b"")
            path = (raw + (b"?" + query if query else b"")).decode("latin-1")
            ip = client_ip(scope, self.trusted)
            fields.update(path=path, client=ip)
            line += f" path={path} client={ip}"
        access_log.info(line, extra={"access": fields})


def uvicorn_log_config() -> dict[str, object]:
    """uvicorn's logging configuration plus a handler for ``lsa.access`` (uvicorn configures only its
    own loggers; without this the access lines would go nowhere). uvicorn's own access log, which
    records IPs and query strings, is switched off separately (``access_log=False``)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["lsa.access"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
