"""Certainty in the chat answer (issue 13): responsible[] carries certainty and source_url, the text says
"abgeleitet aus den Aufgabenbereichen" / "nicht sicher belegt", and no Land ministry a relation denies appears."""

from __future__ import annotations

import pytest

from assistant.compose.dispatch import AnswerComposer
from assistant.compose.draft import Draft
from assistant.knowledge import KnowledgeBase
from assistant.models import Answer, EntityRef, QueryAnalysis
from assistant.responsibility import ResponsibilityResolver


def _responsibility(composer: AnswerComposer, question: str, service: str) -> Answer:
    analysis = QueryAnalysis(
        text=question,
        resolved_text=question,
        intent="responsibility",
        aspect="zustaendigkeit",
        entities=[EntityRef(kind="service", id=service, label=service)],
    )
    answer, dropped = composer.compose(analysis, None)
    assert dropped == 0
    return answer


def test_compose_certainty_derived_ministry_is_said_and_carried(composer: AnswerComposer, kb) -> None:
    answer = _responsibility(composer, "Wer ist für den Führerschein zuständig?", "99108047001001")
    authority, ministry = answer.responsible
    assert (authority.id, authority.certainty) == ("fahrerlaubnisbehoerde", "sourced")
    assert (ministry.id, ministry.certainty) == ("MID", "derived")
    relation = kb.organizations.get("relation/5")
    assert (authority.source_url, ministry.source_url) == (relation.source, relation.ministry_source)
    assert ministry.role.endswith("(abgeleitet aus den Aufgabenbereichen)")
    assert "Diese Zuordnung ist abgeleitet aus den Aufgabenbereichen" in answer.answer
    caveat = next(c for c in answer.citations if c.document_id == "org/relation/5")
    assert caveat.id in ministry.citations and "abgeleitet aus den Aufgabenbereichen" in caveat.quote


def test_compose_certainty_uncertain_authority(composer: AnswerComposer) -> None:
    answer = _responsibility(composer, "Wer zahlt das Pflegegeld?", "pflegegeld-beantragen")
    [authority] = answer.responsible
    assert (authority.id, authority.certainty) == ("pflegekasse", "uncertain")
    assert authority.role.endswith("(nicht sicher belegt)")
    assert "Diese Zuordnung ist in den Quellen nicht sicher belegt" in answer.answer


@pytest.mark.parametrize(
    "service",
    ["99041008017000", "99107016017000", "kraftfahrzeugsteuer", "99049001001000", "99107018017001"],
)
def test_compose_certainty_no_land_ministry_the_relation_denies(
    composer: AnswerComposer, service: str
) -> None:
    answer = _responsibility(composer, "Wer ist zuständig?", service)
    assert answer.responsible and all(r.kind == "authority_type" for r in answer.responsible)
    assert not any(m in answer.answer for m in ("(MS)", "(MF)", "(MJ)"))


def test_compose_certainty_fee_answer_says_stand_and_binding(composer: AnswerComposer) -> None:
    analysis = QueryAnalysis(
        text="Was kostet ein Personalausweis?",
        resolved_text="Was kostet ein Personalausweis?",
        intent="service",
        aspect="kosten",
        entities=[EntityRef(kind="service", id="99008001012000", label="Personalausweis")],
    )
    answer, _ = composer.compose(analysis, None)
    assert "46,00 €" in answer.answer
    assert "Stand: 03.12.2026, verbindlich ist die zuständige Stelle." in answer.answer


def test_compose_certainty_firmer_finding_wins_for_the_same_organisation(kb: KnowledgeBase) -> None:
    resolver = ResponsibilityResolver(kb)
    derived = [f for f in resolver.for_service(kb.service("99108047001001")) if f.id == "MID"][0]
    sourced = resolver.for_ministry("MID")[0]
    draft = Draft(kb, "responsibility")
    draft.add_finding(derived)
    draft.add_finding(sourced)
    [mid] = draft.responsible
    assert mid.certainty == "sourced" and mid.source_url == sourced.source_url and len(mid.citations) == 3
