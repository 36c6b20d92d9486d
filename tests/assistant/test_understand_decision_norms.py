"""The decision on cited §§ (which one the question asks, a follow-up that carries one) and on scope evidence."""

from __future__ import annotations

import pytest

from assistant.models import EntityRef
from assistant.understand.decision import decide
from corpora.ids import SubjectRef
from tests.assistant.test_understand_decision import _candidate, _understanding


def test_decision_a_near_certain_subject_is_evidence_of_scope() -> None:
    from assistant.understand.decision import answerable

    assert answerable(
        0.94, 0.31
    )  # the scorer is near sure: answered although the wording sounds out of scope
    assert not answerable(0.68, 0.35)  # a middling candidate does not overrule the scope classifier
    assert answerable(0.5, 0.9) and not answerable(0.3, 1.0)
    sure = _understanding(_candidate("area", "StK/area/5", 0.94), intent="responsibility")
    sure.intents = {"responsibility": 0.3, "out_of_scope": 0.69}
    assert decide(sure).outcome == "answer"


def _norm(ident: str, matched: str) -> EntityRef:
    return EntityRef("norm", f"egovg-lsa/{ident}", f"{matched} EGovG LSA", 1.0, matched)


@pytest.mark.parametrize(
    ("text", "cited", "chosen"),
    [
        (
            "§ 9 Abs. 1 EGovG LSA spricht von einem Zugang nach § 8. Was genau regelt § 8?",
            [("§9/abs1", "§ 9 Abs. 1 EGovG LSA"), ("§8", "§ 8")],
            "egovg-lsa/§8",
        ),
        # one sentence: the order of the citations
        (
            "Was regelt § 9 Abs. 1 EGovG LSA neben dem Zugang nach § 8?",
            [("§9/abs1", "§ 9 Abs. 1 EGovG LSA"), ("§8", "§ 8")],
            "egovg-lsa/§9",
        ),
        # "§ 1" is not cited by "§ 17"
        (
            "Laut § 1 gilt das Gesetz für das Land. Was regelt § 17?",
            [("§1", "§ 1"), ("§17", "§ 17")],
            "egovg-lsa/§17",
        ),
    ],
)
def test_decision_the_paragraph_the_question_sentence_cites_comes_first(
    text: str, cited: list[tuple[str, str]], chosen: str
) -> None:
    entities = [_norm(ident, matched) for ident, matched in cited]
    d = decide(_understanding(intent="legal", entities=entities, text=text))
    assert d.chosen.subject == SubjectRef("norm", chosen)


def test_decision_a_follow_up_that_carries_only_a_paragraph_asks_about_it() -> None:
    eight = EntityRef("norm", "egovg-lsa/§8", "§ 8 EGovG LSA", 1.0, "§ 8 EGovG LSA")
    role = _candidate("ozg_role", "MID/role/8", 0.9)
    d = decide(_understanding(role, intent="responsibility", entities=[eight], carried=[eight]))
    assert d.outcome == "answer" and d.chosen.subject == SubjectRef("norm", "egovg-lsa/§8")
    d = decide(_understanding(role, intent="responsibility", entities=[eight]))  # named, not carried
    assert d.chosen.subject == SubjectRef("ozg_role", "MID/role/8")


def test_decision_a_follow_up_asking_who_is_in_charge_of_a_paragraph_is_not_about_its_text() -> None:
    from assistant.analysis.intent import find_cues

    nine = _norm("§9", "§ 9 EGovG LSA")
    role = _candidate("ozg_role", "MID/role/8", 0.9)
    for text, subject in (
        ("Und wer ist dafür zuständig?", SubjectRef("ozg_role", "MID/role/8")),
        ("Und wie lautet er?", SubjectRef("norm", "egovg-lsa/§9")),
    ):
        follow_up = _understanding(
            role, intent="responsibility", entities=[nine], carried=[nine], text=text, cues=find_cues(text)
        )
        assert decide(follow_up).chosen.subject == subject


def test_decision_a_place_is_no_evidence_of_scope() -> None:
    from assistant.understand.decision import answerable

    assert not answerable(0.9, 0.05, "place") and answerable(0.9, 0.05, "service")
    weather = _understanding(_candidate("place", "15003", 0.9), intent="out_of_scope")
    weather.intents = {"out_of_scope": 0.95, "service": 0.05}
    assert decide(weather).outcome == "decline"
