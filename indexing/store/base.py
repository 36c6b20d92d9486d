"""What every store back-end shares: the build's metadata (:class:`IndexInfo`), the back-end interface
(:class:`StoreBackend`) and the qdrant-haystack document store both qdrant-client back-ends write into.

Three back-ends behind one interface (the qdrant-client pattern), chosen by :func:`indexing.store.open_backend`:

* **embedded** (``LSA_QDRANT_URL`` empty): by default a Qdrant Edge shard per build (``indexing.store.edge``,
  ``LSA_EMBEDDED_ENGINE=edge``); with ``LSA_EMBEDDED_ENGINE=local`` (``indexing.store.embedded``) every build is
  its own qdrant-client local-mode directory under ``<data_dir>/index/builds/<build_id>``; the file
  ``<data_dir>/index/CURRENT.json`` names the active build and is replaced atomically
  (:func:`lsa_assistant.files.write_json_atomic`) once a build is complete. Local mode locks its directory per
  process, so an incremental update works on a copy of the active build: a running service keeps reading the old
  one until it switches. A crash mid-build leaves ``CURRENT.json`` untouched.
* **server** (``LSA_QDRANT_URL`` set, ``indexing.store.server``): collections ``<name>__<build_id>`` behind the
  alias ``<name>``; a rebuild fills a new collection and swaps the alias in one ``update_collection_aliases`` call;
  an incremental update writes in place (Qdrant applies each upsert atomically per point).

The collection metadata records model id, dimension and corpus version, so a query side with another model is
refused with :class:`IndexMismatchError` instead of returning garbage. Each back-end hands out the retriever
classes of its engine (:meth:`StoreBackend.retrievers`), so nothing above the store asks which engine it holds.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from lsa_assistant.errors import IndexMismatchError
from lsa_assistant.settings import Settings

SCHEMA_VERSION = 1
#: Payload fields with a keyword index (filters in search and direct lookups).
INDEXED_PAYLOAD_FIELDS = ("meta.source", "meta.ministry", "meta.leika_key", "meta.id")

ClientFactory = Callable[[], Any]


class Retrievers(NamedTuple):
    """The Haystack retriever classes of one engine: hybrid (RRF), dense-only and sparse-only."""

    hybrid: type
    dense: type
    sparse: type


def qdrant_retrievers() -> Retrievers:
    """qdrant-haystack's retrievers: for the server and for qdrant-client's local mode."""
    from haystack_integrations.components.retrievers.qdrant import (
        QdrantEmbeddingRetriever,
        QdrantHybridRetriever,
        QdrantSparseEmbeddingRetriever,
    )

    return Retrievers(QdrantHybridRetriever, QdrantEmbeddingRetriever, QdrantSparseEmbeddingRetriever)


@dataclass
class IndexInfo:
    """What the collection metadata records about a build."""

    build_id: str
    collection: str
    model_id: str
    dimension: int
    schema_version: int = SCHEMA_VERSION
    corpus_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_metadata(self) -> dict[str, Any]:
        return {
            "lsa_build_id": self.build_id,
            "lsa_model_id": self.model_id,
            "lsa_dimension": self.dimension,
            "lsa_schema_version": self.schema_version,
            "lsa_corpus_version": self.corpus_version,
            **{f"lsa_{k}": v for k, v in self.extra.items()},
        }

    @classmethod
    def from_metadata(cls, collection: str, metadata: dict[str, Any] | None) -> IndexInfo:
        md = metadata or {}
        if "lsa_model_id" not in md or "lsa_dimension" not in md:
            raise IndexMismatchError(
                f"collection {collection!r} carries no LSA index metadata (foreign or corrupt index); "
                "rebuild it with 'lsa-assistant index --rebuild'"
            )
        extra = {
            k.removeprefix("lsa_"): v
            for k, v in md.items()
            if k.startswith("lsa_")
            and k
            not in {
                "lsa_build_id",
                "lsa_model_id",
                "lsa_dimension",
                "lsa_schema_version",
                "lsa_corpus_version",
            }
        }
        return cls(
            build_id=str(md.get("lsa_build_id", "")),
            collection=collection,
            model_id=str(md["lsa_model_id"]),
            dimension=int(md["lsa_dimension"]),
            schema_version=int(md.get("lsa_schema_version", 0)),
            corpus_version=str(md.get("lsa_corpus_version", "")),
            extra=extra,
        )

    def check_compatible(self, model_id: str, dimension: int) -> None:
        """Refuse to query an index built with another model, dimension or schema."""
        if self.schema_version != SCHEMA_VERSION:
            raise IndexMismatchError(
                f"index schema {self.schema_version} != {SCHEMA_VERSION}; run 'lsa-assistant index --rebuild'"
            )
        if self.model_id != model_id or self.dimension != dimension:
            raise IndexMismatchError(
                f"index was built with model {self.model_id!r} (dim {self.dimension}), but the configured model is "
                f"{model_id!r} (dim {dimension}); run 'lsa-assistant index --rebuild' or set LSA_EMBEDDING_MODEL"
            )


def new_build_id() -> str:
    """Sortable, unique enough for one machine: UTC time to the microsecond."""
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"{time.time_ns() // 1000 % 1_000_000:06d}"


def make_document_store(
    client: Any,
    collection: str,
    dimension: int,
    *,
    create: bool,
    settings: Settings,
    metadata: dict[str, Any] | None = None,
    progress: bool = False,
) -> Any:
    """A Haystack ``QdrantDocumentStore`` bound to ``client`` and ``collection``.

    The client is injected (instead of letting the store build one) so that both back-ends, and tests that
    exercise the server path on qdrant-client's local mode, share one client per location.
    """
    from haystack_integrations.document_stores.qdrant import QdrantDocumentStore

    store = QdrantDocumentStore(
        index=collection,
        embedding_dim=dimension,
        use_sparse_embeddings=True,
        sparse_idf=True,
        similarity="cosine",
        progress_bar=progress,
        shard_number=None if settings.embedded else settings.qdrant_shard_number,
        replication_factor=None if settings.embedded else settings.qdrant_replication_factor,
        write_consistency_factor=None if settings.embedded else settings.qdrant_write_consistency_factor,
        metadata=metadata,
        # local mode ignores payload indexes (and warns); a server gets them for fast filtered search
        payload_fields_to_index=None
        if settings.embedded
        else [{"field_name": f, "field_schema": "keyword"} for f in INDEXED_PAYLOAD_FIELDS],
        write_batch_size=64,
    )
    store._client = client  # noqa: SLF001 - documented injection point, see docstring
    if create:
        store._set_up_collection(  # noqa: SLF001
            collection, dimension, True, "cosine", True, True, False, store.payload_fields_to_index
        )
    return store


class StoreBackend:
    """Where builds live and how one becomes active. Subclasses: embedded and server."""

    def active_info(self) -> IndexInfo | None:
        raise NotImplementedError

    def open_active(self, dimension_hint: int | None = None) -> tuple[Any, IndexInfo]:
        raise NotImplementedError

    def begin_build(self, info: IndexInfo, *, incremental: bool, progress: bool = False) -> Any:
        """Return a Haystack document store to write the build into."""
        raise NotImplementedError

    def commit_build(self, info: IndexInfo) -> None:
        raise NotImplementedError

    def abort_build(self, info: IndexInfo) -> None:
        raise NotImplementedError

    def update_metadata(self, info: IndexInfo) -> None:
        raise NotImplementedError

    def retrievers(self) -> Retrievers:
        """The retriever classes for the document stores this back-end opens (qdrant-haystack's by default)."""
        return qdrant_retrievers()

    def close(self) -> None:
        """Release clients (local mode holds a directory lock)."""


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise IndexMismatchError(
            f"{path}: unreadable index pointer ({e}); run 'lsa-assistant index --rebuild'"
        ) from e


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
