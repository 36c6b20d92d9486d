"""Malformed requests: each gets a clear 4xx as problem+json, and the service stays healthy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.problems import PROBLEM

pytestmark = pytest.mark.slow
USER = {"role": "user", "content": "Wer ist für die Bezahlplattform zuständig?"}
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def client(tiny_index) -> Iterator[TestClient]:
    settings = tiny_index("bad")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


# (id, method, url, request keyword arguments, expected status; None: any 4xx)
CASES = [
    ("empty-query", "GET", "/v1/search?q=", {}, 422),
    ("whitespace-query", "GET", "/v1/search?q=%20%20%09", {}, 400),
    ("query-too-long", "GET", "/v1/search?q=" + "a" * 1001, {}, 422),
    ("k-zero", "GET", "/v1/search?q=Wohnsitz&k=0", {}, 422),
    ("k-too-large", "GET", "/v1/search?q=Wohnsitz&k=51", {}, 422),
    ("k-not-a-number", "GET", "/v1/search?q=Wohnsitz&k=abc", {}, 422),
    ("unknown-source", "GET", "/v1/search?q=Wohnsitz&source=wikipedia", {}, 422),
    ("too-many-messages", "POST", "/v1/chat", {"json": {"messages": [USER] * 31}}, 422),
    (
        "body-too-large",
        "POST",
        "/v1/chat",
        {"json": {"messages": [{"role": "user", "content": "a" * 70_000}]}},
        413,
    ),
    ("messages-as-string", "POST", "/v1/chat", {"json": {"messages": "Hallo"}}, 422),
    ("content-as-number", "POST", "/v1/chat", {"json": {"messages": [{"role": "user", "content": 42}]}}, 422),
    ("stream-as-string", "POST", "/v1/chat", {"json": {"messages": [USER], "stream": "yes"}}, 422),
    ("invalid-json", "POST", "/v1/chat", {"content": b'{"messages": [', "headers": JSON}, 422),
    ("empty-body", "POST", "/v1/chat", {"content": b"", "headers": JSON}, 422),
    (
        "not-json-content-type",
        "POST",
        "/v1/chat",
        {"content": b"messages=Hallo", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
        None,
    ),
    ("nul-byte", "POST", "/v1/chat", {"json": {"messages": [{"role": "user", "content": "a\x00b"}]}}, 400),
    (
        "unknown-role",
        "POST",
        "/v1/chat",
        {"json": {"messages": [{"role": "system", "content": "Hallo"}]}},
        422,
    ),
    (
        "last-from-assistant",
        "POST",
        "/v1/chat",
        {"json": {"messages": [USER, {"role": "assistant", "content": "Das MID."}]}},
        400,
    ),
    ("unknown-leika-key", "GET", "/v1/services/00000000000000", {}, 404),
    ("unknown-organisation", "GET", "/v1/organizations/XYZ", {}, 404),
    ("unknown-norm", "GET", "/v1/norms/egovg-lsa/99", {}, 404),
    ("unknown-law", "GET", "/v1/norms/foo/1", {}, 404),
    ("path-traversal", "GET", "/v1/services/..%2F..%2Fetc%2Fpasswd", {}, None),
    ("unknown-api-key", "GET", "/v1/search?q=Wohnsitz", {"headers": {"X-API-Key": "erfunden"}}, 401),
    ("method-not-allowed", "DELETE", "/v1/search?q=Wohnsitz", {}, 405),
    ("get-on-chat", "GET", "/v1/chat", {}, 405),
    ("unknown-path", "GET", "/v1/nichts", {}, 404),
]


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_request_gets_problem_json(
    client: TestClient, method: str, url: str, kwargs: dict, status: int | None
) -> None:
    response = client.request(method, url, **kwargs)
    if status is None:
        assert 400 <= response.status_code < 500, response.text
    else:
        assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert {"type", "title", "status", "detail", "code"} <= set(body)
    assert body["status"] == response.status_code and body["code"] and body["title"] and body["detail"]
    assert "Traceback" not in response.text
    assert client.get("/healthz").json() == {"status": "ok"}


def test_bad_requests_cover_the_list() -> None:
    assert len(CASES) >= 19 and len({c[0] for c in CASES}) == len(CASES)


def test_bad_requests_leave_service_answering(client: TestClient) -> None:
    assert client.get("/readyz").status_code == 200
    assert client.post("/v1/chat", json={"messages": [USER]}).status_code == 200
