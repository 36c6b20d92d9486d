"""``POST /v1/admin/reload``: switch a running service to the active index build without a restart.

An embedded service keeps the build it opened (local mode locks the directory); after ``lsa-assistant
index`` an operator either restarts it or calls this. Admin operations always need a configured API
key, whether or not ``require_api_key`` is set for the public API (the guard has already checked that a
presented key is known).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from api.deps import StateDep
from api.readiness import reload_assistant
from api.schemas import ReadinessResponse
from lsa_assistant.errors import UnauthorizedError
from lsa_assistant.settings import Settings

router = APIRouter(prefix="/v1/admin", tags=["health"])


class ReloadResponse(ReadinessResponse):
    previous_build_id: str | None = None


def require_admin_key(request: Request, settings: Settings) -> None:
    """ApiGuardMiddleware refuses unknown keys; here a known key must be present at all."""
    if not settings.api_keys or "x-api-key" not in request.headers:
        raise UnauthorizedError("Verwaltungsfunktionen brauchen einen API-Schlüssel (X-API-Key).")


@router.post(
    "/reload", response_model=ReloadResponse, responses={503: {"description": "new build cannot be opened"}}
)
async def reload(request: Request, state: StateDep) -> ReloadResponse:
    require_admin_key(request, state.settings)
    previous = getattr(getattr(state.searcher, "info", None), "build_id", None)
    info = await run_in_threadpool(reload_assistant, request.app)
    return ReloadResponse(
        status="ready",
        build_id=info.build_id,
        model_id=info.model_id,
        corpus_version=info.corpus_version,
        previous_build_id=previous,
    )


__all__ = ["router"]
