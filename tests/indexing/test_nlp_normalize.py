"""Folding: one search key for "Straße"/"Strasse", "Führerschein"/"Fuehrerschein"."""

from __future__ import annotations

import pytest

from indexing.nlp import analyze_terms, build_german_nlp, fold
from indexing.nlp.normalize import spelling_variants


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Straße", "strasse"),
        ("Strasse", "strasse"),
        ("Führerschein", "fuehrerschein"),
        ("FÜHRERSCHEIN", "fuehrerschein"),
        ("Ärger", "aerger"),
        ("Öffnungszeiten", "oeffnungszeiten"),
        ("Café", "cafe"),
        ("ﬁnden", "finden"),  # NFKC resolves the ligature
        ("Bär", "baer"),  # not "bar": transliteration keeps words apart
    ],
)
def test_normalize_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("word", "first_variant"),
    [
        ("Fuehrerschein", "Führerschein"),
        ("Strasse", "Straße"),
        ("Uebersicht", "Übersicht"),
        ("Aerger", "Ärger"),
    ],
)
def test_normalize_spelling_variants(word: str, first_variant: str) -> None:
    assert spelling_variants(word)[0] == first_variant


@pytest.mark.parametrize("word", ["Straße", "Führerschein", "Behörde", "Antrag"])
def test_normalize_spelling_variants_none_needed(word: str) -> None:
    assert spelling_variants(word) == []


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Strasse", "Straße"),
        ("Fuehrerschein", "Führerschein"),
        ("Strassenverkehrsamt", "Straßenverkehrsamt"),
        ("Gebuehren", "Gebühren"),
        ("zustaendige Behoerde", "zuständige Behörde"),
    ],
)
def test_normalize_ascii_input_meets_real_spelling(typed: str, written: str) -> None:
    assert analyze_terms(typed) == analyze_terms(written)


def test_normalize_component_sets_norm() -> None:
    doc = build_german_nlp()("Die Straßen")
    assert doc[1].norm_ == "strasse"
