"""``GET /v1/search``: hybrid search for portals."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.deps import SearcherDep
from api.schemas import SearchResponse
from lsa_assistant.errors import BadRequestError

router = APIRouter(prefix="/v1", tags=["search"])


@router.get("/search", response_model=SearchResponse)
async def search(
    searcher: SearcherDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Suchanfrage")],
    k: Annotated[int, Query(ge=1, le=50)] = 10,
    source: Literal["egovg-lsa", "fim", "organizations", "pages", "leika"] | None = None,
    ministry: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,5}$")] = None,
) -> SearchResponse:
    if not q.strip() or "\x00" in q:
        raise BadRequestError("q must contain visible characters")
    result = await run_in_threadpool(searcher.search, q, k, source, ministry)
    return SearchResponse.model_validate(result)
