"""``GET /v1/life-events`` and ``/v1/life-events/{id}``: Lebenslagen of the OZG catalogue with their services.
Works from the loaded corpora; no index needed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.catalog_life_events import catalogue_of, life_event_detail, life_event_summary
from api.deps import KnowledgeDep
from api.schemas_life_events import LifeEventDetail, LifeEventList
from corpora.ozg_models import CATALOGUE_NAME
from indexing.nlp.normalize import fold

router = APIRouter(prefix="/v1", tags=["life-events"])
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "unknown Lebenslage"}}


@router.get("/life-events", response_model=LifeEventList, operation_id="listLifeEvents")
def list_life_events(
    kb: KnowledgeDep,
    q: Annotated[
        str | None, Query(max_length=100, description="Words in the name or the Themenfeld.")
    ] = None,
) -> LifeEventList:
    ozg = catalogue_of(kb)
    items = [life_event_summary(ozg, x) for x in sorted(ozg.lebenslagen.values(), key=lambda x: fold(x.name))]
    if q:
        wanted = fold(q)
        items = [i for i in items if wanted in fold(i.name) or wanted in fold(i.themenfeld or "")]
    return LifeEventList(items=items, total=len(items), source=CATALOGUE_NAME)


@router.get(
    "/life-events/{lebenslage_id}",
    response_model=LifeEventDetail,
    responses=_NOT_FOUND,
    operation_id="getLifeEvent",
)
def get_life_event(
    kb: KnowledgeDep,
    lebenslage_id: Annotated[str, Path(pattern=r"^[0-9]{1,3}$", description="Number of the Lebenslage.")],
) -> LifeEventDetail:
    return life_event_detail(kb, lebenslage_id)
