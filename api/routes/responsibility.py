"""``GET /v1/responsibility?service=…&ars=|ags=|plz=|place=``: routing for portals, like FIT-Connect's routes.

LeiKa key (or service id) and one place in, the concrete authorities out: level, Kreis, ministry, certainty and a
citation for every link (relation, place rule, place record). Unknown place 404, outside Sachsen-Anhalt 404
(``E441``), a shared PLZ or a name of several places 422 (``E440``, ``candidates``). No index needed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.catalog_routing import responsibility
from api.deps import KnowledgeDep
from api.schemas_places import ResponsibilityRequest, ResponsibilityResponse

router = APIRouter(prefix="/v1", tags=["responsibility"])


@router.get(
    "/responsibility",
    response_model=ResponsibilityResponse,
    responses={
        404: {"description": "unknown service or place, or a place outside Sachsen-Anhalt (code E441)"},
        422: {"description": "invalid input (E422), or a PLZ / name / Kreis that fits several places (E440)"},
    },
)
def resolve_responsibility(
    kb: KnowledgeDep, query: Annotated[ResponsibilityRequest, Query()]
) -> ResponsibilityResponse:
    return responsibility(kb, query)
