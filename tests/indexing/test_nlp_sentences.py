"""Sentence splitting that respects legal and common abbreviations, ordinals and dates."""

from __future__ import annotations

import pytest

from indexing.nlp import build_german_nlp
from indexing.nlp.sentences import ABBREVIATIONS, is_abbreviation


def sentences(text: str) -> list[str]:
    return [sentence.text.strip() for sentence in build_german_nlp()(text).sents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gemäß § 9 Abs. 1 Satz 2 EGovG LSA gilt das. Danach folgt mehr.",
            ["Gemäß § 9 Abs. 1 Satz 2 EGovG LSA gilt das.", "Danach folgt mehr."],
        ),
        (
            "Das gilt i. V. m. Art. 82 Verf LSA. Weiter geht es.",
            ["Das gilt i. V. m. Art. 82 Verf LSA.", "Weiter geht es."],
        ),
        (
            "Dies sind z. B. Anträge, d. h. Formulare u. a. mehr. Neu ist das nicht.",
            ["Dies sind z. B. Anträge, d. h. Formulare u. a. mehr.", "Neu ist das nicht."],
        ),
        (
            "Es trat am 24. Juli 2019 in Kraft. Seitdem gilt es.",
            ["Es trat am 24. Juli 2019 in Kraft.", "Seitdem gilt es."],
        ),
        ("Der Antrag ist bis zum 3. Oktober zu stellen.", ["Der Antrag ist bis zum 3. Oktober zu stellen."]),
        ("Im 2. Halbjahr wird entschieden.", ["Im 2. Halbjahr wird entschieden."]),
        (
            "Siehe Nr. 3 bzw. Nr. 4 und ggf. vgl. gem. lit. a des Gesetzes. Ende.",
            ["Siehe Nr. 3 bzw. Nr. 4 und ggf. vgl. gem. lit. a des Gesetzes.", "Ende."],
        ),
        (
            "Das steht im GVBl. LSA S. 200. Die Änderung folgte.",
            ["Das steht im GVBl. LSA S. 200.", "Die Änderung folgte."],
        ),
        (
            "Die Regelung gilt nach Satz 1 Nr. 5. Die Frist beträgt einen Monat.",
            ["Die Regelung gilt nach Satz 1 Nr. 5.", "Die Frist beträgt einen Monat."],
        ),
        ("Das gilt gem. § 3 Abs. 2. Dann folgt Satz 3.", ["Das gilt gem. § 3 Abs. 2.", "Dann folgt Satz 3."]),
        ("Gesetz vom 16.02.2023. Danach gilt es.", ["Gesetz vom 16.02.2023.", "Danach gilt es."]),
        ("Wann? Morgen! Gut.", ["Wann?", "Morgen!", "Gut."]),
        (
            "Dies gilt für Landesbehörden bzw. Gemeinden usw. und mehr.",
            ["Dies gilt für Landesbehörden bzw. Gemeinden usw. und mehr."],
        ),
        ("Er sagte: „Das ist gut.“ Danach ging er.", ["Er sagte: „Das ist gut.“", "Danach ging er."]),
        (
            "Stellen sind:\n\n1. die Landesbehörden\n2. die Gemeinden",
            ["Stellen sind:", "1. die Landesbehörden", "2. die Gemeinden"],
        ),
        ("(1) Text eins.\n(2) Text zwei.", ["(1) Text eins.", "(2) Text zwei."]),
        ("Text ohne Punkt", ["Text ohne Punkt"]),
        ("Das Haus ist alt. Es steht.", ["Das Haus ist alt.", "Es steht."]),
    ],
)
def test_sentences_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "abbreviation", ["Abs.", "Nr.", "Art.", "bzw.", "ggf.", "vgl.", "gem.", "lit.", "Vgl.", "S."]
)
def test_sentences_abbreviation_is_one_token(abbreviation: str) -> None:
    doc = build_german_nlp()(f"Siehe {abbreviation} 5 hier")
    assert abbreviation in [token.text for token in doc]
    assert is_abbreviation(abbreviation)


def test_sentences_abbreviation_variants_cover_both_cases() -> None:
    assert {"vgl.", "Vgl.", "Abs.", "abs."} <= ABBREVIATIONS


def test_sentences_empty_text() -> None:
    assert list(build_german_nlp()("").sents) == []
