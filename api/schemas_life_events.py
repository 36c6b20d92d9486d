"""Response models of ``/v1/life-events``: Lebenslagen of the OZG-Umsetzungskatalog with their services."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import Responsible


class LifeEventSummary(BaseModel):
    id: str = Field(examples=["26"], description="Number of the Lebenslage in the OZG-Umsetzungskatalog.")
    name: str = Field(examples=["Geburt"])
    themenfeld: str | None = Field(examples=["Familie & Kind"])
    ozg_leistungen: int = Field(examples=[11], description="OZG-Leistungen (bundles) of this Lebenslage.")
    described_services: int = Field(
        examples=[3], description="Services of it that have a curated description for Sachsen-Anhalt."
    )


class LifeEventList(BaseModel):
    items: list[LifeEventSummary]
    total: int
    source: str = Field(examples=["OZG-Umsetzungskatalog (Stand ca. 2020)"])


class LifeEventService(BaseModel):
    """A service of the Lebenslage: a curated Sachsen-Anhalt description (with its authority) or a catalogue
    entry (named with its LeiKa key; the catalogue names no authority)."""

    source: Literal["curated", "catalogue"]
    leika_key: str | None = Field(examples=["99041008017000"])
    id: str = Field(examples=["99041008017000"], description="Use with /v1/services/{key}.")
    name: str = Field(examples=["Kindergeld beantragen"])
    responsible: list[Responsible] = Field(
        default_factory=list, description="Executing authority and ministry (curated services only)."
    )
    placement: str | None = Field(
        default=None,
        examples=["key"],
        description="How a curated service was placed: key (its LeiKa key is in the catalogue), replaced (a "
        "key it replaced is), leistungsobjekt (only keys of its Leistungsobjekt are).",
    )


class OzgLeistung(BaseModel):
    id: str = Field(examples=["294"])
    ozg_id: str = Field(examples=["10182"], description="5-digit OZG-ID.")
    name: str = Field(examples=["Kindergeld"])
    services: list[LifeEventService]


class LifeEventDetail(LifeEventSummary):
    everyday: str | None = Field(
        default=None,
        description="How people describe the situation (editors' wording, not part of the catalogue).",
    )
    document_id: str = Field(examples=["ozg/lebenslage/26"], description="The indexed Lebenslage card.")
    services: list[LifeEventService] = Field(description="Curated Sachsen-Anhalt descriptions first.")
    leistungen: list[OzgLeistung]
    source: str = Field(examples=["OZG-Umsetzungskatalog (Stand ca. 2020)"])
    source_url: str
