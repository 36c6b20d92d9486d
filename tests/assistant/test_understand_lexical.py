"""Lexical evidence: whole lemmas count, compound parts and other word classes only add weak evidence."""

from __future__ import annotations

import pytest

from assistant.understand.lexical import Terms, TermWeights, coverage, doc_terms
from indexing.nlp import build_german_nlp


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201 - spaCy Language
    return build_german_nlp()


def _terms(nlp, text: str) -> Terms:  # noqa: ANN001
    return doc_terms(nlp(text))


def test_lexical_whole_lemma_is_strong_evidence(nlp) -> None:  # noqa: ANN001
    weights = TermWeights([_terms(nlp, "Meldebescheinigung beantragen"), _terms(nlp, "Wohnsitz anmelden")])
    cover = coverage(
        _terms(nlp, "Wo bekomme ich eine Meldebescheinigung?"),
        _terms(nlp, "Meldebescheinigung beantragen"),
        weights,
    )
    assert cover["q_whole"] > 0.5 and cover["s_whole"] == pytest.approx(1.0) and cover["rare_whole"] > 0


def test_lexical_compound_part_is_only_weak_evidence(nlp) -> None:  # noqa: ANN001
    """ "Bibliotheksausweis" shares the part "Ausweis" with "Personalausweis": no whole-lemma hit."""
    subject = _terms(nlp, "Personalausweis beantragen")
    weights = TermWeights([subject, _terms(nlp, "Bibliotheksausweis")])
    cover = coverage(_terms(nlp, "Wo bekomme ich einen Bibliotheksausweis?"), subject, weights)
    assert cover["q_whole"] == 0 and cover["s_whole"] == 0 and cover["rare_whole"] == 0
    assert cover["q_part"] > 0


def test_lexical_other_word_class_is_no_hit(nlp) -> None:  # noqa: ANN001
    """ "steuert" (the verb) is not "Steuer" (the noun)."""
    subject = _terms(nlp, "Steuerliche Identifikationsnummer Steuer")
    weights = TermWeights([subject])
    cover = coverage(_terms(nlp, "Wer steuert die Digitalisierung der Landesverwaltung?"), subject, weights)
    assert cover["q_whole"] == 0 and cover["s_whole"] == 0


def test_lexical_generic_words_are_not_terms(nlp) -> None:  # noqa: ANN001
    terms = _terms(nlp, "Wo kann ich das beantragen und wer ist zuständig?")
    assert not terms.whole & {"beantragen", "zustaendig"}
