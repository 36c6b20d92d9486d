"""Guarded compound splitting: parts only when every part is a known word."""

from __future__ import annotations

import pytest

from indexing.nlp import build_german_nlp, get_compound_splitter
from indexing.nlp.compounds import CompoundSplitter, split_candidates


@pytest.fixture(scope="module")
def splitter() -> CompoundSplitter:
    return get_compound_splitter(build_german_nlp())


@pytest.mark.parametrize(
    ("word", "whole", "parts"),
    [
        ("Personalausweisbehörde", "personalausweisbehörde", ("personalausweis", "behörde")),
        ("Personalausweisbehörden", "personalausweisbehörde", ("personalausweis", "behörde")),
        ("Leistungsbeschreibungen", "leistungsbeschreibungen", ("leistung", "beschreibung")),  # Fugen-s
        ("Meldebehörde", "meldebehörde", ("melden", "melde", "behörde")),  # verb stem → verb
        ("Wohnsitz", "wohnsitz", ("wohnen", "sitz")),
        ("Landkreis", "landkreis", ("land", "kreis")),
        ("Nutzerkonto", "nutzerkonto", ("nutzer", "konto")),
        ("Bürgeramt", "bürgeramt", ("bürger", "amt")),
        ("Ordnungsamt", "ordnungsamt", ("ordnung", "amt")),
        ("Kindergeld", "kindergeld", ("kind", "geld")),
        ("Bauantrag", "bauantrag", ("bau", "antrag")),
        ("Standesamt", "standesamt", ("stand", "amt")),  # Fugen-es
        ("Geburtsurkunde", "geburtsurkunde", ("geburt", "urkunde")),
        ("Steuererklärung", "steuererklärung", ("steuer", "erklärung")),
        ("Ausländerbehörde", "ausländerbehörde", ("ausländer", "behörde")),
        ("Datenschutz", "datenschutz", ("daten", "schutz")),
        ("Landesverwaltung", "landesverwaltung", ("land", "verwaltung")),
        ("Einwohnermeldeamt", "einwohnermeldeamt", ("einwohner", "melden", "melde", "amt")),  # nested
        ("Rathaus", "rathaus", ("rat", "haus")),  # second proposal ("Rath|aus" has a stop word)
        ("Gewerbeanmeldung", "gewerbeanmeldung", ("gewerbe", "anmeldung")),
        ("Verwaltungsleistungen", "verwaltungsleistung", ("verwaltung", "leistung")),  # lemma rebuilt
        ("Sachsen-Anhalt", "sachsen-anhalt", ("sachsen", "anhalt")),  # hyphen
        ("E-Government-Gesetzes", "e-government-gesetz", ("government", "gesetz")),
    ],
)
def test_compounds_split(splitter: CompoundSplitter, word: str, whole: str, parts: tuple[str, ...]) -> None:
    assert splitter.split(word) == (whole, parts)


@pytest.mark.parametrize(
    "word",
    [
        "beantragen",  # never "bean" + "tragen"
        "Beantragung",
        "Beschreibung",  # derived from "beschreiben", not "Besch" + "Reibung"
        "Regelungen",
        "Erreichbarkeit",
        "Bereitstellung",
        "Verstand",
        "Versand",
        "Dokumente",
        "Interesse",
        "Paragraf",
        "Programm",
        "Kontrolle",
        "Zugang",
        "Ausweis",  # "Aus" is a stop word
        "Beispiel",
        "Gemeinden",
        "Anmeldung",
        "Maßnahme",
        "entsprechende",
        "elektronischen",
        "Transaktionen",
    ],
)
def test_compounds_no_split(splitter: CompoundSplitter, word: str) -> None:
    assert splitter.split(word)[1] == ()


def test_compounds_component_sets_parts_and_lemma() -> None:
    doc = build_german_nlp()("Die Personalausweisbehörden beantragen")
    assert doc[1]._.lsa_parts == ("personalausweis", "behörde")
    assert doc[1].lemma_ == "personalausweisbehörde"
    assert doc[2]._.lsa_parts == ()


def test_compounds_acronyms_not_split() -> None:
    doc = build_german_nlp()("Das EGovG gilt")
    assert doc[1]._.lsa_parts == ()


def test_compounds_vocabulary_makes_parts_known() -> None:
    plain = get_compound_splitter(build_german_nlp())
    with_vocabulary = get_compound_splitter(build_german_nlp({"Quaxel"}))
    assert plain.split("Quaxelbehörde")[1] == ()
    assert with_vocabulary.split("Quaxelbehörde")[1] == ("quaxel", "behörde")


@pytest.mark.parametrize(
    "word", ["Personalausweisbehörde", "beantragen", "Leistungsbeschreibungen", "Rathaus"]
)
def test_compounds_candidates_match_compound_split(word: str) -> None:
    from compound_split import char_split

    expected = [
        (score, left.lower(), right.lower()) for score, left, right in char_split.split_compound(word)
    ]
    assert split_candidates(word) == expected


@pytest.mark.parametrize("settings", [{"min_part_length": 1}, {"min_word_length": 3}, {"max_candidates": 0}])
def test_compounds_invalid_settings(settings: dict[str, int]) -> None:
    with pytest.raises(ValueError, match=r"\[N001\]"):
        CompoundSplitter(build_german_nlp(), "lsa_compounds", **settings)
