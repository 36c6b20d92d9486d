"""The benchmark corpus: the shipped chunks with real vectors, topped up with synthetic chunks to any size.

Real vectors come from the active index when one is built (its chunks carry the e5 and sparse vectors the service
searches), else they are embedded once and cached under ``<data_dir>/bench``. Synthetic chunks: vectors mixed from
two real chunks plus noise (renormalised), sparse vectors merged from the same two chunks, metadata of the first.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
from haystack import Document
from haystack.dataclasses import SparseEmbedding

from lsa_assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def indexed_chunks(settings: Settings) -> list[Document]:
    """The active index's chunks with their stored dense and sparse vectors ([] when there is none)."""
    from indexing.store import open_backend

    backend = open_backend(settings)
    try:
        store, _info = backend.open_active()
        docs = [
            d for d in store.filter_documents() if d.embedding is not None and d.sparse_embedding is not None
        ]
    except Exception as exc:  # no index, or another kind of store: fall back to embedding
        log.info("no usable active index (%s); embedding the corpus", exc)
        return []
    finally:
        backend.close()
    return sorted(docs, key=lambda d: str(d.meta.get("id")))


def base_chunks(settings: Settings, model_path: str) -> list[Document]:
    """Shipped chunks with sparse and real dense vectors (from the index, or embedded and cached by fingerprints)."""
    indexed = indexed_chunks(settings)
    if indexed:
        return indexed
    from indexing.components.chunker import CorpusChunker
    from indexing.components.corpus_loader import CorpusLoader
    from indexing.components.sparse_embedder import GermanSparseDocumentEmbedder
    from indexing.pipeline import CONTEXT_FIELD, build_dense_document_embedder

    docs = CorpusChunker().run(CorpusLoader(corpus_dir=str(settings.corpus_dir)).run()["documents"])[
        "documents"
    ]
    sparse = GermanSparseDocumentEmbedder(meta_fields_to_embed=[CONTEXT_FIELD])
    sparse.warm_up()
    docs = sparse.run(docs)["documents"]
    key = hashlib.sha256("\n".join(str(d.meta.get("fingerprint", d.id)) for d in docs).encode()).hexdigest()[
        :12
    ]
    cache = settings.data_dir / "bench" / f"dense-{Path(model_path).name}-{key}.npy"
    if cache.is_file():
        vectors = np.load(cache)
    else:
        dense = build_dense_document_embedder(model_path, settings, progress=True)
        dense.load_model()
        vectors = np.array([d.embedding for d in dense.run(docs)["documents"]], dtype=np.float32)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, vectors)
    return [replace(doc, embedding=vec.tolist()) for doc, vec in zip(docs, vectors, strict=True)]


def synthetic(base: list[Document], n: int, seed: int = 7) -> list[Document]:
    """``n`` chunks: the real ones first, then mixtures of two real chunks (see the module docstring)."""
    rng = np.random.default_rng(seed)
    out = list(base[:n])
    mat = np.array([d.embedding for d in base], dtype=np.float32)
    for j in range(len(out), n):
        a, b = rng.integers(0, len(base), 2)
        vec = 0.7 * mat[a] + 0.3 * mat[b] + rng.normal(0, 0.02, mat.shape[1]).astype(np.float32)
        terms = dict(
            zip(base[b].sparse_embedding.indices[::2], base[b].sparse_embedding.values[::2], strict=True)
        )
        terms.update(zip(base[a].sparse_embedding.indices, base[a].sparse_embedding.values, strict=True))
        idx = sorted(terms)
        meta = {**base[a].meta, "id": f"synthetic/{j}"}
        out.append(
            Document(
                id=f"{j:064x}",
                content=base[a].content,
                meta=meta,
                embedding=(vec / np.linalg.norm(vec)).tolist(),
                sparse_embedding=SparseEmbedding(indices=idx, values=[terms[i] for i in idx]),
            )
        )
    return out


def questions(limit: int) -> list[str]:
    import yaml

    gold = yaml.safe_load((ROOT / "tests" / "eval" / "gold.yaml").read_text(encoding="utf-8"))
    seen = dict.fromkeys(m["content"] for item in gold for m in item["messages"] if m["role"] == "user")
    return list(seen)[:limit]
