"""The routes' dependencies, all of them: the service state and what it holds, typed.

Routes never read ``app.state``; they declare one of the ``*Dep`` annotations below. The ones that need the index
(``SearcherDep``, ``AssistantDep``) try once more to open it while the service is not ready (rate-limited, see
``api.readiness``) and answer 503 with the reason otherwise.

The dependencies are ``async``: FastAPI runs a plain ``def`` dependency in a worker thread, one thread hop per
dependency and request for what is an attribute read. Only the attempt to open the index, which blocks, goes to a
worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from api.feedback_store import FeedbackStore, FeedbackStoreError
from api.readiness import ensure_ready, not_ready_error
from api.state import ServiceState, service_state
from lsa_assistant.errors import IndexMissingError
from lsa_assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.answering import Assistant
    from assistant.knowledge import KnowledgeBase
    from assistant.retrieval import Searcher

T = TypeVar("T")


async def get_state(request: Request) -> ServiceState:
    return service_state(request.app)


async def get_settings(request: Request) -> Settings:
    return service_state(request.app).settings


async def _when_ready(request: Request, part: Callable[[ServiceState], T | None]) -> T:
    """``part`` of the state once the index is open; while it is not, one more attempt (rate-limited, in a worker
    thread), else 503."""
    value = part(service_state(request.app))
    if value is not None:
        return value
    await run_in_threadpool(ensure_ready, request.app)
    value = part(service_state(request.app))
    if value is None:
        raise not_ready_error(request.app)
    return value


async def get_assistant(request: Request) -> Assistant:
    """The warmed assistant (see :func:`_when_ready`)."""
    return await _when_ready(request, lambda state: state.assistant)


async def get_searcher(request: Request) -> Searcher:
    """The warmed searcher of the assistant (see :func:`_when_ready`)."""
    return await _when_ready(request, lambda state: state.searcher)


async def get_knowledge(request: Request) -> KnowledgeBase:
    """The KnowledgeBase the lifespan loaded from the corpora (no index needed)."""
    knowledge = service_state(request.app).knowledge
    if knowledge is None:
        raise IndexMissingError("Die Quelldaten sind nicht geladen.")
    return knowledge


async def get_feedback_store(request: Request) -> FeedbackStore:
    """The feedback store opened at start-up (it needs no index); 503 when it could not be opened."""
    store = service_state(request.app).feedback
    if store is None:
        raise FeedbackStoreError("Der Feedback-Speicher ist nicht verfügbar.")
    return store


#: Response header naming the index build that answered (one build per response: no mixed answers).
BUILD_HEADER = "X-Index-Build"


def build_id(searcher: object) -> str:
    info = getattr(searcher, "info", None)
    return str(getattr(info, "build_id", "") or "")


StateDep = Annotated[ServiceState, Depends(get_state)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AssistantDep = Annotated["Assistant", Depends(get_assistant)]
SearcherDep = Annotated["Searcher", Depends(get_searcher)]
KnowledgeDep = Annotated["KnowledgeBase", Depends(get_knowledge)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback_store)]
