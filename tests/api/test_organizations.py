"""``/v1/organizations`` and ``/v1/organizations/{id}`` on the shipped corpus (no index needed)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.problems import assert_problem

MINISTRIES = {"StK", "MI", "MF", "MWL", "MS", "MB", "MWU", "MJ", "MID"}
SUMMARY_KEYS = {"id", "name", "abbreviation", "kind", "url", "area_count", "ozg_role_count", "service_count"}


def _list(client: TestClient, **params: object) -> dict:
    response = client.get("/v1/organizations", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_organizations_list_contract(client: TestClient, kb) -> None:
    body = _list(client)
    assert set(body) == {"items", "total"}
    assert body["total"] == len(body["items"]) == 9 + len(kb.organizations.authority_types)
    for item in body["items"]:
        assert set(item) == SUMMARY_KEYS and item["url"].startswith("http")
    assert [i["id"] for i in body["items"][:9]] == kb.organizations.ministry_ids()


def test_organizations_counts(client: TestClient, kb) -> None:
    items = {i["id"]: i for i in _list(client)["items"]}
    mid = kb.organizations.ministry("MID")
    assert items["MID"]["area_count"] == len(mid.areas) and items["MID"]["ozg_role_count"] == len(
        mid.ozg_roles
    )
    assert items["MID"]["service_count"] == sum(s.ministry == "MID" for s in kb.services) > 0
    assert items["meldebehoerde"]["service_count"] == sum(
        "meldebehoerde" in s.authority_types for s in kb.services
    )
    assert (
        items["meldebehoerde"]["kind"] == "authority_type" and items["meldebehoerde"]["abbreviation"] is None
    )


@pytest.mark.parametrize(
    ("kind", "expected_kinds"),
    [
        ("ministry", {"ministry", "staatskanzlei"}),  # the ministry select needs the Staatskanzlei too
        ("staatskanzlei", {"staatskanzlei"}),
        ("authority_type", {"authority_type"}),
    ],
)
def test_organizations_kind_filter(client: TestClient, kind: str, expected_kinds: set[str]) -> None:
    items = _list(client, kind=kind)["items"]
    assert items and {i["kind"] for i in items} == expected_kinds
    if kind == "ministry":
        assert {i["id"] for i in items} == MINISTRIES


@pytest.mark.parametrize(("q", "expected"), [("melde", "meldebehoerde"), ("MELDEBEHÖRDE", "meldebehoerde"),
                                             ("Digitales", "MID"), ("mid", "MID")])  # fmt: skip
def test_organizations_q(client: TestClient, q: str, expected: str) -> None:
    body = _list(client, q=q)
    assert expected in {i["id"] for i in body["items"]} and body["total"] < 20


@pytest.mark.parametrize("query", ["kind=behoerde", "q=" + "x" * 201])
def test_organizations_bad_parameters(client: TestClient, query: str) -> None:
    assert_problem(client.get(f"/v1/organizations?{query}"), 422)


@pytest.mark.parametrize("org_id", ["MID", "mid", "Mid"])
def test_organizations_ministry_detail(client: TestClient, kb, org_id: str) -> None:
    response = client.get(f"/v1/organizations/{org_id}")
    assert response.status_code == 200, response.text
    detail = response.json()
    assert SUMMARY_KEYS | {
        "head", "areas", "ozg_roles", "subordinate_authorities", "services", "relations", "sources",
        "level", "description", "supervision", "legal_basis",
    } <= set(detail)  # fmt: skip
    assert detail["id"] == "MID" and detail["kind"] == "ministry"
    assert {"name", "title", "stand", "source"} <= set(detail["head"])
    assert detail["areas"] and set(detail["areas"][0]) == {
        "name",
        "description",
        "source",
        "stand",
        "certain",
        "note",
    }
    assert set(detail["ozg_roles"][0]) == {
        "role", "subject", "description", "legal_basis", "source", "stand", "current", "certain", "note",
    }  # fmt: skip
    assert {"name", "abbreviation", "description", "source"} <= set(detail["subordinate_authorities"][0])
    assert {s["id"] for s in detail["services"]} == {s.id for s in kb.services if s.ministry == "MID"}
    assert all(set(s) == {"id", "leika_key", "name"} for s in detail["services"])
    assert all(r["ministry"] == "MID" and r["topic"] for r in detail["relations"])
    assert detail["sources"] and detail["level"] is None


def test_organizations_staatskanzlei(client: TestClient) -> None:
    detail = client.get("/v1/organizations/stk").json()
    assert detail["id"] == "StK" and detail["kind"] == "staatskanzlei" and detail["areas"]


def test_organizations_authority_type_detail(client: TestClient) -> None:
    detail = client.get("/v1/organizations/meldebehoerde").json()
    assert detail["kind"] == "authority_type" and detail["level"] == "gemeinde"
    assert detail["description"] and detail["legal_basis"] == "§ 1 BMG-AG LSA" and detail["sources"]
    assert detail["head"] is None and detail["areas"] == [] and detail["ozg_roles"] == []
    assert "wohnsitz-anmelden" in {s["id"] for s in detail["services"]}
    rule = detail["place_rule"]
    assert rule["level"] == "verbandsgemeinde" and rule["office"] == "Meldebehörde"
    assert rule["certainty"] == "sourced" and rule["source"].startswith("http")

    melderecht = next(r for r in detail["relations"] if r["topic"] == "Melderecht")
    assert melderecht["authority_type"] == "meldebehoerde" and melderecht["ministry"] == "MI"
    assert melderecht["authority_type_name"] == detail["name"]


@pytest.mark.parametrize("org_id", ["XYZ", "unbekannte-behoerde", "relation-1", "org%2FMID", "a..b", "-x"])
def test_organizations_unknown_is_problem(client: TestClient, org_id: str) -> None:
    assert_problem(client.get(f"/v1/organizations/{org_id}"), 404, 422)


def test_organizations_authority_type_special_cases(client: TestClient) -> None:
    rule = client.get("/v1/organizations/untere-bauaufsichtsbehoerde").json()["place_rule"]
    assert rule["level"] == "kreis" and "150840590590" in rule["exceptions"][0]["ars"]


def test_organizations_unknown_detail_names_id(client: TestClient) -> None:
    response = client.get("/v1/organizations/XYZ")
    assert (
        response.status_code == 404
        and response.json()["code"] == "E404"
        and "XYZ" in response.json()["detail"]
    )
