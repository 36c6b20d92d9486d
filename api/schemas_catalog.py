"""Response and request models of the catalogue resources: organisations, norms, feedback (services:
``api/schemas_services.py``).

Kept apart from ``api/schemas.py`` (search, health) because the staff page and portals bind to exactly these
field names; the examples show up in the OpenAPI document at ``/docs``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.schemas_services import Responsibility, ServiceRef
from api.validation import PLAIN_TEXT_PATTERN, has_control
from corpora.certainty import Certainty

OrganizationKind = Literal["ministry", "staatskanzlei", "authority_type"]

# Control characters other than tab and newline (and CR, which browsers send with newlines in forms).


# --- organisations -----------------------------------------------------------------------------


class OrganizationSummary(BaseModel):
    id: str = Field(examples=["MID", "meldebehoerde"])
    name: str = Field(examples=["Ministerium für Infrastruktur und Digitales"])
    abbreviation: str | None = Field(examples=["MID"])
    kind: OrganizationKind = Field(examples=["ministry"])
    url: str | None = Field(examples=["https://mid.sachsen-anhalt.de"])
    area_count: int = Field(examples=[6])
    ozg_role_count: int = Field(examples=[14])
    service_count: int = Field(examples=[19])


class OrganizationList(BaseModel):
    items: list[OrganizationSummary]
    total: int = Field(examples=[49])


class Head(BaseModel):
    name: str = Field(examples=["Dr. Lydia Hüskens (FDP)"])
    title: str = Field(examples=["Ministerin für Infrastruktur und Digitales"])
    stand: str = Field(examples=["2026-01-28"])
    source: str
    certain: bool = True
    note: str | None = None


class Area(BaseModel):
    name: str = Field(examples=["Digitalisierung"])
    description: str
    source: str
    stand: str
    certain: bool
    note: str | None = None


class OzgRole(BaseModel):
    role: str = Field(examples=["Bezahlplattform (ePayment)"])
    subject: str | None = None
    description: str
    legal_basis: str | None = None
    source: str
    stand: str
    current: bool
    certain: bool
    note: str | None = None


class Subordinate(BaseModel):
    name: str = Field(examples=["Landesstraßenbaubehörde Sachsen-Anhalt"])
    abbreviation: str | None = Field(examples=["LSBB"])
    description: str
    source: str


class Relation(Responsibility):
    topic: str = Field(examples=["Melderecht"])


class PlaceException(BaseModel):
    ars: list[str] = Field(examples=[["150840590590"]])
    level: str = Field(examples=["gemeinde"])
    text: str
    certainty: Certainty
    note: str | None = None
    source: str


class PlaceRule(BaseModel):
    level: Literal["gemeinde", "verbandsgemeinde", "kreis", "land", "bund", "none"] = Field(
        description="gemeinde: the Gemeinde itself; verbandsgemeinde: the Verbandsgemeinde for its members, else "
        "the Gemeinde; kreis: the Landkreis or kreisfreie Stadt; land / bund: one body; none: not by residence."
    )
    office: str | None = Field(default=None, examples=["Zulassungsbehörde"])
    certainty: Certainty
    note: str | None = None
    legal_basis: str | None = None
    source: str
    exceptions: list[PlaceException] = Field(default_factory=list)


class OrganizationDetail(OrganizationSummary):
    head: Head | None = None
    areas: list[Area] = Field(default_factory=list)
    ozg_roles: list[OzgRole] = Field(default_factory=list)
    subordinate_authorities: list[Subordinate] = Field(default_factory=list)
    services: list[ServiceRef] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    level: str | None = Field(default=None, examples=["gemeinde"], description="Authority types only.")
    place_rule: PlaceRule | None = Field(
        default=None,
        description="Authority types only: where the type sits once a place is known, with source.",
    )
    description: str | None = Field(default=None, description="Authority types only.")
    supervision: str | None = Field(default=None, description="Authority types only.")
    legal_basis: str | None = Field(default=None, description="Authority types only.")
    certain: bool = True
    note: str | None = None
    sources: list[str]


# --- norms -------------------------------------------------------------------------------------


class Gap(BaseModel):
    paragraph: str = Field(examples=["5"])
    absaetze: str | list[str] = Field(examples=["all", ["3"], "2 ff."], description="all, a list or 'N ff.'")
    kind: Literal["missing", "partial", "uncertain"]
    note: str = Field(examples=["Text und Überschrift fehlen."])


class ParagraphRef(BaseModel):
    paragraph: str = Field(examples=["9"])
    title: str = Field(examples=["Elektronischer Zugang zur Verwaltung"])
    label: str = Field(examples=["§ 9 EGovG LSA"])
    href: str = Field(examples=["/v1/norms/egovg-lsa/9"])
    complete: bool = Field(description="False when Absätze are missing or cut off.")


class LawDetail(BaseModel):
    law: str = Field(examples=["egovg-lsa"])
    title: str = Field(examples=["E-Government-Gesetz Sachsen-Anhalt (EGovG LSA)"])
    abbreviation: str = Field(examples=["EGovG LSA"])
    long_title: str | None = None
    version: str = Field(examples=["Gesetz vom 24.07.2019 (GVBl. LSA S. 200)"], description="Fassung.")
    url: str | None = None
    paragraphs: list[ParagraphRef]
    known_gaps: list[Gap]


class NormItem(BaseModel):
    label: str = Field(examples=["1."])
    text: str
    subitems: list[NormItem] = Field(default_factory=list)


class Absatz(BaseModel):
    number: str = Field(examples=["1"])
    label: str = Field(examples=["§ 9 Abs. 1 EGovG LSA"])
    text: str
    items: list[NormItem]
    complete: bool
    gap_note: str | None = None
    document_id: str = Field(examples=["egovg-lsa/§9/abs1"], description="Id of the indexed chunk.")


class NormDetail(BaseModel):
    law: str = Field(examples=["egovg-lsa"])
    paragraph: str = Field(examples=["9"])
    title: str
    label: str = Field(examples=["§ 9 EGovG LSA"])
    url: str | None = None
    absaetze: list[Absatz]
    gaps: list[Gap]


# --- feedback ----------------------------------------------------------------------------------


class FeedbackRequest(BaseModel):
    """A rating of one answer; nothing that identifies the person is accepted."""

    model_config = ConfigDict(extra="forbid")

    answer_id: str = Field(pattern=r"^[0-9a-f]{32}$", examples=["3f2b9c0d4e5f60718293a4b5c6d7e8f9"])
    rating: Literal["up", "down"] = Field(examples=["up"])
    comment: str | None = Field(
        default=None,
        max_length=1000,
        examples=["Hat geholfen, danke."],
        # documents the validator below, so clients (and schemathesis) know control characters are refused
        json_schema_extra={"pattern": PLAIN_TEXT_PATTERN},
    )

    @field_validator("comment")
    @classmethod
    def _plain_text(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if has_control(value):
            raise ValueError("Der Kommentar enthält Steuerzeichen.")
        return value.strip() or None


class FeedbackResponse(BaseModel):
    id: int = Field(examples=[1])
    answer_id: str = Field(examples=["3f2b9c0d4e5f60718293a4b5c6d7e8f9"])
    rating: Literal["up", "down"]
    stored: bool = Field(examples=[True])


class FeedbackSummaryResponse(BaseModel):
    up: int = Field(examples=[12])
    down: int = Field(examples=[3])
    with_comment: int = Field(examples=[4])
