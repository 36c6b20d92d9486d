"""The OpenAPI document as client generators read it: readable operation ids, problems they can parse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient

from api.openapi import OPERATION_IDS


def _arrays(node: Any, where: str = "") -> Iterator[tuple[str, dict]]:
    if isinstance(node, dict):
        if node.get("type") == "array":
            yield where, node
        for key, value in node.items():
            yield from _arrays(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _arrays(value, f"{where}/{i}")


def test_openapi_every_operation_has_a_readable_id(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    found = {(m, p): op["operationId"] for p, item in spec["paths"].items() for m, op in item.items()}
    assert found == OPERATION_IDS
    assert {
        "search",
        "chat",
        "listServices",
        "getService",
        "resolveResponsibility",
        "listPlaces",
        "getPlace",
    } <= set(found.values())
    assert len(set(found.values())) == len(found)


def test_openapi_every_array_names_its_items(client: TestClient) -> None:
    """openapi-python-client drops a schema with a bare ``{"type": "array"}`` – it dropped Problem, and with it
    every problem response of every operation."""
    spec = client.get("/openapi.json").json()
    bare = [where for where, node in _arrays(spec) if "items" not in node and "prefixItems" not in node]
    assert bare == []


def test_openapi_problems_list_candidates_and_outside(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert problem["candidates"]["items"] == {"$ref": "#/components/schemas/PlaceCandidate"}
    assert problem["outside"]["type"] == "string"
    routing = spec["paths"]["/v1/responsibility"]["get"]["responses"]
    for status in ("400", "404", "422", "429"):
        assert routing[status]["content"] == {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
    assert "E440" in routing["422"]["description"] and "E441" in routing["404"]["description"]
    params = {p["name"] for p in spec["paths"]["/v1/responsibility"]["get"]["parameters"]}
    assert params == {"service", "ars", "ags", "plz", "place"}
