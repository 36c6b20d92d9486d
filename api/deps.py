"""Dependencies shared by the routes: settings and the warmed searcher, both held by the app state."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from lsa_assistant.errors import IndexMissingError
from lsa_assistant.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_searcher(request: Request) -> Any:
    searcher = request.app.state.searcher
    if searcher is None:
        raise IndexMissingError(request.app.state.not_ready_reason or "index not loaded")
    return searcher


SettingsDep = Annotated[Settings, Depends(get_settings)]
SearcherDep = Annotated[Any, Depends(get_searcher)]
