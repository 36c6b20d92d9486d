"""Dense-only retrieval quality of a model (variant) on the gold set: recall@5 and MRR by exact cosine search.

Why apart from ``lsa-assistant eval``: comparing two precisions of one model needs nothing but the vectors. The
answering path (analysis, follow-up resolution, candidates, the learned decision) would add its own effects and is
being changed by others; here every chunk of the shipped corpus is embedded, every single-turn gold question with
expected documents is embedded, and the top 10 by cosine are scored exactly as the evaluation scores retrieval
(recall@5: any expected chunk among the first five; MRR over the first ten).

Used by ``benchmarks/dense_quality.py`` (the figures in ``docs/benchmarks.md``) and by the quality guard test
``tests/indexing/test_dense_quality.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

#: Depth of the ranking that MRR reads (as the evaluation's retrieval modes).
DEPTH = 10


@dataclass(frozen=True)
class GoldQuery:
    """A single-turn gold question and the chunk ids any of which answers it."""

    id: str
    text: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class DenseQuality:
    recall_at_5: float
    mrr: float
    questions: int


def gold_queries(path: Path) -> list[GoldQuery]:
    """Single-turn entries with expected documents that the sources answer (dialogues need the assistant's
    follow-up resolution, which is not under test here)."""
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = entries.get("questions", entries) if isinstance(entries, dict) else entries
    return [
        GoldQuery(e["id"], e["messages"][0]["content"], tuple(e["expected_documents"]))
        for e in entries
        if len(e["messages"]) == 1 and e.get("expected_documents") and not e.get("no_answer")
    ]


def corpus_chunks(corpus_dir: Path) -> list[Any]:
    """The chunks of the shipped corpora, as the indexing job makes them (haystack Documents)."""
    from indexing.components.chunker import CorpusChunker
    from indexing.components.corpus_loader import CorpusLoader

    documents = CorpusLoader(corpus_dir=str(corpus_dir)).run()["documents"]
    return list(CorpusChunker().run(documents)["documents"])


def corpus_key(chunks: Sequence[Any]) -> str:
    """Names one corpus state (ids and texts of all chunks): cached vectors are reused only for the same one."""
    digest = hashlib.sha256()
    for doc in chunks:
        digest.update(f"{doc.meta.get('id')}\0{doc.content}\0{doc.meta.get('embed_context', '')}\0".encode())
    return digest.hexdigest()[:12]


def passage_vectors(model_dir: Path | str, chunks: Sequence[Any], threads: int = 0) -> np.ndarray:
    """Passage embeddings as the indexing job computes them on ONNX Runtime (rows in ``chunks`` order)."""
    from indexing.components.onnx_document_embedder import OnnxDocumentEmbedder
    from indexing.pipeline import CONTEXT_FIELD

    embedder = OnnxDocumentEmbedder(
        model=str(model_dir), meta_fields_to_embed=[CONTEXT_FIELD], threads=threads
    )
    embedded = embedder.run(list(chunks))["documents"]
    return np.asarray([doc.embedding for doc in embedded], dtype=np.float32)


def query_vectors(model_dir: Path | str, texts: Sequence[str], prefix: str = "query: ") -> np.ndarray:
    """Question embeddings as the service computes them (one unpadded text per call)."""
    from indexing.models.onnx_query import OnnxQueryEncoder

    encoder = OnnxQueryEncoder(model_dir, threads=1)
    return np.asarray([encoder.encode(prefix + text) for text in texts], dtype=np.float32)


def rankings(queries: np.ndarray, passages: np.ndarray, depth: int = DEPTH) -> np.ndarray:
    """Row indices of the ``depth`` passages with the highest cosine per query (vectors are unit length)."""
    scores = queries @ passages.T
    top = np.argpartition(-scores, depth, axis=1)[:, :depth]
    order = np.take_along_axis(scores, top, axis=1).argsort(axis=1)[:, ::-1]
    return np.take_along_axis(top, order, axis=1)


def quality(ranked: np.ndarray, chunk_ids: Sequence[str], queries: Sequence[GoldQuery]) -> DenseQuality:
    """recall@5 and MRR@``DEPTH`` of ``ranked`` (from :func:`rankings`) against the expected chunk ids."""
    recall, reciprocal = [], []
    for row, query in zip(ranked, queries, strict=True):
        ids = [chunk_ids[i] for i in row]
        wanted = set(query.expected)
        recall.append(1.0 if wanted & set(ids[:5]) else 0.0)
        reciprocal.append(next((1.0 / rank for rank, i in enumerate(ids, 1) if i in wanted), 0.0))
    return DenseQuality(float(np.mean(recall)), float(np.mean(reciprocal)), len(queries))


def top_overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Mean share of the top-``k`` of ``a`` that is also in the top-``k`` of ``b`` (rows are queries)."""
    k = a.shape[1]
    return float(np.mean([len(set(x) & set(y)) / k for x, y in zip(a.tolist(), b.tolist(), strict=True)]))


def row_cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine of each row of ``a`` with the same row of ``b`` (unit vectors)."""
    return np.einsum("ij,ij->i", a, b)
