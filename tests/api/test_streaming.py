"""``POST /v1/chat`` as server-sent events: meta, deltas, answer; errors before and inside the stream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.chat import split_deltas
from lsa_assistant.errors import StoreUnavailableError
from lsa_assistant.settings import Settings
from tests.api.problems import PROBLEM
from tests.api.test_middleware import FakeAssistant

QUESTION = "Wer ist für die Bezahlplattform zuständig?"
CHAT = {"messages": [{"role": "user", "content": QUESTION}]}


@pytest.fixture(scope="module")
def client(tiny_index) -> Iterator[TestClient]:
    settings = tiny_index("sse")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def parse_events(text: str) -> list[tuple[str, dict]]:
    """(event, JSON data) per server-sent event; comments (pings) are skipped."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[len("event:") :].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:") :].removeprefix(" "))
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events


@pytest.mark.slow
def test_streaming_event_order_and_content(client: TestClient) -> None:
    response = client.post("/v1/chat", json={**CHAT, "stream": True})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_events(response.text)
    names = [name for name, _ in events]
    assert names[0] == "meta" and names[-1] == "answer"
    assert set(names[1:-1]) == {"delta"} and len(names) >= 3
    meta, answer = events[0][1], events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == answer["answer"]
    assert meta == {key: answer[key] for key in ("answer_id", "intent", "no_answer", "responsible")}
    assert len(answer["answer_id"]) == 32
    assert answer["intent"] == "responsibility" and "MID" in {r["id"] for r in answer["responsible"]}

    plain = client.post("/v1/chat", json=CHAT)
    assert plain.status_code == 200
    expected = plain.json()
    assert expected["answer_id"] != answer["answer_id"]
    expected.pop("answer_id"), answer.pop("answer_id")
    assert answer == expected


@pytest.mark.slow
def test_streaming_by_accept_header(client: TestClient) -> None:
    response = client.post("/v1/chat", json=CHAT, headers={"Accept": "text/event-stream"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert [name for name, _ in parse_events(response.text)][0] == "meta"
    assert response.headers["x-content-type-options"] == "nosniff"  # the middleware did not break it


@pytest.mark.slow
@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"messages": [{"role": "assistant", "content": "Hallo"}], "stream": True}, 400),
        ({"messages": [], "stream": True}, 422),
        ({"messages": [{"role": "user", "content": "a\x00b"}], "stream": True}, 400),
        ({**CHAT, "stream": "yes"}, 422),
    ],
)
def test_streaming_validation_errors_are_plain_problems(
    client: TestClient, payload: dict, status: int
) -> None:
    response = client.post("/v1/chat", json=payload, headers={"Accept": "text/event-stream"})
    assert response.status_code == status
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["status"] == status


@pytest.mark.slow
def test_streaming_documented_in_openapi(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/chat"]["post"]
    content = operation["responses"]["200"]["content"]
    assert "application/json" in content and "text/event-stream" in content


class FailingAssistant(FakeAssistant):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def answer(self, messages: object, place: str | None = None) -> object:
        raise self.error


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [(StoreUnavailableError("qdrant down"), 503, "E302"), (RuntimeError("secret internals"), 500, "E500")],
)
def test_streaming_error_event(tmp_path: Path, error: Exception, status: int, code: str) -> None:
    app = create_app(Settings(data_dir=tmp_path / "var"), assistant=FailingAssistant(error))
    with TestClient(app) as client:
        response = client.post("/v1/chat", json={**CHAT, "stream": True})
    assert response.status_code == 200  # the stream had started; the problem travels as an event
    events = parse_events(response.text)
    assert [name for name, _ in events] == ["error"]
    problem = events[0][1]
    assert problem["status"] == status and problem["code"] == code
    assert {"type", "title", "detail"} <= set(problem)
    assert "secret internals" not in response.text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Kurz.",
        "Zuständig ist das Ministerium für Infrastruktur und Digitales (MID) [1]. Es betreibt die Plattform.",
        "  führende Leerzeichen,\nZeilenumbrüche\n\nund   mehrere   Leerzeichen  ",
        "x" * 200,
    ],
)
def test_streaming_split_deltas(text: str) -> None:
    pieces = split_deltas(text)
    assert "".join(pieces) == text and pieces
    assert all(len(piece) < 80 for piece in pieces[:-1] if " " in piece)
