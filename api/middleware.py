"""The middleware stack, all pure ASGI (``BaseHTTPMiddleware`` would buffer and break SSE streaming).

Order, outermost first, and why:

1. ``MetricsMiddleware`` and 2. ``AccessLogMiddleware``: see every request, including those the
   layers below refuse (401, 413, 429), with the time until the last byte.
3. ``SecurityHeadersMiddleware``: every response, refusals and CORS preflights included, carries the
   CSP and friends; ``/v1`` responses also ``Cache-Control: no-store``.
4. ``CORSMiddleware`` (only when ``cors_origins`` is set; closed by default): answers preflights
   before the key check (browsers send no ``X-API-Key`` on a preflight) and adds its headers to 401/429
   so a portal's script can read them.
5. ``ApiGuardMiddleware`` (``api/ratelimit.py``): ``X-API-Key`` and rate limits on ``/v1/*``, decided
   on headers alone, so refused clients cost nothing further.
6. ``BodyLimitMiddleware``: ``max_body_bytes`` by ``Content-Length`` before the body is read, and by
   counting a chunked body while it streams; both before any parsing or model work.

Starlette puts the middleware added last outermost, so :func:`install_middleware` adds them from the
inside out.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.accesslog import AccessLogMiddleware
from api.errors import problem_for
from api.metrics import Metrics, MetricsMiddleware
from api.ratelimit import ApiGuardMiddleware, is_api_path
from api.state import service_state
from lsa_assistant.errors import BadRequestError, PayloadTooLargeError
from lsa_assistant.settings import Settings

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
#: FastAPI's Swagger UI and ReDoc pages: an inline bootstrap script, bundles and CSS from jsDelivr,
#: the favicon from fastapi.tiangolo.com, injected styles, and ReDoc's search worker from a blob.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.jsdelivr.net; connect-src 'self'; "
    "font-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CORS_EXPOSED = ["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        csp = DOCS_CSP if path in DOCS_PATHS else CSP
        api = is_api_path(path)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = csp
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if api:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimitMiddleware:
    """413 for bodies above ``max_body_bytes``: by ``Content-Length`` up front, else counted while read.

    When a chunked body crosses the limit, reading fails inside the app (FastAPI turns that into some
    error response); this middleware then sends its 413 instead of whatever the app answers.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.limit = max_body_bytes

    def _too_large(self) -> PayloadTooLargeError:
        return PayloadTooLargeError(f"Der Inhalt der Anfrage ist größer als {self.limit} Bytes.")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            if not declared.isdigit():
                error = BadRequestError("Content-Length ist keine Zahl.")
                await problem_for(error)(scope, receive, send)
                return
            if int(declared) > self.limit:
                await problem_for(self._too_large())(scope, receive, send)
                return
        received = 0
        exceeded = False
        replaced = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    exceeded = True
                    raise self._too_large()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal replaced
            if not exceeded:
                await send(message)
            elif not replaced and message["type"] == "http.response.start":
                replaced = True
                await problem_for(self._too_large())(scope, receive, send)
            # anything else the app sends after the limit was crossed is dropped

        try:
            await self.app(scope, counting_receive, guarded_send)
        except PayloadTooLargeError:
            if not replaced:
                replaced = True
                await problem_for(self._too_large())(scope, receive, send)


def install_middleware(app: FastAPI, settings: Settings) -> None:
    """Installs the stack described in the module docstring and puts the metrics on the service state."""
    metrics = Metrics()
    service_state(app).metrics = metrics
    # added innermost first: Starlette wraps each new middleware around the ones added before
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(ApiGuardMiddleware, settings=settings, metrics=metrics)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type", "X-API-Key", "Accept"],
            expose_headers=CORS_EXPOSED,
            allow_credentials=False,
            max_age=600,
        )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(AccessLogMiddleware, settings=settings)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
