"""``GET /v1/organizations`` (ministries and authority types) and ``/v1/organizations/{id}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.catalog_orgs import organization_detail, organization_summaries
from api.deps import KnowledgeDep
from api.schemas_catalog import OrganizationDetail, OrganizationKind, OrganizationList

router = APIRouter(prefix="/v1", tags=["organizations"])


@router.get("/organizations", response_model=OrganizationList)
def list_organizations(
    kb: KnowledgeDep,
    q: Annotated[str | None, Query(max_length=200, description="Words in id or name.")] = None,
    kind: Annotated[
        OrganizationKind | None, Query(description="ministry (includes the Staatskanzlei), staatskanzlei, …")
    ] = None,
) -> OrganizationList:
    items = organization_summaries(kb, q, kind)
    return OrganizationList(items=items, total=len(items))


@router.get(
    "/organizations/{org_id}",
    response_model=OrganizationDetail,
    responses={404: {"description": "unknown organisation"}},
)
def get_organization(
    kb: KnowledgeDep,
    org_id: Annotated[
        str,
        Path(
            pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,80}$",
            description="Ministry abbreviation (any case, e.g. MID) or authority type (e.g. meldebehoerde).",
        ),
    ],
) -> OrganizationDetail:
    return organization_detail(kb, org_id)
