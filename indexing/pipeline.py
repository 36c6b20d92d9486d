"""Wires the indexing pipeline; nothing else lives here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from haystack import Pipeline
from haystack.components.writers import DocumentWriter
from haystack.document_stores.types import DuplicatePolicy

from indexing.components.change_detector import ChangeDetector
from indexing.components.chunker import CorpusChunker
from indexing.components.corpus_loader import CorpusLoader
from indexing.components.sparse_embedder import GermanSparseDocumentEmbedder
from indexing.components.stale_remover import StaleChunkRemover
from indexing.nlp.caches import use_nlp_caches
from lsa_assistant.settings import Settings

if TYPE_CHECKING:
    from corpora.corpus import Corpus

#: Meta field both embedders put before the chunk text (set by the chunker).
CONTEXT_FIELD = "embed_context"


def build_dense_document_embedder(model_path: str, settings: Settings, progress: bool = False) -> Any:
    """The passage embedder (e5 ``passage:`` prompt, normalised, context meta field before the text).

    ONNX Runtime by default (``LSA_DOCUMENT_EMBEDDING_BACKEND``; fp32 or the int8 variant, whichever ``model_path``
    holds), torch through sentence-transformers (fp32 only) when asked for or when ONNX Runtime is not installed;
    both load their model on the first non-empty batch, so a no-op incremental run stays fast.
    """
    from indexing.models.onnx_query import onnx_available

    if settings.document_embedding_backend == "onnx" and onnx_available():
        from indexing.components.onnx_document_embedder import OnnxDocumentEmbedder

        return OnnxDocumentEmbedder(
            model=model_path,
            prefix="passage: ",
            meta_fields_to_embed=[CONTEXT_FIELD],
            embedding_separator="\n",
            batch_size=settings.embedding_batch_size,
            batch_tokens=settings.embedding_batch_tokens,
            threads=settings.embedding_threads,
            progress_bar=progress,
        )
    from indexing.components.dense_embedder import DeferredDocumentEmbedder

    return DeferredDocumentEmbedder(
        model=model_path,
        prefix="passage: ",
        normalize_embeddings=True,
        batch_size=settings.embedding_batch_size,
        progress_bar=progress,
        local_files_only=True,
        meta_fields_to_embed=[CONTEXT_FIELD],
        embedding_separator="\n",
    )


def build_indexing_pipeline(
    settings: Settings, store: Any, model_path: str, progress: bool = False, corpus: Corpus | None = None
) -> Pipeline:
    """loader -> chunker -> change detector -> sparse embedder -> dense embedder -> writer (+ stale remover).

    :param store: the Haystack document store of the build being written.
    :param model_path: sentence-transformers directory of the dense model (see ``indexing.models``).
    :param corpus: the already loaded corpus of ``settings.corpus_dir`` (else the loader reads it).
    """
    use_nlp_caches(settings.model_cache_dir)  # cached n-grams and lemma tries for the German pipeline
    pipe = Pipeline()
    pipe.add_component("loader", CorpusLoader(corpus_dir=str(settings.corpus_dir), corpus=corpus))
    pipe.add_component("chunker", CorpusChunker())
    pipe.add_component("changes", ChangeDetector(document_store=store))
    pipe.add_component(
        "sparse", GermanSparseDocumentEmbedder(meta_fields_to_embed=[CONTEXT_FIELD], progress_bar=progress)
    )
    pipe.add_component("dense", build_dense_document_embedder(model_path, settings, progress))
    pipe.add_component("writer", DocumentWriter(document_store=store, policy=DuplicatePolicy.OVERWRITE))
    pipe.add_component("remover", StaleChunkRemover(document_store=store))
    pipe.connect("loader.documents", "chunker.documents")
    pipe.connect("chunker.documents", "changes.documents")
    pipe.connect("changes.documents", "sparse.documents")
    pipe.connect("sparse.documents", "dense.documents")
    pipe.connect("dense.documents", "writer.documents")
    pipe.connect("changes.stale_ids", "remover.stale_ids")
    return pipe
