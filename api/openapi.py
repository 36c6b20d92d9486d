"""The OpenAPI document as the service really answers: every refusal is ``application/problem+json``.

FastAPI documents only 200 and a 422 in its own JSON shape. Clients (and schemathesis, which checks each
response against this document) need the truth: which problem statuses an operation can return, with
which body and headers. The additions are computed once per app from the routes' shape.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details with a stable `code` (e.g. E301 index missing).",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "code": {"type": "string", "pattern": "^E[0-9]{3}$"},
        "errors": {
            "type": "array",
            "items": {"type": "object", "properties": {"loc": {"type": "array"}, "msg": {"type": "string"}}},
        },
    },
}
_RATE_HEADERS = {
    name: {"schema": {"type": "integer"}, "description": text}
    for name, text in {
        "RateLimit-Limit": "requests allowed per minute in this bucket (per key or per IP)",
        "RateLimit-Remaining": "requests left in the current window",
        "RateLimit-Reset": "seconds until the window has room again",
    }.items()
}
_DESCRIPTIONS = {
    400: "Ungültige Anfrage (z. B. nur Leerzeichen, NUL-Byte, letzte Nachricht nicht vom Nutzer)",
    401: "X-API-Key fehlt (wo verlangt) oder ist unbekannt",
    404: "Nicht gefunden",
    413: "Inhalt größer als max_body_bytes (vor dem Lesen abgewiesen)",
    415: "Nicht unterstützter Inhaltstyp",
    422: "Ungültige Eingabe (Validierung)",
    429: "Ratenlimit erreicht; Retry-After sagt, wann es wieder geht",
    503: "Index oder Vektorspeicher nicht verfügbar",
}
#: Operations that need the index (or the store behind it) and answer 503 without it.
_NEEDS_INDEX = {("get", "/v1/search"), ("post", "/v1/chat"), ("get", "/readyz")}


def _problem(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _DESCRIPTIONS.get(status, "Fehler"),
        "content": {PROBLEM: {"schema": PROBLEM_REF}},
    }
    if status == 429:
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer", "minimum": 1}, "required": True},
            **_RATE_HEADERS,
        }
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}}
    return response


def problem_statuses(method: str, path: str, operation: dict[str, Any]) -> set[int]:
    """The problem statuses one operation can answer, derived from what the middleware and routes do."""
    statuses: set[int] = set()
    if path.startswith("/v1/"):
        statuses |= {400, 401, 429}  # Content-Length not a number; key check; rate limit
    if operation.get("parameters") or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:
        statuses |= {400, 413, 415}
    if "{" in path or path.startswith("/v1/services") or path.startswith("/v1/norms"):
        statuses.add(404)
    if (method, path) in _NEEDS_INDEX or "503" in operation.get("responses", {}):
        statuses.add(503)
    return statuses


def build_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):  # the framework's 422 shape is never sent
        components.pop(name, None)
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(problem_statuses(method, path, operation)):
                description = responses.get(str(status), {}).get("description")
                responses[str(status)] = _problem(status)
                if description and status not in (422,):
                    responses[str(status)]["description"] = description
            if path.startswith("/v1/"):
                for code, response in responses.items():
                    if code.startswith("2"):
                        response.setdefault("headers", {}).update(_RATE_HEADERS)
    return schema


def install_openapi(app: FastAPI) -> None:
    """Replaces ``app.openapi`` with :func:`build_openapi`, computed once and cached."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
