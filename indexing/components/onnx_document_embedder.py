"""Passage embeddings on ONNX Runtime: the indexing job's dense stage on the queries' model (fp32 or int8).

The default passage embedder: with the fused export and the int8 variant it is the fastest path measured here
(``docs/benchmarks.md``, ``benchmarks/indexing.py``), and when other processes compete for the cores ONNX Runtime
degrades far less than torch (whose pool spin-waits). In fp32 the vectors equal the sentence-transformers
embedder's to float rounding (cosine ≥ 0.9999, tested), so an fp32 index may mix chunks embedded either way.

The text of a document is built exactly as ``SentenceTransformersDocumentEmbedder`` builds it (prefix, non-empty
meta fields, content, joined by the separator), so switching backends re-embeds nothing. All texts are tokenized
first (one parallel call), sorted by token count and cut into batches of similar length under a budget of padded
tokens: padding costs transformer time, and the chunks here range from 10 to 512 tokens.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from haystack import Document, component
from tqdm import tqdm

from indexing.serialization import SettingsSerialization

log = logging.getLogger(__name__)


@component
class OnnxDocumentEmbedder(SettingsSerialization):
    """Embeds documents with the e5 encoder exported to ONNX; loads the session on the first non-empty run.

    :param model: sentence-transformers directory (the export is cached beside it).
    :param prefix: e5's passage prompt.
    :param meta_fields_to_embed: meta fields put before the content (as the sentence-transformers embedder does).
    :param embedding_separator: joins meta values and content.
    :param batch_size: most texts per session call.
    :param batch_tokens: most padded tokens (texts × longest text) per session call.
    :param threads: ONNX Runtime intra-op threads (0: one per physical core).
    :param progress_bar: a tqdm bar over the documents.
    """

    serialized_settings = (
        "model",
        "prefix",
        "meta_fields_to_embed",
        "embedding_separator",
        "batch_size",
        "batch_tokens",
        "threads",
        "progress_bar",
    )

    def __init__(
        self,
        model: str,
        prefix: str = "passage: ",
        meta_fields_to_embed: list[str] | None = None,
        embedding_separator: str = "\n",
        batch_size: int = 64,
        batch_tokens: int = 8192,
        threads: int = 0,
        progress_bar: bool = False,
    ) -> None:
        self.model = model
        self.prefix = prefix
        self.meta_fields_to_embed = list(meta_fields_to_embed or [])
        self.embedding_separator = embedding_separator
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self.threads = threads
        self.progress_bar = progress_bar
        self._encoder: Any = None

    def warm_up(self) -> None:
        """Deliberately empty: an incremental run with nothing to embed should not pay for the session."""

    def load_model(self) -> None:
        """Open the ONNX session now (exports the model first when no export is cached)."""
        if self._encoder is None:
            from indexing.models.onnx_query import OnnxQueryEncoder

            self._encoder = OnnxQueryEncoder(self.model, threads=self.threads, spinning=True)

    def text_of(self, doc: Document) -> str:
        """The text sentence-transformers' document embedder would embed for ``doc``."""
        meta = [str(doc.meta[key]) for key in self.meta_fields_to_embed if doc.meta.get(key)]
        return self.prefix + self.embedding_separator.join([*meta, doc.content or ""])

    @component.output_types(documents=list[Document])
    def run(self, documents: list[Document]) -> dict[str, list[Document]]:
        if not isinstance(documents, list) or (documents and not isinstance(documents[0], Document)):
            raise TypeError("OnnxDocumentEmbedder expects a list of Documents as input")
        if not documents:
            return {"documents": []}
        self.load_model()
        encodings = self._encoder.tokenizer.encode_batch([self.text_of(doc) for doc in documents])
        vectors: list[Any] = [None] * len(documents)
        with tqdm(
            total=len(documents), disable=not self.progress_bar, desc="Dense (ONNX)", unit="chunk"
        ) as bar:
            for batch in length_batches([len(e.ids) for e in encodings], self.batch_size, self.batch_tokens):
                embedded = self._encoder.encode_encodings([encodings[i] for i in batch])
                for i, vec in zip(batch, embedded, strict=True):
                    vectors[i] = vec.tolist()
                bar.update(len(batch))
        return {
            "documents": [replace(doc, embedding=vec) for doc, vec in zip(documents, vectors, strict=True)]
        }


def length_batches(lengths: list[int], max_texts: int, max_tokens: int) -> list[list[int]]:
    """Indices of ``lengths`` sorted by length and cut into batches of at most ``max_texts`` texts and at most
    ``max_tokens`` padded tokens (a text longer than the budget travels alone)."""
    batches: list[list[int]] = []
    batch: list[int] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        if batch and (len(batch) >= max_texts or (len(batch) + 1) * lengths[i] > max_tokens):
            batches.append(batch)
            batch = []
        batch.append(i)
    if batch:
        batches.append(batch)
    return batches
