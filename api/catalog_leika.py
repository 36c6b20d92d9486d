"""Catalogue-only services (LeiKa, Stand ~2019) beside the curated FIM descriptions in ``/v1/services``.

An entry says what the catalogue holds — name, key, Typisierung, legal basis — and nothing about authorities
in Sachsen-Anhalt, so the summaries leave ministry and authorities empty instead of guessing.
"""

from __future__ import annotations

from api.catalog import ServiceQuery, filter_services, service_summary, sort_key, typisierung_matches
from api.catalog_ozg import ozg_fields
from api.catalog_rank import matches, profile, query_terms, relevance_key
from api.schemas_services import ServiceDetail, ServiceSummary
from assistant.knowledge import KnowledgeBase
from corpora.fim_models import Service
from corpora.leika_models import ZUSTAENDIGKEITSFINDER_URL, CatalogueEntry

NOTICE = (
    "Für diese Leistung ist noch keine Leistungsbeschreibung für Sachsen-Anhalt erfasst; der Leistungskatalog "
    f"nennt keine zuständige Stelle. Die zuständige Stelle finden Sie im Zuständigkeitsfinder des BUS LSA: "
    f"{ZUSTAENDIGKEITSFINDER_URL}"
)


def filter_catalogue(kb: KnowledgeBase, query: ServiceQuery) -> list[CatalogueEntry]:
    """Catalogue entries matching the filters; none when a ministry is asked for (the catalogue names none)."""
    if query.ministry or query.source == "curated":
        return []
    typisierung = query.typisierung
    terms = query_terms(query.q)
    return [
        e
        for e in kb.catalogue
        if (not typisierung or typisierung_matches(e.typisierung, typisierung))
        and (not terms or matches(profile(e), terms))
    ]


def find_all(kb: KnowledgeBase, query: ServiceQuery) -> list[Service | CatalogueEntry]:
    """Curated services and catalogue entries matching the filters.

    ``query.sort``: ``relevance`` ranks a query's matches (``api.catalog_rank``: curated first, then by where the
    words matched); ``name`` – and any listing without a query – is alphabetical.
    """
    curated: list[Service] = [] if query.source == "catalogue" else filter_services(kb, query)
    found: list[Service | CatalogueEntry] = [*curated, *filter_catalogue(kb, query)]
    terms = query_terms(query.q)
    if query.sort == "name" or not terms:
        return sorted(found, key=lambda item: sort_key(item.name))
    return sorted(found, key=lambda item: (*relevance_key(item, terms), *sort_key(item.name)))


def catalogue_summary(entry: CatalogueEntry) -> ServiceSummary:
    return ServiceSummary(**_fields(entry))


def _fields(entry: CatalogueEntry) -> dict[str, object]:
    return {
        "id": entry.key,
        "leika_key": entry.key,
        "name": entry.name,
        "source": "catalogue",
        "typisierung": list(entry.typisierung),
        "ministry": None,
        "ministry_name": None,
        "authorities": [],
        "legal_basis": entry.legal_basis_text or None,
        "url": entry.url,
        "version": "2019",
        "typisierung_text": entry.typisierung_text,
        "outdated": entry.outdated,
        "replaced_by": entry.replaced_by,
        "replacement_certainty": entry.replacement_certainty,
    }


def summary(kb: KnowledgeBase, item: Service | CatalogueEntry) -> ServiceSummary:
    """One list row; every row names the service's OZG-Leistung, Lebenslage and Themenfeld where known."""
    row = catalogue_summary(item) if isinstance(item, CatalogueEntry) else service_summary(kb, item)
    return row.model_copy(update=ozg_fields(kb, item.key))


def catalogue_detail(entry: CatalogueEntry) -> ServiceDetail:
    hinweise = NOTICE
    if entry.outdated:
        current = f" Aktueller Schlüssel: {entry.replaced_by}." if entry.replaced_by else ""
        hinweise = f"Dieser Schlüssel ist veraltet.{current} {NOTICE}"
    return ServiceDetail(
        **_fields(entry),
        kurztext=f"{entry.name}: {entry.typisierung_text}.",
        hinweise=hinweise,
        kosten=[],
        fristen=[],
        bearbeitungsdauer=[],
        begriffe=entry.law_names(),
        source_urls=[ref.url for ref in entry.legal_basis if ref.url],
        responsibilities=[],
        citation_label=entry.label,
        norms=[],
    )
