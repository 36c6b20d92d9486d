"""The access log: route templates, status, time and size; no query text, no IP, no key by default."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.api.test_middleware import fake_client

QUESTION = "Zitronenfalterwiese Mustermannstraße"
KEY = "portal-key-sehr-geheim"


def _requests(client) -> None:
    assert client.get("/v1/search", params={"q": QUESTION}).status_code == 200
    chat = {"messages": [{"role": "user", "content": QUESTION}]}
    assert client.post("/v1/chat", json=chat, headers={"X-API-Key": KEY}).status_code == 200
    client.get("/v1/services/99115005104000")
    assert client.get("/nix/Erika-Mustermann").status_code == 404


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "lsa.access"]


def test_access_log_is_private_by_default(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with fake_client(tmp_path, api_keys=[KEY]) as client:
        with caplog.at_level(logging.INFO, logger="lsa.access"):
            _requests(client)
    lines = _lines(caplog)
    assert len(lines) == 4, lines
    assert lines[0].startswith("GET /v1/search 200 ") and lines[0].endswith("B")
    assert lines[1].startswith("POST /v1/chat 200 ")
    assert lines[2].startswith("GET /v1/services/{")
    assert lines[3].startswith("GET <unmatched> 404 ")
    text = "\n".join(lines)
    for secret in ("Zitronenfalter", "Mustermann", "99115005104000", "testclient", KEY, "?q", "client="):
        assert secret not in text
    record = next(r for r in caplog.records if r.name == "lsa.access")
    assert set(record.access) == {"method", "route", "status", "duration_ms", "bytes"}
    assert record.access["bytes"] > 0


def test_access_log_with_log_queries(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with fake_client(tmp_path, api_keys=[KEY], log_queries=True) as client:
        with caplog.at_level(logging.INFO, logger="lsa.access"):
            _requests(client)
    lines = _lines(caplog)
    assert "Zitronenfalterwiese" in lines[0] and "client=testclient" in lines[0]
    assert "path=/v1/services/99115005104000" in lines[2]
    assert KEY not in "\n".join(lines)  # keys never, not even in debug mode


def test_access_log_names_refusals_by_route(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with fake_client(tmp_path, rate_limit_per_minute=1) as client:
        with caplog.at_level(logging.INFO, logger="lsa.access"):
            client.get("/v1/services/99115005104000", headers={"X-API-Key": "unknown"})
            client.get("/v1/search", params={"q": QUESTION})
            client.post("/v1/chat", content=b"x" * 70_000, headers={"Content-Type": "application/json"})
    lines = _lines(caplog)
    assert lines[0].startswith("GET /v1/services/{") and " 401 " in lines[0]
    assert lines[1].startswith("GET /v1/search 429 ")
    assert lines[2].startswith("POST /v1/chat 429 ")


def test_serve_turns_off_uvicorn_access_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse
    import types

    import uvicorn

    import api.app
    import cli.main as cli
    import indexing.store

    calls: list[dict] = []
    backend = types.SimpleNamespace(active_info=lambda: object(), close=lambda: None)
    monkeypatch.setenv("LSA_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(indexing.store, "open_backend", lambda settings: backend)
    monkeypatch.setattr(api.app, "create_app", lambda settings: "app")
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    assert cli.cmd_serve(argparse.Namespace(host="127.0.0.1", port=8123)) == 0
    (kwargs,) = calls
    assert kwargs["access_log"] is False and kwargs["proxy_headers"] is False
    assert kwargs["log_config"]["loggers"]["lsa.access"]["handlers"]
