"""Validated records of the organisations corpus: ministries, authority types, responsibilities.

Every record carries its source URL so that an answer built from it can be cited; ``certain`` marks
records where a statement is derived rather than stated by the source (see the data file header).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from corpora.certainty import Certainty
from corpora.ids import org_path
from lsa_assistant.errors import NotFoundError

_URL = re.compile(r"^https?://\S+$")


def _check_url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[Text, AfterValidator(_check_url)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
LeikaKey = Annotated[str, StringConstraints(pattern=r"^\d{14}$")]

#: Level of an authority type: who runs it. ``bund`` and ``sozialversicherung`` (Kranken-, Pflege-,
#: Rentenversicherung) are outside the Land administration: no Land ministry is responsible for what they do
#: unless a source names one in a specific role (see ``Relation``).
Level = Literal["gemeinde", "landkreis", "land", "bund", "sozialversicherung", "kammer", "sonstige"]
#: Levels whose services no Land ministry answers for as Fachverantwortung.
OUTSIDE_LAND_LEVELS: frozenset[str] = frozenset({"bund", "sozialversicherung"})
#: Where an authority type sits once a place is known ("which office for Wernigerode?"): ``gemeinde`` the Gemeinde
#: itself, also inside a Verbandsgemeinde; ``verbandsgemeinde`` the Verbandsgemeinde for its member Gemeinden, else
#: the verbandsfreie Gemeinde (Einheitsgemeinde) or kreisfreie Stadt; ``kreis`` the Landkreis or the kreisfreie
#: Stadt; ``land`` / ``bund`` one body of the Land / the Federation; ``none`` the place of residence does not decide
#: (the study place, the road, the insurer).
PlaceLevel = Literal["gemeinde", "verbandsgemeinde", "kreis", "land", "bund", "none"]
#: Which place levels fit an authority type's ``level`` (``sonstige`` may be any).
PLACE_LEVELS_OF: dict[str, frozenset[str]] = {
    "gemeinde": frozenset({"gemeinde", "verbandsgemeinde"}),
    "landkreis": frozenset({"kreis"}),
    "land": frozenset({"land"}),
    "bund": frozenset({"bund"}),
    "sozialversicherung": frozenset({"none"}),
    "kammer": frozenset({"none"}),
}
#: A Kreis (5 digits) or a Gemeinde (12 digits) of Sachsen-Anhalt by its Amtlicher Regionalschlüssel.
PlaceArs = Annotated[str, StringConstraints(pattern=r"^15\d{3}(\d{7})?$")]
#: Why a ministry is named for a topic. ``Rechtsaufsicht``: the Land supervises the lawfulness of a body it
#: does not run (e.g. a Land-level social insurer) – the only role a Land ministry may have for a service
#: executed outside the Land administration.
Basis = Literal["Fachaufsicht", "Fachverantwortung", "OZG-Rolle", "Rechtsaufsicht"]


class _Record(BaseModel):
    """Strict base: unknown keys are typos, not silently ignored data."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class _Hedged(_Record):
    """A record whose statements may be derived; an uncertain one must say why."""

    certain: bool = True
    note: Text | None = None

    @model_validator(mode="after")
    def _uncertain_needs_note(self) -> _Hedged:
        if not self.certain and self.note is None:
            raise ValueError("'certain: false' needs a 'note' saying what is not backed by the source")
        return self


class Head(_Hedged):
    name: Text
    title: Text
    stand: Text
    source: Url


class Area(_Hedged):
    name: Text
    description: Text
    source: Url
    stand: Text


class OzgRole(_Hedged):
    role: Text
    #: Accusative phrase for "Zuständig für <subject> ist …"; falls back to ``role``.
    subject: Text | None = None
    description: Text
    legal_basis: Text | None = None
    source: Url
    stand: Text
    #: False for roles the ministry held before (kept so that old sources can be explained).
    current: bool = True


class SubordinateAuthority(_Record):
    name: Text
    abbreviation: Text | None = None
    description: Text
    source: Url

    @property
    def label(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class Ministry(_Record):
    id: Text
    abbreviation: Text
    name: Text
    kind: Literal["ministry", "staatskanzlei"]
    website: Url | None = None
    head: Head | None = None
    sources: list[Url] = Field(min_length=1)
    note: Text | None = None
    areas: list[Area] = Field(default_factory=list)
    ozg_roles: list[OzgRole] = Field(default_factory=list)
    subordinate_authorities: list[SubordinateAuthority] = Field(default_factory=list)

    @model_validator(mode="after")
    def _id_is_abbreviation(self) -> Ministry:
        if self.id != self.abbreviation:
            raise ValueError(f"id {self.id!r} must equal abbreviation {self.abbreviation!r}")
        return self

    @property
    def label(self) -> str:
        """Citation label, e.g. "Ministerium für Infrastruktur und Digitales (MID)"."""
        return f"{self.name} ({self.abbreviation})"

    @property
    def nominative(self) -> str:
        """With article: "das Ministerium … (MID)", "die Staatskanzlei … (StK)"."""
        return f"{'die' if self.kind == 'staatskanzlei' else 'das'} {self.label}"

    @property
    def genitive(self) -> str:
        """ "des Ministeriums … (MID)", "der Staatskanzlei … (StK)"."""
        if self.kind == "staatskanzlei":
            return f"der {self.label}"
        return "des " + re.sub(r"^Ministerium\b", "Ministeriums", self.label)


class _PlaceStatement(_Record):
    """Where an office sits, with its own source and certainty (an uncertain one says why in ``note``)."""

    level: PlaceLevel
    #: the concrete office name, filled by ``corpora.place_names.fill_office`` ("Zulassungsbehörde" ->
    #: "Zulassungsbehörde des Landkreises Harz"; "Jobcenter für {akk}"); None: the responsible body itself
    office: Text | None = None
    source: Url
    certainty: Certainty = "sourced"
    note: Text | None = None

    @model_validator(mode="after")
    def _uncertain_needs_note(self) -> _PlaceStatement:
        if self.certainty != "sourced" and self.note is None:
            raise ValueError("a place rule that is not 'sourced' needs a 'note' saying what is not backed")
        return self


class PlaceException(_PlaceStatement):
    """Places where the general rule does not hold, each case with its source (e.g. the five towns that are
    untere Bauaufsichtsbehörde themselves, the police as Waffenbehörde in Halle and Magdeburg)."""

    #: the Gemeinden (12 digits) or Kreise (5 digits) concerned
    ars: list[PlaceArs] = Field(min_length=1)
    #: the sentence the authority type's record carries for this case; answers quote it
    text: Text


class PlaceRule(_PlaceStatement):
    """The general rule: at which level the authority type sits for a place."""

    legal_basis: Text | None = None
    exceptions: list[PlaceException] = Field(default_factory=list)

    def exception_for(self, ars: str) -> PlaceException | None:
        """The special case for a Gemeinde (12 digits) or its Kreis (first 5), if any."""
        return next((e for e in self.exceptions if ars in e.ars or ars[:5] in e.ars), None)


class AuthorityType(_Hedged):
    id: Slug
    name: Text
    level: Level
    description: Text
    supervision: Text | None = None
    legal_basis: Text | None = None
    sources: list[Url] = Field(min_length=1)
    #: where the type sits for place resolution; required for the shipped corpus (rule E116)
    place: PlaceRule | None = None


class Relation(_Record):
    """Topic → executing authority type → responsible ministry (or none named by the sources).

    The one source of truth for who is responsible for a service: the FIM files' role-02 ministry links are
    validated against it (``corpora.responsibilities``). Each half carries its own certainty, because an
    authority can be sourced while the ministry above it is only derived from the ministry's areas.
    """

    id: int = Field(ge=1)
    topic: Text
    services: list[Text] = Field(default_factory=list)
    leika_keys: list[LeikaKey] = Field(default_factory=list)
    authority_type: Slug
    #: how firmly ``source`` backs the executing authority
    authority_certainty: Certainty = "sourced"
    ministry: Text | None
    basis: Basis | None = None
    #: how firmly ``ministry_source`` backs the ministry; required exactly when a ministry is named
    ministry_certainty: Certainty | None = None
    legal_basis: Text | None = None
    source: Url
    ministry_source: Url | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _ministry_fields_agree(self) -> Relation:
        if self.ministry is not None:
            if self.basis is None or self.ministry_source is None or self.ministry_certainty is None:
                raise ValueError(
                    "a relation that names a ministry needs 'basis', 'ministry_source' and 'ministry_certainty'"
                )
        elif self.basis is not None or self.ministry_certainty is not None:
            raise ValueError(
                "'basis' and 'ministry_certainty' belong to a named ministry ('ministry' is null)"
            )
        if not self.certain and self.note is None:
            raise ValueError("a certainty other than 'sourced' needs a 'note' saying what is not backed")
        return self

    @property
    def certain(self) -> bool:
        """True when both the authority and the ministry (if any) are stated by their sources."""
        return self.authority_certainty == "sourced" and self.ministry_certainty in (None, "sourced")


class Principle(_Record):
    id: int = Field(ge=1)
    title: Text
    text: Text
    legal_basis: Text | None = None
    source: Url
    stand: Text


class OrganizationMeta(BaseModel):
    """Stand, sources and caveats of the compilation as a whole."""

    model_config = ConfigDict(extra="allow", frozen=True)

    stand: Text
    election_note: Text
    sources: list[Url] = Field(min_length=1)
    government: dict[str, Any] | None = None


class OrganizationData(_Record):
    """The whole corpus, cross-checked by :func:`corpora.organizations.load_organizations`."""

    meta: OrganizationMeta
    principles: list[Principle] = Field(default_factory=list)
    ministries: list[Ministry]
    authority_types: list[AuthorityType]
    relations: list[Relation]

    def ministry_ids(self) -> list[str]:
        return [m.id for m in self.ministries]

    def authority_type_ids(self) -> list[str]:
        return [a.id for a in self.authority_types]

    def authority_type_names(self) -> dict[str, str]:
        """Id -> display name, e.g. for FIM services that link authority types."""
        return {a.id: a.name for a in self.authority_types}

    def ministry(self, ministry_id: str) -> Ministry:
        found = self.get(ministry_id)
        if not isinstance(found, Ministry):
            raise NotFoundError(f"no ministry {ministry_id!r}")
        return found

    def authority_type(self, type_id: str) -> AuthorityType:
        found = self.get(type_id)
        if not isinstance(found, AuthorityType):
            raise NotFoundError(f"no authority type {type_id!r}")
        return found

    def relations_for(
        self, *, authority_type: str | None = None, ministry: str | None = None
    ) -> list[Relation]:
        return [
            r
            for r in self.relations
            if (authority_type is None or r.authority_type == authority_type)
            and (ministry is None or r.ministry == ministry)
        ]

    def get(self, record_id: str) -> Ministry | AuthorityType | Relation | Principle:
        """Look a record up by ministry abbreviation (any case), authority type id, ``relation/<n>``,
        ``principle/<n>``, or the matching document id (``org/MID``, ``org/authority/meldebehoerde``).

        :raises NotFoundError: when nothing matches.
        """
        key = org_path(record_id.strip()).removeprefix("authority/")
        for m in self.ministries:
            if m.id.casefold() == key.casefold():
                return m
        for a in self.authority_types:
            if a.id == key:
                return a
        kind, _, number = key.partition("/")
        if number.isdigit():
            pool: list[Relation] | list[Principle] = (
                self.relations if kind == "relation" else self.principles if kind == "principle" else []
            )
            for record in pool:
                if record.id == int(number):
                    return record
        raise NotFoundError(f"unknown organisation record {record_id!r}")
