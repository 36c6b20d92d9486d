"""(authority type, place) -> the concrete authority, for every Gemeinde, with quotes of the indexed texts."""

from __future__ import annotations

import pytest

from assistant.knowledge import KnowledgeBase
from assistant.places import LocalAuthority, Place, PlaceDirectory, resolve_authority
from corpora.place_names import genitive
from lsa_assistant.errors import NotFoundError, PlaceAmbiguousError


@pytest.fixture(scope="module")
def places(kb: KnowledgeBase) -> PlaceDirectory:
    assert kb.places is not None
    return kb.places


def _gemeinden(places: PlaceDirectory) -> list[Place]:
    return [p for p in places.places.values() if p.kind == "gemeinde"]


def _resolve(kb: KnowledgeBase, type_id: str, place: Place) -> LocalAuthority:
    found = resolve_authority(kb.places, kb.organizations, type_id, place)  # type: ignore[arg-type]
    assert found is not None
    return found


def _assert_quotes(kb: KnowledgeBase, found: LocalAuthority) -> None:
    """Both quotes are exact substrings of the chunks as indexed (the chunker keeps these records whole)."""
    assert found.rule_quote in kb.chunks[found.rule_document_id].content
    assert found.place_quote in kb.chunks[found.place_document_id].content


@pytest.mark.parametrize("type_id", ["zulassungsbehoerde", "fahrerlaubnisbehoerde", "elterngeldstelle"])
def test_places_kreis_level_resolves_to_the_kreis_for_all_218_gemeinden(
    kb: KnowledgeBase, places: PlaceDirectory, type_id: str
) -> None:
    for g in _gemeinden(places):
        found = _resolve(kb, type_id, g)
        kreis = places.by_ars(g.kreis_ars)
        assert found.place == kreis and found.kreis == kreis and found.level == "kreis"
        office = kb.organizations.authority_type(type_id).place.office  # type: ignore[union-attr]
        assert found.name == f"{office} {genitive(places.title(kreis))}"  # "… des Landkreises Harz"
        assert found.certainty == "sourced" and found.place_document_id == g.document_id
        _assert_quotes(kb, found)


def test_places_meldebehoerde_of_members_is_the_verbandsgemeinde(
    kb: KnowledgeBase, places: PlaceDirectory
) -> None:
    members = verbandsfrei = 0
    for g in _gemeinden(places):
        found = _resolve(kb, "meldebehoerde", g)
        _assert_quotes(kb, found)
        if g.verband_ars:
            members += 1
            assert found.place.ars == g.verband_ars and found.level == "verbandsgemeinde"
            assert found.name == f"Meldebehörde der Verbandsgemeinde {g.verband_name}"
            assert f"Mitgliedsgemeinde der Verbandsgemeinde {g.verband_name}" in found.place_quote
        else:
            verbandsfrei += 1
            assert found.place == g and found.level == "gemeinde"
    assert (members, verbandsfrei) == (114, 104)


@pytest.mark.parametrize(
    ("type_id", "ars", "name", "level", "certainty"),
    [
        ("zulassungsbehoerde", "150850370370", "Zulassungsbehörde des Landkreises Harz", "kreis", "sourced"),
        (
            "meldebehoerde",
            "150815051095",
            "Meldebehörde der Verbandsgemeinde Beetzendorf-Diesdorf",
            "verbandsgemeinde",
            "sourced",
        ),
        (
            "pass-ausweisbehoerde",
            "150900546546",
            "Pass- und Personalausweisbehörde der Stadt Tangerhütte",
            "gemeinde",
            "sourced",
        ),
        ("gemeinde", "150030000000", "Landeshauptstadt Magdeburg", "gemeinde", "uncertain"),
        ("zulassungsbehoerde", "150030000000", "Zulassungsbehörde der Landeshauptstadt Magdeburg", "kreis", "sourced"),
        ("untere-bauaufsichtsbehoerde", "150840590590", "Untere Bauaufsichtsbehörde der Stadt Zeitz", "gemeinde",
         "sourced"),
        ("untere-bauaufsichtsbehoerde", "150840130130", "Untere Bauaufsichtsbehörde des Burgenlandkreises", "kreis",
         "sourced"),
        ("waffenbehoerde", "150020000000", "Polizei (Waffenbehörde für die Stadt Halle (Saale))", "land", "sourced"),
        ("waffenbehoerde", "150010000000", "Waffenbehörde der Stadt Dessau-Roßlau", "kreis", "sourced"),
        ("wohngeldbehoerde", "150870130130", "Wohngeldbehörde der Lutherstadt Eisleben", "gemeinde", "uncertain"),
        ("wohngeldbehoerde", "150850235235", "Wohngeldbehörde des Landkreises Harz", "kreis", "uncertain"),
        ("jobcenter", "15084", "Jobcenter für den Burgenlandkreis", "kreis", "sourced"),
        ("schule", "150855051090", "Verbandsgemeinde Vorharz als Schulträger", "verbandsgemeinde", "sourced"),
        ("standesamt", "150875051055", "Standesamt der Verbandsgemeinde Goldene Aue", "verbandsgemeinde", "uncertain"),
        ("finanzamt", "150850235235", "Finanzamt", "land", "sourced"),
        ("meldebehoerde", "15003", "Meldebehörde der Landeshauptstadt Magdeburg", "gemeinde", "sourced"),
    ],
)  # fmt: skip
def test_places_concrete_authorities(
    kb: KnowledgeBase, places: PlaceDirectory, type_id: str, ars: str, name: str, level: str, certainty: str
) -> None:
    found = _resolve(kb, type_id, places.by_ars(ars))  # type: ignore[arg-type]
    assert (found.name, found.level, found.certainty) == (name, level, certainty)
    assert found.rule_document_id == f"org/authority/{type_id}" and found.source_url
    assert certainty == "sourced" or found.note
    _assert_quotes(kb, found)


def test_places_special_case_is_quoted_from_the_record(kb: KnowledgeBase, places: PlaceDirectory) -> None:
    naumburg = _resolve(kb, "untere-bauaufsichtsbehoerde", places.lookup("Naumburg").place)  # type: ignore[union-attr]
    assert "Naumburg (Saale), Stendal, Köthen (Anhalt), Weißenfels und Zeitz" in naumburg.rule_quote
    finanzamt = _resolve(kb, "finanzamt", places.by_ars("150850235235"))  # type: ignore[arg-type]
    assert "Welches Finanzamt" in (finanzamt.note or "")


@pytest.mark.parametrize("type_id", ["familienkasse", "krankenkasse", "studierendenwerk-bafoeg", "notar"])
def test_places_no_local_authority_where_residence_does_not_decide(
    kb: KnowledgeBase, places: PlaceDirectory, type_id: str
) -> None:
    assert resolve_authority(places, kb.organizations, type_id, places.by_ars("150850235235")) is None  # type: ignore[arg-type]


def test_places_gemeinde_task_for_a_landkreis_asks_for_the_gemeinde(
    kb: KnowledgeBase, places: PlaceDirectory
) -> None:
    with pytest.raises(PlaceAmbiguousError) as info:
        resolve_authority(places, kb.organizations, "meldebehoerde", places.by_ars("15085"))  # type: ignore[arg-type]
    assert info.value.status == 422 and info.value.code == "E440"
    assert len(info.value.candidates) == 20 and {"ars", "name", "kreis_name"} <= set(info.value.candidates[0])


def test_places_unknown_authority_type_is_not_found(kb: KnowledgeBase, places: PlaceDirectory) -> None:
    with pytest.raises(NotFoundError):
        resolve_authority(places, kb.organizations, "gibt-es-nicht", places.by_ars("15085"))  # type: ignore[arg-type]


def test_places_directory_lookups(places: PlaceDirectory) -> None:
    assert places.by_ags("15085235").ars == "150850235235"  # type: ignore[union-attr]
    assert places.by_ars("15085").short == "Landkreis Harz"  # type: ignore[union-attr]
    assert places.by_ars("15003").short == "Magdeburg"  # type: ignore[union-attr]
    assert places.by_ars("99999") is None and places.by_plz("12345") == []
    harz = places.members("15085")
    assert harz[0].kind == "verbandsgemeinde" and len([p for p in harz if p.kind == "gemeinde"]) == 20
    assert [p.name for p in places.members("150815051")][:3] == [
        "Apenburg-Winterfeld, Flecken",
        "Beetzendorf",
        "Dähre",
    ]
    assert places.search("Quedl")[0].short == "Quedlinburg"
    assert places.search("Harz")[0].short == "Landkreis Harz"
    assert places.search("391")[0].short == "Magdeburg"
    assert places.search("ha", limit=3)[0].short == "Halle (Saale)"
    assert places.search("") == [] and len(places.search("a", limit=5)) == 5
