"""Chunk ids -> subjects: one mapping for every source."""

from __future__ import annotations

import pytest

from corpora.ids import SubjectRef, norm_id, place_chunk_id, service_card_id, source_of, subject_of, unit_of


@pytest.mark.parametrize(
    ("chunk_id", "kind", "ident"),
    [
        ("fim/99115005104000/kosten", "service", "99115005104000"),
        ("fim/geburt-anzeigen/karte", "service", "geburt-anzeigen"),
        ("leika/99001004004000", "catalogue", "99001004004000"),
        ("ozg/lebenslage/27", "lebenslage", "27"),
        ("ozg/lebenslage/27/teil2", "lebenslage", "27"),
        ("ozg/leistung/133", "ozg_leistung", "133"),
        ("egovg-lsa/§9/abs1", "norm", "egovg-lsa/§9"),
        ("egovg-lsa/§17/abs1/teil2", "norm", "egovg-lsa/§17"),
        ("pages/ozg-umsetzung/p4", "page", "ozg-umsetzung/p4"),
        ("org/MID", "ministry", "MID"),
        ("org/MID/teil1", "ministry", "MID"),
        ("org/MI/area/3", "area", "MI/area/3"),
        ("org/MID/role/5", "ozg_role", "MID/role/5"),
        ("org/MI/authority/1", "agency", "MI/authority/1"),
        ("org/authority/meldebehoerde", "authority_type", "meldebehoerde"),
        ("org/relation/3", "topic", "relation/3"),
        ("org/principle/1", "principle", "principle/1"),
        ("place/kreis/15085", "place", "15085"),
        ("place/verband/150815051", "place", "150815051"),
        ("place/gemeinde/150850235235", "place", "150850235235"),
    ],
)
def test_ids_subject_of_every_kind(chunk_id: str, kind: str, ident: str) -> None:
    assert subject_of(chunk_id) == SubjectRef(kind, ident)


def test_ids_unknown_source_and_units() -> None:
    assert subject_of("elsewhere/1") is None and source_of("elsewhere/1") is None
    assert unit_of("org/MID/teil2") == "org/MID"
    assert source_of("org/MID") == "organizations"
    assert service_card_id("99115005104000") == "fim/99115005104000/karte"
    assert norm_id(9, 1) == "egovg-lsa/§9/abs1" and norm_id("9") == "egovg-lsa/§9"


def test_ids_place_chunk_id_by_ars_length() -> None:
    assert place_chunk_id("15085") == "place/kreis/15085"
    assert place_chunk_id("150815051") == "place/verband/150815051"
    assert place_chunk_id("150850235235") == "place/gemeinde/150850235235"
    assert source_of(place_chunk_id("15003")) == "places"
    for bad in ("1508", "15085023523", "abcde"):
        with pytest.raises(ValueError):
            place_chunk_id(bad)
