"""Legal citations parsed into structured :class:`Citation` objects."""

from __future__ import annotations

from typing import Any

import pytest

from indexing.nlp import Citation, build_german_nlp, doc_citations, parse_citations


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("§ 9 Abs. 1 Satz 2 EGovG LSA", {"section": "9", "paragraph": 1, "sentence": 2, "law": "EGovG LSA"}),
        ("§ 9 Absatz 1 EGovG LSA", {"section": "9", "paragraph": 1, "law": "EGovG LSA"}),
        ("§§ 13 bis 15", {"section": "13", "section_end": "15", "law": None}),
        ("§§ 13 - 15 EGovG", {"section": "13", "section_end": "15", "law": "EGovG"}),
        ("Art. 82 Verf LSA", {"kind": "Art.", "section": "82", "law": "Verf LSA"}),
        ("Artikel 3 GG", {"kind": "Art.", "section": "3", "law": "GG"}),
        ("§ 17 BMG", {"section": "17", "law": "BMG"}),
        ("§ 9a", {"section": "9a"}),
        ("Paragraph 9", {"kind": "§", "section": "9"}),
        ("paragraf 9 egovg", {"section": "9", "law": "EGovG"}),
        ("PARAGRAPH 9 EGOVG LSA", {"section": "9", "law": "EGovG LSA"}),
        ("§9", {"section": "9"}),
        ("§ 3 Abs. 2 Nr. 4 VwVfG", {"section": "3", "paragraph": 2, "number": 4, "law": "VwVfG"}),
        ("§ 12 Abs. 1 bis 3", {"section": "12", "paragraph": 1, "paragraph_end": 3}),
        ("§ 18 des Personalausweisgesetzes", {"section": "18", "law": "PAuswG"}),
        ("§ 15 des E-Government-Gesetzes", {"section": "15", "law": "EGovG"}),
        ("§ 5 des Melderechtsgesetzes", {"section": "5", "law": "Melderechtsgesetz"}),
        ("§ 1 Abs. 2 SGB X", {"section": "1", "paragraph": 2, "law": "SGB X"}),
        ("§ 4 Nr. 2 lit. b DSGVO", {"section": "4", "number": 2, "letter": "b", "law": "DSGVO"}),
        (
            "Artikels 82 Abs. 1 und 2 der Verfassung des Landes Sachsen-Anhalt",
            {"kind": "Art.", "section": "82", "paragraph": 1, "law": "Verf LSA"},
        ),
    ],
)
def test_citations_parse(text: str, fields: dict[str, Any]) -> None:
    (citation,) = parse_citations(text)
    for name, value in fields.items():
        assert getattr(citation, name) == value, name
    assert citation.text == text


@pytest.mark.parametrize(
    "text",
    [
        "Paragraph",
        "Absatz 1 gilt",
        "die Art der Leistung",
        "Nr. 5",
        "§ ohne Zahl",
        "im Jahr 2019",
        "Artikel über Gesetze",
    ],
)
def test_citations_none(text: str) -> None:
    assert parse_citations(text) == []


def test_citations_enumeration_shares_the_law() -> None:
    citations = parse_citations("nach den §§ 4, 5 und 7 EGovG")
    assert [(c.section, c.law) for c in citations] == [("4", "EGovG"), ("5", "EGovG"), ("7", "EGovG")]


def test_citations_in_running_text() -> None:
    text = "§ 2 Abs. 1 und die §§ 13 bis 15 des E-Government-Gesetzes vom 25. Juli 2013 gelten."
    citations = parse_citations(text)
    assert [c.label() for c in citations] == ["§ 2 Abs. 1", "§§ 13–15 EGovG"]
    assert all(text[c.start : c.end] == c.text for c in citations)


def test_citations_relative_reference_has_no_law() -> None:
    (citation,) = parse_citations("nach § 9 dieses Gesetzes")
    assert citation.law is None


@pytest.mark.parametrize(
    ("citation", "label", "terms"),
    [
        (
            Citation(kind="§", section="9", paragraph=1, sentence=2, law="EGovG LSA"),
            "§ 9 Abs. 1 Satz 2 EGovG LSA",
            ["§9"],
        ),
        (Citation(kind="§", section="13", section_end="15"), "§§ 13–15", ["§13", "§14", "§15"]),
        (Citation(kind="Art.", section="82", law="Verf LSA"), "Art. 82 Verf LSA", ["art82"]),
        (Citation(kind="§", section="9a"), "§ 9a", ["§9a"]),
    ],
)
def test_citations_label_and_terms(citation: Citation, label: str, terms: list[str]) -> None:
    assert citation.label() == label
    assert citation.terms() == terms


def test_citations_component() -> None:
    doc = build_german_nlp()("Nach § 9 Abs. 1 EGovG LSA und Art. 82 Verf LSA gilt das.")
    assert [c.label() for c in doc_citations(doc)] == ["§ 9 Abs. 1 EGovG LSA", "Art. 82 Verf LSA"]
    spans = doc.spans["lsa_citations"]
    assert [span.text for span in spans] == ["§ 9 Abs. 1 EGovG LSA", "Art. 82 Verf LSA"]
    assert [c.section for c in spans[0]._.lsa_citations] == ["9"]


def test_citations_component_without_citations() -> None:
    doc = build_german_nlp()("Kein Verweis hier.")
    assert doc_citations(doc) == []
    assert list(doc.spans["lsa_citations"]) == []
