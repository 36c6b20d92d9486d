"""Numbered citations whose quotes are exact spans of the indexed chunks, and the check that proves it.

Answers are composed from the sources only, so a citation is the evidence of a statement: its
``quote`` must be found verbatim in ``kb.chunks[document_id].content``. Quotes are always cut out of
the chunk text (never re-typed), and :meth:`CitationBuilder.cite` checks the span again before it
hands out a number; a claim whose quote fails the check is dropped by the caller, never shipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.knowledge import KnowledgeBase
from assistant.models import Citation

#: Words after which a period does not end a sentence (German legal and administrative abbreviations).
_ABBREVIATIONS = {
    "abs",
    "nr",
    "nrn",
    "bzw",
    "ggf",
    "vgl",
    "s",
    "z",
    "b",
    "u",
    "a",
    "d",
    "h",
    "i",
    "v",
    "dr",
    "ca",
    "bgbl",
    "art",
    "gem",
    "usw",
    "etc",
    "st",
    "str",
    "lit",
    "buchst",
    "ff",
    "sog",
    "evtl",
    "inkl",
    "zzgl",
    "max",
    "min",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
MAX_QUOTE = 400
_ORDINAL = re.compile(r"\d{1,2}[a-z]?")  # "1. Juli", item labels "1a."; long numbers (LeiKa keys) do end


def sentences(text: str) -> list[str]:
    """Sentences (and list lines) of ``text`` as exact substrings, in order.

    A period after a number ("1. Juli") or a known abbreviation ("Abs.", "bzw.") does not split.
    """
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.start()]
        if "\n" not in match.group(0) and _no_break(piece):
            continue
        if piece.strip():
            out.append(piece.strip())
        start = match.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _no_break(piece: str) -> bool:
    words = piece.rstrip(".!?").split()
    if not words:
        return True
    # "(u. a. zu …)", "„z. B.": an opening bracket or quotation mark before the abbreviation
    last = words[-1].casefold().rstrip(".").lstrip("(„\"'[")
    # "1. Juli", "Nr. 8. den …": short numbers are ordinals; "… 99108047001001." ends a sentence
    return bool(_ORDINAL.fullmatch(last)) or last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def shorten(quote: str, limit: int = MAX_QUOTE) -> str:
    """Cut a long span at a word boundary (still a prefix, so still an exact substring)."""
    if len(quote) <= limit:
        return quote
    cut = quote[:limit]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def sentence_with(text: str, *needles: str) -> str | None:
    """The first sentence of ``text`` that contains all ``needles`` (case-insensitive), else ``None``."""
    wanted = [n.casefold() for n in needles if n]
    for sentence in sentences(text):
        folded = sentence.casefold()
        if all(n in folded for n in wanted):
            return sentence
    return None


def lead(text: str, count: int = 1) -> str:
    """The first ``count`` sentences as one exact span of ``text``."""
    parts = sentences(text)[:count]
    if not parts:
        return ""
    begin = text.index(parts[0])
    end = text.index(parts[-1], begin) + len(parts[-1])
    return shorten(text[begin:end])


def is_exact_quote(knowledge: KnowledgeBase, document_id: str, quote: str) -> bool:
    """The invariant of every citation: a non-empty exact span of the indexed chunk."""
    chunk = knowledge.chunks.get(document_id)
    return bool(quote) and chunk is not None and chunk.content is not None and quote in chunk.content


def invalid_citations(knowledge: KnowledgeBase, citations: Iterable[Citation]) -> list[Citation]:
    """Citations that break the invariant (expected: none); used by tests and the evaluation."""
    return [c for c in citations if not is_exact_quote(knowledge, c.document_id, c.quote)]


class CitationBuilder:
    """Hands out citation numbers 1..n for verified quotes; the same span cited twice keeps its number."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.citations: list[Citation] = []
        self.dropped = 0

    def cite(self, document_id: str, quote: str | None) -> int | None:
        """The number of a citation for ``quote`` in ``document_id``; ``None`` (and a dropped claim) when the
        quote is not an exact span of that chunk."""
        quote = (quote or "").strip()
        if not is_exact_quote(self.knowledge, document_id, quote):
            self.dropped += 1
            return None
        for citation in self.citations:
            if citation.document_id == document_id and citation.quote == quote:
                return citation.id
        chunk = self.knowledge.chunks[document_id]
        meta = chunk.meta
        citation = Citation(
            id=len(self.citations) + 1,
            label=str(meta.get("label") or document_id),
            title=meta.get("title"),
            source=str(meta.get("source") or document_id.split("/")[0]),
            url=meta.get("url") or None,
            document_id=document_id,
            quote=quote,
        )
        self.citations.append(citation)
        return citation.id

    def cite_sentence(self, document_id: str, *needles: str) -> tuple[int | None, str]:
        """Cite the first sentence of the chunk containing ``needles``; returns (number, quote)."""
        chunk = self.knowledge.chunks.get(document_id)
        quote = sentence_with(chunk.content or "", *needles) if chunk is not None else None
        if quote is None:
            self.dropped += 1
            return None, ""
        quote = shorten(quote)
        return self.cite(document_id, quote), quote

    def cite_lead(self, document_id: str, count: int = 1) -> tuple[int | None, str]:
        chunk = self.knowledge.chunks.get(document_id)
        quote = lead(chunk.content or "", count) if chunk is not None else ""
        return self.cite(document_id, quote), quote
