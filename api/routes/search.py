"""``GET /v1/search``: hybrid search for portals."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from api.deps import BUILD_HEADER, SearcherDep, build_id
from api.schemas import SearchResponse
from api.validation import has_control
from corpora.base import SourceKind
from lsa_assistant.errors import BadRequestError

router = APIRouter(prefix="/v1", tags=["search"])


@router.get("/search", response_model=SearchResponse)
async def search(
    searcher: SearcherDep,
    response: Response,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Suchanfrage")],
    k: Annotated[int, Query(ge=1, le=50)] = 10,
    source: SourceKind | None = None,
    ministry: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,5}$")] = None,
) -> SearchResponse:
    if not q.strip() or has_control(q):
        raise BadRequestError("q must contain visible characters and no control characters or invalid UTF-8")
    response.headers[BUILD_HEADER] = build_id(searcher)
    result = await run_in_threadpool(searcher.search, q, k, source.value if source else None, ministry)
    return SearchResponse(query=result.query, hits=result.hits, took_ms=result.took_ms)
