"""The gold question set: pydantic models and a loader that checks every expectation against the corpus.

A gold entry is only worth something if it is true of the data, so :func:`validate_gold` refuses entries
whose expected chunk ids or organisation ids do not exist, and entries whose ``expected_fact`` is not written
in any of their expected chunks (the fact was then guessed, not read).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.models import Intent, Message
from lsa_assistant.errors import LsaError

if TYPE_CHECKING:
    from assistant.knowledge import KnowledgeBase

#: The shipped gold set.
DEFAULT_GOLD_PATH = Path(__file__).resolve().parents[2] / "tests" / "eval" / "gold.yaml"

Tag = Literal[
    "ministry",
    "ozg_role",
    "law",
    "service",
    "follow_up",
    "colloquial",
    "typo",
    "english",
    "adversarial",
    "out_of_scope",
    "authority",
    "definition",
    "smalltalk",
    "missing_norm",
    "place",  # names a town, PLZ or Kreis: the answer names the concrete authority there
    "multi_part",  # several questions in one message, one answer part each
    "life_event",  # a Lebenslage of the OZG catalogue ("Unser Baby ist da – was müssen wir beantragen?")
    "catalogue",  # a service only the Leistungskatalog knows; scored separately (runner.CATALOGUE_TAG)
]


Split = Literal["train", "dev", "test"]
SPLITS: tuple[Split, ...] = ("train", "dev", "test")
Q = TypeVar("Q", bound=BaseModel)


class GoldError(LsaError):
    """The gold set cannot be read or does not match the corpus."""

    status = 500
    code = "E700"
    title = "Ungültiger Gold-Fragensatz"


class GoldQuestion(BaseModel):
    """One question (or dialogue) with what a correct answer must show."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)
    messages: list[Message] = Field(min_length=1)
    intent: Intent
    #: chunk ids; any of them among the first five retrieved counts as a hit
    expected_documents: list[str] = Field(default_factory=list)
    #: ministry abbreviations / authority-type ids that must all be in ``Answer.responsible``
    expected_responsible: list[str] = Field(default_factory=list)
    #: a short string that at least one cited chunk must contain
    expected_fact: str | None = None
    no_answer: bool = False
    tags: list[Tag] = Field(default_factory=list)
    #: train / dev: rules, features and models may be tuned on these; test: measured only
    split: Split | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> GoldQuestion:
        if self.messages[-1].role != "user":
            raise ValueError("the last message must be the user's question")
        if self.no_answer and (self.expected_fact or self.expected_responsible):
            raise ValueError("a no_answer question expects neither a fact nor a responsible organisation")
        if self.expected_fact is not None and not self.expected_documents:
            raise ValueError("expected_fact needs expected_documents that contain it")
        return self

    @property
    def question(self) -> str:
        """The last user message (what retrieval-only runs search for when no resolved text is known)."""
        return self.messages[-1].content


def load_gold(path: Path | None = None) -> list[GoldQuestion]:
    """Read and structurally validate the gold YAML (a list of entries or ``{"questions": [...]}``).

    :raises GoldError: unreadable file, schema errors (with the entry id) or duplicate ids.
    """
    path = path or DEFAULT_GOLD_PATH
    questions = read_questions(path, GoldQuestion, "gold")
    duplicates = [qid for qid, n in Counter(q.id for q in questions).items() if n > 1]
    if duplicates:
        raise GoldError(f"{path}: duplicate gold ids: {', '.join(sorted(duplicates))}")
    return questions


def read_questions(path: Path, model: type[Q], kind: str) -> list[Q]:
    """The entries of a question file (a YAML list or ``{"questions": [...]}``), each validated as ``model``;
    gold and blind sets share the format, so they share the reading and its error messages.

    :param kind: ``gold`` or ``blind``, named in the error messages.
    :raises GoldError: unreadable file or an invalid entry (named by its id, else by its position).
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise GoldError(f"cannot read {kind} set {path}: {e}") from e
    if isinstance(raw, dict):
        raw = raw.get("questions")
    if not isinstance(raw, list):
        raise GoldError(f"{path}: expected a list of questions")
    questions: list[Q] = []
    for index, entry in enumerate(raw):
        label = entry.get("id", f"#{index}") if isinstance(entry, dict) else f"#{index}"
        try:
            questions.append(model.model_validate(entry))
        except ValidationError as e:
            raise GoldError(f"{path}: {kind} entry {label!r} is invalid: {e}") from e
    return questions


def validate_gold(questions: list[GoldQuestion], kb: KnowledgeBase) -> None:
    """Check every expectation against the loaded corpus.

    :raises GoldError: listing every problem found (missing chunk ids, unknown organisation ids, facts
        that are not in any expected chunk).
    """
    org_ids = set(kb.organizations.ministry_ids()) | set(kb.organizations.authority_type_ids())
    problems: list[str] = []
    for q in questions:
        for doc_id in q.expected_documents:
            if doc_id not in kb.chunks:
                problems.append(f"{q.id}: expected document {doc_id!r} is not an indexed chunk id")
        for org_id in q.expected_responsible:
            if org_id not in org_ids:
                problems.append(
                    f"{q.id}: expected responsible {org_id!r} is neither a ministry nor an authority type"
                )
        if q.expected_fact is not None:
            texts = [kb.chunks[d].content or "" for d in q.expected_documents if d in kb.chunks]
            if not any(q.expected_fact in text for text in texts):
                problems.append(
                    f"{q.id}: expected fact {q.expected_fact!r} is in none of its expected documents"
                )
    if problems:
        raise GoldError("gold set does not match the corpus:\n  " + "\n  ".join(problems))


def load_validated_gold(kb: KnowledgeBase, path: Path | None = None) -> list[GoldQuestion]:
    """:func:`load_gold` followed by :func:`validate_gold`."""
    questions = load_gold(path)
    validate_gold(questions, kb)
    return questions
