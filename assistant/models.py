"""The answer contract (DESIGN.md "Answer JSON") and the intermediate results of question analysis."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from corpora.certainty import Certainty

Intent = Literal["responsibility", "legal", "service", "definition", "smalltalk", "out_of_scope"]
#: What a service question asks about (a follow-up may change only this).
Aspect = Literal[
    "kosten",
    "unterlagen",
    "fristen",
    "voraussetzungen",
    "ablauf",
    "rechtsgrundlagen",
    "zustaendigkeit",
    "allgemein",
]
OrgKind = Literal["ministry", "staatskanzlei", "authority_type", "authority", "federal", "other"]


class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(min_length=1, max_length=1000)


class Citation(BaseModel):
    """A numbered source; ``quote`` is an exact substring of the indexed chunk ``document_id``."""

    id: int = Field(ge=1)
    label: str
    title: str | None = None
    source: str
    url: str | None = None
    document_id: str
    quote: str


class PlaceRef(BaseModel):
    """A Gemeinde, Verbandsgemeinde or Kreis of Sachsen-Anhalt (Gemeindeverzeichnis, Destatis)."""

    ars: str = Field(examples=["150850235235"], description="Amtlicher Regionalschlüssel (12, 9 or 5 digits)")
    name: str = Field(examples=["Quedlinburg, Welterbestadt"])
    kind: str | None = Field(None, examples=["gemeinde"], description="gemeinde, verbandsgemeinde or kreis")
    kreis: str | None = Field(None, examples=["Harz"], description="the Landkreis or kreisfreie Stadt")


class Responsible(BaseModel):
    """A responsible organisation as the answer (and ``/v1/services``) states it, with how firmly it is backed."""

    id: str = Field(examples=["MID", "meldebehoerde"])
    name: str
    abbreviation: str | None = None
    kind: OrgKind
    role: str | None = Field(None, description="what this organisation does for the question")
    certainty: Certainty = Field(
        "sourced",
        description=(
            "sourced: a source states this responsibility; derived: inferred from the ministry's areas "
            "(abgeleitet aus den Aufgabenbereichen); uncertain: weak, old or editor-supplied source "
            "(nicht sicher belegt)."
        ),
    )
    source_url: str | None = Field(
        None, description="where the responsibility is stated (the relation's source), for checking it"
    )
    level: str | None = Field(
        None,
        examples=["kreis"],
        description="for a local authority resolved for a place: gemeinde, verbandsgemeinde, kreis, land or bund",
    )
    place: PlaceRef | None = Field(None, description="the body that is responsible for the asked place")
    kreis: str | None = Field(None, examples=["Harz"], description="the Kreis of that place")
    citations: list[int] = Field(default_factory=list)


class Subject(BaseModel):
    """What an answer (or one part of it, or one option of a question back) is about."""

    kind: str = Field(
        examples=["service"],
        description="service, catalogue, lebenslage, ozg_leistung, ministry, "
        "area, ozg_role, agency, authority_type, topic, principle, norm or page",
    )
    id: str = Field(examples=["99115003012000"])
    label: str = Field(examples=["Meldebescheinigung beantragen"])
    leika_key: str | None = None
    probability: float | None = Field(
        None, ge=0, le=1, description="calibrated probability that this is the subject the question means"
    )


def new_answer_id() -> str:
    return uuid.uuid4().hex


class Answer(BaseModel):
    answer_id: str = Field(
        default_factory=new_answer_id, description="random id of this answer, for feedback; not a session id"
    )
    answer: str
    intent: Intent
    no_answer: bool = False
    responsible: list[Responsible] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    #: options when the question fits several services equally ("Ausweis" -> Personalausweis or Reisepass)
    clarification: list[str] = Field(default_factory=list)
    #: the subject of the answer (one per part of a multi-part question; the options when asking back)
    subjects: list[Subject] = Field(default_factory=list)
    place: PlaceRef | None = Field(
        None,
        description="the place the answer was given for (named in this or an earlier turn, or sent by the client)",
    )
    suggestions: list[str] = Field(default_factory=list, description="follow-up questions the UI can offer")


@dataclass
class EntityRef:
    """Something the question names: a service, an organisation, a norm, a topic."""

    kind: Literal["service", "ministry", "authority_type", "ozg_role", "area", "norm", "topic"]
    id: str  # service slug / leika key, ministry abbreviation, authority-type id, "egovg-lsa/§9[/abs1]", ...
    label: str
    score: float = 1.0
    matched: str = ""  # the words of the question that matched


@dataclass
class QueryAnalysis:
    """Everything the retrieval and composition steps need to know about the (resolved) question."""

    text: str  # the question as asked (last user message)
    resolved_text: str  # with follow-up context filled in, used for retrieval
    intent: Intent
    aspect: Aspect = "allgemein"
    entities: list[EntityRef] = field(default_factory=list)
    follow_up: bool = False
    ambiguous: list[EntityRef] = field(default_factory=list)  # equally good service candidates
    language: Literal["de", "en"] = "de"
    injection: bool = False  # instructions embedded in the question (ignored, but noted)
    #: Leistungskatalog entries without a curated description that the question names (id = LeiKa key);
    #: only looked for when no curated service is named, and never used for intent or ambiguity
    catalogue: list[EntityRef] = field(default_factory=list)
    #: entities inherited from an earlier turn (a follow-up such as "Und was kostet das?")
    carried: list[EntityRef] = field(default_factory=list)
    #: what the previous user turn named (context for a follow-up that names a new subject of the same sort)
    previous_entities: list[EntityRef] = field(default_factory=list)
    #: the question-form cue families (``assistant.analysis.intent.Cues``), features of the intent model
    cues: Any = None
    #: the analysed German text of the last turn (a spaCy ``Doc``): read again by the decision layer, not re-run
    doc: Any = field(default=None, repr=False, compare=False)

    def of_kind(self, kind: str) -> list[EntityRef]:
        return [e for e in self.entities if e.kind == kind]


@dataclass
class AnswerTrace:
    """What happened while answering (evaluation, metrics, debugging); never sent to citizens."""

    analysis: QueryAnalysis | None = None
    retrieved_ids: list[str] = field(default_factory=list)  # meta ids in rank order
    direct_ids: list[str] = field(default_factory=list)  # ids found by direct lookup
    seconds: dict[str, float] = field(default_factory=dict)  # analysis, embedding, retrieval, composition
    dropped_claims: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
