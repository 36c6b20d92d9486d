"""``/v1/life-events``: the Lebenslagen of the OZG catalogue, curated services first with their authority."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_life_events_list(client: TestClient) -> None:
    body = client.get("/v1/life-events").json()
    assert body["total"] == len(body["items"]) == 55
    geburt = next(i for i in body["items"] if i["name"] == "Geburt")
    assert geburt["themenfeld"] == "Familie & Kind" and geburt["described_services"] >= 3
    assert "OZG-Umsetzungskatalog" in body["source"]
    filtered = client.get("/v1/life-events", params={"q": "familie"}).json()
    assert filtered["total"] >= 3 and all("Familie" in i["themenfeld"] for i in filtered["items"])


def test_life_event_detail_lists_curated_services_first(client: TestClient) -> None:
    items = client.get("/v1/life-events").json()["items"]
    geburt = next(i for i in items if i["name"] == "Geburt")
    body = client.get(f"/v1/life-events/{geburt['id']}").json()
    assert body["document_id"] == f"ozg/lebenslage/{geburt['id']}" and body["everyday"]
    names = [s["name"] for s in body["services"]]
    assert "Kindergeld beantragen" in names and all(s["source"] == "curated" for s in body["services"])
    kindergeld = next(s for s in body["services"] if s["name"] == "Kindergeld beantragen")
    assert kindergeld["responsible"] and kindergeld["placement"] in ("key", "replaced", "leistungsobjekt")
    catalogue = [s for x in body["leistungen"] for s in x["services"] if s["source"] == "catalogue"]
    assert catalogue and all(len(s["leika_key"]) == 14 for s in catalogue)


@pytest.mark.parametrize(("path", "status"), [("/v1/life-events/999", 404), ("/v1/life-events/abc", 422)])
def test_life_event_unknown_is_a_clear_4xx(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
