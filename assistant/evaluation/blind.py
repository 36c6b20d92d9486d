"""Blind question sets: questions written by someone who has read neither the code, the rules nor the gold set.

A blind set (``tests/eval/blind/<date>/questions.yaml``; the independent set kept outside the project has the
same format) states for each question what a correct answer must show: the outcome (answer, ask back, decline)
and, for answers, the subject (LeiKa keys), the responsible authority types and ministries, the §, the
Lebenslage, a verbatim fact and the place. Scoring only reads the answer contract (``Answer`` JSON), so the
same scorer measures any version of the assistant, before and after a change.

An answer is **correct** when its outcome is the expected one and every stated expectation holds. It is
**confidently wrong** when the assistant answered (neither asked back nor declined) although it should have
declined, or about the wrong subject, authority, ministry or §: the failure that misleads a citizen most.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.evaluation.gold import read_questions
from assistant.models import Answer, Message
from corpora.ids import norm_id

Outcome = Literal["answer", "clarify", "decline"]
_KEY = re.compile(r"^\d{14}$")
_PARAGRAPH = re.compile(r"§\s*(\d+[a-z]?)(?:\s*Abs\.?\s*(\d+))?")


class Expectation(BaseModel):
    """What a correct answer (or one part of a multi-part answer) must show; unset fields are not checked."""

    model_config = ConfigDict(extra="forbid")

    outcome: Outcome = "answer"
    services: list[str] = Field(default_factory=list)
    authority_types: list[str] = Field(default_factory=list)
    ministries: list[str] = Field(default_factory=list)
    paragraph: str | None = None
    lebenslage: str | None = None
    fact: str | None = None
    place: str | None = None

    def paragraph_parts(self) -> tuple[str, str | None] | None:
        """The § and Absatz the expectation names ("§ 9 Abs. 1" -> ("9", "1")); None without a §."""
        match = _PARAGRAPH.search(self.paragraph or "")
        return (match.group(1), match.group(2)) if match else None


class BlindQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    persona: str = "citizen"
    kind: str
    messages: list[Message] = Field(min_length=1)
    expect: Expectation = Field(default_factory=Expectation)
    parts: list[Expectation] = Field(default_factory=list)
    note: str | None = None


def load_blind(path: Path) -> list[BlindQuestion]:
    """Read a blind set (a YAML list of questions).

    :raises GoldError: unreadable file or an invalid entry (named by its id).
    """
    return read_questions(path, BlindQuestion, "blind")


#: Where the blind sets live, and the listing of those retired into training (their failures have been read).
BLIND_ROOT = Path(__file__).resolve().parents[2] / "tests" / "eval" / "blind"
RETIRED_LISTING = "retired.yaml"


def retired_files(root: Path = BLIND_ROOT) -> list[Path]:
    """The listing and the question files of the retired blind sets (none without a listing)."""
    import yaml

    listing = root / RETIRED_LISTING
    if not listing.exists():
        return []
    names = (yaml.safe_load(listing.read_text(encoding="utf-8")) or {}).get("sets") or []
    return [listing, *(root / str(name) / "questions.yaml" for name in names)]


def retired_questions(root: Path = BLIND_ROOT, without: Collection[str] = ()) -> list[BlindQuestion]:
    """The questions of the retired blind sets; held-out sets are never read here.

    :param without: names of retired sets to leave out (a model trained without them can be measured on them).
    """
    if isinstance(without, str):  # one name would leave out every set named like one of its characters
        raise TypeError("without: a collection of set names, not one name")
    return [
        q for path in retired_files(root)[1:] if path.parent.name not in without for q in load_blind(path)
    ]


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("\u00a0", " ").split())


def answer_subject_keys(answer: Answer, aliases: Callable[[str], Iterable[str]] | None = None) -> set[str]:
    """LeiKa keys the answer is about: its declared subjects; where it declares none (older versions) or a
    grouping (a Lebenslage, an OZG-Leistung), the services it cites.

    :param aliases: further keys of a service (a curated service's other LeiKa keys).
    """
    declared = list(getattr(answer, "subjects", []))
    keys = {str(s.leika_key) for s in declared if getattr(s, "leika_key", None)}
    if not declared or any(s.kind in ("lebenslage", "ozg_leistung") for s in declared):
        for citation in answer.citations:
            head, _, rest = citation.document_id.partition("/")
            if head in ("fim", "leika"):
                keys.add(rest.split("/")[0])
    for key in list(keys):
        keys.update(aliases(key) if aliases else ())
    return {k for k in keys if _KEY.match(k)}


def check_part(expect: Expectation, answer: Answer, keys: set[str]) -> tuple[list[str], list[str]]:
    """(subject problems, detail problems) of one expectation against an answered question.

    Subject problems (wrong service, authority, ministry, §) make an answer confidently wrong; detail problems
    (a missing fact, Lebenslage or place) make it incomplete.
    """
    subject: list[str] = []
    detail: list[str] = []
    responsible = {r.id.casefold() for r in answer.responsible}
    text = _fold(answer.answer)
    if expect.services and not keys & set(expect.services):
        subject.append(f"subject: expected one of {expect.services}, got {sorted(keys)[:4]}")
    for authority in expect.authority_types:
        if authority.casefold() not in responsible:
            subject.append(f"authority {authority} not named")
    for ministry in expect.ministries:
        if ministry.casefold() not in responsible:
            subject.append(f"ministry {ministry} not named")
    if (asked := expect.paragraph_parts()) is not None:
        number, absatz = asked
        prefix = norm_id(number, absatz or None)
        cited = [c.document_id for c in answer.citations]
        if not any(d == prefix or d.startswith(prefix + "/") for d in cited):
            subject.append(f"§: expected {prefix}, cited {cited[:3]}")
    if expect.lebenslage and _fold(expect.lebenslage) not in text:
        detail.append(f"Lebenslage {expect.lebenslage!r} not named")
    if expect.fact and _fold(expect.fact) not in text:
        detail.append(f"fact {expect.fact!r} missing")
    if expect.place and not any(_fold(name) in text for name in place_names(expect.place)):
        detail.append(f"place {expect.place!r} not named")
    return subject, detail


def place_names(official: str) -> list[str]:
    """The ways an answer may name a Gemeinde: the official directory name ("Halle (Saale), Stadt") or the name
    without its designation after the comma ("Halle (Saale)"), as people and answers say it."""
    return [official, official.split(",")[0].strip()]


def score_one(
    q: BlindQuestion, answer: Answer, aliases: Callable[[str], Iterable[str]] | None = None
) -> dict[str, Any]:
    """Outcome, correctness and confident-wrongness of one answer."""
    if answer.clarification:
        outcome: Outcome = "clarify"
    elif answer.no_answer or answer.intent == "out_of_scope":
        outcome = "decline"
    else:
        outcome = "answer"
    keys = answer_subject_keys(answer, aliases)
    expected = q.expect.outcome
    problems: list[str] = []
    wrong = False
    if expected == "decline":
        correct = outcome == "decline"
        wrong = outcome == "answer"
        if not correct:
            problems.append(f"expected decline, got {outcome}")
    elif expected == "clarify":
        candidates = set(q.expect.services)
        options = " ".join(answer.clarification)
        if outcome == "clarify":
            correct = True
        elif outcome == "answer":  # answering one of the candidates is acceptable, another subject is not
            correct = not candidates or bool(keys & candidates)
            wrong = not correct
        else:
            correct = False
        if not correct:
            problems.append(f"expected clarify, got {outcome} {sorted(keys)[:3]} {options[:80]}")
    else:
        if outcome != "answer":
            correct = False
            problems.append(f"expected an answer, got {outcome}")
        else:
            subject: list[str] = []
            detail: list[str] = []
            for part in q.parts or [q.expect]:
                s, d = check_part(part, answer, keys)
                subject += s
                detail += d
            wrong = bool(subject)
            correct = not subject and not detail
            problems += subject + detail
    return {
        "id": q.id,
        "kind": q.kind,
        "outcome": outcome,
        "correct": correct,
        "wrong": wrong,
        "problems": problems,
    }


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Overall and per-kind shares of correct and confidently wrong answers."""
    total = len(records)
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_kind[r["kind"]].append(r)
    return {
        "questions": total,
        "correct": sum(r["correct"] for r in records) / total if total else None,
        "confident_wrong_rate": sum(r["wrong"] for r in records) / total if total else None,
        "outcomes": dict(Counter(r["outcome"] for r in records)),
        "by_kind": {
            kind: {
                "n": len(rs),
                "correct": round(sum(r["correct"] for r in rs) / len(rs), 3),
                "wrong": sum(r["wrong"] for r in rs),
            }
            for kind, rs in sorted(by_kind.items())
        },
    }


def run_blind(assistant: Any, path: Path, *, knowledge: Any = None) -> dict[str, Any]:
    """Answer every question of a blind set and score the answers.

    :param assistant: an object with ``answer(messages) -> (Answer, trace)``.
    """
    kb = knowledge or getattr(assistant, "knowledge", None)

    def aliases(key: str) -> Iterable[str]:
        service = kb.service(key) if kb is not None else None
        if service is None:
            return ()
        return [k for k in (service.leika_key, *service.weitere_leika_keys) if k]

    questions = load_blind(path)
    records = []
    for q in questions:
        try:
            answer, _ = assistant.answer(list(q.messages))
        except Exception as e:  # noqa: BLE001 - one broken answer must not hide the others
            records.append(
                {
                    "id": q.id,
                    "kind": q.kind,
                    "outcome": "error",
                    "correct": False,
                    "wrong": False,
                    "problems": [f"error: {type(e).__name__}: {e}"],
                }
            )
            continue
        records.append(score_one(q, answer, aliases))
    result = summarize(records)
    result["path"] = str(path)
    result["records"] = records
    return result
