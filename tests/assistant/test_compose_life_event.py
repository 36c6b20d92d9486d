"""Life-event answers: the Lebenslage's services, described ones with their authority, each line cited."""

from __future__ import annotations

from assistant.citations import invalid_citations
from assistant.compose.draft import Draft
from assistant.compose.life_event import compose_lebenslage, compose_ozg_leistung
from tests.assistant.analysis_helpers import knowledge


def _lebenslage(name: str) -> str:
    kb = knowledge()
    return next(x.id for x in kb.ozg.lebenslagen.values() if x.name == name)


def test_life_event_lists_described_services_with_their_authority() -> None:
    kb = knowledge()
    draft = Draft(kb, "service")
    assert compose_lebenslage(draft, kb, _lebenslage("Geburt"))
    answer = draft.answer()
    assert answer.answer.startswith("Zur Lebenslage „Geburt“ (Themenfeld „Familie & Kind“)")
    assert (
        "„Elterngeld beantragen“ – zuständig:" in answer.answer and "„Kindergeld beantragen“" in answer.answer
    )
    cited = [c.document_id for c in answer.citations]
    assert cited[0] == f"ozg/lebenslage/{_lebenslage('Geburt')}"
    assert any(c.endswith("/karte") for c in cited) and any(c.startswith("ozg/leistung/") for c in cited)
    assert invalid_citations(kb, answer.citations) == [] and draft.dropped == 0
    assert "Zuständigkeitsfinder" in answer.answer and answer.responsible == []  # no resolver: text only


def test_life_event_lists_the_authorities_as_responsible_with_their_certainty() -> None:
    from assistant.responsibility import ResponsibilityResolver

    kb = knowledge()
    draft = Draft(kb, "service")
    assert compose_lebenslage(draft, kb, _lebenslage("Geburt"), ResponsibilityResolver(kb))
    answer = draft.answer()
    ids = [r.id for r in answer.responsible]
    assert {"elterngeldstelle", "familienkasse"} <= set(ids) and len(ids) == len(set(ids))
    assert all(r.kind == "authority_type" and r.certainty and r.citations for r in answer.responsible)
    # each described service with its deadline, quoted from its own Fristen module
    assert "Frist: 3 Monate" in answer.answer
    assert "fim/99041006017000/fristen" in [c.document_id for c in answer.citations]
    assert invalid_citations(kb, answer.citations) == [] and draft.dropped == 0


def test_life_event_without_described_services_names_catalogue_entries() -> None:
    kb = knowledge()
    draft = Draft(kb, "service")
    assert compose_lebenslage(draft, kb, _lebenslage("Auswanderung"))
    answer = draft.answer()
    assert "Für Sachsen-Anhalt beschrieben" not in answer.answer
    assert "nur im Leistungskatalog verzeichnet" in answer.answer
    assert invalid_citations(kb, answer.citations) == []


def test_life_event_ozg_leistung_and_unknown_ids() -> None:
    kb = knowledge()
    leistung = next(p.leistung_id for ps in kb.ozg.placements.values() for p in ps)
    draft = Draft(kb, "service")
    assert compose_ozg_leistung(draft, kb, leistung)
    assert draft.answer().citations[0].document_id == f"ozg/leistung/{leistung}"
    assert not compose_lebenslage(Draft(kb, "service"), kb, "9999")
    assert not compose_ozg_leistung(Draft(kb, "service"), kb, "9999")


def test_a_service_answer_to_everything_a_situation_brings_points_to_its_lebenslage() -> None:
    from assistant.compose.life_event import compose_lebenslage_pointer
    from assistant.responsibility import ResponsibilityResolver

    kb = knowledge()
    elterngeld = kb.service("99041006017000")
    draft = Draft(kb, "service")
    assert compose_lebenslage_pointer(draft, kb, elterngeld, ResponsibilityResolver(kb))
    answer = draft.answer()
    assert answer.answer.startswith("„Elterngeld beantragen“ gehört zur Lebenslage „Geburt“")
    assert "Dazu gehören auch:" in answer.answer and "„Kindergeld beantragen“ – zuständig:" in answer.answer
    assert "„Elterngeld beantragen“ –" not in answer.answer  # the answered service is not listed again
    assert answer.answer.count(" – zuständig:") <= 4
    assert invalid_citations(kb, answer.citations) == [] and draft.dropped == 0


def test_any_service_or_catalogue_answer_names_its_lebenslage_once() -> None:
    """ "Wir holen uns einen Hund aus dem Tierheim. Was müssen wir anmelden?" is answered with the Hundesteuer; the
    answer also names the situation it belongs to, cited from the Lebenslage's card, and only once."""
    from assistant.compose.life_event import compose_lebenslage_line

    kb = knowledge()
    draft = Draft(kb, "service")
    found = compose_lebenslage_line(draft, kb, "99102013104000", "Hund zur Hundesteuer anmelden")
    assert found is not None and found.name == "Tierhaltung"
    assert compose_lebenslage_line(draft, kb, "99102013104000", "Hund zur Hundesteuer anmelden") is None
    answer = draft.answer()
    assert answer.answer.startswith("„Hund zur Hundesteuer anmelden“ gehört zur Lebenslage „Tierhaltung“")
    # the evidence: the card lists the service among those described for Sachsen-Anhalt
    assert [c.document_id for c in answer.citations] == [f"ozg/lebenslage/{found.id}"]
    assert answer.citations[0].quote.endswith("Hund zur Hundesteuer anmelden")
    assert invalid_citations(kb, answer.citations) == []
    catalogue = Draft(kb, "service")  # a catalogue Leistung: its OZG-Leistung's card names both
    name = "Hochwassersoforthilfen Gewährung für direkt betroffene Einwohner"
    hochwasser = compose_lebenslage_line(catalogue, kb, "99136005080001", name)
    assert hochwasser is not None and hochwasser.name == "Naturkatastrophen"
    cited = catalogue.answer()
    assert "gehört zur OZG-Leistung „Finanzielle Hilfen bei Elementarschäden“ der Lebenslage" in cited.answer
    assert "Lebenslage: Naturkatastrophen" in cited.citations[0].quote
    from assistant.compose.life_event import LEBENSLAGE_LINE  # how a merged answer finds both kinds of line

    assert LEBENSLAGE_LINE.search(answer.answer) and LEBENSLAGE_LINE.search(cited.answer)
    assert invalid_citations(kb, cited.citations) == []
    assert compose_lebenslage_line(Draft(kb, "service"), kb, "0000", "x") is None  # an unknown key names none


def test_a_service_names_a_lebenslage_of_citizens_before_one_of_businesses() -> None:
    from assistant.compose.life_event import BUSINESS_THEMENFELD, _own_lebenslagen, _ranked

    kb = knowledge()
    assert kb.ozg is not None
    for service in kb.services:
        own = [g for g, _ in _own_lebenslagen(kb, service.key)]
        ranked = _ranked(kb, own, None)
        firms = [kb.ozg.lebenslagen[g].themenfeld_id.strip() == BUSINESS_THEMENFELD for g in ranked]
        assert firms == sorted(firms), service.key  # citizens' Lebenslagen first
        assert _ranked(kb, own, [own[-1]])[:1] == own[-1:] if own else True  # a likelier candidate wins


def test_no_pointer_to_a_grouping_that_is_no_life_event() -> None:
    from assistant.compose.life_event import compose_lebenslage_pointer

    kb = knowledge()
    for service in kb.services:
        draft = Draft(kb, "service")
        if compose_lebenslage_pointer(draft, kb, service):
            assert "Querschnitt" not in draft.lines[0] and "Weitere Leistungen" not in draft.lines[0]


def test_questions_that_ask_everything_a_situation_brings() -> None:
    from assistant.compose.life_event import asks_everything

    for question in (
        "Wir holen uns einen Hund. Was müssen wir bei der Gemeinde alles anmelden?",
        "Was muss ich nach der Geburt erledigen?",
        "was steht mir jetzt zu und wo muss ich hin",
        "Welche Schritte muss ich behördlich gehen?",
        "gibts irgendwas, was ich beantragen kann?",
        "Unser Sohn wird 16. Was muss er jetzt erledigen?",
        "Worauf müssen wir sonst noch achten?",
    ):
        assert asks_everything(question), question
    for question in (
        "Was muss ich für den Reisepass mitbringen?",
        "Was kostet ein Führungszeugnis?",
        "Was muss sie für den Antrag mitbringen?",
    ):
        assert not asks_everything(question), question
