"""``GET /v1/norms/{law}`` (overview with known gaps) and ``/v1/norms/{law}/{paragraph}`` (its Absätze)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.catalog_norms import law_overview, norm_detail
from api.deps import KnowledgeDep
from api.schemas_catalog import LawDetail, NormDetail

router = APIRouter(prefix="/v1", tags=["norms"])

Law = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,40}$", description="egovg-lsa")]


@router.get("/norms/{law}", response_model=LawDetail, responses={404: {"description": "unknown law"}})
def get_law(kb: KnowledgeDep, law: Law) -> LawDetail:
    return law_overview(kb, law)


@router.get(
    "/norms/{law}/{paragraph}",
    response_model=NormDetail,
    responses={404: {"description": "unknown law or §, or a § missing from the recovered text"}},
)
def get_norm(
    kb: KnowledgeDep,
    law: Law,
    paragraph: Annotated[str, Path(max_length=20, description="9, §9 or 9a")],
) -> NormDetail:
    return norm_detail(kb, law, paragraph)
