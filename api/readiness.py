"""Opening, recovering and swapping the warmed assistant held by ``app.state``.

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
from typing import Any

from fastapi import FastAPI
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, stop_after_delay, wait_exponential

from lsa_assistant.errors import IndexMissingError, LsaError, StoreUnavailableError
from lsa_assistant.settings import Settings

log = logging.getLogger(__name__)
#: Seconds a swapped-out assistant stays open for the requests that still use it.
RELOAD_GRACE_S = 30.0


def open_assistant(settings: Settings, knowledge: Any = None) -> Any:
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
    app.state.not_ready_error = error
    app.state.not_ready_reason = error.detail
    app.state.ready_checked_at = time.monotonic()


def not_ready_error(app: FastAPI) -> LsaError:
    """The typed error that keeps the service from being ready (503 with its own code)."""
    error = getattr(app.state, "not_ready_error", None)
    if isinstance(error, LsaError):
        return error
    return IndexMissingError(getattr(app.state, "not_ready_reason", None) or "index not loaded")


def ensure_ready(app: FastAPI) -> None:
    """Try once more to open the index when the service is not ready and the interval has passed.

    Runs in a worker thread (the callers are sync dependencies); one attempt at a time.
    """
    if app.state.assistant is not None:
        return
    settings: Settings = app.state.settings
    checked = getattr(app.state, "ready_checked_at", 0.0)
    if time.monotonic() - checked < settings.ready_retry_interval_s:
        return
    lock: threading.Lock = app.state.ready_lock
    if not lock.acquire(blocking=False):
        return  # another request is already trying
    try:
        if app.state.assistant is not None:
            return
        from assistant.knowledge import load_knowledge

        try:
            knowledge = app.state.knowledge or load_knowledge(settings)
            candidate = open_assistant(settings, knowledge)
        except LsaError as e:
            mark_not_ready(app, e)
            return
        _install(app, candidate)
        log.info("index ready again: build %s", candidate.searcher.info.build_id)
    finally:
        lock.release()


def _install(app: FastAPI, assistant: Any) -> None:
    app.state.knowledge = assistant.knowledge
    app.state.searcher = assistant.searcher
    app.state.assistant = assistant
    app.state.not_ready_error = None
    app.state.not_ready_reason = None


def reload_assistant(app: FastAPI, grace_s: float = RELOAD_GRACE_S) -> Any:
    """Open the active build (and re-read the corpora) and swap it in; the old assistant closes later.

    A no-op when the active build is the one being served.

    :raises LsaError: the new build cannot be opened; the running one keeps serving.
    """
    from assistant.knowledge import load_knowledge
    from indexing.store import open_backend

    settings: Settings = app.state.settings
    with app.state.ready_lock:
        current = getattr(app.state.searcher, "info", None)
        backend = open_backend(settings)
        try:
            active = backend.active_info()  # embedded: read from CURRENT.json, no lock taken
        finally:
            backend.close()
        if current is not None and active is not None and active.build_id == current.build_id:
            return current  # already serving it (and local mode could not open the same build twice)
        candidate = open_assistant(settings, load_knowledge(settings))
        old = app.state.assistant
        _install(app, candidate)
    if old is not None and hasattr(old, "close"):
        timer = threading.Timer(grace_s, old.close)
        timer.daemon = True
        timer.start()
    return candidate.searcher.info
