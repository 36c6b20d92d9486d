"""Haystack's stock sentence-transformers embedders: the reference our ONNX and cached embedders must match.

sentence-transformers is imported inside the function: importing it costs seconds, which a module that only
collects its tests should not pay.
"""

from __future__ import annotations

from typing import Any, Literal


def stock_embedder(model: str, role: Literal["query", "passage"], **overrides: Any) -> Any:
    """Haystack's own embedder for the e5 ``role`` (a text embedder for ``query: ``, a document embedder for
    ``passage: ``), normalised, offline and warmed up; ``overrides`` add or replace settings (``batch_size``)."""
    from haystack_integrations.components.embedders.sentence_transformers import (
        SentenceTransformersDocumentEmbedder,
        SentenceTransformersTextEmbedder,
    )

    cls = SentenceTransformersTextEmbedder if role == "query" else SentenceTransformersDocumentEmbedder
    settings: dict[str, Any] = {
        "model": model,
        "prefix": f"{role}: ",
        "normalize_embeddings": True,
        "progress_bar": False,
        "local_files_only": True,
    }
    embedder = cls(**{**settings, **overrides})
    embedder.warm_up()
    return embedder
