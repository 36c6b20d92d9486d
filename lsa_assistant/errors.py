"""The error family. Every error carries a stable ``code``, an HTTP ``status`` and a ``title``.

The API renders them once as ``application/problem+json``; the CLI prints ``[code] message`` and
exits non-zero. Codes are part of the contract: tests assert them, clients may branch on them.
"""

from __future__ import annotations


class LsaError(Exception):
    """Base of all expected errors."""

    status: int = 500
    code: str = "E000"
    title: str = "Interner Fehler"

    def __init__(self, detail: str, **context: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.context = context

    def __str__(self) -> str:
        return f"[{self.code}] {self.detail}"

    def headers(self) -> dict[str, str]:
        """HTTP headers the response must carry (``WWW-Authenticate``, ``Retry-After``); none by default."""
        return {}

    def extensions(self) -> dict[str, object]:
        """Extra members of the problem body (RFC 9457 extensions, e.g. ``candidates``); none by default."""
        return {}


class CorpusError(LsaError):
    """Source data is invalid. The message names the file, the element or line, and the problem."""

    status = 500
    code = "E100"
    title = "Fehlerhafte Quelldaten"

    def __init__(
        self, detail: str, *, path: object = None, where: str | None = None, **context: object
    ) -> None:
        location = str(path) if path is not None else ""
        if where:
            location = f"{location} ({where})" if location else where
        super().__init__(f"{location}: {detail}" if location else detail, path=path, where=where, **context)


class ModelError(LsaError):
    """The embedding model cannot be prepared or failed verification."""

    status = 503
    code = "E200"
    title = "Einbettungsmodell nicht verfügbar"


class IndexMismatchError(LsaError):
    """Index and query side disagree (model id, dimension) or the index is foreign/corrupt."""

    status = 503
    code = "E300"
    title = "Index passt nicht zur Konfiguration"


class IndexMissingError(LsaError):
    """No index has been built yet."""

    status = 503
    code = "E301"
    title = "Index fehlt"


class StoreUnavailableError(LsaError):
    """The vector store cannot be reached or opened."""

    status = 503
    code = "E302"
    title = "Vektorspeicher nicht erreichbar"


class NotFoundError(LsaError):
    status = 404
    code = "E404"
    title = "Nicht gefunden"


class PlaceOutsideError(NotFoundError):
    """The place lies outside Sachsen-Anhalt: this service covers only the Land (``outside`` names it)."""

    code = "E441"
    title = "Ort außerhalb Sachsen-Anhalts"

    def __init__(self, detail: str, *, outside: str, **context: object) -> None:
        super().__init__(detail, outside=outside, **context)
        self.outside = outside

    def extensions(self) -> dict[str, object]:
        return {"outside": self.outside}


class PlaceAmbiguousError(LsaError):
    """A PLZ or name fits several places, or a Kreis was given where a Gemeinde decides: ask back with the
    ``candidates`` (each ``{"ars", "kind", "name", "short", "kreis_name", "plz"}``)."""

    status = 422
    code = "E440"
    title = "Ort nicht eindeutig"

    def __init__(self, detail: str, *, candidates: list[dict[str, object]], **context: object) -> None:
        super().__init__(detail, **context)
        self.candidates = candidates

    def extensions(self) -> dict[str, object]:
        return {"candidates": self.candidates}


class BadRequestError(LsaError):
    status = 400
    code = "E400"
    title = "Ungültige Anfrage"


class NotBuiltError(LsaError):
    """A feature that a later issue builds; said honestly instead of pretending."""

    status = 501
    code = "E501"
    title = "Noch nicht gebaut"


class UnauthorizedError(LsaError):
    """``X-API-Key`` missing (where one is required) or unknown. The key itself is never echoed."""

    status = 401
    code = "E401"
    title = "Nicht autorisiert"

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "ApiKey"}


class PayloadTooLargeError(LsaError):
    """The request body exceeds ``max_body_bytes``; refused before the body is read or parsed."""

    status = 413
    code = "E413"
    title = "Anfrage zu groß"


class RateLimitedError(LsaError):
    """Too many requests in the current window; ``retry_after`` says when to try again (seconds)."""

    status = 429
    code = "E429"
    title = "Zu viele Anfragen"

    def __init__(self, detail: str, *, retry_after: int, **context: object) -> None:
        super().__init__(detail, retry_after=retry_after, **context)
        self.retry_after = max(1, int(retry_after))

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}
