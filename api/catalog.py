"""The catalogue as the API shows it: the loaded KnowledgeBase turned into the models of ``schemas_services``.

Pure functions (knowledge in, models out) so that routes stay thin and the filtering, paging and ranking rules
can be tested without HTTP. Who is responsible for a service, and how firmly, comes from the relations
(``corpora.responsibilities``) – the same place the chat reads it from. Lookups that fail raise
:class:`NotFoundError`; the one error handler renders it. The CSV rows live in ``api.catalog_csv``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from api.catalog_norms import LAW_ID
from api.catalog_rank import matches, profile, query_terms
from api.schemas_services import (
    DatedFact,
    NormLink,
    Responsibility,
    ServiceDetail,
    ServiceRef,
    ServiceSort,
    ServiceSource,
    ServiceSummary,
    SourceLink,
)
from assistant.knowledge import KnowledgeBase
from assistant.models import Responsible
from corpora.fim_models import Dated, Service
from corpora.links import official_operator
from corpora.responsibilities import ServiceResponsibility, main_responsibility, service_responsibilities
from indexing.nlp.citations import parse_citations
from indexing.nlp.normalize import fold
from lsa_assistant.errors import NotFoundError

# --- services ------------------------------------------------------------------------------------


def sort_key(text: str) -> tuple[str, str]:
    """German-ish collation: case and umlauts folded ("Ärztekammer" next to "Arzt"), ties by spelling."""
    return fold(text), text


def resolve_ministry(kb: KnowledgeBase, abbreviation: str) -> str:
    """The canonical abbreviation (``mid`` → ``MID``); unknown ones are a 404, not an empty list."""
    for ministry in kb.organizations.ministries:
        if ministry.id.casefold() == abbreviation.strip().casefold():
            return ministry.id
    raise NotFoundError(f"Ein Ministerium mit der Abkürzung {abbreviation!r} ist nicht bekannt.")


def typisierung_matches(codes: list[str], wanted: str) -> bool:
    """``2/3`` matches the entry ``2/3``; a single code such as ``2`` also matches ``2/3`` and ``1;2``."""
    wanted = wanted.replace(" ", "")
    for entry in codes:
        entry = entry.replace(" ", "")
        if entry == wanted or wanted in entry.replace(";", "/").replace(",", "/").split("/"):
            return True
    return False


@dataclass(frozen=True)
class ServiceQuery:
    """What a service listing asks for: ``/v1/services`` and its CSV download take the same filters and order.

    :param q: every word must occur (case and umlauts folded) in name, LeiKa key, synonyms or authorities, or
        share its lemma with a word of the name or synonyms (``api.catalog_rank``).
    :param ministry: abbreviation in any case; unknown → :class:`NotFoundError`.
    :param source: ``curated`` (all services of the FIM corpus today) or ``catalogue`` (LeiKa entries only).
    :param sort: how ``catalog_leika.find_all`` orders the matches.
    """

    q: str | None = None
    ministry: str | None = None
    source: ServiceSource | None = None
    typisierung: str | None = None
    sort: ServiceSort = "relevance"


def filter_services(kb: KnowledgeBase, query: ServiceQuery) -> list[Service]:
    """Services matching all filters of ``query`` (in corpus order; ``catalog_leika.find_all`` ranks them)."""
    wanted_ministry = resolve_ministry(kb, query.ministry) if query.ministry else None
    typisierung = query.typisierung
    terms = query_terms(query.q)
    return [
        s
        for s in kb.services
        if (wanted_ministry is None or s.ministry == wanted_ministry)
        and (query.source is None or query.source == "curated")
        and (not typisierung or typisierung_matches(s.typisierung, typisierung))
        and (not terms or matches(profile(s), terms))
    ]


def service_summary(kb: KnowledgeBase, service: Service) -> ServiceSummary:
    return ServiceSummary(**_summary_fields(kb, service))


def _summary_fields(kb: KnowledgeBase, service: Service) -> dict[str, Any]:
    main = main_responsibility(service, kb.organizations)
    return {
        "id": service.id,
        "leika_key": service.leika_key,
        "name": service.name,
        "source": "curated",
        "typisierung": list(service.typisierung),
        "ministry": service.ministry,
        "ministry_name": main.ministry_name if main else None,
        "ministry_certainty": main.ministry_certainty if main else None,
        "ministry_source_url": main.ministry_source if main else None,
        "authorities": list(service.authority_names),
        "responsible": responsible_entries(kb, service),
        "leika_confidence": service.leika_confidence,
        "legal_basis": service.rechtsgrundlagen,
        "url": service.url,
        "version": service.version,
    }


def responsible_entries(kb: KnowledgeBase, service: Service) -> list[Responsible]:
    """The service's executing authority types, then its ministry, each with certainty and source URL."""
    found = service_responsibilities(service, kb.organizations)
    entries = [
        Responsible(
            id=r.authority_type,
            name=r.authority_name,
            kind="authority_type",
            role=f"zuständige Stelle für „{service.name}“",
            certainty=r.authority_certainty,
            source_url=r.authority_source,
        )
        for r in found
    ]
    main = found[0] if found else None
    if main is not None and main.ministry:
        entries.append(
            Responsible(
                id=main.ministry,
                name=main.ministry_name or main.ministry,
                abbreviation=main.ministry,
                kind="staatskanzlei" if main.ministry_kind == "staatskanzlei" else "ministry",
                role=f"{main.basis or 'Fachverantwortung'} für „{service.name}“",
                certainty=main.ministry_certainty or "sourced",
                source_url=main.ministry_source,
            )
        )
    return entries


def responsibility_fields(r: ServiceResponsibility) -> dict[str, Any]:
    """A relation (as a service responsibility) as the fields of the API's ``Responsibility``."""
    return {
        "relation_id": r.relation_id,
        "authority_type": r.authority_type,
        "authority_type_name": r.authority_name,
        "authority_certainty": r.authority_certainty,
        "ministry": r.ministry,
        "basis": r.basis,
        "ministry_certainty": r.ministry_certainty,
        "certain": r.authority_certainty == "sourced" and r.ministry_certainty in (None, "sourced"),
        "note": r.note,
        "legal_basis": r.legal_basis,
        "source": r.authority_source,
        "ministry_source": r.ministry_source,
    }


def norm_links(legal_basis: str | None) -> list[NormLink]:
    """Links to the EGovG LSA §§ a legal-basis text cites (other laws are not served by ``/v1/norms``)."""
    links: dict[str, NormLink] = {}
    for citation in parse_citations(legal_basis or ""):
        if citation.law != "EGovG LSA" or citation.kind != "§":
            continue
        for section in citation.sections():
            links.setdefault(
                section,
                NormLink(
                    law=LAW_ID,
                    paragraph=section,
                    label=f"§ {section} EGovG LSA",
                    href=f"/v1/norms/{LAW_ID}/{section}",
                ),
            )
    return list(links.values())


def dated_facts(service: Service) -> list[DatedFact]:
    """Fees with a sum and deadlines with a duration, each with Stand, source and certainty."""
    facts: list[tuple[str, Dated, str]] = [("Gebühr", k, k.render()) for k in service.kosten if k.has_amount]
    facts += [("Frist", f, f.render()) for f in service.fristen if f.dauer is not None]
    facts += [("Bearbeitungsdauer", f, f.render()) for f in service.bearbeitungsdauer if f.dauer is not None]
    return [
        DatedFact(
            kind=kind,  # type: ignore[arg-type]
            text=text,
            stand=fact.stand.isoformat() if fact.stand else None,
            source_url=fact.quelle,
            certainty=fact.sicherheit,
            note=fact.hinweis,
        )
        for kind, fact, text in facts
    ]


def source_links(urls: Iterable[str]) -> list[SourceLink]:
    """Pages marked official (with who runs them) or not: staff see where a fact came from."""
    links = []
    for url in urls:
        operator = official_operator(url)
        name = operator.operator if operator else None
        links.append(SourceLink(url=url, official=operator is not None, operator=name))
    return links


def service_detail(kb: KnowledgeBase, service: Service) -> ServiceDetail:
    return ServiceDetail(
        **_summary_fields(kb, service),
        kurztext=service.kurztext,
        volltext=service.volltext,
        unterlagen=service.unterlagen,
        voraussetzungen=service.voraussetzungen,
        verfahrensablauf=service.verfahrensablauf,
        hinweise=service.hinweise,
        zustaendige_stelle=service.zustaendige_stelle,
        kosten=[line for k in service.kosten if (line := k.render())],
        fristen=[line for f in service.fristen if (line := f.render())],
        bearbeitungsdauer=[line for f in service.bearbeitungsdauer if (line := f.render())],
        begriffe=list(service.begriffe),
        source_urls=list(service.source_urls),
        sources=source_links(service.sources),
        facts=dated_facts(service),
        leika_note=service.leika_note,
        responsibilities=[
            Responsibility(**responsibility_fields(r))
            for r in service_responsibilities(service, kb.organizations)
        ],
        citation_label=service.label,
        norms=norm_links(service.rechtsgrundlagen),
    )


def service_refs(services: Iterable[Service]) -> list[ServiceRef]:
    return [ServiceRef(id=s.id, leika_key=s.leika_key, name=s.name) for s in services]


def ministry_names(kb: KnowledgeBase) -> dict[str, str]:
    return {m.id: m.name for m in kb.organizations.ministries}
