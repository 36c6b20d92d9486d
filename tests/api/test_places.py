"""``/v1/places`` and ``/v1/responsibility``: routing for portals, with clear 4xx for every bad input."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.problems import assert_problem

MELDEN = "99115005104000"  # Wohnsitz anmelden
ZULASSEN = "99036020001000"  # Fahrzeug zulassen


def _problem(response: httpx.Response, status: int, code: str) -> dict:
    """A problem with ``status`` and the API's error ``code``, explained in its detail."""
    body = assert_problem(response, status)
    assert body["code"] == code and body["status"] == status and body["detail"]
    return body


def test_places_autocomplete_by_name_and_plz(client: TestClient) -> None:
    items = client.get("/v1/places", params={"q": "Quedl"}).json()["items"]
    assert items[0]["short"] == "Quedlinburg" and items[0]["ars"] == "150850235235"
    assert {"ars", "kind", "name", "short", "title", "kreis_ars", "plz", "document_id"} <= set(items[0])
    assert client.get("/v1/places", params={"q": "391"}).json()["items"][0]["short"] == "Magdeburg"
    harz = client.get("/v1/places", params={"q": "harz", "limit": 3}).json()
    assert harz["items"][0]["title"] == "Landkreis Harz" and harz["total"] == 3
    kreise = client.get("/v1/places", params={"kind": "kreis", "limit": 50}).json()["items"]
    assert len(kreise) == 14 and {k["kind"] for k in kreise} == {"kreis"}
    verbaende = client.get("/v1/places", params={"q": "Seehausen", "kind": "verbandsgemeinde"}).json()[
        "items"
    ]
    assert [v["ars"] for v in verbaende] == ["150905053"]


def test_places_detail_of_gemeinde_and_kreis(client: TestClient) -> None:
    quedlinburg = client.get("/v1/places/150850235235").json()
    assert quedlinburg["lead"] == "Quedlinburg, Welterbestadt – Gemeinde im Landkreis Harz"
    assert quedlinburg["kreis"]["ars"] == "15085" and quedlinburg["members"] == []
    assert quedlinburg["source"] == "Gemeindeverzeichnis (Destatis, Stand 30.11.2025)"
    harz = client.get("/v1/places/15085").json()
    kinds = [m["kind"] for m in harz["members"]]
    assert kinds[0] == "verbandsgemeinde" and kinds.count("gemeinde") == 20 and harz["kreis"] is None
    verband = client.get("/v1/places/150815051").json()
    assert len(verband["members"]) == 8 and verband["kreis"]["title"] == "Altmarkkreis Salzwedel"


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/v1/places/99999", 404, "E404"),
        ("/v1/places/abc", 422, "E422"),
        ("/v1/places/1508502352351", 422, "E422"),
        ("/v1/places?q=", 422, "E422"),
        ("/v1/places", 400, "E400"),
        ("/v1/places?kind=dorf", 422, "E422"),
        ("/v1/places?q=Halle&limit=0", 422, "E422"),
    ],
)
def test_places_bad_input_is_a_clear_4xx(client: TestClient, path: str, status: int, code: str) -> None:
    _problem(client.get(path), status, code)


def _assert_citations(kb, body: dict) -> None:
    ids = {c["id"] for c in body["citations"]}
    for c in body["citations"]:
        assert c["quote"] in kb.chunks[c["document_id"]].content
    for a in body["authorities"]:
        assert a["citations"] and set(a["citations"]) <= ids


@pytest.mark.parametrize(
    ("params", "name", "level", "body_ars"),
    [
        ({"service": MELDEN, "ars": "150815051095"}, "Meldebehörde der Verbandsgemeinde Beetzendorf-Diesdorf",
         "verbandsgemeinde", "150815051"),
        ({"service": "wohnsitz-anmelden", "place": "Tangerhütte"}, "Meldebehörde der Stadt Tangerhütte", "gemeinde",
         "150900546546"),
        ({"service": ZULASSEN, "place": "Wernigerode"}, "Zulassungsbehörde des Landkreises Harz", "kreis", "15085"),
        ({"service": ZULASSEN, "ags": "15003000"}, "Zulassungsbehörde der Landeshauptstadt Magdeburg", "kreis",
         "15003"),
        ({"service": ZULASSEN, "plz": "39288"}, "Zulassungsbehörde des Landkreises Jerichower Land", "kreis", "15086"),
        ({"service": "personalausweis-beantragen", "place": "Halle"},
         "Pass- und Personalausweisbehörde der Stadt Halle (Saale)", "gemeinde", "150020000000"),
        ({"service": "baugenehmigung-beantragen", "place": "Zeitz"}, "Untere Bauaufsichtsbehörde der Stadt Zeitz",
         "gemeinde", "150840590590"),
    ],
)  # fmt: skip
def test_responsibility_concrete_authority_with_citations(
    client: TestClient, kb, params: dict, name: str, level: str, body_ars: str
) -> None:
    response = client.get("/v1/responsibility", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    first = body["authorities"][0]
    assert (first["name"], first["level"], first["place"]["ars"], first["kind"]) == (
        name,
        level,
        body_ars,
        "authority",
    )
    assert first["kreis"]["ars"] == body["place"]["kreis_ars"]
    assert body["zustaendigkeitsfinder"].startswith("https://www.buerger.sachsen-anhalt.de")
    sources = {c["source"] for c in body["citations"]}
    assert {"organizations", "places"} <= sources
    _assert_citations(kb, body)


def test_responsibility_ministry_and_uncertain_rule(client: TestClient, kb) -> None:
    body = client.get("/v1/responsibility", params={"service": MELDEN, "place": "Dähre"}).json()
    assert body["ministry"]["id"] == "MI" and body["ministry"]["citations"]
    wohngeld = client.get(
        "/v1/responsibility", params={"service": "wohngeld-beantragen", "place": "Quedlinburg"}
    )
    first = wohngeld.json()["authorities"][0]
    assert first["name"] == "Wohngeldbehörde des Landkreises Harz" and first["certainty"] == "uncertain"
    assert "20.000" in first["note"]
    _assert_citations(kb, wohngeld.json())


def test_responsibility_federal_body_is_not_localised(client: TestClient) -> None:
    body = client.get(
        "/v1/responsibility", params={"service": "kindergeld-beantragen", "place": "Burg"}
    ).json()
    first = body["authorities"][0]
    assert first["kind"] == "authority_type" and first["level"] == "bund" and first["place"] is None
    assert body["ministry"] is None


def test_responsibility_catalogue_entry_points_to_the_zustaendigkeitsfinder(client: TestClient, kb) -> None:
    key = kb.catalogue[0].key
    body = client.get("/v1/responsibility", params={"service": key, "place": "Magdeburg"}).json()
    assert body["authorities"] == [] and "Zuständigkeitsfinder" in body["note"]


def test_responsibility_shared_plz_asks_back_with_candidates(client: TestClient) -> None:
    body = _problem(client.get("/v1/responsibility", params={"service": MELDEN, "plz": "06386"}), 422, "E440")
    names = [c["short"] for c in body["candidates"]]
    assert names == ["Aken (Elbe)", "Osternienburger Land", "Südliches Anhalt"]  # three Meldebehörden
    assert set(body["candidates"][0]) == {"ars", "kind", "name", "short", "kreis_name", "plz"}
    across = _problem(
        client.get("/v1/responsibility", params={"service": ZULASSEN, "plz": "06632"}), 422, "E440"
    )
    assert {c["kreis_name"] for c in across["candidates"]} == {"Burgenlandkreis", "Saalekreis"}


def test_responsibility_shared_plz_with_one_answer_is_answered(client: TestClient, kb) -> None:
    """06484: Ditfurt and Quedlinburg, both in the Landkreis Harz: the Zulassungsbehörde is the same."""
    body = client.get("/v1/responsibility", params={"service": ZULASSEN, "plz": "06484"}).json()
    assert body["place"]["ars"] == "15085" and "Ditfurt, Quedlinburg" in body["note"]
    assert body["authorities"][0]["name"] == "Zulassungsbehörde des Landkreises Harz"
    documents = {c["document_id"] for c in body["citations"]}
    assert {"place/gemeinde/150855051090", "place/gemeinde/150850235235"} <= documents
    _assert_citations(kb, body)
    # the same PLZ for the Meldebehörde: Verbandsgemeinde Vorharz or Quedlinburg -> ask back
    _problem(client.get("/v1/responsibility", params={"service": MELDEN, "plz": "06484"}), 422, "E440")


def test_responsibility_landkreis_for_a_gemeinde_task_asks_for_the_gemeinde(client: TestClient) -> None:
    body = _problem(client.get("/v1/responsibility", params={"service": MELDEN, "ars": "15085"}), 422, "E440")
    assert len(body["candidates"]) == 20


@pytest.mark.parametrize(
    ("params", "outside"),
    [
        ({"place": "Leipzig"}, "Leipzig"),
        ({"plz": "04109"}, "04109"),
        ({"ars": "091620000000"}, "091620000000"),
        ({"ags": "09162000"}, "09162000"),
    ],
)
def test_responsibility_place_outside_sachsen_anhalt_is_named(
    client: TestClient, params: dict, outside: str
) -> None:
    body = _problem(client.get("/v1/responsibility", params={"service": MELDEN, **params}), 404, "E441")
    assert body["outside"] == outside and "Sachsen-Anhalt" in body["detail"]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"service": MELDEN}, 400, "E400"),  # no place
        ({"service": MELDEN, "ars": "150850235235", "plz": "06484"}, 400, "E400"),  # two places
        ({"service": MELDEN, "ars": "1508"}, 422, "E422"),
        ({"service": MELDEN, "plz": "0648"}, 422, "E422"),
        ({"service": MELDEN, "place": "x" * 101}, 422, "E422"),
        ({"service": "../etc", "place": "Halle"}, 422, "E422"),
        ({"ars": "150850235235"}, 422, "E422"),  # no service
        ({"service": "99999999999999", "place": "Halle"}, 404, "E404"),
        ({"service": MELDEN, "place": "Gibtsnichtheim"}, 404, "E404"),
        ({"service": MELDEN, "ars": "150859999999"}, 404, "E404"),
        ({"service": MELDEN, "plz": "06999"}, 404, "E404"),
    ],
)
def test_responsibility_bad_input_is_a_clear_4xx(
    client: TestClient, params: dict, status: int, code: str
) -> None:
    _problem(client.get("/v1/responsibility", params=params), status, code)
