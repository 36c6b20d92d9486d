"""``/v1/services``, ``/v1/services.csv`` and ``/v1/services/{key}`` on the shipped corpus (no index needed)."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from api.catalog import norm_links
from api.catalog_csv import CSV_HEADER, csv_rows, render_csv, safe_cell
from indexing.nlp.normalize import fold
from tests.api.problems import PROBLEM, assert_problem

WOHNSITZ = "99115005104000"


def _items(client: TestClient, **params: object) -> dict:
    response = client.get("/v1/services", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _csv(client: TestClient, **params: object) -> list[list[str]]:
    response = client.get("/v1/services.csv", params=params)
    assert response.status_code == 200, response.text
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_services_list_contract(client: TestClient, kb) -> None:
    body = _items(client)
    assert set(body) == {"items", "total", "limit", "offset"}
    total = len(kb.services) + len(kb.catalogue)
    assert (body["total"], body["limit"], body["offset"]) == (total, 50, 0)
    assert len(body["items"]) == 50
    keys = {
        "id", "leika_key", "name", "source", "typisierung", "ministry", "ministry_name", "ministry_certainty",
        "ministry_source_url", "authorities", "responsible", "leika_confidence", "legal_basis", "url", "version",
        "typisierung_text", "outdated", "replaced_by", "replacement_certainty", "ozg_leistung", "lebenslage",
        "themenfeld",
    }  # fmt: skip
    for item in body["items"]:
        assert set(item) == keys and item["source"] in {"curated", "catalogue"}
    assert _items(client, source="curated")["total"] == len(kb.services)
    assert _items(client, source="catalogue")["total"] == len(kb.catalogue) > 4000


def test_services_sorted_by_folded_name(client: TestClient) -> None:
    names = [i["name"] for i in _items(client, limit=500)["items"]]
    assert names == sorted(names, key=lambda n: (fold(n), n))


def test_services_rows_name_their_place_in_the_ozg_catalogue(client: TestClient) -> None:
    """Catalogue rows (and curated ones) show OZG-Leistung, Lebenslage and Themenfeld instead of empty columns."""
    rows = _items(client, q="Wohngeld")["items"]
    assert all(r["lebenslage"] and r["themenfeld"] and r["ozg_leistung"] for r in rows[:3])
    assert {r["source"] for r in rows[:3]} == {"curated", "catalogue"}
    detail = client.get(f"/v1/services/{WOHNSITZ}").json()
    assert detail["lebenslage"] == "Wohnen & Umzug" and detail["themenfeld"] == "Bauen & Wohnen"


def test_services_known_row(client: TestClient) -> None:
    item = next(i for i in _items(client, q="Wohnsitz anmelden")["items"] if i["leika_key"] == WOHNSITZ)
    assert item["name"] == "Wohnsitz anmelden" and item["ministry"] == "MI"
    assert item["ministry_name"] == "Ministerium für Inneres und Sport"
    assert item["typisierung"] == ["2/3"] and item["authorities"]
    assert "BMG" in item["legal_basis"] and item["url"].startswith("http")


@pytest.mark.parametrize(
    ("q", "expected_key"),
    [
        ("wohnsitz anmelden", WOHNSITZ),
        ("WOHNSITZ", WOHNSITZ),
        (WOHNSITZ, WOHNSITZ),
        ("Ummeldung", WOHNSITZ),  # a synonym (Begriff im Kontext)
        ("meldebehörde", WOHNSITZ),  # an authority name
        ("meldebehoerde", WOHNSITZ),
        ("Führerschein", "99108049012001"),
        ("fuehrerschein", "99108049012001"),
        ("FÜHRERSCHEIN", "99108049012001"),
    ],
)
def test_services_q_folds_case_and_umlauts(client: TestClient, q: str, expected_key: str) -> None:
    body = _items(client, q=q, limit=500)
    assert expected_key in {i["leika_key"] for i in body["items"]}
    assert body["total"] == len(body["items"]) < 74


def test_services_q_spellings_give_same_result(client: TestClient) -> None:
    spellings = [
        _items(client, q=q, limit=500)["items"] for q in ("Führerschein", "fuehrerschein", "FÜHRERSCHEIN")
    ]
    assert spellings[0] and spellings[0] == spellings[1] == spellings[2]


def test_services_q_without_match(client: TestClient) -> None:
    assert _items(client, q="Raumschiffzulassung") == {"items": [], "total": 0, "limit": 50, "offset": 0}


@pytest.mark.parametrize("ministry", ["MI", "mi", "MID"])
def test_services_ministry_filter(client: TestClient, kb, ministry: str) -> None:
    body = _items(client, ministry=ministry, limit=500)
    expected = {s.id for s in kb.services if s.ministry == ministry.upper()}
    assert expected and {i["id"] for i in body["items"]} == expected and body["total"] == len(expected)


@pytest.mark.parametrize(("value", "entries"), [("2/3", {"2/3"}), ("4", {"4"}), ("1", {"1", "1;2"})])
def test_services_typisierung_filter(client: TestClient, kb, value: str, entries: set[str]) -> None:
    body = _items(client, typisierung=value, source="curated", limit=500)
    expected = {s.id for s in kb.services if entries & set(s.typisierung)}
    assert expected and {i["id"] for i in body["items"]} == expected


def test_services_filters_combine(client: TestClient) -> None:
    body = _items(client, q="wohnsitz", ministry="MI", source="curated", typisierung="2/3")
    assert body["total"] >= 2
    assert all(i["ministry"] == "MI" and "2/3" in i["typisierung"] for i in body["items"])


def test_services_paging(client: TestClient, kb) -> None:
    total = len(kb.services) + len(kb.catalogue)
    first, second = _items(client, limit=10), _items(client, limit=10, offset=10)
    assert first["total"] == second["total"] == total
    assert (second["limit"], second["offset"]) == (10, 10) and len(second["items"]) == 10
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    everything = _items(client, limit=500)["items"]
    assert first["items"] + second["items"] == everything[:20]
    beyond = _items(client, offset=100_000)
    assert beyond["items"] == [] and beyond["total"] == total


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("limit=0", 422),
        ("limit=501", 422),
        ("offset=-1", 422),
        ("offset=100001", 422),
        ("limit=abc", 422),
        ("source=katalog", 422),
        ("ministry=M1", 422),
        ("ministry=XYZ", 404),
        ("typisierung=x", 422),
        ("q=" + "a" * 201, 422),
    ],
)
def test_services_bad_parameters(client: TestClient, query: str, status: int) -> None:
    paging = query.startswith(("limit", "offset"))  # the CSV export is not paged
    for path in ("/v1/services",) if paging else ("/v1/services", "/v1/services.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == status, (path, response.text)
        assert response.headers["content-type"] == PROBLEM


def test_services_unknown_ministry_detail(client: TestClient) -> None:
    assert "XYZ" in client.get("/v1/services?ministry=XYZ").json()["detail"]


def test_services_csv_format(client: TestClient) -> None:
    response = client.get("/v1/services.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="leistungen.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    first_line = response.content.decode("utf-8-sig").split("\r\n")[0]
    assert first_line == ";".join(CSV_HEADER)
    assert CSV_HEADER[0] == "LeiKa-Schlüssel" and CSV_HEADER[-1] == "Themenfeld"


def test_services_csv_rows_follow_filters(client: TestClient) -> None:
    everything = _csv(client)
    assert everything[0] == CSV_HEADER and len(everything) - 1 == _items(client)["total"]
    rows = _csv(client, ministry="MI", q="wohnsitz")
    expected = _items(client, ministry="MI", q="wohnsitz", limit=500)["items"]
    assert [r[2] for r in rows[1:]] == [i["name"] for i in expected]
    row = dict(zip(CSV_HEADER, next(r for r in rows if r[0] == WOHNSITZ), strict=True))
    assert row["Zuständiges Ministerium"] == "Ministerium für Inneres und Sport (MI)"
    assert (row["Sicherheit Ministerium"], row["Sicherheit ausführende Stelle"]) == ("belegt", "belegt")
    assert row["LeiKa-Konfidenz"] == "hoch" and row["Quelle Ministerium"].startswith("https://mi.")
    assert "§ 17 Abs. 1" in row["Rechtsgrundlage"]
    assert "\n" not in row["Rechtsgrundlage"] and not row["Rechtsgrundlage"].startswith("'")  # one line


def test_services_csv_quoting_and_formula_guard(kb) -> None:
    base = kb.service(WOHNSITZ)
    tricky = [
        base.model_copy(update={"name": '=HYPERLINK("http://evil.invalid";"x")'}),
        base.model_copy(update={"name": 'Name; mit "Anführungszeichen"\nund Zeilenumbruch'}),
        base.model_copy(update={"name": "@SUM(A1)", "leika_key": None}),
    ]
    parsed = list(
        csv.reader(io.StringIO(render_csv(csv_rows(kb, tricky)).decode("utf-8-sig")), delimiter=";")
    )
    assert parsed[1][2] == '\'=HYPERLINK("http://evil.invalid";"x")'
    assert parsed[2][2] == 'Name; mit "Anführungszeichen"\nund Zeilenumbruch'
    assert parsed[3][2] == "'@SUM(A1)" and parsed[3][0] == ""
    assert all(len(row) == len(CSV_HEADER) for row in parsed)


@pytest.mark.parametrize(
    ("value", "expected"), [("=1+1", "'=1+1"), ("+49", "'+49"), ("-3", "'-3"), ("a=b", "a=b")]
)
def test_services_safe_cell(value: str, expected: str) -> None:
    assert safe_cell(value) == expected


@pytest.mark.parametrize("key", [WOHNSITZ, "wohnsitz-anmelden"])
def test_services_detail(client: TestClient, key: str) -> None:
    response = client.get(f"/v1/services/{key}")
    assert response.status_code == 200, response.text
    detail = response.json()
    assert {
        "kurztext", "volltext", "unterlagen", "voraussetzungen", "verfahrensablauf", "hinweise",
        "zustaendige_stelle", "kosten", "fristen", "bearbeitungsdauer", "begriffe", "source_urls",
        "responsibilities", "citation_label", "norms", "leika_key", "authorities", "ministry_name",
    } <= set(detail)  # fmt: skip
    assert detail["leika_key"] == WOHNSITZ and detail["id"] == "wohnsitz-anmelden"
    assert detail["citation_label"] == "Leistung 99115005104000 – Wohnsitz anmelden"
    assert "Ummeldung" in detail["begriffe"] and detail["kurztext"]
    assert all(isinstance(line, str) and line for line in detail["fristen"] + detail["kosten"])
    assert detail["norms"] == []  # its legal basis cites the BMG only
    melde = [r for r in detail["responsibilities"] if r["authority_type"] == "meldebehoerde"]
    assert melde and melde[0]["ministry"] == "MI" and melde[0]["certain"] is True
    assert set(melde[0]) == {
        "relation_id", "authority_type", "authority_type_name", "authority_certainty", "ministry", "basis",
        "ministry_certainty", "certain", "note", "legal_basis", "source", "ministry_source",
    }  # fmt: skip
    assert melde[0]["authority_type_name"].startswith("Meldebehörde")
    assert (melde[0]["authority_certainty"], melde[0]["ministry_certainty"]) == ("sourced", "sourced")
    fee = next(f for f in detail["facts"] if f["kind"] == "Gebühr")
    assert fee["stand"] and fee["certainty"] == "uncertain" and fee["note"]  # Gebührenfreiheit not sourced


def test_services_norm_links() -> None:
    links = norm_links("- § 9 Abs. 1 EGovG LSA\n- §§ 16 und 17 EGovG LSA, § 9 EGovG LSA\n- § 17 BMG")
    assert [(n.paragraph, n.label, n.href) for n in links] == [
        ("9", "§ 9 EGovG LSA", "/v1/norms/egovg-lsa/9"),
        ("16", "§ 16 EGovG LSA", "/v1/norms/egovg-lsa/16"),
        ("17", "§ 17 EGovG LSA", "/v1/norms/egovg-lsa/17"),
    ]
    assert norm_links(None) == []


def test_services_unknown_key_is_problem(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/services/99999999999999"), 404)
    assert body["code"] == "E404" and "99999999999999" in body["detail"]


@pytest.mark.parametrize("key", ["a..b", "..", "%2E%2E%2Fetc", "x" * 100, "bad%20key!", "-x", "%00"])
def test_services_malformed_key_never_500(client: TestClient, key: str) -> None:
    assert_problem(client.get(f"/v1/services/{key}"), 404, 422)


def test_services_openapi_lists_catalogue_paths(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/v1/services",
        "/v1/services.csv",
        "/v1/services/{key}",
        "/v1/organizations",
        "/v1/organizations/{org_id}",
        "/v1/norms/{law}",
        "/v1/norms/{law}/{paragraph}",
        "/v1/feedback",
        "/v1/feedback/summary",
    ):
        assert path in paths, path
    assert paths["/v1/services"]["get"]["tags"] == ["services"]
    assert "text/csv" in paths["/v1/services.csv"]["get"]["responses"]["200"]["content"]


def test_services_catalogue_entries(client: TestClient, kb) -> None:
    """Catalogue-only services: the catalogue's facts, no authority or ministry, an honest notice."""
    body = _items(client, q="Hundesteuer", source="catalogue", limit=500)
    assert body["total"] >= 1
    for item in body["items"]:
        assert item["source"] == "catalogue" and item["ministry"] is None and item["authorities"] == []
        assert item["leika_key"] == item["id"] and item["typisierung_text"]
    detail = client.get(f"/v1/services/{body['items'][0]['leika_key']}").json()
    assert detail["source"] == "catalogue" and detail["responsibilities"] == []
    assert "Zuständigkeitsfinder" in detail["hinweise"] and detail["citation_label"].startswith("LeiKa ")
    assert _items(client, q="Hundesteuer", ministry="MF")["items"] == []  # the catalogue names no ministry


def test_services_catalogue_typisierung_and_csv(client: TestClient, kb) -> None:
    expected = sum(1 for e in kb.catalogue if "5" in e.typisierung)
    assert _items(client, source="catalogue", typisierung="5")["total"] == expected > 0
    rows = _csv(client, source="catalogue", typisierung="5")
    assert len(rows) == expected + 1 and all(row[3] == "Leistungskatalog (Stand 2019)" for row in rows[1:])
    assert all(row[5:10] == [""] * 5 for row in rows[1:])  # no authority, no ministry, no certainty invented


def test_services_outdated_catalogue_key(client: TestClient, kb) -> None:
    entry = next(e for e in kb.catalogue if e.outdated)
    detail = client.get(f"/v1/services/{entry.key}").json()
    assert detail["outdated"] is True and "veraltet" in detail["hinweise"]
    assert detail["replaced_by"] == entry.replaced_by
