"""``POST /v1/admin/reload`` needs a known API key, always; with one it swaps to the active build."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app

pytestmark = pytest.mark.slow


def test_admin_reload_refused_without_configured_keys(tiny_index) -> None:
    with TestClient(create_app(tiny_index("admin-nokeys", rate_limit_per_minute=100_000))) as client:
        for headers in ({}, {"X-API-Key": "anything"}):
            response = client.post("/v1/admin/reload", headers=headers)
            assert response.status_code == 401 and response.json()["code"] == "E401"
            assert response.headers["www-authenticate"] == "ApiKey"


def test_admin_reload_with_key_keeps_the_build_it_serves(tiny_index) -> None:
    """The swap to a new build is tested under load in test_reindex_under_load.py."""
    settings = tiny_index("admin", rate_limit_per_minute=100_000, api_keys=["admin-key"])
    with TestClient(create_app(settings)) as client:
        assert client.post("/v1/admin/reload").status_code == 401
        assert client.post("/v1/admin/reload", headers={"X-API-Key": "wrong"}).status_code == 401
        before = client.app.state.service.assistant  # type: ignore[attr-defined]
        response = client.post("/v1/admin/reload", headers={"X-API-Key": "admin-key"})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["build_id"] == body["previous_build_id"]  # no new build: nothing to swap
        assert client.app.state.service.assistant is before  # type: ignore[attr-defined]
        search = client.get("/v1/search", params={"q": "Wohnsitz"})
        assert search.status_code == 200 and search.headers["x-index-build"] == body["build_id"]
