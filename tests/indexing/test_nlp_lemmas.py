"""simplemma lemmas (lower-case), with spelling restored for ASCII input."""

from __future__ import annotations

import pytest

from indexing.nlp import build_german_nlp, lemmatize


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("Leistungsbeschreibungen", "leistungsbeschreibung"),
        ("leistungsbeschreibungen", "leistungsbeschreibung"),
        ("Landkreises", "landkreis"),
        ("Nutzerkonten", "nutzerkonto"),
        ("führen", "führen"),  # spaCy's lookup table says "fahren"
        ("führt", "führen"),
        ("geführt", "führen"),
        ("Behörden", "behörde"),
        ("Anträge", "antrag"),
        ("Ämtern", "amt"),
        ("Wohnsitzes", "wohnsitz"),
        ("Daten", "daten"),  # data, not the plural of "Datum"
        ("Fuehrerschein", "führerschein"),
        ("Strasse", "straße"),
        ("Strassen", "straße"),
        ("Masse", "masse"),  # a base form as typed is not re-spelled to "Maße"
        ("EGovG", "egovg"),
        ("LSA", "lsa"),
        ("2019", "2019"),
        ("Abs.", "abs."),
    ],
)
def test_lemmas_lemmatize(word: str, lemma: str) -> None:
    assert lemmatize(word) == lemma


def test_lemmas_component_sets_lower_case_lemma() -> None:
    doc = build_german_nlp()("Die Landkreise führen Nutzerkonten")
    assert [token.lemma_ for token in doc] == ["der", "landkreis", "führen", "nutzerkonto"]
