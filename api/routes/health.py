"""Liveness and readiness for load balancers and operators."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SearcherDep
from api.schemas import HealthResponse, ReadinessResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthResponse)
def healthz() -> HealthResponse:
    return HealthResponse(status="ok")


@router.get(
    "/readyz",
    response_model=ReadinessResponse,
    responses={503: {"description": "index missing, foreign or store unreachable (the reason in detail)"}},
)
def readyz(searcher: SearcherDep) -> ReadinessResponse:
    info = searcher.info
    return ReadinessResponse(
        status="ready", build_id=info.build_id, model_id=info.model_id, corpus_version=info.corpus_version
    )
