"""Lebenslagen for the API: the OZG catalogue's grouping, the curated services placed in it (with their
authorities, from the same responsibility data as ``/v1/services``) and the catalogue entries of each bundle."""

from __future__ import annotations

from api.catalog import responsible_entries
from api.schemas_life_events import LifeEventDetail, LifeEventService, LifeEventSummary, OzgLeistung
from assistant.knowledge import KnowledgeBase
from corpora.ids import lebenslage_chunk_id
from corpora.ozg_models import CATALOGUE_NAME, CATALOGUE_URL, Lebenslage, OzgCatalogue
from lsa_assistant.errors import NotFoundError


def catalogue_of(kb: KnowledgeBase) -> OzgCatalogue:
    if kb.ozg is None:
        raise NotFoundError("Der OZG-Umsetzungskatalog ist nicht geladen.")
    return kb.ozg


def life_event_summary(ozg: OzgCatalogue, lebenslage: Lebenslage) -> LifeEventSummary:
    themenfeld = ozg.themenfeld_of(lebenslage)
    return LifeEventSummary(
        id=lebenslage.id,
        name=lebenslage.name,
        themenfeld=themenfeld.name if themenfeld else None,
        ozg_leistungen=len(ozg.leistungen_of(lebenslage.id)),
        described_services=len({p.service_key for p in ozg.services_of(lebenslage.id)}),
    )


def life_event_detail(kb: KnowledgeBase, lebenslage_id: str) -> LifeEventDetail:
    """:raises NotFoundError: no Lebenslage with that number."""
    ozg = catalogue_of(kb)
    lebenslage = ozg.lebenslagen.get(lebenslage_id)
    if lebenslage is None:
        raise NotFoundError(f"Keine Lebenslage mit der Nummer {lebenslage_id!r}.")
    curated: list[LifeEventService] = []
    by_leistung: dict[str, list[LifeEventService]] = {}
    for placement in ozg.services_of(lebenslage_id):
        service = kb.service(placement.service_key)
        if service is None or any(c.id == service.key for c in curated):
            continue
        entry = LifeEventService(
            source="curated",
            leika_key=service.leika_key,
            id=service.key,
            name=service.name,
            responsible=responsible_entries(kb, service),
            placement=placement.basis,
        )
        curated.append(entry)
        by_leistung.setdefault(placement.leistung_id, []).append(entry)
    leistungen = []
    for leistung in ozg.leistungen_of(lebenslage_id):
        services = list(by_leistung.get(leistung.id, []))
        for key in ozg.keys_of(leistung.id):
            entry = kb.catalogue_entry(key)
            if entry is not None and not entry.general_note:
                services.append(LifeEventService(source="catalogue", leika_key=key, id=key, name=entry.name))
        leistungen.append(
            OzgLeistung(id=leistung.id, ozg_id=leistung.ozg_id, name=leistung.name, services=services)
        )
    everyday = ozg.alltag.get(lebenslage_id)
    return LifeEventDetail(
        **life_event_summary(ozg, lebenslage).model_dump(),
        everyday=everyday[0] if everyday else None,
        document_id=lebenslage_chunk_id(lebenslage_id),
        services=curated,
        leistungen=leistungen,
        source=CATALOGUE_NAME,
        source_url=CATALOGUE_URL,
    )
