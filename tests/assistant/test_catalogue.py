"""Catalogue-only services (LeiKa, Stand ~2019): linking, the answer and its citations, without a model."""

from __future__ import annotations

import pytest

from assistant.citations import invalid_citations
from assistant.compose.catalogue import compose_catalogue, named_entry
from assistant.compose.dispatch import AnswerComposer
from assistant.compose.draft import BUS_URL, Draft
from assistant.knowledge import KnowledgeBase
from assistant.models import EntityRef, QueryAnalysis
from corpora.leika_models import CatalogueEntry
from tests.assistant.analysis_helpers import ask, hits


def _analysis(key: str, intent: str = "service", text: str = "Frage") -> QueryAnalysis:
    return QueryAnalysis(
        text=text,
        resolved_text=text,
        intent=intent,  # type: ignore[arg-type]
        catalogue=[EntityRef("service", key, "x", 1.0, "x")],
    )


def test_catalogue_knowledge_base_lists_typed_entries_without_curated_ones(kb: KnowledgeBase) -> None:
    assert 4700 < len(kb.catalogue) < 4813
    assert all(isinstance(e, CatalogueEntry) for e in kb.catalogue)
    curated = {k for s in kb.services for k in (s.leika_key, *s.weitere_leika_keys) if k}
    assert not curated & {e.key for e in kb.catalogue}
    entry = kb.catalogue_entry("99001002004000")
    assert entry is not None and entry.name == "Altpapier Entsorgung" and entry.typisierung == ["2/3"]
    assert entry.url.startswith("http://www.gesetze-im-internet.de/krwg")
    assert kb.catalogue_entry("99115005104000") is None  # curated: Wohnsitz anmelden
    assert all(f"leika/{e.key}" in kb.chunks for e in kb.catalogue)


@pytest.mark.parametrize(
    ("question", "key", "intent"),
    [
        ("Wie beantrage ich Blindengeld?", "99107030000000", "service"),
        ("Wie kann ich meinen Sperrmüll abholen lassen?", "99001009000000", "service"),  # out of scope alone
        ("Welche Erlaubnis brauche ich, um eine Spielhalle zu betreiben?", "99050028005000", "service"),
        (
            "Ich möchte bei der nächsten Wahl als Wahlhelfer mitmachen. Wo melde ich mich an?",
            "99128008000000",
            "responsibility",
        ),
    ],
)
def test_catalogue_question_names_the_entry(question: str, key: str, intent: str) -> None:
    analysis = ask(question)
    assert analysis.intent == intent
    assert analysis.catalogue and analysis.catalogue[0].id == key
    assert not analysis.of_kind("service")


@pytest.mark.parametrize(
    "question",
    [
        "Was kostet ein Personalausweis?",  # curated service: its object "Personalausweis" is not linked
        "Wo melde ich meinen Wohnsitz an?",
        "Wie wird das Wetter morgen in Magdeburg?",
        "Wer wird Deutscher Meister in der Bundesliga?",
        "Hallo!",
    ],
)
def test_catalogue_not_linked_for_curated_or_foreign_questions(question: str) -> None:
    assert ask(question).catalogue == []


def test_catalogue_follow_up_keeps_the_entry() -> None:
    analysis = ask("Wie beantrage ich Blindengeld?", "Und welche Rechtsgrundlage gilt?")
    assert [e.id for e in analysis.catalogue] == ["99107030000000"]


@pytest.mark.parametrize(
    ("key", "expected", "absent"),
    [
        (
            "99001002004000",
            [
                "„Altpapier Entsorgung“ mit dem Leistungsschlüssel 99001002004000",
                "Typisierung 2/3: Regelung durch den Bund, Vollzug durch das Land oder die Kommunen [1].",
                "Rechtsgrundlage laut Katalog: Kreislaufwirtschaftsgesetz (KrWG)",
            ],
            ["überholt"],
        ),
        (
            "99012001001000",
            ["Dieser Schlüssel ist überholt; der aktuelle Schlüssel ist 99012077006000 („Abbruchgenehmigung"],
            [],
        ),
        (
            "99019003016000",
            ["nur als allgemeiner Hinweis, nicht als konkrete Verwaltungsleistung"],
            ["Typisierung 6"],
        ),
        ("99010012000000", ["Eine Typisierung (wer regelt, wer vollzieht) nennt der Katalog nicht"], []),
    ],
)
def test_catalogue_answer_states_what_the_entry_supports(
    kb: KnowledgeBase, key: str, expected: list[str], absent: list[str]
) -> None:
    entry = kb.catalogue_entry(key)
    assert entry is not None
    draft = Draft(kb, "service")
    assert compose_catalogue(draft, kb, entry)
    answer = draft.answer()
    for phrase in [
        *expected,
        "Leistungsbeschreibung für Sachsen-Anhalt ist dazu noch nicht hinterlegt",
        BUS_URL,
    ]:
        assert phrase in answer.answer
    for phrase in absent:
        assert phrase not in answer.answer
    assert [c.document_id for c in answer.citations] == [f"leika/{key}"]
    assert invalid_citations(kb, answer.citations) == [] and draft.dropped == 0
    assert answer.responsible == [] and not answer.no_answer


def test_catalogue_answer_names_no_authority(kb: KnowledgeBase) -> None:
    """Typ 2/3 says Land or municipality execute; the answer must not turn that into a named authority."""
    answer, _ = AnswerComposer(kb).compose(_analysis("99001002004000", "responsibility"), [])
    assert answer.intent == "responsibility" and answer.responsible == []
    assert "Welche Behörde vor Ort zuständig ist, nennen meine Quellen deshalb nicht." in answer.answer
    for authority in ("Landkreis", "Landesverwaltungsamt", "Gemeinde ", "Ministerium"):
        assert authority not in answer.answer


def test_catalogue_curated_top_hit_wins(kb: KnowledgeBase) -> None:
    analysis = _analysis("99089087000000")
    assert named_entry(kb, analysis, "fim/99089018001000/fristen") is None
    assert named_entry(kb, analysis, "leika/99089087000000") is not None
    assert named_entry(kb, analysis, None) is not None


def test_catalogue_answer_from_a_retrieved_entry(kb: KnowledgeBase) -> None:
    """No entity linked, but retrieval's strong top hit is a catalogue entry: answered from it."""
    analysis = QueryAnalysis(
        text="Altpapier Entsorgung", resolved_text="Altpapier Entsorgung", intent="service"
    )
    answer, _ = AnswerComposer(kb).compose(analysis, hits(kb, ["leika/99001002004000"]))
    assert [c.document_id for c in answer.citations] == ["leika/99001002004000"]


@pytest.mark.parametrize(("definition", "first"), [(True, "egovg-lsa/§1/abs2"), (False, "egovg-lsa/§7/abs4")])
def test_catalogue_legal_definition_wins_a_tie(kb: KnowledgeBase, definition: bool, first: str) -> None:
    """With ~5,000 more chunks the law chunks' retrieval order shifts; for "Was sind …?" the
    Legaldefinition ("im Sinne dieses Gesetzes sind") must not depend on it."""
    from assistant.compose.legal import compose_law_hits

    draft = Draft(kb, "definition")
    question = "Was sind Stellen der mittelbaren Landesverwaltung im Sinne des EGovG LSA?"
    ids = ["egovg-lsa/§7/abs4", "egovg-lsa/§1/abs2"]
    assert compose_law_hits(draft, kb, ids, question, definition=definition)
    assert draft.citations.citations[0].document_id == first


@pytest.mark.parametrize(
    ("heading", "question", "leistung"),
    [
        ("99107030000000", "Blindengeld beantragen", "99107030080000"),  # the object's only Leistung
        ("99073001000000", "kirchenaustritt sachsen-anhalt", "99073001022000"),
        (
            "99001009000000",
            "Sperrmüll abholen lassen",
            "99001009004002",
        ),  # named by its own word ("Abholung")
        ("99001009000000", "Sperrmüll entsorgen", None),  # every Leistung is an "Entsorgung": left open
        ("99107030080000", "Blindengeld beantragen", None),  # already a Leistung
        ("99041006000000", "Elterngeld berechnen", None),  # "Elterngeld beantragen" is curated: left alone
    ],
)
def test_catalogue_an_objects_heading_stands_for_its_leistung(
    kb: KnowledgeBase, heading: str, question: str, leistung: str | None
) -> None:
    from assistant.compose.catalogue import CatalogueObjects

    entry = kb.catalogue_entry(heading)
    assert entry is not None
    concrete = CatalogueObjects(kb).concrete(entry, question)
    assert (concrete.key if concrete else None) == leistung


@pytest.mark.parametrize(
    ("chosen", "question", "expected"),
    [
        # a variant the question does not name stands for the plain Leistung
        ("99018008005001", "heilpraktiker erlaubnis beantragen sachsen-anhalt", "99018008005000"),
        # the question uses the variant's own word: it stays
        ("99018008005001", "Heilpraktiker für Psychotherapie Erlaubnis", "99018008005001"),
        ("99001009004002", "Sperrmüll abholen lassen", "99001009004002"),
        ("99001009004002", "Sperrmüll entsorgen", "99001009004000"),
        ("99018008005000", "heilpraktiker erlaubnis", "99018008005000"),  # already the plain Leistung
        ("99107030000000", "Blindengeld beantragen", "99107030080000"),  # a heading: its only Leistung
    ],
)
def test_catalogue_a_variant_not_named_stands_for_the_plain_leistung(
    kb: KnowledgeBase, chosen: str, question: str, expected: str
) -> None:
    from assistant.compose.catalogue import CatalogueObjects
    from corpora.ids import SubjectRef

    ref = CatalogueObjects(kb).concrete_ref(SubjectRef("catalogue", chosen), question)
    assert ref == SubjectRef("catalogue", expected)


def test_catalogue_an_objects_answer_names_its_leistungen_each_cited(kb: KnowledgeBase) -> None:
    """ "Wahlhelfer" is a heading: the answer names "Wahlhelfer Anmeldung" and "Wahlhelfer Verpflichtung" with
    their keys, each cited from its own entry, so the reader sees which service the heading stands for."""
    from assistant.compose.catalogue import CatalogueObjects

    entry = kb.catalogue_entry("99128008000000")
    assert entry is not None
    leistungen = CatalogueObjects(kb).leistungen(entry)
    assert {e.key for e in leistungen} == {"99128008021000", "99128008104000"}
    draft = Draft(kb, "service")
    assert compose_catalogue(draft, kb, entry, leistungen)
    answer = draft.answer()
    assert "„Wahlhelfer Anmeldung“ (Schlüssel 99128008104000)" in answer.answer
    assert {c.document_id for c in answer.citations} == {
        "leika/99128008000000",
        "leika/99128008021000",
        "leika/99128008104000",
    }
    assert invalid_citations(kb, answer.citations) == [] and draft.dropped == 0


def test_catalogue_a_leistung_lists_nothing_below_it(kb: KnowledgeBase) -> None:
    from assistant.compose.catalogue import CatalogueObjects

    entry = kb.catalogue_entry("99128008104000")
    assert entry is not None and CatalogueObjects(kb).leistungen(entry) == []
    draft = Draft(kb, "service")
    assert compose_catalogue(draft, kb, entry, [])
    assert "Darunter verzeichnet" not in draft.answer().answer


def test_catalogue_a_long_list_of_leistungen_names_eight_and_counts_the_rest(kb: KnowledgeBase) -> None:
    from assistant.compose.catalogue import MAX_LISTED, CatalogueObjects

    entry = kb.catalogue_entry("99058007000000")  # Handwerksrolle: nine Leistungen
    assert entry is not None
    leistungen = CatalogueObjects(kb).leistungen(entry)
    assert len(leistungen) == MAX_LISTED + 1
    draft = Draft(kb, "service")
    assert compose_catalogue(draft, kb, entry, leistungen)
    text = draft.answer().answer
    assert sum(1 for line in text.splitlines() if line.startswith("- „")) == MAX_LISTED
    assert "- und 1 weitere" in text


def test_catalogue_answer_declares_exactly_the_cited_leistungen(kb: KnowledgeBase) -> None:
    """The subjects of an object's answer are its heading plus the Leistungen it names and cites, no others."""
    from assistant.compose.answer_subjects import AnswerSubjects
    from assistant.compose.catalogue import MAX_LISTED, CatalogueObjects
    from assistant.understand.subjects import SubjectCatalog
    from corpora.ids import SubjectRef

    objects = CatalogueObjects(kb)
    subjects = AnswerSubjects(kb, SubjectCatalog(), AnswerComposer(kb).orgs, objects)
    entry = kb.catalogue_entry("99058007000000")
    assert entry is not None
    leistungen = objects.leistungen(entry)
    draft = Draft(kb, "service")
    assert compose_catalogue(draft, kb, entry, leistungen)
    answer = draft.answer()
    covered = subjects.covered(SubjectRef("catalogue", entry.key), answer)
    cited = {c.document_id for c in answer.citations}
    assert {s.id for s in covered} == {e.key for e in leistungen if f"leika/{e.key}" in cited}
    assert len(covered) == MAX_LISTED and all(s.kind == "catalogue" and s.leika_key == s.id for s in covered)
    draft = Draft(kb, "service")
    assert compose_catalogue(draft, kb, entry, [])
    assert subjects.covered(SubjectRef("catalogue", entry.key), draft.answer()) == []
