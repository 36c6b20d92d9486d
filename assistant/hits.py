"""What retrieval hands out: :class:`SearchHit` (one ranked chunk) and :class:`SearchResult` (one search).

Made only by :mod:`assistant.retrieval` (:func:`to_hit`); the composer, the evaluation, the command line and the
API (``GET /v1/search``, whose ``hits`` are exactly these) read them as typed values instead of string-keyed
dictionaries.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

#: Chunk metadata that a hit carries as its own fields or that is internal to indexing (left out of ``meta``).
NOT_IN_META = frozenset({"label", "title", "source", "url", "embed_context", "fingerprint"})


# One retrieved chunk, best first in its list; ``score`` is the engine's (RRF, cosine or BM25). No docstring: it
# would become the OpenAPI description of ``GET /v1/search``'s hits, which this contract keeps as it is.
class SearchHit(BaseModel):
    id: str = Field(examples=["egovg-lsa/§9/abs1"])
    label: str = Field(examples=["§ 9 Abs. 1 EGovG LSA"])
    title: str | None = None
    source: str = Field(examples=["egovg-lsa"])
    url: str | None = None
    text: str
    score: float
    meta: dict[str, Any] = Field(default_factory=dict)


class SearchResult(BaseModel):
    """The hits of one search, with its duration (``seconds`` per stage feeds the trace and ``/metrics``)."""

    query: str
    hits: list[SearchHit]
    took_ms: float
    seconds: dict[str, float] = Field(default_factory=dict)


def to_hit(doc: Any, score: float | None = None) -> SearchHit:
    """The hit for a retrieved Haystack ``Document`` (``score``: a fused score that replaces the document's)."""
    return SearchHit(
        id=doc.meta.get("id"),
        label=doc.meta.get("label"),
        title=doc.meta.get("title"),
        source=doc.meta.get("source"),
        url=doc.meta.get("url"),
        text=doc.content,
        score=float(doc.score or 0.0) if score is None else score,
        meta={key: value for key, value in doc.meta.items() if key not in NOT_IN_META},
    )
