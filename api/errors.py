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

from lsa_assistant.errors import LsaError

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


def error_body(exc: BaseException) -> dict[str, object]:
    """The problem body for any exception; unknown ones are logged and never leak internals."""
    if isinstance(exc, LsaError):
        return problem_body(exc.status, exc.title, exc.detail, exc.code)
    log.error("unhandled error", exc_info=exc)
    return problem_body(500, "Interner Fehler", "Ein unerwarteter Fehler ist aufgetreten.", "E500")


def problem_for(exc: LsaError, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The response for a typed error, with the headers it demands (``Retry-After``, ``WWW-Authenticate``)."""
    return problem(exc.status, exc.title, exc.detail, exc.code, headers={**exc.headers(), **(headers or {})})


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

    @app.exception_handler(Exception)
    async def _unknown(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(error_body(exc), status_code=500, media_type=PROBLEM)
