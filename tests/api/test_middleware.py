"""Security headers, body limit, API keys and CORS, on the app with a stand-in assistant (no index)."""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.middleware import CSP, DOCS_CSP, BodyLimitMiddleware
from assistant.hits import SearchResult
from assistant.models import Answer, AnswerTrace, Message
from lsa_assistant.settings import Settings
from tests.api.problems import PROBLEM
from tests.shipped import shipped_knowledge

ANSWER_TEXT = (
    "Zuständig ist das Ministerium für Infrastruktur und Digitales (MID) [1]. "
    "Es betreibt die Bezahlplattform des Landes für alle Behörden."
)


class FakeSearcher:
    info = types.SimpleNamespace(build_id="b1", model_id="st@fake", corpus_version="c1")

    def search(self, q: str, k: int, source: str | None, ministry: str | None) -> SearchResult:
        return SearchResult(query=q, hits=[], took_ms=1.5)


class FakeAssistant:
    """Answers every question the same way; enough to exercise the HTTP layer without an index."""

    def __init__(self) -> None:
        self.knowledge = shipped_knowledge()
        self.searcher = FakeSearcher()
        self.questions: list[list[Message]] = []
        self.places: list[str | None] = []

    def answer(self, messages: list[Message], place: str | None = None) -> tuple[Answer, AnswerTrace]:
        self.questions.append(messages)
        self.places.append(place)
        answer = Answer(answer=ANSWER_TEXT, intent="responsibility")
        return answer, AnswerTrace(seconds={"analysis": 0.002, "retrieval": 0.03, "composition": 0.001})


def fake_client(tmp_path: Path, peer: str = "testclient", **overrides: object) -> TestClient:
    """A TestClient (use it as a context manager) on an app with :class:`FakeAssistant`.

    :param peer: the socket peer address the app sees."""
    settings = Settings(data_dir=tmp_path / "var", **overrides)
    return TestClient(create_app(settings, assistant=FakeAssistant()), client=(peer, 50000))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with fake_client(tmp_path) as test_client:
        yield test_client


CHAT = {"messages": [{"role": "user", "content": "Wer ist für die Bezahlplattform zuständig?"}]}
EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.parametrize(
    ("method", "url", "api"),
    [
        ("GET", "/", False),
        ("GET", "/healthz", False),
        ("GET", "/v1/search?q=Wohnsitz", True),
        ("POST", "/v1/chat", True),
        ("GET", "/v1/nope", True),
        ("GET", "/unknown", False),
    ],
)
def test_middleware_security_headers(client: TestClient, method: str, url: str, api: bool) -> None:
    response = client.request(method, url, json=CHAT if method == "POST" else None)
    assert response.headers["content-security-policy"] == CSP
    for name, value in EXPECTED.items():
        assert response.headers[name] == value
    assert (response.headers.get("cache-control") == "no-store") is api


@pytest.mark.parametrize("url", ["/docs", "/redoc"])
def test_middleware_docs_get_their_own_csp(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert csp == DOCS_CSP
    assert "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net;" in csp
    assert "https://fastapi.tiangolo.com" in csp and "frame-ancestors 'none'" in csp
    assert "*" not in csp and "unsafe-eval" not in csp
    # the main pages stay strict
    assert "unsafe-inline" not in client.get("/").headers["content-security-policy"]


def test_middleware_body_limit_by_content_length(client: TestClient) -> None:
    huge = b'{"messages": [{"role": "user", "content": "' + b"a" * 70_000 + b'"}]}'
    response = client.post("/v1/chat", content=huge, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["code"] == "E413"
    assert client.app.state.service.assistant.questions == []  # no model work


def test_middleware_body_limit_by_chunked_body(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"messages": [{"role": "user", "content": "'
        for _ in range(10):
            yield b"a" * 10_000
        yield b'"}]}'

    response = client.post("/v1/chat", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["code"] == "E413"
    assert client.app.state.service.assistant.questions == []


async def _drive(app: Callable, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> list[dict]:
    sent: list[dict] = []
    queue = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)
    ]

    async def receive() -> dict:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/x", "headers": headers, "query_string": b""}
    await app(scope, receive, send)
    return sent


@pytest.mark.parametrize(("total", "status"), [(1024, 200), (1025, 413)])
def test_middleware_body_limit_counts_chunks_without_content_length(total: int, status: int) -> None:
    import anyio

    async def echo(scope: dict, receive: Callable, send: Callable) -> None:
        size, more = 0, True
        while more:
            message = await receive()
            size += len(message.get("body", b""))
            more = message.get("more_body", False)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(size).encode()})

    chunks = [b"x" * 256] * (total // 256) + [b"x" * (total % 256)]
    sent = anyio.run(_drive, BodyLimitMiddleware(echo, max_body_bytes=1024), chunks, [])
    assert sent[0]["status"] == status
    if status == 200:
        assert sent[1]["body"] == b"1024"


def test_middleware_unknown_key_is_401(client: TestClient) -> None:
    response = client.get("/v1/search", params={"q": "Wohnsitz"}, headers={"X-API-Key": "geheim-falsch"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "ApiKey"
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "geheim-falsch" not in response.text
    # health, metrics and pages are not guarded
    assert client.get("/healthz", headers={"X-API-Key": "geheim-falsch"}).status_code == 200


def test_middleware_required_key(tmp_path: Path) -> None:
    with fake_client(tmp_path, api_keys=["portal-key-1", "portal-key-2"], require_api_key=True) as client:
        missing = client.get("/v1/search", params={"q": "Wohnsitz"})
        assert missing.status_code == 401 and missing.json()["code"] == "E401"
        assert missing.headers["www-authenticate"] == "ApiKey"
        for key in ("portal-key-1", "portal-key-2"):
            ok = client.get("/v1/search", params={"q": "Wohnsitz"}, headers={"X-API-Key": key})
            assert ok.status_code == 200, ok.text
        wrong = client.get("/v1/search", params={"q": "Wohnsitz"}, headers={"X-API-Key": "portal-key-3"})
        assert wrong.status_code == 401
        assert client.get("/healthz").status_code == 200
        assert client.get("/metrics").status_code == 200
        assert client.get("/").status_code == 200


def test_middleware_cors_closed_by_default(client: TestClient) -> None:
    response = client.get("/v1/search", params={"q": "x"}, headers={"Origin": "https://portal.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/v1/search",
        headers={"Origin": "https://portal.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_middleware_cors_open_for_configured_origin(tmp_path: Path) -> None:
    with fake_client(tmp_path, cors_origins=["https://portal.example"], api_keys=["k"]) as client:
        preflight = client.options(
            "/v1/chat",
            headers={
                "Origin": "https://portal.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "Content-Type, X-API-Key",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://portal.example"
        assert "POST" in preflight.headers["access-control-allow-methods"]
        assert "x-api-key" in preflight.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-credentials" not in preflight.headers
        simple = client.get("/v1/search", params={"q": "x"}, headers={"Origin": "https://portal.example"})
        assert simple.headers["access-control-allow-origin"] == "https://portal.example"
        exposed = simple.headers["access-control-expose-headers"].lower()
        assert "retry-after" in exposed and "ratelimit-remaining" in exposed
        other = client.get("/v1/search", params={"q": "x"}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        # a refusal still carries CORS headers, so the portal's script can read the problem
        refused = client.get("/v1/search", headers={"Origin": "https://portal.example", "X-API-Key": "nope"})
        assert refused.status_code == 401
        assert refused.headers["access-control-allow-origin"] == "https://portal.example"
