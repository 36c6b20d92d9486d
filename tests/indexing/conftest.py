"""Fixtures of the indexing tests (the tiny model and settings live in tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.indexing.component_stores import STORE_KINDS, make_store


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest) -> Any:
    """An empty store of each back-end the index runs on; a module with a store of its own (the Edge store's
    tests) overrides this fixture."""
    return make_store(request.param)
