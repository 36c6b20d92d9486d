"""Embedded back-end on Qdrant Edge: one shard directory per build, the same atomic pointer as local mode.

Layout under ``<data_dir>/index``: ``builds/<build_id>/shard`` (the Edge shard), ``builds/<build_id>/metadata.json``
(what a server keeps as collection metadata: model, dimension, corpus version) and ``CURRENT.json`` naming the
active build, replaced atomically once a build is complete. An Edge shard locks its write-ahead log, so only one
process (the service) opens a build; an incremental update copies the active build and writes into the copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indexing.edge.document_store import EdgeDocumentStore
from indexing.store.base import IndexInfo, Retrievers, read_json
from indexing.store.embedded import EmbeddedBackend
from lsa_assistant.errors import IndexMissingError, StoreUnavailableError
from lsa_assistant.files import write_json_atomic


class EdgeBackend(EmbeddedBackend):
    """Builds as Edge shards; pointer handling and garbage collection as in :class:`EmbeddedBackend`."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self._stores: dict[str, EdgeDocumentStore] = {}

    def shard_dir(self, build_id: str) -> Path:
        return self.build_dir(build_id) / "shard"

    def metadata_file(self, build_id: str) -> Path:
        return self.build_dir(build_id) / "metadata.json"

    def _store(self, build_id: str, dimension: int) -> EdgeDocumentStore:
        if build_id not in self._stores:
            store = EdgeDocumentStore(self.shard_dir(build_id), embedding_dim=dimension)
            try:
                store.shard  # noqa: B018 - open now, so a locked or broken shard fails here, typed
            except Exception as e:  # noqa: BLE001 - Edge raises plain Exception (e.g. a locked WAL)
                raise StoreUnavailableError(f"cannot open embedded index at {store.path}: {e}") from e
            self._stores[build_id] = store
        return self._stores[build_id]

    def _release(self, build_id: str) -> None:
        store = self._stores.pop(build_id, None)
        if store is not None:
            store.close()

    def _info_from_collection(self, build_id: str) -> IndexInfo:
        if not (self.shard_dir(build_id) / "edge_config.json").is_file():
            raise IndexMissingError(
                f"embedded index {self.build_dir(build_id)} holds no Edge shard; run 'lsa-assistant index --rebuild'"
            )
        return IndexInfo.from_metadata(self.collection, read_json(self.metadata_file(build_id)))

    def open_active(self, dimension_hint: int | None = None) -> tuple[Any, IndexInfo]:
        build_id = self.active_build_id()
        if build_id is None:
            raise IndexMissingError(f"no index at {self.root}; build it with 'lsa-assistant index'")
        info = self._info_from_collection(build_id)
        return self._store(build_id, info.dimension), info

    #: the shard's WAL locks as well: the service keeps the old shard (and its locks), the copy gets none
    LOCK_PATTERNS = ("*.lock", ".lock")

    def begin_build(self, info: IndexInfo, *, incremental: bool, progress: bool = False) -> Any:
        if not self._prepare_build_dir(info.build_id, incremental):
            self.build_dir(info.build_id).mkdir(parents=True)
            write_json_atomic(self.metadata_file(info.build_id), info.to_metadata())
        return self._store(info.build_id, info.dimension)

    def update_metadata(self, info: IndexInfo) -> None:
        write_json_atomic(self.metadata_file(info.build_id), info.to_metadata())

    def commit_build(self, info: IndexInfo) -> None:
        self._release(info.build_id)  # flushes the shard to disk before the pointer names it
        super().commit_build(info)

    def retrievers(self) -> Retrievers:
        return edge_retrievers()

    def close(self) -> None:
        for build_id in list(self._stores):
            self._release(build_id)


def edge_retrievers() -> Retrievers:
    """The retrievers of an :class:`EdgeDocumentStore` (the same interface as qdrant-haystack's)."""
    from indexing.edge.embedding_retriever import EdgeEmbeddingRetriever
    from indexing.edge.hybrid_retriever import EdgeHybridRetriever
    from indexing.edge.sparse_retriever import EdgeSparseEmbeddingRetriever

    return Retrievers(EdgeHybridRetriever, EdgeEmbeddingRetriever, EdgeSparseEmbeddingRetriever)
