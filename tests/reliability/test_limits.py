"""Body and query limits are enforced before any model work: refused requests never reach the searcher
or the assistant (spies count their calls), and an accepted one does (so the spies can fail)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app

pytestmark = pytest.mark.slow
USER = {"role": "user", "content": "Wo melde ich meinen Wohnsitz an?"}


@pytest.fixture(scope="module")
def client(tiny_index) -> Iterator[TestClient]:
    with TestClient(create_app(tiny_index("limits", rate_limit_per_minute=100_000))) as test_client:
        yield test_client


@pytest.fixture
def calls(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    state = client.app.state.service  # type: ignore[attr-defined]
    search, answer = state.searcher.search, state.assistant.answer
    monkeypatch.setattr(state.searcher, "search", lambda *a, **k: seen.append("search") or search(*a, **k))
    monkeypatch.setattr(state.assistant, "answer", lambda *a, **k: seen.append("answer") or answer(*a, **k))
    return seen


def _chunks(size: int) -> Iterator[bytes]:
    yield b'{"messages": [{"role": "user", "content": "'
    for _ in range(size // 1000):
        yield b"a" * 1000
    yield b'"}]}'


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status"),
    [
        (
            "POST",
            "/v1/chat",
            {"content": b"x" * 70_000, "headers": {"Content-Type": "application/json"}},
            413,
        ),
        (
            "POST",
            "/v1/chat",
            {"content": _chunks(200_000), "headers": {"Content-Type": "application/json"}},
            413,
        ),
        ("POST", "/v1/chat", {"content": b"{}", "headers": {"Content-Length": "1e9"}}, 400),
        ("POST", "/v1/chat", {"json": {"messages": [USER] * 31}}, 422),
        ("POST", "/v1/chat", {"json": {"messages": [{"role": "user", "content": "a" * 1001}]}}, 422),
        ("GET", "/v1/search?q=" + "a" * 1001, {}, 422),
        ("GET", "/v1/search?q=Wohnsitz&k=51", {}, 422),
    ],
    ids=[
        "body-declared",
        "body-chunked",
        "length-not-a-number",
        "31-messages",
        "content-1001",
        "q-1001",
        "k-51",
    ],
)
def test_limits_refused_before_model_work(
    client: TestClient, calls: list[str], method: str, url: str, kwargs: dict, status: int
) -> None:
    response = client.request(method, url, **kwargs)
    assert response.status_code == status, response.text[:200]
    assert calls == []


def test_limits_accepted_request_reaches_the_model(client: TestClient, calls: list[str]) -> None:
    assert client.get("/v1/search", params={"q": "Wohnsitz"}).status_code == 200
    assert client.post("/v1/chat", json={"messages": [USER]}).status_code == 200
    assert "search" in calls and "answer" in calls
