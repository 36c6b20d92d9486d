"""Deciding with the calibrated probabilities: answer, ask back, or decline.

* **answer** when one candidate is clearly the best and likely enough to be meant;
* **ask back** with the 2–4 best when close candidates of the same sort compete (two services, two Lebenslagen),
  and with the best (and its likely rivals) when it is likely enough to offer but not to answer from;
* **decline** honestly, with the referral, when no candidate is likely enough: out of scope means "nothing
  relevant", not a word list before retrieval.

The numbers below are read as probabilities (the scorer is calibrated) and are not tuned per question; the
answer threshold and the rivals' bounds were chosen on the gold *dev* split. ``benchmarks/decision_thresholds.py``
shows what :data:`ANSWER_MIN` and :data:`CONFIRM_MIN` trade out of sample (a model trained without the retired blind
sets it then answers) beside the gold set's floors; :data:`CONFIRM_MIN` was chosen there, raised in steps from
:data:`ANSWER_MIN` while each step removed at least as many confidently wrong answers as it turned right answers
into questions back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.models import EntityRef
from assistant.understand.actions import asked_actions, does_other_action
from assistant.understand.candidates import Candidate
from assistant.understand.features import KIND_INTENTS, ORG_INTENTS
from assistant.understand.lexical import compound_relation
from assistant.understand.subjects import SubjectCatalog
from assistant.understand.understander import (
    CONTRACT_INTENT,
    Understanding,
    cited_norms,
    is_foreign_norm,
    names_other_law,
)
from corpora.ids import SubjectRef

#: Below this the best candidate is not relevant enough to answer from.
ANSWER_MIN = 0.35
#: From :data:`ANSWER_MIN` up to this the best candidate is likely enough to offer but not to answer from: the
#: assistant asks "Meinen Sie …?" with it (and its likely rivals) instead of stating facts that may belong to
#: another subject; a wrong fact with a citation misleads more than a question back.
CONFIRM_MIN = 0.45
#: A rival at least this likely, and within :data:`CLOSE_MARGIN` of the best, makes the question ambiguous.
RIVAL_MIN = 0.3
CLOSE_MARGIN = 0.15
MAX_OPTIONS = 4
#: Below this the aspect model's best aspect is not trusted (a wrong module states a wrong fact).
ASPECT_MIN = 0.5
#: Share of the question's (weighted) words that must be narrower or sibling compounds of the subject's name
#: words before the subject counts as linked by a compound part alone.
COMPOUND_SHARE = 0.5
#: Subject kinds that carry an executing authority, which a named place turns into a concrete office.
EXECUTING = frozenset({"service", "topic", "authority_type"})
#: Subject kinds that stop at the ministry level.
MINISTERIAL = frozenset({"area", "ministry", "ozg_role"})
#: Digits of a LeiKa key that name the Leistungsobjekt.
OBJECT_DIGITS = 8
#: Subject kinds between which a citizen can choose, when both candidates are of the same kind (asking
#: "Personalausweis or Reisepass?" helps; asking "this service or that ministry area?" does not).
CHOOSABLE = frozenset({"service", "catalogue", "lebenslage"})

Outcome = Literal["answer", "clarify", "decline", "smalltalk"]


@dataclass
class Decision:
    outcome: Outcome
    intent: str  # the answer contract's intent
    aspect: str
    chosen: Candidate | None = None
    options: list[Candidate] = field(default_factory=list)
    probability: float = 0.0
    #: asked back because the question names something narrower than (or beside) the offered subject
    narrower: bool = False
    #: asked back because the best subject is likely enough to offer, not to answer (see :data:`CONFIRM_MIN`)
    unsure: bool = False


def fitting_intent(understanding: Understanding, kind: str) -> str:
    """The most likely intent that fits the chosen subject's kind (in the contract's spelling)."""
    allowed = KIND_INTENTS.get(kind, ORG_INTENTS)
    ranked = [i for i, _ in sorted(understanding.intents.items(), key=lambda kv: -kv[1]) if i in allowed]
    return CONTRACT_INTENT.get(ranked[0] if ranked else allowed[0], ranked[0] if ranked else allowed[0])


def same_family(a: Candidate, b: Candidate) -> bool:
    """Two catalogue entries of one Leistungsobjekt ("Taxi" and "Taxi Erteilung"), or a Lebenslage and a service
    that belongs to it (its answer lists that service), are one thing to a citizen: no reason to ask back."""
    kinds = {a.subject.kind, b.subject.kind}
    if kinds == {"catalogue"}:
        return a.subject.id[:OBJECT_DIGITS] == b.subject.id[:OBJECT_DIGITS]
    if "lebenslage" in kinds:  # a Lebenslage and a service or OZG-Leistung that belongs to it
        group, member = (a, b) if a.subject.kind == "lebenslage" else (b, a)
        return group.subject.id in member.lebenslagen
    return False


def _asks_about_law(understanding: Understanding) -> bool:
    """A cited § decides unless the question is clearly about something else (the fee of a service …); a
    follow-up that names nothing new and carries only the § ("§ 8 EGovG LSA" – "Und wie lautet er?") asks
    about it, unless it asks who is in charge of it ("Und wer ist dafür zuständig?")."""
    analysis = understanding.analysis
    asks_who = analysis.cues is not None and analysis.cues.strong_responsibility
    if analysis.carried and all(e.kind == "norm" for e in analysis.entities) and not asks_who:
        return True
    top = understanding.candidates[0] if understanding.candidates else None
    law_intent = understanding.intent in ("legal", "definition")
    return law_intent or top is None or top.subject.kind == "norm" or top.probability < ANSWER_MIN


def _cited_norm(understanding: Understanding, entity: EntityRef) -> Decision:
    """An explicit citation is exact evidence: answer about that § (the composer says so if the indexed law
    lacks it), even when no candidate of it exists."""
    ref = SubjectRef("norm", "/".join(entity.id.split("/")[:2]))
    chosen = next((c for c in understanding.candidates if c.subject == ref), None) or Candidate(ref)
    chosen.probability = max(chosen.probability, entity.score)
    intent = (
        "definition" if understanding.intent == "definition" and chosen.dense.rank is not None else "legal"
    )
    return Decision("answer", intent, "allgemein", chosen=chosen, probability=chosen.probability)


def answerable(probability: float, in_scope: float, kind: str = "") -> bool:
    """Whether a candidate of this probability is answered when the question is in scope with ``in_scope``.

    The scope classifier reads only the wording ("In welchem Haus der Landesregierung wird die Medienpolitik
    gemacht?" sounds like small talk); a subject the scorer is near sure of is evidence of scope in its own right,
    so the question counts as in scope at least with the square of that probability: a near-certain subject is
    answered, a middling one ("freie Krippenplätze in Stadtfeld" → Kita-Platz at 0.68) does not overrule the
    classifier. A place is where a question is asked for, no subject: it is no such evidence ("Wie wird das
    Wetter in Magdeburg?")."""
    return answer_score(probability, in_scope, kind) >= ANSWER_MIN


def in_scope_of(understanding: Understanding) -> float:
    """The probability that the question is in scope at all, by its wording (the intent model)."""
    return 1.0 - understanding.intents.get("out_of_scope", 0.0)


def answer_score(probability: float, in_scope: float, kind: str = "") -> float:
    """The probability that the question is in scope and about this subject (see :func:`answerable`)."""
    evidence = probability**2 if kind != "place" else 0.0
    return probability * max(in_scope, evidence)


def decide(understanding: Understanding, catalog: SubjectCatalog | None = None) -> Decision:
    """Answer, ask back or decline. A best subject (other than a place) between :data:`ANSWER_MIN` and
    :data:`CONFIRM_MIN` is offered, not answered. With ``catalog``, a subject linked only through a compound part
    is asked back rather than answered (see :func:`_linked_by_compound_only`), and no rival that does the opposite
    of the asked action is offered (:mod:`assistant.understand.actions`)."""
    analysis = understanding.analysis
    if analysis.intent == "smalltalk" and not analysis.entities:
        return Decision("smalltalk", "smalltalk", "allgemein")
    if analysis.cues is not None and analysis.cues.compose:  # a text to write or translate: none is composed
        return Decision("decline", "out_of_scope", "allgemein")
    candidates = understanding.candidates
    cited = cited_norms(analysis)
    if cited and _asks_about_law(understanding):
        return _cited_norm(understanding, cited[0])
    best = candidates[0] if candidates else None
    foreign = any(is_foreign_norm(e) for e in analysis.entities) or names_other_law(analysis.text)
    if best is not None and foreign and best.subject.kind == "norm":
        best = None  # "Artikel 17 der DSGVO" or "das EGovG Bayern" is another law, not the EGovG LSA
    # the probability that the question is in scope *and* about this subject
    in_scope = in_scope_of(understanding)
    if best is not None and best.subject.kind == "place":
        # a named place is where the question is asked for, not what it asks about: another subject likely
        # enough to answer is the answer (the place then makes its authority concrete)
        best = next(
            (
                c
                for c in candidates
                if c.subject.kind != "place" and answerable(c.probability, in_scope, c.subject.kind)
            ),
            best,
        )
    if best is None or not answerable(best.probability, in_scope, best.subject.kind):
        return Decision(
            "decline",
            "out_of_scope" if not analysis.follow_up else analysis.intent,
            "allgemein",
            probability=best.probability if best else 0.0,
        )
    asked: list[dict[str, set[str]]] = []  # the question's actions, read only when a rival is to be checked

    def other_action(c: Candidate) -> bool:
        info = catalog.get(c.subject) if catalog is not None else None
        if info is None:
            return False
        if not asked:
            asked.append(asked_actions(analysis.doc))
        return bool(asked[0]) and does_other_action(asked[0], info.label)

    rivals: list[Candidate] = []
    for c in [c for c in candidates if c is not best][: MAX_OPTIONS + 1]:
        if (
            c.probability >= RIVAL_MIN
            and best.probability - c.probability <= CLOSE_MARGIN
            and c.subject.kind == best.subject.kind
            and best.subject.kind in CHOOSABLE
            and not any(same_family(c, o) for o in [best, *rivals])
            and not other_action(c)
        ):
            rivals.append(c)
    rivals = rivals[: MAX_OPTIONS - 1]
    intent = fitting_intent(understanding, best.subject.kind)
    # an unsure aspect is left to the composer, which reads the asked module off the question's words
    aspect = (
        understanding.aspect
        if understanding.aspects.get(understanding.aspect, 0.0) >= ASPECT_MIN
        else "allgemein"
    )
    if intent == "responsibility":
        aspect = "zustaendigkeit"
    elif aspect == "zustaendigkeit" and intent != "responsibility":
        aspect = "allgemein"
    if rivals:
        return Decision(
            "clarify", intent, aspect, chosen=None, options=[best, *rivals], probability=best.probability
        )
    if catalog is not None and _linked_by_compound_only(understanding, best, catalog):
        return Decision(
            "clarify", intent, aspect, options=[best], probability=best.probability, narrower=True
        )
    if (
        best.subject.kind != "place"
        and answer_score(best.probability, in_scope, best.subject.kind) < CONFIRM_MIN
    ):
        options = [best, *(c for c in _offered_beside(best, candidates) if not other_action(c))]
        return Decision("clarify", intent, aspect, options=options, probability=best.probability, unsure=True)
    return Decision("answer", intent, aspect, chosen=best, probability=best.probability)


def _offered_beside(best: Candidate, candidates: list[Candidate]) -> list[Candidate]:
    """The rivals offered beside an unsure best subject: likely enough, of a sort a citizen can choose between
    (the best's own, or two of services, catalogue entries and Lebenslagen), and not the same thing to a citizen
    as one already offered."""
    offered: list[Candidate] = []
    for c in candidates:
        if len(offered) == MAX_OPTIONS - 1:
            break
        choosable = c.subject.kind == best.subject.kind or {c.subject.kind, best.subject.kind} <= CHOOSABLE
        if (
            c is not best
            and c.probability >= RIVAL_MIN
            and choosable
            and not any(same_family(c, o) for o in [best, *offered])
        ):
            offered.append(c)
    return offered


def _linked_by_compound_only(understanding: Understanding, best: Candidate, catalog: SubjectCatalog) -> bool:
    """A compound part never links alone: when none of the question's words is a word of the subject's name
    and its main words are a narrower or a sibling compound of a name word ("Drohnenführerschein",
    "Bibliotheksausweis") that no text of the subject mentions, the subject is offered, not answered."""
    features = best.features
    if features.get("q_whole", 0.0) > 0 or features.get("q_narrower", 0.0) + features.get(
        "q_sibling", 0.0
    ) < (COMPOUND_SHARE):
        return False
    info = catalog.get(best.subject)
    if info is None:
        return False
    name_words = info.terms.whole | info.terms.surfaces
    related = [t for t in understanding.terms.whole if compound_relation(t, name_words) is not None]
    return bool(related) and not any(catalog.mentions(best.subject, t) for t in related)
