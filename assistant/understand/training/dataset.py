"""Training examples from the gold set (train and dev splits only), the retired blind sets and the corpus.

A gold entry says which chunks answer it; the subjects of those chunks are the right candidates (a service
question that names its service card, relation and authority type accepts any of the three subjects). The
aspect is read off the first expected chunk's module. The test split never enters here.

A retired blind question (its failures have been read; held-out sets never enter here) is written in a citizen's
or clerk's own words, which the generated questions are not; but it states only part of what is right: the
service keys, authority types, ministries or § an answer must be about. Only the candidates of those kinds are
labelled (a relation or topic card that also answers is neither right nor wrong for it), and its intent and
aspect are unknown: it teaches the candidate scorer, not the intent or aspect model.
Out-of-scope declines are not used (see :func:`blind_examples`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.evaluation.blind import BlindQuestion
from assistant.evaluation.gold import GoldQuestion
from assistant.understand.training.generate import Example
from corpora.base import SourceKind
from corpora.ids import SubjectRef, is_of, norm_id, subject_of

if TYPE_CHECKING:
    from assistant.knowledge import KnowledgeBase

#: FIM module -> the aspect a question about it asks.
MODULE_ASPECTS = {
    "kosten": "kosten",
    "unterlagen": "unterlagen",
    "fristen": "fristen",
    "voraussetzungen": "voraussetzungen",
    "verfahrensablauf": "ablauf",
    "rechtsgrundlagen": "rechtsgrundlagen",
    "zustaendige-stelle": "zustaendigkeit",
    "karte": "zustaendigkeit",
}
TRAINING_SPLITS = frozenset({"train", "dev"})


def gold_examples(questions: list[GoldQuestion], splits: frozenset[str] = TRAINING_SPLITS) -> list[Example]:
    """Examples from the gold entries of ``splits`` (never ``test``)."""
    if "test" in splits:
        raise ValueError("the test split is for measuring only")
    out: list[Example] = []
    for q in questions:
        if q.split not in splits:
            continue
        subjects = frozenset(ref for d in q.expected_documents if (ref := subject_of(d)) is not None)
        if q.no_answer:
            subjects = frozenset()
        aspect = "allgemein"
        if q.intent == "responsibility":
            aspect = "zustaendigkeit"
        elif q.expected_documents and is_of(q.expected_documents[0], SourceKind.FIM):
            module = q.expected_documents[0].split("/")[2] if q.expected_documents[0].count("/") >= 2 else ""
            aspect = MODULE_ASPECTS.get(module, "allgemein")
        out.append(Example(q.id, list(q.messages), q.intent, aspect, subjects, source=f"gold-{q.split}"))
    return out


#: Blind questions whose expectations name the right subject of a single answer. A multi-part question's
#: expectations belong to its parts, a life event's to a Lebenslage and its services together, an ambiguous one
#: is asked back; a place or law question may be declined for its place or a missing Absatz, with a right subject.
BLIND_KINDS = frozenset(
    {
        "service",
        "place",
        "law",
        "ministry",
        "ozg_role",
        "authority",
        "trap",
        "follow_up",
        "catalogue",
        "english",
    }
)


def blind_examples(questions: Iterable[BlindQuestion], knowledge: KnowledgeBase) -> list[Example]:
    """Examples from retired blind questions that are answered about a stated subject; candidates of other kinds
    than the stated ones stay unlabelled.

    Out-of-scope declines are left out although they do say that no candidate is right: with them (at a real or a
    generated question's weight, calibrated on all real questions or on gold ones only, with or without the
    Lebenslage cards labelled) the scorer declined more answerable gold questions, in every draw measured
    (docs/evaluation.md, round 17)."""
    curated: dict[str, SubjectRef] = {}
    for service in knowledge.services:
        for key in (service.leika_key, *service.weitere_leika_keys, service.key):
            if key:
                curated[key] = SubjectRef("service", service.key)
    ministry_subjects = _ministry_subjects(knowledge)
    out: list[Example] = []
    for q in questions:
        expect = q.expect
        if q.kind not in BLIND_KINDS or expect.outcome != "answer" or q.parts:
            continue
        right: set[SubjectRef] = set()
        kinds: set[str] = set()
        if expect.services:
            kinds |= {"service", "catalogue"}
            right |= {curated.get(key) or SubjectRef("catalogue", key) for key in expect.services}
        elif expect.authority_types:
            kinds.add("authority_type")
            right |= {SubjectRef("authority_type", a) for a in expect.authority_types}
        elif expect.ministries:  # the ministry's card, areas, OZG roles and agencies all name it
            kinds |= {"ministry", "area", "ozg_role", "agency"}
            right |= {ref for m in expect.ministries for ref in ministry_subjects.get(m, ())}
        elif (asked := expect.paragraph_parts()) is not None:
            kinds.add("norm")
            right.add(SubjectRef("norm", norm_id(asked[0])))
        if right:
            out.append(
                Example(
                    q.id,
                    list(q.messages),
                    "",
                    "",
                    frozenset(right),
                    source="blind",
                    labelled=frozenset(kinds),
                )
            )
    return out


def _ministry_subjects(knowledge: KnowledgeBase) -> dict[str, set[SubjectRef]]:
    """Ministry id -> its own card and the cards of its areas, OZG roles and agencies, read off the indexed chunks
    (``MI/area/3``: the ids are made in one place, :mod:`corpora.ids`): an answer about any of them names it."""
    out: dict[str, set[SubjectRef]] = {}
    for chunk_id in knowledge.chunks:
        ref = subject_of(chunk_id)
        if ref is not None and ref.kind in {"ministry", "area", "ozg_role", "agency"}:
            out.setdefault(ref.id.split("/")[0], set()).add(ref)
    return out
