"""Supervision questions: the authority type's own record names who supervises it, quoted first and listed."""

from __future__ import annotations

import pytest

from assistant.citations import invalid_citations
from assistant.compose.draft import Draft
from assistant.compose.supervision import asks_supervision, compose_supervision, supervised_types
from assistant.models import QueryAnalysis
from corpora.ids import SubjectRef
from tests.assistant.analysis_helpers import knowledge

_ANALYSIS = QueryAnalysis(text="x", resolved_text="x", intent="responsibility")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Wer führt die Fachaufsicht über die Meldebehörde?", True),
        ("Welche Behörde ist obere Fischereibehörde?", True),
        ("Wer ist Widerspruchsbehörde beim Schüler-BAföG?", True),
        ("Wer entscheidet über meinen Widerspruch gegen den Wohngeldbescheid?", True),
        ("Welche Behörde ist der Waffenbehörde übergeordnet?", True),
        ("Das Amt hat mein BAföG abgelehnt. Wer entscheidet, wenn ich Widerspruch einlege?", True),
        ("Gegen den Bescheid soll Widerspruch eingelegt werden. Wer entscheidet darüber?", True),
        ("Gibt es eine Stelle über dem Jugendamt, an die ich mich wenden kann?", True),
        ("Wer entscheidet eigentlich, wenn ich gegen den Bescheid Widerspruch einlege?", True),
        ("Wo lege ich Widerspruch ein, beim Finanzamt?", False),  # filed where the decision was made
        ("Gegen die Entscheidung möchte ich Widerspruch einlegen. Wo mache ich das?", False),
        ("Bis wann muss ich mich entscheiden, ob ich Widerspruch einlege?", False),
        ("Muss ich die Behörde über den Umzug informieren?", False),
        ("Wer entscheidet über meinen Antrag?", False),
        ("Wer ist die Bauaufsicht in Stendal?", False),  # the office itself, not its supervisor
        ("Wo melde ich meinen Wohnsitz an?", False),
        ("Was macht die Schulaufsicht?", False),
    ],
)
def test_asks_supervision(question: str, asked: bool) -> None:
    assert asks_supervision(question) is asked


def test_supervision_is_quoted_and_the_supervisor_listed_with_the_record_as_evidence() -> None:
    kb = knowledge()
    draft = Draft(kb, "responsibility")
    types = supervised_types(SubjectRef("authority_type", "meldebehoerde"), _ANALYSIS, kb)
    assert types == ["meldebehoerde"]
    assert compose_supervision(draft, kb, types)
    answer = draft.answer()
    assert (
        "„Fachaufsicht: der Landkreis; für die kreisfreien Städte das Landesverwaltungsamt.“ [1]"
        in answer.answer
    )
    (supervisor,) = answer.responsible
    assert supervisor.id == "landesverwaltungsamt" and supervisor.certainty == "sourced"
    assert (
        supervisor.citations == [1]
        and supervisor.source_url == kb.organizations.authority_type("meldebehoerde").sources[0]
    )
    assert answer.citations[0].document_id == "org/authority/meldebehoerde"
    assert invalid_citations(kb, answer.citations) == [] and draft.dropped == 0


def test_a_service_is_supervised_through_its_authority_and_a_ministry_can_be_named() -> None:
    kb = knowledge()
    bafoeg = next(s for s in kb.services if "amt-ausbildungsfoerderung" in s.authority_types)
    types = supervised_types(SubjectRef("service", bafoeg.key), _ANALYSIS, kb)
    assert types[0] == "amt-ausbildungsfoerderung"
    draft = Draft(kb, "responsibility")
    assert compose_supervision(draft, kb, types)
    assert [r.id for r in draft.responsible] == ["landesverwaltungsamt"]
    draft = Draft(kb, "responsibility")
    assert compose_supervision(draft, kb, ["finanzamt"])
    assert [r.id for r in draft.responsible] == ["MF"]


def test_a_sentence_that_names_no_supervisor_is_quoted_without_listing_one() -> None:
    kb = knowledge()
    draft = Draft(kb, "responsibility")
    assert compose_supervision(
        draft, kb, ["standesamt"]
    )  # "Das MI hat dazu eine Verwaltungsvorschrift erlassen"
    assert draft.responsible == [] and "Verwaltungsvorschrift" in draft.answer().answer


def test_no_supervision_in_the_record_adds_nothing() -> None:
    kb = knowledge()
    draft = Draft(kb, "responsibility")
    assert not compose_supervision(draft, kb, ["jobcenter"])
    assert draft.lines == [] and draft.responsible == []
    assert supervised_types(SubjectRef("authority_type", "no-such-type"), _ANALYSIS, kb) == []
