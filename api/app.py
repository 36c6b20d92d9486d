"""``create_app(settings)``: the FastAPI service; the lifespan opens the index and warms pipelines once."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routes import chat, health, search
from lsa_assistant import __version__
from lsa_assistant.errors import LsaError
from lsa_assistant.settings import Settings

log = logging.getLogger(__name__)


def create_app(settings: Settings, assistant: object | None = None) -> FastAPI:
    """:param assistant: an already warmed :class:`assistant.answering.Assistant` (tests); by default the
    lifespan builds one, which opens the index and warms analysis, retrieval and composition once."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.assistant = assistant
        app.state.searcher = getattr(assistant, "searcher", None)
        app.state.not_ready_reason = None
        if app.state.assistant is None:
            from assistant.answering import Assistant

            candidate = Assistant(settings)
            try:
                candidate.warm_up()
                app.state.assistant, app.state.searcher = candidate, candidate.searcher
            except LsaError as e:  # the service still starts and /readyz says why
                candidate.close()
                app.state.not_ready_reason = str(e)
                log.error("index not ready: %s", e)
        yield
        if app.state.assistant is not None and hasattr(app.state.assistant, "close"):
            app.state.assistant.close()

    app = FastAPI(
        title="LSA Assistant",
        version=__version__,
        lifespan=lifespan,
        description="Suche und Antworten zu EGovG LSA, FIM-Leistungen und Zuständigkeiten in Sachsen-Anhalt.",
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(search.router)
    app.include_router(chat.router)
    return app
