"""Liveness and readiness for load balancers and operators."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.readiness import ensure_ready, not_ready_error
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
def readyz(request: Request) -> Readiness:
    ensure_ready(request.app)
    searcher = request.app.state.searcher
    if searcher is None:
        raise not_ready_error(request.app)
    info = searcher.info
    return Readiness(
        status="ready", build_id=info.build_id, model_id=info.model_id, corpus_version=info.corpus_version
    )
