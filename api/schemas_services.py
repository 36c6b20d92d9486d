"""Response models of the services resources: ``/v1/services``, ``/v1/services/{key}`` and the CSV's rows.

Kept apart from ``api/schemas_catalog.py`` (organisations, norms, feedback) because portals and the staff page
bind to exactly these field names; the certainty fields carry the enum of ``corpora.certainty`` into the
OpenAPI document at ``/docs``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import Responsible
from corpora.certainty import Certainty, LeikaConfidence

ServiceSource = Literal["curated", "catalogue"]
#: ``relevance`` (default): best match first, curated descriptions before catalogue entries; ``name``: A–Z.
ServiceSort = Literal["relevance", "name"]
_CERTAINTY_DOC = (
    "sourced: a source states it; derived: inferred from the ministry's areas (abgeleitet aus den "
    "Aufgabenbereichen); uncertain: weak, old or editor-supplied source (nicht sicher belegt)."
)


class ServiceRef(BaseModel):
    """A service named inside another resource (an organisation's services, a routing answer)."""

    id: str = Field(examples=["wohnsitz-anmelden"])
    leika_key: str | None = Field(examples=["99115005104000"])
    name: str = Field(examples=["Wohnsitz anmelden"])


class ServiceSummary(BaseModel):
    id: str = Field(examples=["wohnsitz-anmelden"], description="Slug of the service.")
    leika_key: str | None = Field(examples=["99115005104000"], description="14-digit LeiKa key.")
    name: str = Field(examples=["Wohnsitz anmelden"])
    source: ServiceSource = Field(
        examples=["curated"],
        description="curated: a FIM description for Sachsen-Anhalt; catalogue: only the LeiKa entry (Stand 2019).",
    )
    typisierung: list[str] = Field(examples=[["2/3"]])
    ministry: str | None = Field(
        examples=["MI"],
        description="Abbreviation of the responsible Land ministry; null where the relations name none "
        "(federal bodies, social insurers, municipal tasks without a named ministry).",
    )
    ministry_name: str | None = Field(examples=["Ministerium für Inneres und Sport"])
    ministry_certainty: Certainty | None = Field(
        default=None, examples=["sourced"], description=f"How firmly the ministry is backed. {_CERTAINTY_DOC}"
    )
    ministry_source_url: str | None = Field(default=None, description="Where the ministry is stated.")
    authorities: list[str] = Field(examples=[["Meldebehörde der Gemeinde bzw. Verbandsgemeinde"]])
    responsible: list[Responsible] = Field(
        default_factory=list,
        description="Executing authority types and the ministry, each with certainty and source_url "
        "(the same shape as responsible[] of /v1/chat; citations empty).",
    )
    leika_confidence: LeikaConfidence | None = Field(
        default=None, examples=["hoch"], description="How sure the sources are that the LeiKa key fits."
    )
    legal_basis: str | None = Field(examples=["- § 17 Abs. 1 Bundesmeldegesetz (BMG)"])
    url: str | None = Field(
        examples=["https://mi.sachsen-anhalt.de/themen/melderecht-paesse-und-ausweise-namensaenderungsrecht"],
        description="The official page to open (Land, a Kreis or Gemeinde in Sachsen-Anhalt, a federal "
        "authority, or the norm); other pages are listed in sources (detail) as provenance.",
    )
    version: str = Field(examples=["2026-01-15"])
    ozg_leistung: str | None = Field(
        default=None,
        examples=["Meldebescheinigung"],
        description="OZG-Leistung (OZG-Umsetzungskatalog, ca. 2020).",
    )
    lebenslage: str | None = Field(default=None, examples=["Wohnen & Umzug"], description="Its Lebenslage.")
    themenfeld: str | None = Field(default=None, examples=["Bauen & Wohnen"], description="Its Themenfeld.")
    typisierung_text: str | None = Field(
        default=None,
        examples=["Typisierung 2/3: Regelung durch den Bund, Vollzug durch das Land oder die Kommunen"],
    )
    outdated: bool = Field(default=False, description="catalogue: the key was replaced since 2019.")
    replaced_by: str | None = Field(
        default=None, description="catalogue: the current key, where a source names it."
    )
    replacement_certainty: Literal["genannt", "vermutet"] | None = Field(
        default=None, description="catalogue: genannt = the source names the successor, vermutet = inferred."
    )


class ServiceList(BaseModel):
    items: list[ServiceSummary]
    total: int = Field(examples=[74], description="Matches before paging.")
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])


class Responsibility(BaseModel):
    """One organisation relation (topic → authority type → ministry) that covers a service."""

    relation_id: int | None = Field(default=None, examples=[1], description="Id of the relation record.")
    authority_type: str = Field(examples=["meldebehoerde"])
    authority_type_name: str = Field(examples=["Meldebehörde der Gemeinde bzw. Verbandsgemeinde"])
    authority_certainty: Certainty = Field(
        "sourced", examples=["sourced"], description=f"How firmly the authority is backed. {_CERTAINTY_DOC}"
    )
    ministry: str | None = Field(examples=["MI"])
    basis: str | None = Field(
        default=None,
        examples=["Fachverantwortung"],
        description="Fachverantwortung, Fachaufsicht, OZG-Rolle, Rechtsaufsicht",
    )
    ministry_certainty: Certainty | None = Field(
        default=None, examples=["sourced"], description=f"How firmly the ministry is backed. {_CERTAINTY_DOC}"
    )
    certain: bool = Field(examples=[True], description="True only when authority and ministry are sourced.")
    note: str | None = None
    legal_basis: str | None = Field(default=None, examples=["§ 1 BMG-AG LSA"])
    source: str = Field(
        examples=["https://mi.sachsen-anhalt.de/themen/melderecht-paesse-und-ausweise"],
        description="Source of the authority.",
    )
    ministry_source: str | None = Field(default=None, description="Source of the ministry.")


class SourceLink(BaseModel):
    """A page a service's facts come from; non-official ones are provenance for staff, never the citizen link."""

    url: str
    official: bool = Field(
        description="Run by the Land, an LSA Kreis/Gemeinde, a federal authority or the norm."
    )
    operator: str | None = Field(default=None, description="Who runs an official page.")


class DatedFact(BaseModel):
    """A fee or a deadline with its date and source (``stand``, ``quelle``) and how firm it is."""

    kind: Literal["Gebühr", "Frist", "Bearbeitungsdauer"]
    text: str = Field(examples=["46,00 € – für Antragstellende ab 24 Jahren (Gültigkeit zehn Jahre)"])
    stand: str | None = Field(examples=["2026-12-03"], description="Checked as of (ISO date).")
    source_url: str | None = None
    certainty: Certainty | None = Field(default=None, description=_CERTAINTY_DOC)
    note: str | None = Field(default=None, description="Why a fact is not sourced.")


class NormLink(BaseModel):
    law: str = Field(examples=["egovg-lsa"])
    paragraph: str = Field(examples=["9"])
    label: str = Field(examples=["§ 9 EGovG LSA"])
    href: str = Field(examples=["/v1/norms/egovg-lsa/9"])


class ServiceDetail(ServiceSummary):
    kurztext: str | None = None
    volltext: str | None = None
    unterlagen: str | None = None
    voraussetzungen: str | None = None
    verfahrensablauf: str | None = None
    hinweise: str | None = None
    zustaendige_stelle: str | None = None
    kosten: list[str] = Field(examples=[["12,00 € – Gebühr für die Meldebescheinigung"]])
    fristen: list[str] = Field(examples=[["2 Wochen – innerhalb von zwei Wochen nach dem Einzug"]])
    bearbeitungsdauer: list[str] = Field(examples=[["1 Tag"]])
    begriffe: list[str] = Field(examples=[["Ummeldung", "Wohnungsanmeldung"]])
    source_urls: list[str] = Field(description="All sources, Ursprungsportal first (kept for compatibility).")
    sources: list[SourceLink] = Field(
        default_factory=list, description="Provenance besides url, marked official or not (for staff)."
    )
    facts: list[DatedFact] = Field(
        default_factory=list, description="Fees and deadlines with Stand and source."
    )
    leika_note: str | None = Field(default=None, description="Which sources name the LeiKa key.")
    responsibilities: list[Responsibility]
    citation_label: str = Field(examples=["Leistung 99115005104000 – Wohnsitz anmelden"])
    norms: list[NormLink] = Field(description="EGovG LSA paragraphs named in the legal basis.")
