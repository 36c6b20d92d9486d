"""Response models of the JSON API (request parameters are declared on the routes)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.hits import SearchHit


# ``GET /v1/search``: the hits as retrieval made them (:class:`assistant.hits.SearchHit`)
class SearchResponse(BaseModel):
    query: str
    hits: list[SearchHit]
    took_ms: float


class HealthResponse(BaseModel):
    status: str = Field(examples=["ok"])


class ReadinessResponse(BaseModel):
    status: str = Field(examples=["ready"])
    build_id: str | None = None
    model_id: str | None = None
    corpus_version: str | None = None
