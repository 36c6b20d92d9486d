"""Ratings of answers in a small SQLite file: answer id, up/down, optional comment and the day — nothing else.

No IP address, user agent, question text or time of day is stored, so the table cannot be joined back to a
person or a conversation. One short-lived connection per call (SQLite connections must not be shared across
the threads FastAPI runs sync routes in); WAL lets the summary read while a rating is written.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from lsa_assistant.errors import StoreUnavailableError

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT NOT NULL CHECK (length(answer_id) = 32),
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT CHECK (comment IS NULL OR length(comment) <= 1000),
    created_at TEXT NOT NULL
)
"""


class FeedbackStoreError(StoreUnavailableError):
    """The feedback database cannot be opened or written (disk full, read-only data directory)."""

    title = "Feedback-Speicher nicht verfügbar"


class FeedbackStore:
    """:param path: the SQLite file (``settings.feedback_db``); its directory is created when missing."""

    def __init__(self, path: Path, timeout_s: float = 5.0) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self._lock = threading.Lock()  # one writer at a time inside this process; SQLite locks across

    def create_schema(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute(SCHEMA)
        except OSError as e:
            raise FeedbackStoreError(f"Feedback-Datenbank {self.path} nicht anlegbar: {e}") from e

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = sqlite3.connect(self.path, timeout=self.timeout_s)
        except sqlite3.Error as e:
            raise FeedbackStoreError(f"Feedback-Datenbank nicht erreichbar: {e}") from e
        try:
            with conn:  # commits on success, rolls back on error
                yield conn
        except sqlite3.Error as e:
            raise FeedbackStoreError(f"Feedback-Datenbank nicht erreichbar: {e}") from e
        finally:
            conn.close()

    def add(self, answer_id: str, rating: str, comment: str | None) -> int:
        """Store one rating and return its row id; the date is the UTC day, without the time."""
        day = datetime.now(UTC).date().isoformat()
        with self._lock, self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO feedback (answer_id, rating, comment, created_at) VALUES (?, ?, ?, ?)",
                (answer_id, rating, comment, day),
            )
            return int(cursor.lastrowid or 0)

    def summary(self) -> dict[str, int]:
        """Counts only: comments stay in the database for the people who read them there."""
        with self._connect() as conn:
            up, down, with_comment = conn.execute(
                "SELECT COALESCE(SUM(rating = 'up'), 0), COALESCE(SUM(rating = 'down'), 0), "
                "COALESCE(SUM(comment IS NOT NULL), 0) FROM feedback"
            ).fetchone()
        return {"up": int(up), "down": int(down), "with_comment": int(with_comment)}
