"""Opening, recovering and swapping the warmed assistant held by the :class:`~api.state.ServiceState`.

* At start-up the index is opened with bounded retries (tenacity) for a store that is briefly away.
* A service that started without an index (missing, foreign, store unreachable) stays up and answers 503;
  requests that need the index try again to open it, at most every ``ready_retry_interval_s`` seconds,
  so the service recovers on its own once an operator builds the index or the store comes back.
* :func:`reload_assistant` opens the active build anew and swaps it in atomically (``POST
  /v1/admin/reload``); the old one is closed after a grace period, so requests running on it finish.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from fastapi import FastAPI
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, stop_after_delay, wait_exponential

from api.state import service_state
from lsa_assistant.errors import IndexMissingError, LsaError, StoreUnavailableError
from lsa_assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.answering import Assistant
    from assistant.knowledge import KnowledgeBase
    from indexing.store import IndexInfo

log = logging.getLogger(__name__)
#: Seconds a swapped-out assistant stays open for the requests that still use it.
RELOAD_GRACE_S = 30.0


def open_assistant(settings: Settings, knowledge: KnowledgeBase | None = None) -> Assistant:
    """A warmed assistant on the active build; an unreachable store is retried (3 tries, ≤ 15 s)."""
    from assistant.answering import Assistant

    for attempt in Retrying(
        stop=stop_after_attempt(3) | stop_after_delay(15),
        wait=wait_exponential(multiplier=0.2, max=2),
        retry=retry_if_exception_type(StoreUnavailableError),
        reraise=True,
    ):
        with attempt:
            candidate = Assistant(settings, knowledge=knowledge)
            try:
                candidate.warm_up()
            except BaseException:
                candidate.close()
                raise
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover - reraise=True ends the loop with the error


def mark_not_ready(app: FastAPI, error: LsaError) -> None:
    state = service_state(app)
    state.not_ready_error = error
    state.ready_checked_at = time.monotonic()


def not_ready_error(app: FastAPI) -> LsaError:
    """The typed error that keeps the service from being ready (503 with its own code)."""
    error = service_state(app).not_ready_error
    if isinstance(error, LsaError):
        return error
    return IndexMissingError("index not loaded")


def ensure_ready(app: FastAPI) -> None:
    """Try once more to open the index when the service is not ready and the interval has passed.

    Runs in a worker thread (``api.deps`` sends it there: opening an index blocks); one attempt at a time.
    """
    state = service_state(app)
    if state.assistant is not None:
        return
    if time.monotonic() - state.ready_checked_at < state.settings.ready_retry_interval_s:
        return
    if not state.ready_lock.acquire(blocking=False):
        return  # another request is already trying
    try:
        if state.assistant is not None:
            return
        from assistant.knowledge import load_knowledge

        try:
            knowledge = state.knowledge or load_knowledge(state.settings)
            candidate = open_assistant(state.settings, knowledge)
        except LsaError as e:
            mark_not_ready(app, e)
            return
        _install(app, candidate)
        log.info("index ready again: build %s", candidate.searcher.info.build_id)
    finally:
        state.ready_lock.release()


def _install(app: FastAPI, assistant: Assistant) -> None:
    state = service_state(app)
    state.knowledge = assistant.knowledge
    state.assistant = assistant
    state.not_ready_error = None


def reload_assistant(app: FastAPI, grace_s: float = RELOAD_GRACE_S) -> IndexInfo:
    """Open the active build (and re-read the corpora) and swap it in; the old assistant closes later.

    A no-op when the active build is the one being served.

    :raises LsaError: the new build cannot be opened; the running one keeps serving.
    """
    from assistant.knowledge import load_knowledge
    from indexing.store import open_backend

    state = service_state(app)
    settings = state.settings
    with state.ready_lock:
        current = getattr(state.searcher, "info", None)
        backend = open_backend(settings)
        try:
            active = backend.active_info()  # embedded: read from CURRENT.json, no lock taken
        finally:
            backend.close()
        if current is not None and active is not None and active.build_id == current.build_id:
            return current  # already serving it (and local mode could not open the same build twice)
        candidate = open_assistant(settings, load_knowledge(settings))
        old = state.assistant
        _install(app, candidate)
    if old is not None and hasattr(old, "close"):
        timer = threading.Timer(grace_s, old.close)
        timer.daemon = True
        timer.start()
    return candidate.searcher.info
