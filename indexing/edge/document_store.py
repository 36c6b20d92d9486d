"""A Haystack document store on one Qdrant Edge shard (a directory), same data model as qdrant-haystack's.

Edge runs in-process (Rust, no server) and answers a hybrid query in milliseconds where qdrant-client's
pure-Python local mode needs hundreds (``docs/benchmarks.md``). A shard's directory is opened by one
``EdgeShard`` at a time (its write-ahead log is locked, also against a second process), which is why the
embedded back-end gives every build its own directory (``indexing.store.edge``).

Search is exact by default: at the corpus sizes of one node (≤ 100k chunks) a brute-force scan of 384-d vectors
costs a few milliseconds, and exact search returns the same top-k as a Qdrant server in exact mode. HNSW can
be switched on with ``exact=False`` (and ``hnsw_ef``); see ``docs/operations.md`` for the measured recall.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import qdrant_edge as qe
from haystack import Document
from haystack.dataclasses import SparseEmbedding
from haystack.document_stores.errors import DuplicateDocumentError
from haystack.document_stores.types import DuplicatePolicy

from indexing.edge.convert import (
    DENSE_VECTORS_NAME,
    SPARSE_VECTORS_NAME,
    convert_id,
    document_to_point,
    point_to_document,
    to_edge_filter,
)
from indexing.edge.document_cache import DocumentCache
from indexing.serialization import SettingsSerialization

log = logging.getLogger(__name__)

#: Payload fields with a keyword index, as on the server collection (``indexing.store.base.INDEXED_PAYLOAD_FIELDS``).
DEFAULT_INDEXED_FIELDS = ("meta.source", "meta.ministry", "meta.leika_key", "meta.id")
#: Prefetch depth of a hybrid query when none is given: what Qdrant uses for a prefetch without ``limit``.
DEFAULT_PREFETCH_LIMIT = 10
#: RRF ranking constant: Qdrant's default (server and qdrant-client's local mode).
DEFAULT_RRF_K = 2


class EdgeDocumentStore(SettingsSerialization):
    """Haystack ``DocumentStore`` protocol on a Qdrant Edge shard.

    :param path: the shard directory; created (with vectors and payload indexes) when it holds no shard yet.
    :param embedding_dim: dimension of the dense vectors (cosine distance).
    :param payload_fields_to_index: payload paths that get a keyword index (fast filtered search).
    :param exact: exact (brute-force) search instead of HNSW.
    :param hnsw_ef: HNSW search breadth when ``exact`` is off (``None``: Qdrant's default).
    :param write_batch_size: points per upsert call.
    :param scroll_size: points per page when listing documents.
    """

    serialized_settings = (
        "path",
        "embedding_dim",
        "payload_fields_to_index",
        "exact",
        "hnsw_ef",
        "write_batch_size",
        "scroll_size",
    )

    def __init__(
        self,
        path: str | Path,
        embedding_dim: int = 384,
        payload_fields_to_index: list[str] | tuple[str, ...] = DEFAULT_INDEXED_FIELDS,
        exact: bool = True,
        hnsw_ef: int | None = None,
        write_batch_size: int = 256,
        scroll_size: int = 1000,
    ) -> None:
        self.path = str(path)
        self.embedding_dim = embedding_dim
        self.payload_fields_to_index = list(payload_fields_to_index)
        self.exact = exact
        self.hnsw_ef = hnsw_ef
        self.write_batch_size = write_batch_size
        self.scroll_size = scroll_size
        self._shard: qe.EdgeShard | None = None
        self._dirty = False
        self._documents = DocumentCache()  # payloads by point id, for searches (emptied on every write)

    # -- lifecycle -----------------------------------------------------------------------------
    @property
    def shard(self) -> qe.EdgeShard:
        """The open shard (opened, or created, on first use)."""
        if self._shard is None:
            self._shard = self._open()
        return self._shard

    def _open(self) -> qe.EdgeShard:
        path = Path(self.path)
        if (path / "edge_config.json").is_file():
            return qe.EdgeShard.load(self.path)
        config = qe.EdgeConfig(
            vectors={
                DENSE_VECTORS_NAME: qe.EdgeVectorParams(size=self.embedding_dim, distance=qe.Distance.Cosine)
            },
            sparse_vectors={SPARSE_VECTORS_NAME: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
        )
        shard = qe.EdgeShard.create(self.path, config)
        for field in self.payload_fields_to_index:
            shard.update(qe.UpdateOperation.create_field_index(field, qe.PayloadSchemaType.Keyword))
        return shard

    def flush(self) -> None:
        if self._shard is not None:
            self._shard.flush()
            self._dirty = False

    def close(self) -> None:
        """Flush what was written and release the shard (and its lock); the next call reopens it.

        A reader whose build directory was already removed (an old build collected while a service still held
        it) closes without error: it wrote nothing, and the data it served stays valid until it lets go.
        """
        if self._shard is None:
            return
        shard, self._shard = self._shard, None
        self._documents.clear()
        try:
            if self._dirty:
                shard.flush()
            shard.close()
        except Exception:
            if Path(self.path).is_dir():
                raise
            log.info("Edge shard %s was removed while open; closed without flushing", self.path)
        self._dirty = False

    # -- protocol ------------------------------------------------------------------------------
    def count_documents(self) -> int:
        return int(self.shard.count(qe.CountRequest(exact=True)))

    def filter_documents(self, filters: dict[str, Any] | None = None) -> list[Document]:
        """All documents matching Haystack ``filters`` (with their vectors, as qdrant-haystack returns them)."""
        return list(self._scroll(to_edge_filter(filters), with_vectors=True))

    def _scroll(self, flt: qe.Filter | None, *, with_vectors: bool) -> Iterator[Document]:
        offset: Any = None
        while True:
            records, offset = self.shard.scroll(
                qe.ScrollRequest(
                    offset=offset,
                    limit=self.scroll_size,
                    filter=flt,
                    with_payload=True,
                    with_vector=with_vectors,
                )
            )
            for record in records:
                yield point_to_document(record, with_vectors=with_vectors)
            if offset is None:
                return

    def get_documents_by_id(self, ids: list[str]) -> list[Document]:
        if not ids:
            return []
        records = self.shard.retrieve([convert_id(i) for i in ids], with_payload=True, with_vector=True)
        return [point_to_document(r, with_vectors=True) for r in records]

    def write_documents(
        self, documents: list[Document], policy: DuplicatePolicy = DuplicatePolicy.FAIL
    ) -> int:
        """Upsert ``documents``; ``FAIL`` raises on ids already stored, ``SKIP`` leaves them, else overwrite."""
        for doc in documents:
            if not isinstance(doc, Document):
                raise ValueError(f"write_documents() expects Documents, got {type(doc)}")
        policy = DuplicatePolicy(policy) if isinstance(policy, str) else policy
        if not documents:
            return 0
        if policy in (DuplicatePolicy.SKIP, DuplicatePolicy.FAIL, DuplicatePolicy.NONE):
            unique: dict[str, Document] = {}
            for doc in documents:
                unique.setdefault(doc.id, doc)
            documents = list(unique.values())
            existing = {d.id for d in self.get_documents_by_id(list(unique))}
            if existing and policy != DuplicatePolicy.SKIP:
                raise DuplicateDocumentError(
                    f"documents with ids {', '.join(sorted(existing))} already exist"
                )
            documents = [d for d in documents if d.id not in existing]
        for start in range(0, len(documents), self.write_batch_size):
            batch = [document_to_point(d) for d in documents[start : start + self.write_batch_size]]
            self.shard.update(qe.UpdateOperation.upsert_points(batch))
            self._dirty = True
            self._documents.clear()
        return len(documents)

    def delete_documents(self, document_ids: list[str]) -> None:
        if document_ids:
            self.shard.update(qe.UpdateOperation.delete_points([convert_id(i) for i in document_ids]))
            self._dirty = True
            self._documents.clear()

    def delete_by_filter(self, filters: dict[str, Any]) -> int:
        flt = to_edge_filter(filters)
        count = int(self.shard.count(qe.CountRequest(exact=True, filter=flt)))
        if flt is not None and count:
            self.shard.update(qe.UpdateOperation.delete_points_by_filter(flt))
            self._dirty = True
            self._documents.clear()
        return count

    def preload_documents(self) -> int:
        """Convert every document for searches now, not on the first search that returns it (a service's start)."""
        return self._documents.preload(self.shard, self.scroll_size)

    # -- queries (used by the Edge retrievers) ---------------------------------------------------
    def _params(self) -> qe.SearchParams:
        return qe.SearchParams(exact=self.exact, hnsw_ef=self.hnsw_ef)

    def _run(self, request: qe.QueryRequest, return_embedding: bool) -> list[Document]:
        """Documents of a query: with vectors straight from the points, else (the payload not asked for) from
        the document cache."""
        points = self.shard.query(request)
        if return_embedding:
            return [point_to_document(p, with_vectors=True) for p in points]
        return self._documents.documents(self.shard, points)

    def _nearest(
        self,
        query: Any,
        filters: dict[str, Any] | None,
        top_k: int,
        return_embedding: bool,
        score_threshold: float | None,
        params: Any = None,
    ) -> list[Document]:
        """One named-vector search; ``params`` (exact / HNSW) only applies to the dense vector."""
        request = qe.QueryRequest(
            limit=top_k,
            query=query,
            filter=to_edge_filter(filters),
            with_payload=return_embedding,
            with_vector=return_embedding,
            score_threshold=score_threshold,
            params=params,
        )
        return self._run(request, return_embedding)

    def _query_by_embedding(
        self,
        query_embedding: list[float],
        filters: dict[str, Any] | None = None,
        top_k: int = 10,
        return_embedding: bool = False,
        score_threshold: float | None = None,
    ) -> list[Document]:
        query = qe.Query.Nearest([float(x) for x in query_embedding], using=DENSE_VECTORS_NAME)
        return self._nearest(query, filters, top_k, return_embedding, score_threshold, self._params())

    def _query_by_sparse(
        self,
        query_sparse_embedding: SparseEmbedding,
        filters: dict[str, Any] | None = None,
        top_k: int = 10,
        return_embedding: bool = False,
        score_threshold: float | None = None,
    ) -> list[Document]:
        query = qe.Query.Nearest(_sparse(query_sparse_embedding), using=SPARSE_VECTORS_NAME)
        return self._nearest(query, filters, top_k, return_embedding, score_threshold)

    def _query_hybrid(
        self,
        query_embedding: list[float],
        query_sparse_embedding: SparseEmbedding,
        filters: dict[str, Any] | None = None,
        top_k: int = 10,
        return_embedding: bool = False,
        score_threshold: float | None = None,
        prefetch_limit: int = DEFAULT_PREFETCH_LIMIT,
    ) -> list[Document]:
        """Sparse and dense prefetch (each filtered), fused by RRF in the engine, like ``QdrantHybridRetriever``."""
        flt = to_edge_filter(filters)
        prefetches = [
            qe.Prefetch(
                limit=prefetch_limit,
                query=qe.Query.Nearest(_sparse(query_sparse_embedding), using=SPARSE_VECTORS_NAME),
                filter=flt,
            ),
            qe.Prefetch(
                limit=prefetch_limit,
                query=qe.Query.Nearest([float(x) for x in query_embedding], using=DENSE_VECTORS_NAME),
                filter=flt,
                params=self._params(),
            ),
        ]
        request = qe.QueryRequest(
            limit=top_k,
            prefetches=prefetches,
            query=qe.Fusion.Rrf(k=DEFAULT_RRF_K),
            with_payload=return_embedding,
            with_vector=return_embedding,
            score_threshold=score_threshold,
        )
        return self._run(request, return_embedding)


def _sparse(embedding: SparseEmbedding) -> qe.SparseVector:
    return qe.SparseVector(indices=list(embedding.indices), values=[float(v) for v in embedding.values])
