"""Request and response models of ``/v1/places`` and ``/v1/responsibility`` (routing for portals).

The routing answer follows FIT-Connect's idea (LeiKa key + Amtlicher Regionalschlüssel -> responsible office),
down to the level of the office: no street addresses, phone numbers or web addresses of local offices are in
the sources, so none are returned; ``zustaendigkeitsfinder`` points to where they are.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas_services import ServiceRef
from assistant.models import Citation, PlaceRef
from corpora.certainty import Certainty

PlaceKind = Literal["gemeinde", "verbandsgemeinde", "kreis"]
Level = Literal["gemeinde", "verbandsgemeinde", "kreis", "land", "bund", "none"]
_SERVICE = r"^(?:[0-9]{14}|[A-Za-z0-9][A-Za-z0-9._-]{0,80})$"


class PlaceSummary(BaseModel):
    ars: str = Field(examples=["150850235235"], description="Amtlicher Regionalschlüssel: 12, 9 or 5 digits.")
    kind: PlaceKind
    name: str = Field(examples=["Quedlinburg, Welterbestadt"], description="Official (Gemeindeverzeichnis).")
    short: str = Field(examples=["Quedlinburg"], description="Everyday name.")
    title: str = Field(examples=["Welterbestadt Quedlinburg"], description="As letters name it.")
    kreis_ars: str = Field(examples=["15085"])
    kreis_name: str = Field(examples=["Harz"])
    verband_ars: str | None = Field(default=None, examples=[None])
    verband_name: str | None = None
    plz: list[str] = Field(examples=[["06484", "06485"]], description="Approximate (OpenStreetMap, ODbL).")
    document_id: str = Field(examples=["place/gemeinde/150850235235"], description="The citable record.")


class PlaceList(BaseModel):
    items: list[PlaceSummary]
    total: int


class PlaceDetail(PlaceSummary):
    lead: str = Field(examples=["Quedlinburg, Welterbestadt – Gemeinde im Landkreis Harz"])
    record: str = Field(description="The place's record exactly as indexed (with its sources).")
    source: str = Field(examples=["Gemeindeverzeichnis (Destatis, Stand 30.11.2025)"])
    kreis: PlaceSummary | None = Field(default=None, description="The Kreis (absent for a Kreis itself).")
    verbandsgemeinde: PlaceSummary | None = None
    members: list[PlaceSummary] = Field(
        default_factory=list,
        description="A Kreis: its Verbandsgemeinden, then its Gemeinden; a Verbandsgemeinde: "
        "its member Gemeinden.",
    )


class ResponsibilityRequest(BaseModel):
    """``service`` and exactly one place: ``ars``, ``ags``, ``plz`` or ``place`` (a name).

    "Exactly one" cannot be said in the OpenAPI document (query parameters are independent), so it is checked
    when the request is answered and refused like other schema-valid input that cannot be answered: 400 ``E400``.
    """

    model_config = ConfigDict(extra="ignore")

    service: str = Field(pattern=_SERVICE, description="14-digit LeiKa key or service id (slug).")
    ars: str | None = Field(
        default=None, pattern=r"^\d{5}(?:\d{4}(?:\d{3})?)?$", description="5, 9 or 12 digits."
    )
    ags: str | None = Field(
        default=None, pattern=r"^\d{5}(?:\d{3})?$", description="8 digits (Gemeinde), 5 (Kreis)."
    )
    plz: str | None = Field(default=None, pattern=r"^\d{5}$")
    place: str | None = Field(
        default=None, min_length=1, max_length=100, description="A name, e.g. Wernigerode."
    )

    def given_places(self) -> int:
        return sum(v is not None for v in (self.ars, self.ags, self.plz, self.place))


class Authority(BaseModel):
    """One executing authority of the service for the place (the ``responsible[]`` shape plus the place)."""

    id: str = Field(examples=["zulassungsbehoerde"], description="The authority type.")
    authority_type_name: str = Field(
        examples=["Zulassungsbehörde des Landkreises bzw. der kreisfreien Stadt"]
    )
    name: str = Field(examples=["Zulassungsbehörde des Landkreises Harz"], description="The concrete office.")
    kind: Literal["authority", "authority_type"] = Field(
        description="authority: a concrete office for the place; authority_type: no office follows from the place "
        "(federal bodies, insurers, the study place …)."
    )
    level: Level = Field(description="Level of the responsible body; bund or none: not resolved to a place.")
    place: PlaceRef | None = Field(
        default=None, description="The responsible body (Gemeinde, Verbandsgemeinde, Kreis)."
    )
    kreis: PlaceRef | None = None
    certainty: Certainty = Field(description="The weakest of the service relation and the place rule.")
    note: str | None = Field(default=None, description="What is uncertain or what the sources do not say.")
    source_url: str | None = Field(
        default=None, description="Source of the place rule (else of the relation)."
    )
    citations: list[int] = Field(default_factory=list)


class Ministry(BaseModel):
    id: str = Field(examples=["MI"])
    name: str = Field(examples=["Ministerium für Inneres und Sport"])
    kind: Literal["ministry", "staatskanzlei"]
    basis: str | None = Field(default=None, examples=["Fachverantwortung"])
    certainty: Certainty
    source_url: str | None = None
    citations: list[int] = Field(default_factory=list)


class ResponsibilityResponse(BaseModel):
    service: ServiceRef
    place: PlaceSummary = Field(description="The place the request named.")
    authorities: list[Authority] = Field(
        description="Empty for a catalogue entry without a Land description."
    )
    ministry: Ministry | None = Field(
        default=None, description="The Land ministry; null where none is named."
    )
    citations: list[Citation] = Field(description="Every quote is an exact substring of the cited chunk.")
    note: str | None = None
    zustaendigkeitsfinder: str = Field(
        examples=["https://www.buerger.sachsen-anhalt.de"],
        description="Addresses, opening hours and contacts of the office: the BUS LSA Zuständigkeitsfinder.",
    )
