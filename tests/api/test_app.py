"""The FastAPI service on the shipped corpus with the tiny model: contracts, limits, problem+json."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.problems import PROBLEM

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(tiny_index) -> Iterator[TestClient]:
    settings = tiny_index("api")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_app_health_and_ready(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert ready.json()["model_id"].startswith("st@") or ready.json()["model_id"]


def test_app_search_contract(client: TestClient) -> None:
    body = client.get("/v1/search", params={"q": "Wohnsitz anmelden", "k": 3, "source": "fim"}).json()
    assert set(body) == {"query", "hits", "took_ms"}
    assert 0 < len(body["hits"]) <= 3
    for hit in body["hits"]:
        assert set(hit) == {"id", "label", "title", "source", "url", "text", "score", "meta"}
        assert hit["source"] == "fim"


def test_app_chat_contract(client: TestClient) -> None:
    response = client.post(
        "/v1/chat",
        json={"messages": [{"role": "user", "content": "Wer ist für die Bezahlplattform zuständig?"}]},
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert {"answer", "intent", "no_answer", "responsible", "citations"} <= set(answer)
    assert answer["intent"] == "responsibility"
    assert "MID" in {r["id"] for r in answer["responsible"]}
    for citation in answer["citations"]:
        assert {"id", "label", "title", "source", "url", "document_id", "quote"} <= set(citation)


@pytest.mark.parametrize(
    ("method", "url", "payload", "status"),
    [
        ("GET", "/v1/search?q=", None, 422),
        ("GET", "/v1/search?q=x&k=0", None, 422),
        ("GET", "/v1/search?q=x&k=51", None, 422),
        ("GET", "/v1/search?q=x&k=abc", None, 422),
        ("GET", "/v1/search?q=" + "a" * 1001, None, 422),
        ("GET", "/v1/search?q=x&source=unknown", None, 422),
        ("GET", "/v1/search?q=%20%20", None, 400),
        ("POST", "/v1/chat", {"messages": []}, 422),
        ("POST", "/v1/chat", {"messages": [{"role": "user", "content": ""}]}, 422),
        ("POST", "/v1/chat", {"messages": [{"role": "user", "content": "x" * 1001}]}, 422),
        ("POST", "/v1/chat", {"messages": [{"role": "user", "content": "Hallo"}] * 31}, 422),
        ("POST", "/v1/chat", {"messages": [{"role": "system", "content": "Hallo"}]}, 422),
        ("POST", "/v1/chat", {"messages": "Hallo"}, 422),
        ("POST", "/v1/chat", {"messages": [{"role": "assistant", "content": "Hallo"}]}, 400),
        ("POST", "/v1/chat", {"messages": [{"role": "user", "content": "a\x00b"}]}, 400),
        ("POST", "/v1/chat", {"messages": [{"role": "user", "content": "Hallo"}], "stream": "yes"}, 422),
        ("GET", "/v1/nope", None, 404),
    ],
)
def test_app_bad_input_gets_problem_json(
    client: TestClient, method: str, url: str, payload: object, status: int
) -> None:
    response = client.request(method, url, json=payload)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["code"] and body["title"]


def test_app_not_ready_without_index(tmp_path, tiny_model_dir) -> None:
    from lsa_assistant.settings import Settings

    settings = Settings(data_dir=tmp_path / "empty", embedding_model=str(tiny_model_dir))
    with TestClient(create_app(settings)) as empty:
        assert empty.get("/healthz").status_code == 200
        ready = empty.get("/readyz")
        assert ready.status_code == 503 and ready.headers["content-type"].startswith(PROBLEM)
        assert "lsa-assistant index" in ready.json()["detail"]
        assert empty.get("/v1/search", params={"q": "x"}).status_code == 503
