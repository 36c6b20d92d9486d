"""Trustworthy service data in the API (issue 13): certainty and sources as fields, ranking by relevance."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.catalog_rank import profile, query_terms, score
from corpora.certainty import CERTAINTIES


def _items(client: TestClient, **params: object) -> list[dict]:
    response = client.get("/v1/services", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _names(client: TestClient, **params: object) -> list[str]:
    return [i["name"] for i in _items(client, **params)]


def test_services_trust_wohngeld_finds_the_curated_record_first(client: TestClient) -> None:
    names = _names(client, q="Wohngeld")
    assert names[0] == "Wohngeld beantragen"
    assert names.index("Wohngeld") < names.index("Pflegewohngeld")  # whole word before a compound part


def test_services_trust_zulassung_starts_with_vehicle_registration(client: TestClient) -> None:
    items = _items(client, q="Zulassung")
    assert items[0]["name"].startswith("Fahrzeug zulassen") and items[0]["source"] == "curated"
    first_catalogue = next(i for i, item in enumerate(items) if item["source"] == "catalogue")
    assert all(item["source"] == "curated" for item in items[:first_catalogue])
    assert items[0]["name"] != "Abfallbehandlungsanlage Zulassung"


def test_services_trust_sort_name_keeps_alphabetical(client: TestClient) -> None:
    by_name = _names(client, q="Wohngeld", sort="name")
    assert by_name[0] == "Pflegewohngeld" and sorted(by_name) == sorted(_names(client, q="Wohngeld"))
    assert client.get("/v1/services?sort=alphabet").status_code == 422


def test_services_trust_csv_follows_ranking(client: TestClient) -> None:
    text = client.get("/v1/services.csv", params={"q": "Wohngeld"}).content.decode("utf-8-sig")
    assert text.split("\r\n")[1].split(";")[2] == "Wohngeld beantragen"


@pytest.mark.parametrize(
    ("q", "lemma_hit"),
    [
        ("Führerscheine", "Führerschein"),
        ("Anmeldungen", "Anmeldung"),
        ("99115005104000", "Wohnsitz anmelden"),
    ],
)
def test_services_trust_lemma_and_key_matches(client: TestClient, q: str, lemma_hit: str) -> None:
    assert any(lemma_hit.casefold() in name.casefold() for name in _names(client, q=q)[:5])


def test_services_trust_score_prefers_exact_then_words_then_parts(kb) -> None:
    terms = query_terms("Wohngeld")
    service = kb.service("wohngeld-beantragen")
    exact = next(e for e in kb.catalogue if e.name == "Wohngeld")
    part = next(e for e in kb.catalogue if e.name == "Pflegewohngeld")
    assert score(profile(exact), terms) > score(profile(service), terms) > score(profile(part), terms) > 0
    assert score(profile(service), []) == 0


def test_services_trust_summary_carries_certainty_and_sources(client: TestClient) -> None:
    [item] = [
        i for i in _items(client, q="Fahrerlaubnis erstmals") if i["id"] == "fahrerlaubnis-ersterteilung"
    ]
    assert item["ministry"] == "MID" and item["ministry_certainty"] == "derived"
    assert item["ministry_source_url"].startswith("http") and item["leika_confidence"] == "mittel"
    authority, ministry = item["responsible"]
    assert (authority["kind"], authority["certainty"]) == ("authority_type", "sourced")
    assert (ministry["id"], ministry["kind"], ministry["certainty"]) == ("MID", "ministry", "derived")
    assert authority["source_url"].startswith("https://www.saalekreis.de/") and ministry["citations"] == []


@pytest.mark.parametrize("key", ["99041008017000", "kraftfahrzeugsteuer", "99049001001000", "99107018017001"])
def test_services_trust_federal_and_insurer_services_have_no_land_ministry(
    client: TestClient, key: str
) -> None:
    detail = client.get(f"/v1/services/{key}").json()
    assert detail["ministry"] is None and detail["ministry_certainty"] is None
    assert all(r["kind"] == "authority_type" for r in detail["responsible"])
    assert all(r["ministry"] is None for r in detail["responsibilities"])


def test_services_trust_ministry_filter_no_longer_lists_denied_ministries(client: TestClient) -> None:
    ms = {i["id"] for i in _items(client, ministry="MS")}
    assert {"kindergeld-beantragen", "kinderzuschlag-beantragen", "mutterschaftsgeld-beantragen"}.isdisjoint(
        ms
    )
    assert "fuehrungszeugnis-beantragen" not in {i["id"] for i in _items(client, ministry="MJ")}


def test_services_trust_primary_link_official_and_provenance_marked(client: TestClient) -> None:
    detail = client.get("/v1/services/99107023037000").json()  # Wohngeld: facts from a newspaper, too
    assert detail["url"].startswith("https://www.gesetze-im-internet.de/")
    welt = [s for s in detail["sources"] if "welt.de" in s["url"]]
    assert welt and welt[0]["official"] is False and welt[0]["operator"] is None
    assert all(s["url"] != detail["url"] for s in detail["sources"])


def test_services_trust_fees_are_dated(client: TestClient) -> None:
    detail = client.get("/v1/services/99008001012000").json()  # Personalausweis
    fees = [f for f in detail["facts"] if f["kind"] == "Gebühr"]
    assert [f["text"][:7] for f in fees] == ["46,00 €", "27,60 €"]
    assert all(f["stand"] == "2026-12-03" and f["certainty"] == "sourced" and f["source_url"] for f in fees)


def test_services_trust_openapi_has_the_certainty_enum(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]

    def enum(schema: dict) -> list[str]:
        options = schema.get("anyOf", [schema])
        return next(o["enum"] for o in options if "enum" in o)

    assert enum(schemas["Responsible"]["properties"]["certainty"]) == list(CERTAINTIES)
    assert enum(schemas["ServiceSummary"]["properties"]["ministry_certainty"]) == list(CERTAINTIES)
    assert enum(schemas["Responsibility"]["properties"]["authority_certainty"]) == list(CERTAINTIES)
    assert (
        "abgeleitet aus den Aufgabenbereichen"
        in schemas["Responsible"]["properties"]["certainty"]["description"]
    )


def test_services_trust_inferred_successor_key_says_so(client: TestClient) -> None:
    detail = client.get("/v1/services/99012008001000").json()  # Baugenehmigung, catalogue ~2019
    assert detail["outdated"] is True and detail["replaced_by"] == "99012070006001"
    assert detail["replacement_certainty"] == "vermutet"
