"""Catalogue-only services (LeiKa, Stand ~2019) beside the curated FIM descriptions in ``/v1/services``.

An entry says what the catalogue holds — name, key, Typisierung, legal basis — and nothing about authorities
in Sachsen-Anhalt, so the summaries leave ministry and authorities empty instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable

from api.catalog import filter_services, safe_cell, service_summary, sort_key, typisierung_matches
from api.schemas_catalog import ServiceDetail, ServiceSource, ServiceSummary
from assistant.knowledge import KnowledgeBase
from corpora.fim_models import Service
from corpora.leika_models import ZUSTAENDIGKEITSFINDER_URL, CatalogueEntry
from indexing.nlp.normalize import fold

SOURCE_LABEL = "Leistungskatalog (Stand 2019)"
NOTICE = (
    "Für diese Leistung ist noch keine Leistungsbeschreibung für Sachsen-Anhalt erfasst; der Leistungskatalog "
    f"nennt keine zuständige Stelle. Die zuständige Stelle finden Sie im Zuständigkeitsfinder des BUS LSA: "
    f"{ZUSTAENDIGKEITSFINDER_URL}"
)


def _haystack(entry: CatalogueEntry) -> str:
    return fold(" ".join([entry.name, entry.key, *entry.laws, *entry.law_shortcuts]))


def filter_catalogue(
    kb: KnowledgeBase,
    q: str | None = None,
    ministry: str | None = None,
    source: ServiceSource | None = None,
    typisierung: str | None = None,
) -> list[CatalogueEntry]:
    """Catalogue entries matching the filters; none when a ministry is asked for (the catalogue names none)."""
    if ministry or source == "curated":
        return []
    terms = fold(q).split() if q else []
    return [
        e
        for e in kb.catalogue
        if (not typisierung or typisierung_matches(e.typisierung, typisierung))
        and all(term in _haystack(e) for term in terms)
    ]


def find_all(
    kb: KnowledgeBase,
    q: str | None = None,
    ministry: str | None = None,
    source: ServiceSource | None = None,
    typisierung: str | None = None,
) -> list[Service | CatalogueEntry]:
    """Curated services and catalogue entries matching the filters, by name."""
    curated: list[Service] = (
        [] if source == "catalogue" else filter_services(kb, q, ministry, None, typisierung)
    )
    found: list[Service | CatalogueEntry] = [
        *curated,
        *filter_catalogue(kb, q, ministry, source, typisierung),
    ]
    return sorted(found, key=lambda item: sort_key(item.name))


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
    }


def summary(kb: KnowledgeBase, item: Service | CatalogueEntry) -> ServiceSummary:
    return catalogue_summary(item) if isinstance(item, CatalogueEntry) else service_summary(kb, item)


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


def catalogue_csv_rows(entries: Iterable[CatalogueEntry]) -> list[list[str]]:
    rows = []
    for e in entries:
        row = [e.key, e.name, SOURCE_LABEL, ", ".join(e.typisierung), "", "", e.legal_basis_text, e.url]
        rows.append([safe_cell(cell) for cell in row])
    return rows
