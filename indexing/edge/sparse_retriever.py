"""Sparse (BM25 with engine-side IDF) retrieval on an Edge shard (``QdrantSparseEmbeddingRetriever``'s twin)."""

from __future__ import annotations

from typing import Any

from haystack import Document, component
from haystack.dataclasses import SparseEmbedding

from indexing.edge._retriever_base import EdgeRetrieverBase


@component
class EdgeSparseEmbeddingRetriever(EdgeRetrieverBase):
    """Chunks by sparse dot product; the shard's ``Modifier.Idf`` weighs every term by its IDF."""

    @component.output_types(documents=list[Document])
    def run(
        self,
        query_sparse_embedding: SparseEmbedding,
        filters: dict[str, Any] | None = None,
        top_k: int | None = None,
        return_embedding: bool | None = None,
        score_threshold: float | None = None,
    ) -> dict[str, list[Document]]:
        options = self._options(filters, top_k, return_embedding, score_threshold)
        return {
            "documents": self._document_store._query_by_sparse(query_sparse_embedding, **options)  # noqa: SLF001
        }
