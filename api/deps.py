"""Dependencies shared by the routes: settings and the warmed searcher, both held by the app state."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from api.readiness import ensure_ready, not_ready_error
from lsa_assistant.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_searcher(request: Request) -> Any:
    """The warmed searcher; while there is none, one more attempt to open the index (rate-limited)."""
    ensure_ready(request.app)
    searcher = request.app.state.searcher
    if searcher is None:
        raise not_ready_error(request.app)
    return searcher


#: Response header naming the index build that answered (one build per response: no mixed answers).
BUILD_HEADER = "X-Index-Build"


def build_id(searcher: Any) -> str:
    info = getattr(searcher, "info", None)
    return str(getattr(info, "build_id", "") or "")


SettingsDep = Annotated[Settings, Depends(get_settings)]
SearcherDep = Annotated[Any, Depends(get_searcher)]
