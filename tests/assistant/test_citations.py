"""Citation numbering and the exact-substring invariant (assistant/citations.py)."""

from __future__ import annotations

import pytest

from assistant.citations import (
    CitationBuilder,
    invalid_citations,
    is_exact_quote,
    lead,
    sentence_with,
    sentences,
    shorten,
)
from assistant.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Zuständig ist das MI. Es gilt § 9 Abs. 1 Satz 2.",
            ["Zuständig ist das MI.", "Es gilt § 9 Abs. 1 Satz 2."],
        ),
        ("Spätestens ab dem 1. Juli 2023 gilt das.", ["Spätestens ab dem 1. Juli 2023 gilt das."]),
        (
            "Meldebehörde der Gemeinde bzw. Verbandsgemeinde. Fachaufsicht: Landkreis.",
            ["Meldebehörde der Gemeinde bzw. Verbandsgemeinde.", "Fachaufsicht: Landkreis."],
        ),
        ("Zeile eins\nZeile zwei\n\n- Punkt", ["Zeile eins", "Zeile zwei", "- Punkt"]),
        (
            "LeiKa-Schlüssel: 99108047001001. Diese Angabe ist nicht sicher belegt.",
            ["LeiKa-Schlüssel: 99108047001001.", "Diese Angabe ist nicht sicher belegt."],
        ),
        ("Belege, z. B. Eheurkunde. Fertig!", ["Belege, z. B. Eheurkunde.", "Fertig!"]),
        (  # an abbreviation right after an opening bracket
            "Weitere Absätze (u. a. zu Organisationskonten) fehlen. Mehr nicht.",
            ["Weitere Absätze (u. a. zu Organisationskonten) fehlen.", "Mehr nicht."],
        ),
        ("", []),
    ],
)
def test_citations_sentences_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_citations_sentences_are_spans_of_every_chunk(kb: KnowledgeBase) -> None:
    for chunk in kb.chunks.values():
        for sentence in sentences(chunk.content or ""):
            assert sentence and sentence in chunk.content


@pytest.mark.parametrize("limit", [5, 40, 400])
def test_citations_shorten_keeps_a_prefix(limit: int) -> None:
    text = "Die Stellen der Landesverwaltung sind verpflichtet, einen sicheren Zugang zu eröffnen."
    short = shorten(text, limit)
    assert text.startswith(short) and len(short) <= limit


def test_citations_lead_spans_sentences(kb: KnowledgeBase) -> None:
    text = kb.chunks["org/MID/role/5"].content
    two = lead(text, 2)
    assert two.startswith("Zuständig für die Bezahlplattform") and two in text and two.count(".") >= 2


def test_citations_sentence_with_needles(kb: KnowledgeBase) -> None:
    text = kb.chunks["fim/99115005104000/karte"].content
    assert (
        sentence_with(text, "zuständige stelle:")
        == "Zuständige Stelle: Meldebehörde der Gemeinde bzw. Verbandsgemeinde"
    )
    assert sentence_with(text, "gibt es nicht") is None


class TestCitationBuilder:
    def test_numbers_from_one_and_reuses_same_span(self, kb: KnowledgeBase) -> None:
        builder = CitationBuilder(kb)
        quote = (
            "Zuständig für die Bezahlplattform (ePayment) ist das Ministerium für Infrastruktur und "
            "Digitales (MID)."
        )
        assert builder.cite("org/MID/role/5", quote) == 1
        assert builder.cite("org/MID/role/5", quote) == 1
        assert builder.cite("fim/99008001012000/kosten", "37,00 €") == 2
        first = builder.citations[0]
        assert first.source == "organizations" and first.label.startswith("Ministerium für Infrastruktur")
        assert first.url and first.document_id == "org/MID/role/5"

    @pytest.mark.parametrize(
        ("document_id", "quote"),
        [
            ("org/MID/role/5", "Zuständig für die Bezahlplattform ist das MI."),  # altered text
            ("org/MID/role/5", ""),
            ("org/nope", "Zuständig"),
            ("fim/99008001012000/kosten", "37 Euro"),
        ],
    )
    def test_unverified_quote_is_dropped(self, kb: KnowledgeBase, document_id: str, quote: str) -> None:
        builder = CitationBuilder(kb)
        assert builder.cite(document_id, quote) is None
        assert builder.dropped == 1 and builder.citations == []

    def test_cite_sentence_and_lead(self, kb: KnowledgeBase) -> None:
        builder = CitationBuilder(kb)
        number, quote = builder.cite_sentence("org/relation/1", "Fachlich verantwortlich")
        assert number == 1 and quote.startswith(
            "Fachlich verantwortlich ist das Ministerium für Inneres und Sport"
        )
        number, quote = builder.cite_lead("egovg-lsa/§9/abs1")
        assert number == 2 and quote.startswith("(1) Die Stellen der Landesverwaltung")
        assert builder.cite_sentence("org/relation/1", "kommt nicht vor") == (None, "")
        assert builder.dropped == 1


def test_citations_invalid_citations_finds_tampering(kb: KnowledgeBase) -> None:
    builder = CitationBuilder(kb)
    builder.cite("fim/99008001012000/kosten", "37,00 €")
    good = builder.citations[0]
    bad = good.model_copy(update={"quote": "36,00 €"})
    assert invalid_citations(kb, [good]) == []
    assert invalid_citations(kb, [good, bad]) == [bad]
    assert is_exact_quote(kb, good.document_id, good.quote)
