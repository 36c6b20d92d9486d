"""What a running service holds: one typed :class:`ServiceState` on ``app.state.service``.

Created by ``create_app`` (the metrics exist before the first request), filled by the lifespan (knowledge base,
warmed assistant, feedback store) and swapped by ``api.readiness`` when the index comes back or is reloaded.
Routes reach it only through the dependencies in ``api.deps``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import FastAPI

from lsa_assistant.errors import LsaError
from lsa_assistant.settings import Settings

if TYPE_CHECKING:  # the assistant stack loads lazily: importing the API stays cheap
    from api.feedback_store import FeedbackStore
    from api.metrics import Metrics
    from assistant.answering import Assistant
    from assistant.knowledge import KnowledgeBase
    from assistant.retrieval import Searcher


@dataclass
class ServiceState:
    """The service's shared objects; ``assistant`` is None while the index is not ready (``not_ready_error`` says
    why), ``knowledge`` is loaded without an index, so the catalogue endpoints work meanwhile."""

    settings: Settings
    metrics: Metrics | None = None
    knowledge: KnowledgeBase | None = None
    assistant: Assistant | None = None
    feedback: FeedbackStore | None = None
    not_ready_error: LsaError | None = None
    #: ``time.monotonic()`` of the last failed attempt to open the index (attempts are rate-limited)
    ready_checked_at: float = 0.0
    #: one attempt at a time to open or swap the assistant
    ready_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def searcher(self) -> Searcher | None:
        """The warmed searcher of the current assistant (None while not ready)."""
        return getattr(self.assistant, "searcher", None)


def service_state(app: FastAPI) -> ServiceState:
    """The state ``create_app`` put on ``app``."""
    state: ServiceState = app.state.service
    return state
