"""Response models of the JSON API (request parameters are declared on the routes)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class SearchHit(BaseModel):
    id: str = Field(examples=["egovg-lsa/§9/abs1"])
    label: str = Field(examples=["§ 9 Abs. 1 EGovG LSA"])
    title: str | None = None
    source: str = Field(examples=["egovg-lsa"])
    url: str | None = None
    text: str
    score: float
    meta: dict[str, Any] = Field(default_factory=dict)


class SearchResponse(BaseModel):
    query: str
    hits: list[SearchHit]
    took_ms: float


class Health(BaseModel):
    status: str = Field(examples=["ok"])


class Readiness(BaseModel):
    status: str = Field(examples=["ready"])
    build_id: str | None = None
    model_id: str | None = None
    corpus_version: str | None = None
