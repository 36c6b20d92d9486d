"""Liveness and readiness for load balancers and operators."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SearcherDep
from api.schemas import Health, Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"description": "index missing, foreign or store unreachable (the reason in detail)"}},
)
def readyz(searcher: SearcherDep) -> Readiness:
    info = searcher.info
    return Readiness(
        status="ready", build_id=info.build_id, model_id=info.model_id, corpus_version=info.corpus_version
    )
