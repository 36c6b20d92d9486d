"""Fixtures for the catalogue endpoints, which need the corpora but no index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from lsa_assistant.settings import Settings


@pytest.fixture(scope="session")
def catalog_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app without an index: the lifespan logs "index not ready" and the catalogue still works. One per
    session: the catalogue routes only read, so every module of tests/api shares its start-up."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("catalog") / "var",
        embedding_model="/nonexistent-model",
        rate_limit_per_minute=100_000,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def client(catalog_client: TestClient) -> TestClient:
    return catalog_client


@pytest.fixture(scope="session")
def kb(catalog_client: TestClient) -> object:
    return catalog_client.app.state.service.knowledge  # type: ignore[attr-defined]
