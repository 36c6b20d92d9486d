"""Every error answer of the API is an RFC 9457 problem (``application/problem+json``); shared by tests/api."""

from __future__ import annotations

from typing import Any

import httpx

PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    """``response`` is a problem with one of ``statuses``; returns its body for the checks of the caller."""
    assert response.status_code in statuses, response.text
    assert response.headers["content-type"] == PROBLEM
    return response.json()
