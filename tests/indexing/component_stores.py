"""Shared by the tests of the indexing components that read or edit a document store (change detector, stale
chunk remover): both back-ends the index runs on, and small chunked pages to put into them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from haystack import Document
from haystack.document_stores.in_memory import InMemoryDocumentStore
from haystack_integrations.document_stores.qdrant import QdrantDocumentStore

from corpora.base import make_document
from indexing.components.chunker import CorpusChunker

#: Haystack's in-memory store and Qdrant ``:memory:``: every component test must behave the same on each.
STORE_KINDS = ["memory", "qdrant"]


def make_store(kind: str) -> Any:
    """An empty store of ``kind`` (one of :data:`STORE_KINDS`) for 4-dimensional dense plus sparse vectors."""
    if kind == "memory":
        return InMemoryDocumentStore()
    return QdrantDocumentStore(
        location=":memory:", embedding_dim=4, use_sparse_embeddings=True, progress_bar=False
    )


def page(key: str, text: str, **meta: str) -> Document:
    """The unchunked document ``pages/t/<key>`` with ``text``; ``meta`` replaces label, title, url or version."""
    fields = {
        "label": f"Seite, Abschnitt {key}",
        "title": "Seite",
        "url": "https://example.org/t",
        "version": "2026",
        **meta,
    }
    return make_document(doc_id=f"pages/t/{key}", content=text, source="pages", **fields)


def chunks(**texts: str) -> list[Document]:
    """Chunked documents ``pages/t/<key>`` with the given texts (fingerprints set by the real chunker)."""
    return CorpusChunker().run([page(key, text) for key, text in texts.items()])["documents"]


def index(store: Any, docs: list[Document]) -> None:
    """Write ``docs`` with a dummy dense vector, as the indexing pipeline leaves them."""
    store.write_documents([replace(d, embedding=[0.1, 0.2, 0.3, 0.4]) for d in docs])
