"""The one place where errors become HTTP responses (``application/problem+json``, RFC 9457).

Exception handlers, the pure ASGI middleware (which cannot raise into FastAPI's handlers) and the
SSE ``error`` event all build their body with :func:`problem_body`, so a client sees one shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from lsa_assistant.errors import LsaError, StoreUnavailableError

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"

#: German titles for the framework's own HTTP errors (unknown path, wrong method, …).
_HTTP_TITLES = {
    400: "Ungültige Anfrage",
    404: "Nicht gefunden",
    405: "Methode nicht erlaubt",
    406: "Format nicht verfügbar",
    413: "Anfrage zu groß",
    415: "Nicht unterstützter Inhaltstyp",
}
_HTTP_DETAILS = {
    400: "Der Inhalt der Anfrage ist kein lesbares JSON (Kodierung oder Verschachtelung).",
    404: "Diese Adresse gibt es nicht.",
    405: "Diese Methode ist für diese Adresse nicht erlaubt.",
}


def problem_body(status: int, title: str, detail: str, code: str, **extra: object) -> dict[str, object]:
    return {
        "type": f"https://lsa-assistant.invalid/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }


def problem(
    status: int,
    title: str,
    detail: str,
    code: str,
    headers: Mapping[str, str] | None = None,
    **extra: object,
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, title, detail, code, **extra),
        status_code=status,
        media_type=PROBLEM,
        headers=dict(headers or {}),
    )


#: Exceptions (by class name, anywhere in the cause chain) that mean the vector store could not be
#: reached in time: qdrant-client's and httpx's connection and timeout errors, also when Haystack wraps them.
_STORE_FAILURES = frozenset(
    {
        "ResponseHandlingException",
        "ConnectError",
        "ConnectTimeout",
        "ReadTimeout",
        "WriteTimeout",
        "PoolTimeout",
    }
)


def store_failure(exc: BaseException) -> StoreUnavailableError | None:
    """A :class:`StoreUnavailableError` when ``exc`` was caused by an unreachable store, else ``None``."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StoreUnavailableError):
            return current
        if type(current).__name__ in _STORE_FAILURES or isinstance(current, ConnectionError | TimeoutError):
            return StoreUnavailableError(
                "Der Vektorspeicher ist nicht erreichbar; bitte später erneut versuchen."
            )
        current = current.__cause__ or current.__context__
    return None


def error_body(exc: BaseException) -> dict[str, object]:
    """The problem body for any exception; unknown ones are logged and never leak internals."""
    if isinstance(exc, LsaError):
        return problem_body(exc.status, exc.title, exc.detail, exc.code, **exc.extensions())
    unavailable = store_failure(exc)
    if unavailable is not None:
        log.warning("vector store unavailable: %s", type(exc).__name__)
        return problem_body(unavailable.status, unavailable.title, unavailable.detail, unavailable.code)
    log.error("unhandled error", exc_info=exc)
    return problem_body(500, "Interner Fehler", "Ein unerwarteter Fehler ist aufgetreten.", "E500")


def problem_for(exc: LsaError, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The response for a typed error, with the headers it demands (``Retry-After``, ``WWW-Authenticate``)."""
    return problem(
        exc.status,
        exc.title,
        exc.detail,
        exc.code,
        headers={**exc.headers(), **(headers or {})},
        **exc.extensions(),
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LsaError)
    async def _lsa(_: Request, exc: LsaError) -> JSONResponse:
        return problem_for(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", [])), "msg": str(e.get("msg", ""))} for e in exc.errors()]
        return problem(
            422, "Ungültige Eingabe", "Die Anfrage enthält ungültige Werte.", "E422", errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        title = _HTTP_TITLES.get(status, str(exc.detail))
        detail = _HTTP_DETAILS.get(status, str(exc.detail))
        return problem(status, title, detail, f"E{status}", headers=exc.headers)  # keeps e.g. ``Allow``

    async def _wrapped(_: Request, exc: Exception) -> JSONResponse:
        body = error_body(exc)
        return JSONResponse(body, status_code=int(body["status"]), media_type=PROBLEM)  # type: ignore[call-overload]

    # Registered by type (Starlette re-raises whatever reaches the catch-all ``Exception`` handler, so
    # these would otherwise also end as tracebacks in the server log): pipeline errors wrap store outages.
    from haystack.core.errors import PipelineRuntimeError
    from haystack_integrations.document_stores.qdrant.document_store import QdrantStoreError
    from qdrant_client.http.exceptions import ResponseHandlingException

    kinds = (PipelineRuntimeError, QdrantStoreError, ResponseHandlingException, ConnectionError, TimeoutError)
    for kind in kinds:
        app.add_exception_handler(kind, _wrapped)  # type: ignore[arg-type]

    @app.exception_handler(Exception)
    async def _unknown(_: Request, exc: Exception) -> JSONResponse:
        body = error_body(exc)
        return JSONResponse(body, status_code=int(body["status"]), media_type=PROBLEM)  # type: ignore[call-overload]
