"""Documents of an Edge shard by point id, so that a search asks the engine for ids and scores only.

Why: turning a point's payload into Python objects is most of an Edge query. Forty scored points with their
payloads take the engine about five times as long as forty without, and building forty Haystack documents from
the payload dicts about as long again. A shard's payloads change only through the store's own writes (one opener
per shard), so each is converted once, on the first search that returns it; every later hit is a scored copy of
that document. The store empties the cache on every write or delete; a service fills it at start-up
(:meth:`DocumentCache.preload`), so that no question waits for a conversion.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import qdrant_edge as qe
from haystack import Document

from indexing.edge.convert import point_to_document

#: Documents kept at most; past it the cache starts again empty (a node's corpus is far smaller).
DEFAULT_LIMIT = 200_000


def scored_copy(document: Document, score: float | None) -> Document:
    """A copy of a cached document with ``score`` and its own ``meta`` dict.

    Built without ``Document.__init__``: the cached one was validated when it was made, and re-running the
    dataclass machinery (with Haystack's in-place mutation hook) for every hit costs as much as the query.
    """
    copy = object.__new__(Document)
    copy.__dict__.update(document.__dict__)
    copy.__dict__["meta"] = dict(document.meta)
    copy.__dict__["score"] = score
    return copy


class DocumentCache:
    """Vector-less documents of one shard by point id; filled by the searches that return them."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self._documents: dict[str, Document] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._documents)

    def clear(self) -> None:
        with self._lock:
            self._documents = {}

    def preload(self, shard: qe.EdgeShard, page: int = 1000) -> int:
        """Convert every point of ``shard`` now (a node's corpus of some thousand chunks: a fraction of a second).

        :returns: how many documents were loaded; none when the shard holds more than :attr:`limit`.
        """
        if int(shard.count(qe.CountRequest(exact=True))) > self.limit:
            return 0
        loaded: dict[str, Document] = {}
        offset: Any = None
        while True:
            records, offset = shard.scroll(
                qe.ScrollRequest(offset=offset, limit=page, with_payload=True, with_vector=False)
            )
            loaded.update((str(r.id), point_to_document(r)) for r in records)
            if offset is None:
                break
        with self._lock:
            self._documents.update(loaded)
        return len(loaded)

    def documents(self, shard: qe.EdgeShard, points: Sequence[Any]) -> list[Document]:
        """Scored documents for ``points`` (``ScoredPoint`` s queried without payload), in their order.

        Points the shard no longer holds (deleted between the query and the look-up) are left out.
        """
        known = self._documents
        missing = [p.id for p in points if str(p.id) not in known]
        fetched = self._fetch(shard, missing) if missing else {}
        found: list[Document] = []
        for point in points:
            key = str(point.id)
            document = known.get(key) or fetched.get(key)
            if document is not None:
                found.append(scored_copy(document, point.score))
        return found

    def _fetch(self, shard: qe.EdgeShard, ids: list[Any]) -> dict[str, Document]:
        records = shard.retrieve(ids, with_payload=True, with_vector=False)
        fetched = {str(r.id): point_to_document(r) for r in records}
        with self._lock:
            if len(self._documents) + len(fetched) > self.limit:
                self._documents = {}
            self._documents.update(fetched)
        return fetched
