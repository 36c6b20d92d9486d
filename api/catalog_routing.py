"""Routing for portals: service + place -> the concrete authorities, the ministry, and a citation for each link.

Every authority the service's relations name is resolved for the place (``assistant.places.resolve_authority``);
the answer cites the relation, the place rule of the authority type and the place record, each with a quote that
is an exact substring of the indexed chunk. A PLZ shared by several Gemeinden is answered when the answer is the
same for all of them (all in one Kreis, same offices), and asked back otherwise.
"""

from __future__ import annotations

from api.catalog_places import ambiguous, directory_of, find_places, place_out
from api.schemas_places import (
    Authority,
    Ministry,
    ResponsibilityRequest,
    ResponsibilityResponse,
    ServiceRef,
)
from assistant.knowledge import KnowledgeBase
from assistant.models import Citation, PlaceRef
from assistant.places import Place, resolve_authority
from corpora.certainty import weakest
from corpora.fim_models import Service
from corpora.ids import authority_type_chunk_id
from corpora.organization_documents import MINISTRY_DERIVED, MINISTRY_UNCERTAIN
from corpora.place_names import dative_in
from corpora.place_rules import PLACE_LEVEL_TEXT, place_rule_text
from corpora.responsibilities import ServiceResponsibility, service_responsibilities
from lsa_assistant.errors import NotFoundError

BUS_URL = "https://www.buerger.sachsen-anhalt.de"


class _Citations:
    """Numbered citations; a quote that is not an exact substring of its chunk is dropped, never shown."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.items: list[Citation] = []

    def add(self, document_id: str, quote: str | None) -> list[int]:
        chunk = self.kb.chunk(document_id)
        if chunk is None or not quote or quote not in (chunk.content or ""):
            return []
        for c in self.items:
            if (c.document_id, c.quote) == (document_id, quote):
                return [c.id]
        meta = chunk.meta
        self.items.append(
            Citation(
                id=len(self.items) + 1,
                label=str(meta.get("label") or document_id),
                title=meta.get("title"),
                source=str(meta.get("source")),
                url=meta.get("url"),
                document_id=document_id,
                quote=quote,
            )
        )
        return [len(self.items)]


def _authority(kb: KnowledgeBase, r: ServiceResponsibility, place: Place, cites: _Citations) -> Authority:
    directory = directory_of(kb)
    kreis = directory.by_ars(place.kreis_ars)
    kreis_ref = PlaceRef(ars=kreis.ars, name=directory.title(kreis), kind="kreis") if kreis else None
    ids = cites.add(r.document_id, f"Zuständige Stelle: {r.authority_name}.")
    local = resolve_authority(directory, kb.organizations, r.authority_type, place)
    if local is None:
        rule = kb.organizations.authority_type(r.authority_type).place
        level = rule.level if rule else "none"
        if rule is not None:
            ids += cites.add(authority_type_chunk_id(r.authority_type), place_rule_text(rule))
        note = (rule.note if rule else None) or PLACE_LEVEL_TEXT[level]
        return Authority(
            id=r.authority_type,
            authority_type_name=r.authority_name,
            name=r.authority_name,
            kind="authority_type",
            level=level,  # type: ignore[arg-type]
            kreis=kreis_ref,
            certainty=r.authority_certainty,
            note=note,
            source_url=r.authority_source,
            citations=ids,
        )
    ids += cites.add(local.rule_document_id, local.rule_quote) + cites.add(
        local.place_document_id, local.place_quote
    )
    return Authority(
        id=r.authority_type,
        authority_type_name=r.authority_name,
        name=local.name,
        kind="authority",
        level=local.level,  # type: ignore[arg-type]
        place=PlaceRef(ars=local.place.ars, name=directory.title(local.place), kind=local.place.kind),
        kreis=kreis_ref,
        certainty=weakest([r.authority_certainty, local.certainty]),
        note=local.note,
        source_url=local.source_url,
        citations=ids,
    )


def _ministry(kb: KnowledgeBase, main: ServiceResponsibility, cites: _Citations) -> Ministry | None:
    if main.ministry is None:
        return None
    chunk = kb.chunk(main.document_id)
    text = (chunk.content or "") if chunk is not None else ""
    start = text.find("Fachlich verantwortlich ist")
    end = text.find(").", start)
    ids = cites.add(main.document_id, text[start : end + 2]) if start >= 0 and end > start else []
    if main.ministry_certainty in ("derived", "uncertain"):
        ids += cites.add(
            main.document_id, MINISTRY_DERIVED if main.ministry_certainty == "derived" else MINISTRY_UNCERTAIN
        )
    return Ministry(
        id=main.ministry,
        name=main.ministry_name or main.ministry,
        kind="staatskanzlei" if main.ministry_kind == "staatskanzlei" else "ministry",
        basis=main.basis,
        certainty=main.ministry_certainty or "sourced",
        source_url=main.ministry_source,
        citations=ids,
    )


def _authorities(
    kb: KnowledgeBase, found: list[ServiceResponsibility], place: Place, cites: _Citations
) -> list[Authority]:
    return [_authority(kb, r, place, cites) for r in found]


def _shared(kb: KnowledgeBase, found: list[ServiceResponsibility], places: list[Place], what: str) -> Place:
    """The Kreis of several candidate Gemeinden when every office is the same for all of them; else ask back."""
    offices = {tuple(a.name for a in _authorities(kb, found, p, _Citations(kb))) for p in places}
    kreise = {p.kreis_ars for p in places}
    kreis = directory_of(kb).by_ars(kreise.pop()) if len(offices) == 1 and len(kreise) == 1 else None
    if kreis is None:
        raise ambiguous(places, what)
    return kreis


def responsibility(kb: KnowledgeBase, q: ResponsibilityRequest) -> ResponsibilityResponse:
    """Service + place -> the concrete authorities, the ministry, and the citations for each."""
    directory = directory_of(kb)
    service = kb.service(q.service)
    entry = kb.catalogue_entry(q.service) if service is None else None
    if service is None and entry is None:
        raise NotFoundError(f"Eine Leistung mit dem Schlüssel {q.service!r} ist nicht bekannt.")
    places, what = find_places(directory, q)
    if service is None:
        assert entry is not None
        if len(places) > 1:
            raise ambiguous(places, what)
        return ResponsibilityResponse(
            service=ServiceRef(id=entry.key, leika_key=entry.key, name=entry.name),
            place=place_out(directory, places[0]),
            authorities=[],
            citations=[],
            note="Für diese Leistung des Leistungskatalogs ist keine Beschreibung für Sachsen-Anhalt erfasst; die "
            "zuständige Stelle nennt der Zuständigkeitsfinder.",
            zustaendigkeitsfinder=BUS_URL,
        )
    return _result(kb, service, places, what)


def _result(kb: KnowledgeBase, service: Service, places: list[Place], what: str) -> ResponsibilityResponse:
    directory = directory_of(kb)
    found = service_responsibilities(service, kb.organizations)
    shown, note = places[0], None
    if len(places) > 1:
        shown = _shared(kb, found, places, what)
        note = (
            f"{what} gehört zu {', '.join(p.short for p in places)}; alle liegen {dative_in(directory.title(shown))}, "
            "und zuständig ist für alle dieselbe Stelle."
        )
    cites = _Citations(kb)
    authorities = _authorities(kb, found, places[0], cites)
    for other in places[1:]:  # the other Gemeinden of the PLZ: their records show the same Kreis
        extra = cites.add(other.document_id, directory.lead(other))
        for a in authorities:
            a.citations += extra if a.kind == "authority" else []
    return ResponsibilityResponse(
        service=ServiceRef(id=service.id, leika_key=service.leika_key, name=service.name),
        place=place_out(directory, shown),
        authorities=authorities,
        ministry=_ministry(kb, found[0], cites) if found else None,
        citations=cites.items,
        note=note,
        zustaendigkeitsfinder=BUS_URL,
    )
