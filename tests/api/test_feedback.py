"""``POST /v1/feedback`` and ``GET /v1/feedback/summary``: stored in SQLite, nothing personal, strict input."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import install_error_handlers
from api.feedback_store import FeedbackStore, FeedbackStoreError
from api.routes import feedback
from api.state import ServiceState
from lsa_assistant.settings import Settings
from tests.api.problems import PROBLEM

ANSWER_ID = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    # data_dir does not exist yet: the store must create it. No index either: feedback still works.
    return Settings(
        data_dir=tmp_path_factory.mktemp("feedback") / "nested" / "var",
        embedding_model="/nonexistent-model",
        rate_limit_per_minute=100_000,
    )


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _rows(path: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM feedback ORDER BY id").fetchall()
    finally:
        conn.close()


def test_feedback_round_trip(client: TestClient, settings: Settings) -> None:
    assert client.app.state.service.searcher is None  # type: ignore[attr-defined]  # really without an index
    before = client.get("/v1/feedback/summary").json()
    response = client.post(
        "/v1/feedback",
        json={"answer_id": ANSWER_ID, "rating": "down", "comment": "  Zu knapp.\nBitte mehr.  "},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body == {"id": body["id"], "answer_id": ANSWER_ID, "rating": "down", "stored": True}
    row = next(r for r in _rows(settings.feedback_db) if r["id"] == body["id"])
    assert set(row.keys()) == {"id", "answer_id", "rating", "comment", "created_at"}  # no IP, agent, question
    assert (row["answer_id"], row["rating"], row["comment"]) == (ANSWER_ID, "down", "Zu knapp.\nBitte mehr.")
    assert row["created_at"] == datetime.now(UTC).date().isoformat()  # the day only, no time
    after = client.get("/v1/feedback/summary").json()
    assert after == {
        "up": before["up"],
        "down": before["down"] + 1,
        "with_comment": before["with_comment"] + 1,
    }


def test_feedback_summary_counts(client: TestClient) -> None:
    before = client.get("/v1/feedback/summary").json()
    for rating, comment in [("up", None), ("up", ""), ("up", "Danke\tsehr"), ("down", None)]:
        payload = {"answer_id": ANSWER_ID, "rating": rating} | (
            {} if comment is None else {"comment": comment}
        )
        assert client.post("/v1/feedback", json=payload).status_code == 201
    after = client.get("/v1/feedback/summary").json()
    assert set(after) == {"up", "down", "with_comment"}  # counts only, comments are never served
    assert after["up"] - before["up"] == 3 and after["down"] - before["down"] == 1
    assert after["with_comment"] - before["with_comment"] == 1  # an empty comment is stored as none


def test_feedback_database_is_wal(settings: Settings, client: TestClient) -> None:
    conn = sqlite3.connect(settings.feedback_db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


@pytest.mark.parametrize(
    "payload",
    [
        {"rating": "up"},
        {"answer_id": ANSWER_ID},
        {"answer_id": ANSWER_ID, "rating": "meh"},
        {"answer_id": "abc", "rating": "up"},
        {"answer_id": ANSWER_ID.upper(), "rating": "up"},
        {"answer_id": ANSWER_ID[:-1] + "g", "rating": "up"},
        {"answer_id": ANSWER_ID + "0", "rating": "up"},
        {"answer_id": ANSWER_ID, "rating": "up", "comment": "x" * 1001},
        {"answer_id": ANSWER_ID, "rating": "up", "comment": "a\x00b"},
        {"answer_id": ANSWER_ID, "rating": "up", "comment": "a\x1bb"},
        {"answer_id": ANSWER_ID, "rating": "up", "question": "Wo melde ich mich an?"},
        {"answer_id": ANSWER_ID, "rating": "up", "comment": 5},
        [],
    ],
)
def test_feedback_rejects_bad_input(client: TestClient, settings: Settings, payload: object) -> None:
    count = len(_rows(settings.feedback_db))
    response = client.post("/v1/feedback", json=payload)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"] == PROBLEM
    assert len(_rows(settings.feedback_db)) == count


def test_feedback_comment_of_1000_chars_is_accepted(client: TestClient) -> None:
    payload = {"answer_id": ANSWER_ID, "rating": "up", "comment": "ä" * 1000}
    assert client.post("/v1/feedback", json=payload).status_code == 201


def test_feedback_store_unavailable_is_503(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(FeedbackStoreError) as excinfo:
        FeedbackStore(blocker / "feedback.sqlite3").create_schema()
    assert excinfo.value.status == 503
    # What the lifespan does, without loading the corpora: start-up goes on, only feedback answers 503.
    app = FastAPI()
    settings = Settings(data_dir=blocker / "var")
    app.state.service = ServiceState(settings=settings)
    install_error_handlers(app)
    app.include_router(feedback.router)
    feedback.open_feedback_store(app, settings)
    assert app.state.service.feedback is None
    response = TestClient(app).post("/v1/feedback", json={"answer_id": ANSWER_ID, "rating": "up"})
    assert response.status_code == 503 and response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == "E302"
