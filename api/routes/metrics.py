"""``GET /metrics``: Prometheus text format from the app's own registry (see ``api/metrics.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.deps import StateDep

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
    summary="Prometheus metrics",
)
def metrics(state: StateDep) -> Response:
    assert state.metrics is not None  # create_app installs them before the first request
    state.metrics.index_ready.set(1 if state.searcher is not None else 0)
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
