"""``create_app(settings)``: the FastAPI service; the lifespan loads the corpora, opens the index and warms
every pipeline once, so no request pays for loading."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.middleware import install_middleware
from api.openapi import install_openapi
from api.readiness import mark_not_ready, open_assistant
from api.routes import (
    admin,
    chat,
    feedback,
    health,
    life_events,
    metrics,
    norms,
    organizations,
    places,
    responsibility,
    search,
    services,
    web,
)
from api.state import ServiceState, service_state
from lsa_assistant import __version__
from lsa_assistant.errors import LsaError
from lsa_assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.answering import Assistant

log = logging.getLogger(__name__)

OPENAPI_TAGS = [
    {"name": "search", "description": "Hybrid search over law, FIM services, organisations and pages."},
    {"name": "chat", "description": "Answers with verified citations (JSON or server-sent events)."},
    {"name": "services", "description": "FIM services (Leistungen) by LeiKa key."},
    {"name": "life-events", "description": "Lebenslagen of the OZG catalogue with their services."},
    {"name": "organizations", "description": "Ministries with areas, OZG roles and authorities."},
    {"name": "norms", "description": "Paragraphs of the EGovG LSA with their Absätze."},
    {
        "name": "places",
        "description": "Gemeinden, Verbandsgemeinden and Kreise of Sachsen-Anhalt (autocomplete).",
    },
    {
        "name": "responsibility",
        "description": "Routing: LeiKa key or service id + place (ARS, AGS, PLZ or name) -> the concrete authority.",
    },
    {"name": "feedback", "description": "Ratings of answers (answer id, rating, optional comment)."},
    {"name": "health", "description": "Liveness, readiness and Prometheus metrics."},
]


def create_app(settings: Settings, assistant: Assistant | None = None) -> FastAPI:
    """:param assistant: an already warmed :class:`assistant.answering.Assistant` (tests); by default the
    lifespan builds one, which opens the index and warms analysis, retrieval and composition once."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = service_state(app)
        state.assistant = assistant
        state.knowledge = getattr(assistant, "knowledge", None)
        state.not_ready_error = None
        state.ready_lock = threading.Lock()
        if state.knowledge is None:  # catalogue endpoints work even while the index is missing
            from assistant.knowledge import load_knowledge

            state.knowledge = load_knowledge(settings)
        if state.assistant is None:
            try:
                state.assistant = open_assistant(settings, state.knowledge)
            except LsaError as e:  # the service still starts, /readyz says why and requests retry
                mark_not_ready(app, e)
                log.error("index not ready: %s", e)
        feedback.open_feedback_store(app, settings)
        yield
        feedback.close_feedback_store(app)
        if state.assistant is not None and hasattr(state.assistant, "close"):
            state.assistant.close()

    app = FastAPI(
        title="LSA Assistant",
        version=__version__,
        lifespan=lifespan,
        openapi_tags=OPENAPI_TAGS,
        description="Suche und Antworten zu EGovG LSA, FIM-Leistungen und Zuständigkeiten in Sachsen-Anhalt. "
        "Fehler sind application/problem+json (RFC 9457) mit stabilem `code`.",
    )
    app.state.service = ServiceState(settings=settings)
    install_error_handlers(app)
    install_middleware(app, settings)
    routers = (
        health,
        metrics,
        search,
        chat,
        services,
        life_events,
        responsibility,
        places,
        organizations,
        norms,
        feedback,
        admin,
        web,
    )
    for module in routers:
        app.include_router(module.router)
    web.mount_static(app)
    install_openapi(app)
    return app
