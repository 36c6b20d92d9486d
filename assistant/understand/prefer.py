"""After the decision, what the question's form asks for: the situation itself when it asks for everything, the
office there when it names a place (:func:`assistant.understand.decision.decide` decides on the subject alone)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.understand.candidates import Candidate
from assistant.understand.decision import (
    ANSWER_MIN,
    CLOSE_MARGIN,
    CONFIRM_MIN,
    EXECUTING,
    MINISTERIAL,
    Decision,
    answer_score,
    fitting_intent,
    in_scope_of,
)
from assistant.understand.understander import Understanding
from corpora.ids import SubjectRef

#: Subject kinds that belong to Lebenslagen, and how many of the best candidates are read for a Lebenslage.
MEMBER_KINDS = frozenset({"service", "catalogue", "ozg_leistung"})
GROUP_DEPTH = 5


def prefer_life_event(
    decision: Decision, understanding: Understanding, is_life_event: Callable[[str], bool]
) -> Decision:
    """A question about everything a situation brings ("Was können wir beantragen, und bei wem?") that would be
    declined, while two or more of its best candidates are services of one Lebenslage, is answered with that
    Lebenslage when their probabilities together reach :data:`ANSWER_MIN`: each is too unsure alone, together
    they are evidence for the situation. The caller decides that the question asks for everything."""
    if decision.outcome != "decline":
        return decision
    support: dict[str, float] = {}
    members: dict[str, int] = {}
    for candidate in understanding.candidates[:GROUP_DEPTH]:
        if candidate.subject.kind in MEMBER_KINDS:
            for lebenslage in candidate.lebenslagen:
                support[lebenslage] = support.get(lebenslage, 0.0) + candidate.probability
                members[lebenslage] = members.get(lebenslage, 0) + 1
    groups = sorted(
        (g for g in support if members[g] >= 2 and is_life_event(g)), key=lambda g: (-support[g], g)
    )
    in_scope = in_scope_of(understanding)
    if not groups or support[groups[0]] * in_scope < ANSWER_MIN:
        return decision
    ref = SubjectRef("lebenslage", groups[0])
    chosen = next((c for c in understanding.candidates if c.subject == ref), None) or Candidate(ref)
    probability = support[groups[0]]
    return Decision(
        "answer",
        fitting_intent(understanding, "lebenslage"),
        "allgemein",
        chosen=chosen,
        probability=probability,
    )


def prefer_executing(decision: Decision, understanding: Understanding) -> Decision:
    """With a place named, a citizen wants the office there: a close candidate that carries an executing
    authority (a service, a responsibility topic, an authority type) is taken instead of a ministry-level
    subject (an area, a ministry, an OZG role), which no place can make concrete; answered, or offered when it is
    in the ask-back band itself."""
    unsure = decision.outcome == "clarify" and decision.unsure and decision.options
    chosen = decision.chosen if decision.outcome == "answer" else decision.options[0] if unsure else None
    if chosen is None or chosen.subject.kind not in MINISTERIAL:
        return decision
    in_scope = in_scope_of(understanding)
    for candidate in understanding.candidates:
        if (
            candidate.subject.kind in EXECUTING
            and candidate.probability >= ANSWER_MIN
            and chosen.probability - candidate.probability <= CLOSE_MARGIN
        ):
            intent = fitting_intent(understanding, candidate.subject.kind)
            sure = answer_score(candidate.probability, in_scope, candidate.subject.kind) >= CONFIRM_MIN
            return Decision(
                "answer" if sure else "clarify",
                intent,
                decision.aspect,
                chosen=candidate if sure else None,
                options=[] if sure else [candidate],
                probability=candidate.probability,
                unsure=not sure,
            )
    return decision
