"""``GET /v1/places?q=&kind=`` (autocomplete by name or PLZ prefix; all Kreise) and ``GET /v1/places/{ars}`` (one
place with its record and members). Works from the loaded corpora; no index needed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.catalog_places import directory_of, place_detail, place_out
from api.deps import KnowledgeDep
from api.schemas_places import PlaceDetail, PlaceKind, PlaceList
from lsa_assistant.errors import BadRequestError, NotFoundError

router = APIRouter(prefix="/v1", tags=["places"])
Q = Annotated[
    str | None, Query(min_length=1, max_length=100, description="Name (any part) or PLZ / ARS prefix.")
]
Kind = Annotated[
    PlaceKind | None, Query(description="Only this kind; without q all of it (e.g. the 14 Kreise).")
]


@router.get("/places", response_model=PlaceList)
def list_places(
    kb: KnowledgeDep, q: Q = None, kind: Kind = None, limit: Annotated[int, Query(ge=1, le=250)] = 10
) -> PlaceList:
    if q is None and kind is None:
        raise BadRequestError("Bitte einen Suchbegriff (q) oder eine Art (kind) angeben.")
    directory = directory_of(kb)
    found = directory.search(q, limit=len(directory.places)) if q else directory.all(kind)
    items = [place_out(directory, p) for p in found if kind is None or p.kind == kind][:limit]
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
