"""``create_app(settings)``: the FastAPI service; the lifespan opens the index and warms pipelines once."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routes import health, search
from lsa_assistant import __version__
from lsa_assistant.errors import LsaError
from lsa_assistant.settings import Settings

log = logging.getLogger(__name__)


def create_app(settings: Settings, searcher: object | None = None) -> FastAPI:
    """:param searcher: an already warmed searcher (tests); by default one is built in the lifespan."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.searcher = searcher
        app.state.not_ready_reason = None
        if app.state.searcher is None:
            from assistant.retrieval import Searcher

            candidate = Searcher(settings)
            try:
                candidate.warm_up()
                app.state.searcher = candidate
            except LsaError as e:  # the service still starts and /readyz says why
                candidate.close()
                app.state.not_ready_reason = str(e)
                log.error("index not ready: %s", e)
        yield
        if app.state.searcher is not None and hasattr(app.state.searcher, "close"):
            app.state.searcher.close()

    app = FastAPI(title="LSA Assistant", version=__version__, lifespan=lifespan,
                  description="Suche und Antworten zu EGovG LSA, FIM-Leistungen und Zuständigkeiten in Sachsen-Anhalt.")
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(search.router)
    return app
