"""``POST /v1/feedback``: a thumbs up/down (and optional comment) on one answer; ``GET /v1/feedback/summary``.

The store is opened in the app's lifespan (it needs no index, so ratings work while the index is missing).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, FastAPI

from api.deps import FeedbackDep
from api.feedback_store import FeedbackStore
from api.schemas_catalog import FeedbackRequest, FeedbackResponse, FeedbackSummaryResponse
from api.state import service_state
from lsa_assistant.errors import LsaError
from lsa_assistant.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["feedback"])


def open_feedback_store(app: FastAPI, settings: Settings) -> None:
    """Create the schema once at start-up; a broken store is logged, and only feedback answers 503."""
    store = FeedbackStore(settings.feedback_db)
    try:
        store.create_schema()
    except LsaError as e:
        log.error("feedback store unavailable: %s", e)
        service_state(app).feedback = None
        return
    service_state(app).feedback = store


def close_feedback_store(app: FastAPI) -> None:
    service_state(app).feedback = None


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackResponse,
    responses={503: {"description": "feedback database unavailable"}},
)
def create_feedback(body: FeedbackRequest, store: FeedbackDep) -> FeedbackResponse:
    row_id = store.add(body.answer_id, body.rating, body.comment)
    return FeedbackResponse(id=row_id, answer_id=body.answer_id, rating=body.rating, stored=True)


@router.get("/feedback/summary", response_model=FeedbackSummaryResponse)
def feedback_summary(store: FeedbackDep) -> FeedbackSummaryResponse:
    return FeedbackSummaryResponse(**store.summary())
