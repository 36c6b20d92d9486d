"""Dense retrieval on an Edge shard (the counterpart of ``QdrantEmbeddingRetriever``)."""

from __future__ import annotations

from typing import Any

from haystack import Document, component

from indexing.edge._retriever_base import EdgeRetrieverBase


@component
class EdgeEmbeddingRetriever(EdgeRetrieverBase):
    """Nearest chunks by cosine similarity of the dense (e5) vectors."""

    @component.output_types(documents=list[Document])
    def run(
        self,
        query_embedding: list[float],
        filters: dict[str, Any] | None = None,
        top_k: int | None = None,
        return_embedding: bool | None = None,
        score_threshold: float | None = None,
    ) -> dict[str, list[Document]]:
        options = self._options(filters, top_k, return_embedding, score_threshold)
        return {"documents": self._document_store._query_by_embedding(query_embedding, **options)}  # noqa: SLF001
