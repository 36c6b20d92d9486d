"""Liveness and readiness for load balancers and operators."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.schemas import Health, Readiness
from lsa_assistant.errors import IndexMissingError

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz", response_model=Readiness, responses={503: {"description": "index missing or inconsistent"}}
)
def readyz(request: Request) -> Readiness:
    searcher = request.app.state.searcher
    if searcher is None:
        raise IndexMissingError(request.app.state.not_ready_reason or "index not loaded")
    info = searcher.info
    return Readiness(
        status="ready", build_id=info.build_id, model_id=info.model_id, corpus_version=info.corpus_version
    )
