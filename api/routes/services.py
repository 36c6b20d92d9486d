"""``GET /v1/services`` (filtered, paged), ``/v1/services.csv`` (the same filters as a download) and
``/v1/services/{key}`` (by LeiKa key or slug). Works from the loaded corpora; no index needed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from api.catalog import ServiceQuery, service_detail
from api.catalog_csv import csv_rows, render_csv
from api.catalog_leika import catalogue_detail, find_all, summary
from api.catalog_ozg import ozg_fields
from api.deps import KnowledgeDep
from api.schemas_services import ServiceDetail, ServiceList, ServiceSort, ServiceSource
from lsa_assistant.errors import NotFoundError

router = APIRouter(prefix="/v1", tags=["services"])

Q = Annotated[
    str | None,
    Query(max_length=200, description="Words in name, LeiKa key, synonyms or authority (any case, ä = ae)."),
]
Ministry = Annotated[
    str | None, Query(pattern=r"^[A-Za-z]{2,5}$", description="Ministry abbreviation, e.g. MI.")
]
Source = Annotated[
    ServiceSource | None,
    Query(
        description="curated: FIM descriptions for Sachsen-Anhalt; catalogue: LeiKa entries only (Stand 2019)."
    ),
]
Typisierung = Annotated[str | None, Query(pattern=r"^[0-9][0-9a-z/;, ]{0,19}$", description="e.g. 1 or 2/3.")]
Sort = Annotated[
    ServiceSort,
    Query(
        description="relevance (default): for a query, best match first – curated Sachsen-Anhalt descriptions "
        "before catalogue entries, exact and lemma matches on name, synonyms and key before partial ones; "
        "name: alphabetical. Without q the list is alphabetical either way."
    ),
]
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "unknown ministry or service"}}


def service_query(
    q: Q = None,
    ministry: Ministry = None,
    source: Source = None,
    typisierung: Typisierung = None,
    sort: Sort = "relevance",
) -> ServiceQuery:
    """The query parameters the list and its CSV download share, declared once."""
    return ServiceQuery(q, ministry, source, typisierung, sort)


def page(
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> tuple[int, int]:
    """(limit, offset): a dependency too, so the OpenAPI parameters keep their order (filters, sort, paging)."""
    return limit, offset


ServiceQueryDep = Annotated[ServiceQuery, Depends(service_query)]


@router.get("/services", response_model=ServiceList, responses=_NOT_FOUND)
def list_services(
    kb: KnowledgeDep, query: ServiceQueryDep, paging: Annotated[tuple[int, int], Depends(page)]
) -> ServiceList:
    limit, offset = paging
    found = find_all(kb, query)
    items = [summary(kb, item) for item in found[offset : offset + limit]]
    return ServiceList(items=items, total=len(found), limit=limit, offset=offset)


@router.get(
    "/services.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 with BOM, ';'"}, **_NOT_FOUND},
)
def export_services(kb: KnowledgeDep, query: ServiceQueryDep) -> Response:
    rows = csv_rows(kb, find_all(kb, query))
    return Response(
        content=render_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="leistungen.csv"'},
    )


@router.get("/services/{key}", response_model=ServiceDetail, responses=_NOT_FOUND)
def get_service(
    kb: KnowledgeDep,
    key: Annotated[
        str,
        Path(
            pattern=r"^(?:[0-9]{14}|[A-Za-z0-9][A-Za-z0-9._-]{0,80})$",
            description="14-digit LeiKa key or slug, e.g. 99115005104000 or wohnsitz-anmelden.",
        ),
    ],
) -> ServiceDetail:
    if (service := kb.service(key)) is not None:
        return service_detail(kb, service).model_copy(update=ozg_fields(kb, service.key))
    if (entry := kb.catalogue_entry(key)) is not None:
        return catalogue_detail(entry).model_copy(update=ozg_fields(kb, entry.key))
    raise NotFoundError(f"Eine Leistung mit dem Schlüssel {key!r} ist nicht bekannt.")
