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
    "description": "RFC 9457 problem details with a stable `code` (e.g. E301 index missing, E440 place not unique).",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "code": {"type": "string", "pattern": "^E[0-9]{3}$"},
        "errors": {
            "type": "array",
            "description": "E422: the fields that failed validation.",
            "items": {"$ref": "#/components/schemas/ProblemFieldError"},
        },
        "candidates": {
            "type": "array",
            "description": "E440: the places that fit; ask which one is meant.",
            "items": {"$ref": "#/components/schemas/PlaceCandidate"},
        },
        "outside": {
            "type": "string",
            "description": "E441: the place outside Sachsen-Anhalt that was named.",
        },
    },
}
#: Every array names its items: a generator (openapi-python-client) refuses ``{"type": "array"}`` alone, drops the
#: whole Problem schema with it, and then every problem response of every operation.
FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "title": "ProblemFieldError",
    "type": "object",
    "required": ["loc", "msg"],
    "properties": {
        "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"type": "string"},
    },
}
PLACE_CANDIDATE_SCHEMA: dict[str, Any] = {
    "title": "PlaceCandidate",
    "type": "object",
    "required": ["ars", "kind", "name", "short", "kreis_name", "plz"],
    "properties": {
        "ars": {"type": "string"},
        "kind": {"type": "string", "enum": ["gemeinde", "verbandsgemeinde", "kreis"]},
        "name": {"type": "string"},
        "short": {"type": "string"},
        "kreis_name": {"type": "string"},
        "plz": {"type": "array", "items": {"type": "string"}},
    },
}
#: One server-sent event (OpenAPI before 3.2 has no ``itemSchema``: a ``text/event-stream`` schema describes each
#: event, as schemathesis and generators read it). ``data`` is JSON text: Answer fields, ``{"text"}`` or a Problem.
SSE_EVENT_SCHEMA: dict[str, Any] = {
    "title": "ServerSentEvent",
    "type": "object",
    "required": ["data"],
    "properties": {
        "event": {"type": "string", "enum": ["meta", "delta", "answer", "error"]},
        "data": {
            "type": "string",
            "description": 'JSON: meta fields, {"text": …}, the Answer, or a Problem.',
        },
        "id": {"type": "string"},
        "retry": {"type": "integer"},
    },
}
#: Readable operation ids for generated clients (``client.search``, ``resolve_responsibility``): one per
#: operation, checked by a test, so a new route cannot slip in with FastAPI's generated ``name_path_method`` id.
OPERATION_IDS: dict[tuple[str, str], str] = {
    ("get", "/healthz"): "healthz",
    ("get", "/readyz"): "readyz",
    ("get", "/metrics"): "metrics",
    ("get", "/v1/search"): "search",
    ("post", "/v1/chat"): "chat",
    ("get", "/v1/services"): "listServices",
    ("get", "/v1/services.csv"): "exportServices",
    ("get", "/v1/services/{key}"): "getService",
    ("get", "/v1/life-events"): "listLifeEvents",
    ("get", "/v1/life-events/{lebenslage_id}"): "getLifeEvent",
    ("get", "/v1/responsibility"): "resolveResponsibility",
    ("get", "/v1/places"): "listPlaces",
    ("get", "/v1/places/{ars}"): "getPlace",
    ("get", "/v1/organizations"): "listOrganizations",
    ("get", "/v1/organizations/{org_id}"): "getOrganization",
    ("get", "/v1/norms/{law}"): "getLaw",
    ("get", "/v1/norms/{law}/{paragraph}"): "getNorm",
    ("post", "/v1/feedback"): "createFeedback",
    ("get", "/v1/feedback/summary"): "getFeedbackSummary",
    ("post", "/v1/admin/reload"): "reloadIndex",
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
    422: "Ungültige Eingabe (Validierung, E422)",
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
    if "{" in path or path.startswith(("/v1/services", "/v1/norms", "/v1/responsibility")):
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
    components["ProblemFieldError"] = FIELD_ERROR_SCHEMA
    components["PlaceCandidate"] = PLACE_CANDIDATE_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):  # the framework's 422 shape is never sent
        components.pop(name, None)
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            operation["operationId"] = OPERATION_IDS.get((method, path), operation.get("operationId"))
            responses = operation.setdefault("responses", {})
            for status in sorted(problem_statuses(method, path, operation)):
                description = responses.get(str(status), {}).get("description")
                responses[str(status)] = _problem(status)
                if description and description != "Validation Error":  # FastAPI's own 422 text
                    responses[str(status)]["description"] = description
            for response in responses.values():
                stream = response.get("content", {}).get("text/event-stream")
                if stream is not None:
                    stream["schema"] = SSE_EVENT_SCHEMA
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
