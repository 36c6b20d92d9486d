"""Haystack's sentence-transformers document embedder, loading its model only when there is work.

``Pipeline.run`` warms up every component first; loading the e5 model costs seconds, which an incremental run
that found nothing to embed should not pay.
"""

from __future__ import annotations

from haystack import Document, component
from haystack_integrations.components.embedders.sentence_transformers import (
    SentenceTransformersDocumentEmbedder,
)


@component
class DeferredDocumentEmbedder(SentenceTransformersDocumentEmbedder):
    """Same settings and output as the parent; ``warm_up`` is deferred to the first non-empty ``run``."""

    def warm_up(self) -> None:
        """Deliberately empty: see :meth:`run`."""

    def load_model(self) -> None:
        """Load the model now (benchmarks, services that want it warm)."""
        # explicit base calls: @component rebuilds the class, which breaks zero-argument super()
        SentenceTransformersDocumentEmbedder.warm_up(self)

    @component.output_types(documents=list[Document])
    def run(self, documents: list[Document]) -> dict[str, list[Document]]:
        if not documents:
            return {"documents": []}
        if self.embedding_backend is None:
            self.load_model()
        return SentenceTransformersDocumentEmbedder.run(self, documents)
