"""Document <-> Edge point, and Haystack filters -> Edge filters, mirroring qdrant-haystack's converters.

Filters go through qdrant-haystack's own ``convert_filters_to_qdrant`` first and are then translated model by
model, so every operator means on Edge exactly what it means on a Qdrant server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import qdrant_edge as qe
from haystack import Document
from haystack.dataclasses import SparseEmbedding
from haystack.utils.filters import FilterError
from haystack_integrations.document_stores.qdrant.converters import (
    DENSE_VECTORS_NAME,
    SPARSE_VECTORS_NAME,
    convert_id,
)
from haystack_integrations.document_stores.qdrant.filters import convert_filters_to_qdrant
from qdrant_client.http import models as rest

__all__ = [
    "DENSE_VECTORS_NAME",
    "SPARSE_VECTORS_NAME",
    "convert_id",
    "document_to_point",
    "point_to_document",
    "to_edge_filter",
]


def document_to_point(document: Document) -> qe.Point:
    """The point qdrant-haystack would upsert for ``document`` (payload = ``Document.to_dict(flatten=False)``)."""
    payload = document.to_dict(flatten=False)
    vector: dict[str, Any] = {}
    dense = payload.pop("embedding", None)
    if dense is not None:
        vector[DENSE_VECTORS_NAME] = [float(x) for x in dense]
    sparse = payload.pop("sparse_embedding", None)
    if sparse is not None:
        vector[SPARSE_VECTORS_NAME] = qe.SparseVector(
            indices=list(sparse["indices"]), values=[float(v) for v in sparse["values"]]
        )
    return qe.Point(id=convert_id(document.id), vector=vector, payload=payload)


def point_to_document(point: Any, *, with_vectors: bool = False) -> Document:
    """A Haystack document from an Edge ``ScoredPoint`` or ``Record`` (score ``None`` for records)."""
    payload = dict(point.payload or {})
    payload["score"] = getattr(point, "score", None)
    vector = point.vector if with_vectors else None
    if isinstance(vector, dict):
        payload["embedding"] = vector.get(DENSE_VECTORS_NAME)
        sparse = vector.get(SPARSE_VECTORS_NAME)
        if sparse is not None:
            payload["sparse_embedding"] = {"indices": list(sparse.indices), "values": list(sparse.values)}
    doc = Document.from_dict(payload)
    if isinstance(doc.sparse_embedding, dict):  # pragma: no cover - Document.from_dict builds it already
        doc.sparse_embedding = SparseEmbedding(**doc.sparse_embedding)
    return doc


def to_edge_filter(filters: dict[str, Any] | None) -> qe.Filter | None:
    """Haystack filter dict -> Edge ``Filter`` (``None`` for no filter).

    :raises FilterError: malformed filters or conditions Edge cannot express.
    """
    qdrant = convert_filters_to_qdrant(filters)
    return None if qdrant is None else _filter(qdrant)


def _filter(flt: rest.Filter) -> qe.Filter:
    min_should = None
    if flt.min_should is not None:
        min_should = qe.MinShould(
            conditions=[_condition(c) for c in flt.min_should.conditions], min_count=flt.min_should.min_count
        )
    return qe.Filter(
        must=_conditions(flt.must),
        should=_conditions(flt.should),
        must_not=_conditions(flt.must_not),
        min_should=min_should,
    )


def _conditions(items: Any) -> list[Any] | None:
    if items is None:
        return None
    if not isinstance(items, list):
        items = [items]
    return [_condition(c) for c in items]


def _condition(cond: Any) -> Any:
    if isinstance(cond, rest.Filter):
        return _filter(cond)
    if isinstance(cond, rest.FieldCondition):
        return qe.FieldCondition(key=cond.key, match=_match(cond.match), range=_range(cond.range))
    if isinstance(cond, rest.IsNullCondition):
        return qe.IsNullCondition(key=cond.is_null.key)
    if isinstance(cond, rest.IsEmptyCondition):
        return qe.IsEmptyCondition(key=cond.is_empty.key)
    if isinstance(cond, rest.HasIdCondition):
        return qe.HasIdCondition(point_ids=set(cond.has_id))
    raise FilterError(f"filter condition {type(cond).__name__} is not supported by the Edge store")


def _match(match: Any) -> Any:
    if match is None:
        return None
    if isinstance(match, rest.MatchValue):
        return qe.MatchValue(match.value)
    if isinstance(match, rest.MatchAny):
        return qe.MatchAny(list(match.any))
    if isinstance(match, rest.MatchExcept):
        return qe.MatchExcept(list(match.except_))
    if isinstance(match, rest.MatchText):
        return qe.MatchText(match.text)
    raise FilterError(f"match {type(match).__name__} is not supported by the Edge store")


def _range(rng: Any) -> Any:
    if rng is None:
        return None
    if isinstance(rng, rest.DatetimeRange):
        iso = {k: _iso(getattr(rng, k)) for k in ("gte", "gt", "lte", "lt")}
        return qe.RangeDateTime(**iso)
    return qe.RangeFloat(gte=rng.gte, gt=rng.gt, lte=rng.lte, lt=rng.lt)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, datetime) else str(value)
