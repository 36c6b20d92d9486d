"""``/v1/norms/{law}`` and ``/v1/norms/{law}/{paragraph}``: the EGovG LSA as recovered, gaps said honestly."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.problems import assert_problem


def test_norms_overview(client: TestClient, kb) -> None:
    response = client.get("/v1/norms/egovg-lsa")
    assert response.status_code == 200, response.text
    body = response.json()
    assert {"law", "title", "abbreviation", "version", "url", "paragraphs", "known_gaps"} <= set(body)
    assert body["law"] == "egovg-lsa" and body["abbreviation"] == "EGovG LSA"
    assert body["version"] == kb.law.fassung and body["url"].startswith("http")
    assert [p["paragraph"] for p in body["paragraphs"]] == [str(p.number) for p in kb.law.paragraphs]
    nine = next(p for p in body["paragraphs"] if p["paragraph"] == "9")
    assert nine == {
        "paragraph": "9",
        "title": kb.law.paragraph(9).title,
        "label": "§ 9 EGovG LSA",
        "href": "/v1/norms/egovg-lsa/9",
        "complete": False,  # Abs. 2 ff. are missing
    }
    gap5 = [g for g in body["known_gaps"] if g["paragraph"] == "5"]
    assert gap5 == [
        {"paragraph": "5", "absaetze": "all", "kind": "missing", "note": "Text und Überschrift fehlen."}
    ]
    assert {"paragraph": "1", "absaetze": ["3"]}.items() <= next(
        g for g in body["known_gaps"] if g["paragraph"] == "1" and g["kind"] == "partial"
    ).items()


@pytest.mark.parametrize("paragraph", ["9", "%C2%A79", "§9", "§ 9", " 9"])
def test_norms_paragraph_spellings(client: TestClient, paragraph: str) -> None:
    response = client.get(f"/v1/norms/egovg-lsa/{paragraph}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"law", "paragraph", "title", "label", "url", "absaetze", "gaps"}
    assert (body["law"], body["paragraph"], body["label"]) == ("egovg-lsa", "9", "§ 9 EGovG LSA")
    first = body["absaetze"][0]
    assert set(first) == {"number", "label", "text", "items", "complete", "gap_note", "document_id"}
    assert (first["number"], first["label"], first["document_id"]) == (
        "1",
        "§ 9 Abs. 1 EGovG LSA",
        "egovg-lsa/§9/abs1",
    )
    assert any(g["absaetze"] == "2 ff." for g in body["gaps"])


def test_norms_ids_and_labels_equal_the_indexed_chunks(client: TestClient, kb) -> None:
    """Every Absatz points at the chunk (or, for split ones, the parent of the parts) with the same label."""
    for para in kb.law.paragraphs:
        body = client.get(f"/v1/norms/egovg-lsa/{para.number}").json()
        assert len(body["absaetze"]) == len(para.absaetze)
        for absatz in body["absaetze"]:
            chunk_ids = kb.chunks_by_parent.get(absatz["document_id"], [absatz["document_id"]])
            chunks = [kb.chunks[cid] for cid in chunk_ids]
            assert chunks and all(c.meta["label"] == absatz["label"] for c in chunks)
            assert all(c.content in absatz["text"] or c.content == absatz["text"] for c in chunks)


def test_norms_split_absatz_uses_parent_id(client: TestClient, kb) -> None:
    split = [cid for cid in kb.chunks if cid.startswith("egovg-lsa/") and "/teil" in cid]
    assert split, "the shipped law has at least one Absatz long enough to be split"
    parent = kb.chunks[split[0]].meta["parent_id"]
    number = parent.split("/")[1].removeprefix("§")
    ids = [a["document_id"] for a in client.get(f"/v1/norms/egovg-lsa/{number}").json()["absaetze"]]
    assert parent in ids


def test_norms_items_are_nested(client: TestClient) -> None:
    body = client.get("/v1/norms/egovg-lsa/17").json()
    items = body["absaetze"][0]["items"]
    assert items and {"label", "text", "subitems"} == set(items[0])
    assert body["absaetze"][0]["complete"] is False


@pytest.mark.parametrize(
    ("url", "status", "needle"),
    [
        ("/v1/norms/bgb", 404, "bgb"),
        ("/v1/norms/bgb/1", 404, "bgb"),
        ("/v1/norms/egovg-lsa/99", 404, "§ 99"),
        ("/v1/norms/egovg-lsa/5", 404, "bekannte Lücke"),
        ("/v1/norms/egovg-lsa/%C2%A7%205", 404, "nicht enthalten"),
        ("/v1/norms/egovg-lsa/abc", 400, "abc"),
        ("/v1/norms/egovg-lsa/" + "9" * 21, 422, ""),
        ("/v1/norms/egovg%20lsa", 422, ""),
    ],
)
def test_norms_errors_are_problems(client: TestClient, url: str, status: int, needle: str) -> None:
    assert needle in assert_problem(client.get(url), status)["detail"]


def test_norms_gap_detail_explains_in_german(client: TestClient) -> None:
    detail = client.get("/v1/norms/egovg-lsa/8").json()["detail"]
    assert detail.startswith("§ 8 EGovG LSA ist im erfassten Gesetzestext nicht enthalten (bekannte Lücke).")
    assert "§ 9 Abs. 1" in detail  # the manifest's note says what is known about it
