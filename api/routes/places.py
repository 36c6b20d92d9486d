"""``GET /v1/places?q=`` (autocomplete by name or PLZ prefix) and ``GET /v1/places/{ars}`` (one place with its
record and members). Works from the loaded corpora; no index needed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.catalog import KnowledgeDep
from api.catalog_places import directory_of, place_detail, place_out
from api.schemas_places import PlaceDetail, PlaceList
from lsa_assistant.errors import NotFoundError

router = APIRouter(prefix="/v1", tags=["places"])


@router.get("/places", response_model=PlaceList)
def list_places(
    kb: KnowledgeDep,
    q: Annotated[
        str, Query(min_length=1, max_length=100, description="Name (any part) or PLZ / ARS prefix.")
    ],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> PlaceList:
    directory = directory_of(kb)
    items = [place_out(directory, p) for p in directory.search(q, limit)]
    return PlaceList(items=items, total=len(items))


@router.get("/places/{ars}", response_model=PlaceDetail)
def get_place(
    kb: KnowledgeDep,
    ars: Annotated[
        str,
        Path(
            pattern=r"^\d{5}(?:\d{4}(?:\d{3})?)?$",
            description="Kreis 5, Verbandsgemeinde 9, Gemeinde 12 digits.",
        ),
    ],
) -> PlaceDetail:
    directory = directory_of(kb)
    place = directory.by_ars(ars)
    if place is None:
        raise NotFoundError(
            f"Einen Ort mit dem Regionalschlüssel {ars} gibt es im Gemeindeverzeichnis nicht."
        )
    return place_detail(directory, place)
