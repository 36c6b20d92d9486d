"""Sparse BM25 vectors for German text: document side (term-frequency saturation) and query side.

Both embedders share the analysis of :mod:`indexing.nlp.terms` (folded lemmas, guarded compound
parts, citation terms such as "§9") and the term ids of :func:`term_id`, so a query term meets the
same term in a document. The IDF factor is not computed here: the Qdrant collection's sparse
vector uses ``Modifier.IDF`` and applies it server-side, over the whole index, at query time.
Document values are BM25's saturated term frequency

    tf · (k1 + 1) / (tf + k1 · (1 − b + b · dl / avgdl))

with ``dl`` the number of terms of the document; query values are 1 per distinct term.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from haystack import Document, component
from haystack.dataclasses import SparseEmbedding
from spacy.language import Language
from tqdm import tqdm

from indexing.nlp.errors import Errors
from indexing.nlp.pipeline import build_german_nlp, load_vocabulary
from indexing.nlp.terms import doc_terms
from indexing.serialization import SettingsSerialization

_TERM_ID_MASK = 0x7FFFFFFF
DEFAULT_AVGDL = 45.0  # terms per passage of about 60 words (see the module's report)


def term_id(term: str) -> int:
    """Stable 31-bit id of a term (CRC-32 of its UTF-8 bytes): the same in every process."""
    return zlib.crc32(term.encode("utf-8")) & _TERM_ID_MASK


def bm25_document_embedding(terms: Sequence[str], *, k1: float, b: float, avgdl: float) -> SparseEmbedding:
    """BM25 term-frequency weights of one document's terms (no IDF), indices ascending.

    Terms whose ids collide are counted together (as BM25 over ids would).
    """
    counts = Counter(term_id(term) for term in terms)
    length_norm = k1 * (1.0 - b + b * len(terms) / avgdl)
    indices = sorted(counts)
    values = [counts[i] * (k1 + 1.0) / (counts[i] + length_norm) for i in indices]
    return SparseEmbedding(indices=indices, values=values)


def query_embedding(terms: Iterable[str]) -> SparseEmbedding:
    """Query vector: every distinct term once with weight 1, indices ascending."""
    indices = sorted({term_id(term) for term in terms})
    return SparseEmbedding(indices=indices, values=[1.0] * len(indices))


def average_document_length(texts: Iterable[str], nlp: Language | None = None) -> float:
    """Mean number of terms per text: the ``avgdl`` to configure for a corpus.

    :param texts: The passages as they will be indexed.
    :param nlp: The analysis pipeline (default: :func:`build_german_nlp` without vocabulary).
    :returns: The mean, or :data:`DEFAULT_AVGDL` for no texts.
    """
    total = count = 0
    for doc in (nlp or build_german_nlp()).pipe(texts, batch_size=256):
        total += len(doc_terms(doc))
        count += 1
    return total / count if count and total else DEFAULT_AVGDL


def _check_bm25_settings(k1: float, b: float, avgdl: float) -> None:
    if not k1 >= 0:
        raise ValueError(Errors.N003.format(setting="k1", value=k1, rule="must be >= 0"))
    if not 0 <= b <= 1:
        raise ValueError(Errors.N003.format(setting="b", value=b, rule="must be between 0 and 1"))
    if not avgdl > 0:
        raise ValueError(Errors.N003.format(setting="avgdl", value=avgdl, rule="must be > 0"))


def _build_nlp(vocabulary_path: str | None) -> Language:
    return build_german_nlp(load_vocabulary(vocabulary_path) if vocabulary_path else None)


@component
class GermanSparseDocumentEmbedder(SettingsSerialization):
    """Adds a BM25 ``sparse_embedding`` to each document (German lemmas, compounds, citations).

    ### Usage example

    ```python
    embedder = GermanSparseDocumentEmbedder(avgdl=45.0)
    embedder.warm_up()
    docs = embedder.run([Document(content="Die Personalausweisbehörde …")])["documents"]
    ```
    """

    serialized_settings = (
        "k1",
        "b",
        "avgdl",
        "vocabulary_path",
        "meta_fields_to_embed",
        "embedding_separator",
        "batch_size",
        "progress_bar",
    )

    def __init__(
        self,
        *,
        k1: float = 1.2,
        b: float = 0.75,
        avgdl: float = DEFAULT_AVGDL,
        vocabulary_path: str | None = None,
        meta_fields_to_embed: list[str] | None = None,
        embedding_separator: str = "\n",
        batch_size: int = 256,
        progress_bar: bool = False,
    ) -> None:
        """
        :param k1: BM25 term-frequency saturation (>= 0).
        :param b: BM25 length normalisation (0 … 1).
        :param avgdl: Average document length in terms; fit it with :func:`average_document_length`.
        :param vocabulary_path: Word list (one per line) of extra known compound parts; the text
            embedder must use the same file.
        :param meta_fields_to_embed: Meta fields (e.g. a title) analysed together with the content.
        :param embedding_separator: Separator between meta values and content.
        :param batch_size: Documents per ``nlp.pipe`` batch.
        :param progress_bar: Show a tqdm bar over the documents (the indexing job's per-stage progress).
        """
        _check_bm25_settings(k1, b, avgdl)
        self.k1 = k1
        self.b = b
        self.avgdl = avgdl
        self.vocabulary_path = vocabulary_path
        self.meta_fields_to_embed = meta_fields_to_embed or []
        self.embedding_separator = embedding_separator
        self.batch_size = batch_size
        self.progress_bar = progress_bar
        self._nlp: Language | None = None

    def warm_up(self) -> None:
        """Build (or fetch the cached) German analysis pipeline."""
        if self._nlp is None:
            self._nlp = _build_nlp(self.vocabulary_path)

    def _text(self, document: Document) -> str:
        meta_values = [
            str(document.meta[key]) for key in self.meta_fields_to_embed if document.meta.get(key) is not None
        ]
        return self.embedding_separator.join([*meta_values, document.content or ""])

    @component.output_types(documents=list[Document])
    def run(self, documents: list[Document]) -> dict[str, list[Document]]:
        """
        :param documents: Documents to embed; content ``None`` counts as empty text.
        :returns: ``{"documents": …}``: copies with ``sparse_embedding`` set, in input order.
        :raises TypeError: If ``documents`` is not a list of :class:`Document`.
        """
        if not isinstance(documents, list) or any(not isinstance(d, Document) for d in documents):
            raise TypeError(
                "GermanSparseDocumentEmbedder expects a list of Documents; "
                "use GermanSparseTextEmbedder for a string."
            )
        self.warm_up()
        assert self._nlp is not None
        texts = (self._text(document) for document in documents)
        embedded = [
            replace(
                document,
                sparse_embedding=bm25_document_embedding(
                    doc_terms(doc), k1=self.k1, b=self.b, avgdl=self.avgdl
                ),
            )
            for document, doc in zip(
                documents,
                tqdm(
                    self._nlp.pipe(texts, batch_size=self.batch_size),
                    total=len(documents),
                    desc="Sparse (BM25)",
                    unit="chunk",
                    disable=not self.progress_bar,
                ),
                strict=True,
            )
        ]
        return {"documents": embedded}


@component
class GermanSparseTextEmbedder(SettingsSerialization):
    """Turns a query into a sparse vector of its distinct terms (weight 1; IDF comes from Qdrant)."""

    serialized_settings = ("vocabulary_path",)

    def __init__(self, *, vocabulary_path: str | None = None) -> None:
        """
        :param vocabulary_path: Same word list as the document embedder's (or ``None`` for both).
        """
        self.vocabulary_path = vocabulary_path
        self._nlp: Language | None = None

    def warm_up(self) -> None:
        """Build (or fetch the cached) German analysis pipeline."""
        if self._nlp is None:
            self._nlp = _build_nlp(self.vocabulary_path)

    @component.output_types(sparse_embedding=SparseEmbedding)
    def run(self, text: str) -> dict[str, SparseEmbedding]:
        """
        :param text: The user's question or search words.
        :returns: ``{"sparse_embedding": …}``; empty when nothing but stop words remains.
        :raises TypeError: If ``text`` is not a string.
        """
        if not isinstance(text, str):
            raise TypeError(
                "GermanSparseTextEmbedder expects a string; use GermanSparseDocumentEmbedder for Documents."
            )
        self.warm_up()
        assert self._nlp is not None
        return {"sparse_embedding": query_embedding(doc_terms(self._nlp(text)))}
