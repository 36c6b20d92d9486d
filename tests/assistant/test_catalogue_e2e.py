"""Done-criterion of the catalogue issue, on the real index: 20 catalogue services drawn with a fixed seed,
each asked about in words (never by its key), must each find their entry among the first five results."""

from __future__ import annotations

import random
import re

import pytest

from assistant.citations import invalid_citations
from assistant.models import Message
from corpora.leika_models import CatalogueEntry
from indexing.nlp.normalize import fold

SEED = 20261128
DRAWN = 20
#: Verrichtungen of LeiKa names ("Hundesteuer Festsetzung"): the question puts them first, like people do.
VERRICHTUNGEN = frozenset(
    "Erteilung Ausstellung Bewilligung Genehmigung Anzeige Festsetzung Entsorgung Verlängerung Änderung "
    "Eintragung Anmeldung Abmeldung Ummeldung Befreiung Beratung Gewährung Zulassung Registrierung "
    "Anerkennung Durchführung Erlaubnis Zustimmung Bestellung Verleihung Auszahlung Erstattung Ausgabe "
    "Prüfung Meldung Vergabe Übertragung Zuteilung Berechnung Untersagung Aufhebung Widerruf Aufbewahrung "
    "Abnahme Auskunft Feststellung Bescheinigung Verwahrung Rückgabe Einziehung Entgegennahme Förderung".split()
)


def question_for(entry: CatalogueEntry) -> str:
    """ "Hundesteuer Festsetzung" -> "Wie bekomme ich die Festsetzung für Hundesteuer?"; otherwise
    "Wie beantrage ich <Name>?". The key never appears in the question."""
    words = entry.name.split()
    for index, word in enumerate(words[1:], start=1):
        if word in VERRICHTUNGEN:
            detail = " ".join(words[index + 1 :])
            verb = f"{word} {detail}".strip()
            return f"Wie bekomme ich die {verb} für {' '.join(words[:index])}?"
    return f"Wie beantrage ich {entry.name}?"


def drawn_entries(
    entries: list[CatalogueEntry], curated_names: frozenset[str] = frozenset()
) -> list[CatalogueEntry]:
    """20 entries with a fixed seed; general notes (Typisierung 6) are not services one asks for, and an entry
    named like a curated service, one of its synonyms or a word of its name ("Waffenbesitzkarte", "Wohnsitz")
    is rightly answered by the curated description, so it is no test of finding catalogue entries."""
    eligible = sorted(
        (e for e in entries if not e.general_note and fold(e.name) not in curated_names), key=lambda e: e.key
    )
    return random.Random(SEED).sample(eligible, DRAWN)


def test_catalogue_question_never_contains_the_key() -> None:
    entry = CatalogueEntry(key="99102013002000", name="Hundesteuer Festsetzung", typisierung=["4"])
    assert question_for(entry) == "Wie bekomme ich die Festsetzung für Hundesteuer?"
    assert not re.search(r"\d{14}", question_for(entry))


@pytest.mark.slow
@pytest.mark.model
def test_catalogue_twenty_random_services_found_in_top_five(real_assistant) -> None:
    kb = real_assistant.knowledge
    misses = []
    # names, synonyms and name words of curated services: such entries are answered by the curated description
    curated = frozenset(
        fold(text) for s in kb.services for text in (s.name, *s.begriffe, *s.name.split()) if len(text) > 4
    )
    for entry in drawn_entries(kb.catalogue, curated):
        question = question_for(entry)
        answer, trace = real_assistant.answer([Message(role="user", content=question)])
        assert invalid_citations(kb, answer.citations) == []
        if f"leika/{entry.key}" not in trace.retrieved_ids[:5]:
            misses.append(f"{question} -> {trace.retrieved_ids[:5]}")
    assert misses == [], "\n".join(misses)


@pytest.mark.slow
@pytest.mark.model
def test_catalogue_e2e_answer_names_entry_and_refers_to_bus(real_assistant) -> None:
    answer, trace = real_assistant.answer([Message(role="user", content="Wie beantrage ich Blindengeld?")])
    assert "leika/99107030000000" in trace.retrieved_ids[:5]
    # the heading "Blindengeld" stands for its only Leistung, which the answer names with its key
    assert "„Blindengeld Gewährung“" in answer.answer and "99107030080000" in answer.answer
    assert "https://www.buerger.sachsen-anhalt.de" in answer.answer
    assert answer.responsible == [] and not answer.no_answer
    assert invalid_citations(real_assistant.knowledge, answer.citations) == []
