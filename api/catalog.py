"""The catalogue as the API shows it: the loaded KnowledgeBase turned into the models of ``schemas_catalog``.

Pure functions (knowledge in, models out) so that routes stay thin and the filtering, paging and CSV rules
can be tested without HTTP. Lookups that fail raise :class:`NotFoundError`; the one error handler renders it.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import Depends, Request

from api.catalog_norms import LAW_ID
from api.schemas_catalog import (
    NormLink,
    OrganizationDetail,
    OrganizationSummary,
    RelationOut,
    Responsibility,
    ServiceDetail,
    ServiceRef,
    ServiceSource,
    ServiceSummary,
)
from assistant.knowledge import KnowledgeBase
from corpora.fim_models import Service
from corpora.organization_models import Relation
from indexing.nlp.citations import parse_citations
from indexing.nlp.normalize import fold
from lsa_assistant.errors import IndexMissingError, NotFoundError

CSV_HEADER = [
    "LeiKa-Schlüssel",
    "Leistung",
    "Quelle",
    "Typisierung",
    "Ausführende Stelle",
    "Zuständiges Ministerium",
    "Rechtsgrundlage",
    "Quelle-URL",
]
_SOURCE_LABELS = {"curated": "FIM-Beschreibung (kuratiert)"}
# Spreadsheets run cells that start like a formula; OWASP's list, plus tab and CR.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def get_knowledge(request: Request) -> KnowledgeBase:
    """The KnowledgeBase the lifespan loaded from the corpora (no index needed)."""
    knowledge = getattr(request.app.state, "knowledge", None)
    if knowledge is None:
        raise IndexMissingError("Die Quelldaten sind nicht geladen.")
    return knowledge


KnowledgeDep = Annotated[KnowledgeBase, Depends(get_knowledge)]


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


def _haystack(service: Service) -> str:
    parts = [service.name, service.leika_key or "", *service.weitere_leika_keys, *service.begriffe]
    return fold(" ".join([*parts, *service.authority_names]))


def typisierung_matches(codes: list[str], wanted: str) -> bool:
    """``2/3`` matches the entry ``2/3``; a single code such as ``2`` also matches ``2/3`` and ``1;2``."""
    wanted = wanted.replace(" ", "")
    for entry in codes:
        entry = entry.replace(" ", "")
        if entry == wanted or wanted in entry.replace(";", "/").replace(",", "/").split("/"):
            return True
    return False


def filter_services(
    kb: KnowledgeBase,
    q: str | None = None,
    ministry: str | None = None,
    source: ServiceSource | None = None,
    typisierung: str | None = None,
) -> list[Service]:
    """Services matching all given filters, sorted by name.

    :param q: every word must occur (case and umlauts folded) in name, LeiKa key, synonyms or authorities.
    :param ministry: abbreviation in any case; unknown → :class:`NotFoundError`.
    :param source: ``curated`` (all services of the FIM corpus today).
    """
    wanted_ministry = resolve_ministry(kb, ministry) if ministry else None
    terms = fold(q).split() if q else []
    found = [
        s
        for s in kb.services
        if (wanted_ministry is None or s.ministry == wanted_ministry)
        and (source is None or source == "curated")
        and (not typisierung or typisierung_matches(s.typisierung, typisierung))
        and all(term in _haystack(s) for term in terms)
    ]
    return sorted(found, key=lambda s: sort_key(s.name))


def _ministry_names(kb: KnowledgeBase) -> dict[str, str]:
    return {m.id: m.name for m in kb.organizations.ministries}


def service_summary(kb: KnowledgeBase, service: Service) -> ServiceSummary:
    return ServiceSummary(**_summary_fields(kb, service))


def _summary_fields(kb: KnowledgeBase, service: Service) -> dict[str, Any]:
    return {
        "id": service.id,
        "leika_key": service.leika_key,
        "name": service.name,
        "source": "curated",
        "typisierung": list(service.typisierung),
        "ministry": service.ministry,
        "ministry_name": _ministry_names(kb).get(service.ministry or ""),
        "authorities": list(service.authority_names),
        "legal_basis": service.rechtsgrundlagen,
        "url": service.source_urls[0] if service.source_urls else None,
        "version": service.version,
    }


def relations_for_service(kb: KnowledgeBase, service: Service) -> list[Relation]:
    """Relations naming one of the service's LeiKa keys or, failing a key, its name."""
    keys = {k for k in (service.leika_key, *service.weitere_leika_keys) if k}
    return [r for r in kb.organizations.relations if keys & set(r.leika_keys) or service.name in r.services]


def responsibility(kb: KnowledgeBase, relation: Relation) -> dict[str, Any]:
    return {
        "authority_type": relation.authority_type,
        "authority_type_name": kb.organizations.authority_type(relation.authority_type).name,
        "ministry": relation.ministry,
        "certain": relation.certain,
        "note": relation.note,
        "legal_basis": relation.legal_basis,
        "source": relation.source,
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
        responsibilities=[
            Responsibility(**responsibility(kb, r)) for r in relations_for_service(kb, service)
        ],
        citation_label=service.label,
        norms=norm_links(service.rechtsgrundlagen),
    )


def service_refs(services: Iterable[Service]) -> list[ServiceRef]:
    return [ServiceRef(id=s.id, leika_key=s.leika_key, name=s.name) for s in services]


# --- CSV -----------------------------------------------------------------------------------------


def safe_cell(value: str) -> str:
    """Neutralise formula injection: a cell that starts like a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _one_line(text: str | None) -> str:
    """A Markdown list ("- § 17 BMG\\n- § 19 BMG") as one spreadsheet line: "§ 17 BMG; § 19 BMG"."""
    lines = [line.strip().removeprefix("- ").strip() for line in (text or "").splitlines()]
    return "; ".join(line for line in lines if line)


def csv_rows(kb: KnowledgeBase, services: Iterable[Service]) -> list[list[str]]:
    names = _ministry_names(kb)
    rows = []
    for s in services:
        ministry = f"{names[s.ministry]} ({s.ministry})" if s.ministry in names else (s.ministry or "")
        row = [
            s.leika_key or "",
            s.name,
            _SOURCE_LABELS["curated"],
            ", ".join(s.typisierung),
            ", ".join(s.authority_names),
            ministry,
            _one_line(s.rechtsgrundlagen),
            s.source_urls[0] if s.source_urls else "",
        ]
        rows.append([safe_cell(cell) for cell in row])
    return rows


def render_csv(rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with BOM (so Excel reads umlauts) and ``;`` (the German list separator), header in German."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- organisations -------------------------------------------------------------------------------


def _ministry_services(kb: KnowledgeBase, ministry_id: str) -> list[Service]:
    return sorted((s for s in kb.services if s.ministry == ministry_id), key=lambda s: sort_key(s.name))


def _authority_services(kb: KnowledgeBase, type_id: str) -> list[Service]:
    found = (s for s in kb.services if type_id in s.authority_types)
    return sorted(found, key=lambda s: sort_key(s.name))


def organization_summaries(
    kb: KnowledgeBase, q: str | None = None, kind: str | None = None
) -> list[OrganizationSummary]:
    """The ministries (in the corpus' order), then the authority types by name.

    ``kind=ministry`` includes the Staatskanzlei: it is one of the nine supreme authorities that services and
    OZG roles point to, and a ministry filter without it would silently drop its records.
    """
    counts = Counter(s.ministry for s in kb.services if s.ministry)
    counts.update(f"type:{t}" for s in kb.services for t in set(s.authority_types))
    items = [
        OrganizationSummary(
            id=m.id,
            name=m.name,
            abbreviation=m.abbreviation,
            kind=m.kind,
            url=m.website or m.sources[0],
            area_count=len(m.areas),
            ozg_role_count=len(m.ozg_roles),
            service_count=counts[m.id],
        )
        for m in kb.organizations.ministries
    ]
    authority_types = sorted(kb.organizations.authority_types, key=lambda a: sort_key(a.name))
    items += [
        OrganizationSummary(
            id=a.id,
            name=a.name,
            abbreviation=None,
            kind="authority_type",
            url=a.sources[0],
            area_count=0,
            ozg_role_count=0,
            service_count=counts[f"type:{a.id}"],
        )
        for a in authority_types
    ]
    if kind == "ministry":
        items = [i for i in items if i.kind in ("ministry", "staatskanzlei")]
    elif kind:
        items = [i for i in items if i.kind == kind]
    terms = fold(q).split() if q else []
    return [i for i in items if all(t in fold(f"{i.id} {i.name}") for t in terms)]


def organization_detail(kb: KnowledgeBase, org_id: str) -> OrganizationDetail:
    """A ministry (abbreviation in any case) or an authority type (slug); anything else is a 404."""
    data = kb.organizations
    summary = next(
        (s for s in organization_summaries(kb) if s.id.casefold() == org_id.strip().casefold()), None
    )
    if summary is None:
        raise NotFoundError(f"Eine Organisation mit der Kennung {org_id!r} ist nicht bekannt.")
    fields: dict[str, Any] = summary.model_dump()
    if summary.kind == "authority_type":
        a = data.authority_type(summary.id)
        relations = data.relations_for(authority_type=a.id)
        services = _authority_services(kb, a.id)
        fields |= {
            "level": a.level,
            "description": a.description,
            "supervision": a.supervision,
            "legal_basis": a.legal_basis,
            "certain": a.certain,
            "note": a.note,
            "sources": list(a.sources),
        }
    else:
        m = data.ministry(summary.id)
        relations = data.relations_for(ministry=m.id)
        services = _ministry_services(kb, m.id)
        fields |= {
            "head": m.head.model_dump() if m.head else None,
            "areas": [a.model_dump() for a in m.areas],
            "ozg_roles": [r.model_dump() for r in m.ozg_roles],
            "subordinate_authorities": [s.model_dump() for s in m.subordinate_authorities],
            "note": m.note,
            "sources": list(m.sources),
        }
    fields["services"] = service_refs(services)
    fields["relations"] = [RelationOut(**responsibility(kb, r), topic=r.topic) for r in relations]
    return OrganizationDetail(**fields)
