"""Index terms for sparse BM25 vectors: what a text contributes to the lexical index.

One rule for documents and queries (they must meet): for every word the folded lemma
("Leistungsbeschreibungen" → "leistungsbeschreibung", "Straße" → "strasse") plus its accepted
compound parts ("leistung", "beschreibung"); stop words, punctuation and abbreviations dropped;
numbers kept ("2019", "24.07.2019", "1." → "1"); citations become one term per cited section
("§ 9 Abs. 1" → "§9", "§§ 13 bis 15" → "§13", "§14", "§15", "Art. 82" → "art82") while the law's
own words stay terms ("EGovG LSA" → "egovg", "lsa"). Terms repeat as often as they occur; term
frequencies are the embedder's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from indexing.nlp.citations import SPANS_KEY, doc_citations
from indexing.nlp.normalize import fold
from indexing.nlp.pipeline import build_german_nlp

_NUMBER = re.compile(r"^\d+(?:[.,:/-]\d+)*\.?$")
# Words that only make up the structure of a citation ("§ 9 Abs. 1 Satz 2"), not its law.
_CITATION_WORDS = frozenset(
    "§ §§ abs. abs absatz absätze satz sätze s. nr. nr nrn. nummer nummern buchst. buchstabe lit. "
    "paragraph paragraf paragraphen paragrafen art. artt. artikel bis und sowie oder des der dem im "
    "nach gemäß , - –".split()
)


def _is_citation_structure(text: str) -> bool:
    lowered = text.lower()
    return lowered in _CITATION_WORDS or lowered[:1].isdigit() or (len(lowered) == 1 and lowered.isalpha())


def doc_terms(doc: Doc) -> list[str]:
    """The index terms of a document processed by :func:`build_german_nlp`'s pipeline."""
    terms: list[str] = []
    citation_at: dict[int, list[str]] = {}
    in_citation: set[int] = set()
    spans = doc.spans.get(SPANS_KEY, []) if doc.spans else []
    if len(spans):
        citations = doc_citations(doc)
        for span in spans:
            inside = [c for c in citations if span.start_char <= c.start and c.end <= span.end_char]
            citation_at[span.start] = [term for citation in inside for term in citation.terms()]
            in_citation.update(range(span.start, span.end))
    for token in doc:
        if token.i in citation_at:
            terms.extend(citation_at[token.i])
        if token.is_space or token.is_punct:
            continue
        text = token.text
        if token.i in in_citation and _is_citation_structure(text):
            continue
        if _NUMBER.match(text):
            terms.append(text.rstrip("."))
            continue
        if text.endswith(".") or token._.lsa_stop:
            continue  # abbreviations keep their full stop as one token ("Abs.", "z.", "vgl.")
        norm = token.norm_
        if len(norm) < 2 or not any(ch.isalnum() for ch in norm):
            continue
        terms.append(norm)
        for part in token._.lsa_parts:
            folded = fold(part)
            if folded != norm:
                terms.append(folded)
    return terms


def analyze_terms(text: str, nlp: Language | None = None) -> list[str]:
    """Index terms of one text.

    :param text: A passage or a query.
    :param nlp: The pipeline to use; :func:`build_german_nlp` without vocabulary by default.
    :returns: Terms in text order, repeated as they occur.
    """
    return doc_terms((nlp or build_german_nlp())(text))


def analyze_many(
    texts: Iterable[str], nlp: Language | None = None, *, batch_size: int = 256
) -> Iterator[list[str]]:
    """Index terms of many texts, batched through ``nlp.pipe`` (same order as ``texts``)."""
    for doc in (nlp or build_german_nlp()).pipe(texts, batch_size=batch_size):
        yield doc_terms(doc)
