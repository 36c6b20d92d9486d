"""The adapted stop list: function words out, domain words ("Recht", "Tage", "Dritte") in."""

from __future__ import annotations

import pytest

from indexing.nlp import STOP_WORDS, analyze_terms, build_german_nlp, is_stop


@pytest.mark.parametrize(
    "word",
    ["der", "Die", "und", "ich", "wo", "meinen", "nicht", "kein", "ohne", "bitte", "fuer", "gemäß", "sowie"],
)
def test_stopwords_stopped(word: str) -> None:
    assert is_stop(word)


@pytest.mark.parametrize(
    "word",
    [
        "recht",
        "Rechte",
        "jahr",
        "tage",
        "zeit",
        "uhr",
        "drei",
        "dritte",
        "mittel",
        "offen",
        "behörde",
        "frist",
    ],
)
def test_stopwords_kept_as_content(word: str) -> None:
    assert not is_stop(word)


def test_stopwords_folded_spellings_included() -> None:
    assert {"für", "fuer", "daß", "dass"} <= STOP_WORDS


def test_stopwords_token_flags() -> None:
    doc = build_german_nlp()("Ich habe das Recht auf drei Tage")
    assert [token.is_stop for token in doc] == [True, True, True, False, True, False, False]


def test_stopwords_lemma_rule() -> None:
    # "hättest" is not on the list, its lemma "haben" is.
    assert "hättest" not in STOP_WORDS
    assert analyze_terms("Die Anträge hättest du gestellt") == ["antrag", "stellen"]
