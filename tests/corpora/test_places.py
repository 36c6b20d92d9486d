"""The place directory as a source: validation that names file and line, records and their texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpora.place_documents import PlacesLoader, place_lead, place_text
from corpora.place_names import accusative, fill_office, gemeinde_title, genitive, kreis_title
from corpora.places import DATA_DIR, GEMEINDEN_FILE, KREISE_FILE, load_places
from indexing.components.chunker import CorpusChunker
from lsa_assistant.errors import CorpusError


@pytest.fixture(scope="module")
def data():
    return load_places()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "gemeinden"
    shutil.copytree(DATA_DIR, target)
    return target


def test_places_counts_of_the_shipped_directory(data) -> None:
    assert len(data.gemeinden) == 218 and len(data.kreise) == 14 and len(data.verbaende) == 18
    members = [g for g in data.gemeinden.values() if g.verband_ars]
    assert len(members) == 114
    assert data.gebietsstand == "20251130"
    assert sorted(len(data.members[k]) for k in ("15001", "15002", "15003")) == [1, 1, 1]


def test_places_loader_one_document_per_record_whole_and_sourced() -> None:
    docs = list(PlacesLoader().iter_documents())
    assert len(docs) == 14 + 18 + 218
    chunks = CorpusChunker().run(docs)["documents"]
    assert [c.meta["id"] for c in chunks] == [d.meta["id"] for d in docs]  # no record is split
    for doc in docs:
        assert "Gemeindeverzeichnis (Destatis, Stand 30.11.2025)" in doc.content
        assert doc.meta["source"] == "places" and doc.meta["version"] == "30.11.2025"
    gemeinden = [d for d in docs if d.meta["kind"] == "gemeinde"]
    assert all("OpenStreetMap" in d.content and "ungefähr" in d.content for d in gemeinden)


@pytest.mark.parametrize(
    ("ars", "lead"),
    [
        ("150900546546", "Tangerhütte, Stadt – Gemeinde im Landkreis Stendal"),
        (
            "150815051095",
            "Dähre – Gemeinde im Altmarkkreis Salzwedel, Mitgliedsgemeinde der Verbandsgemeinde Beetzendorf-Diesdorf",
        ),
        ("150030000000", "Magdeburg, Landeshauptstadt – kreisfreie Stadt in Sachsen-Anhalt"),
        ("15085", "Landkreis Harz – Landkreis in Sachsen-Anhalt"),
        ("15084", "Burgenlandkreis – Landkreis in Sachsen-Anhalt"),
        ("15002", "Stadt Halle (Saale) – kreisfreie Stadt in Sachsen-Anhalt"),
        ("150855051", "Verbandsgemeinde Vorharz – Verbandsgemeinde im Landkreis Harz"),
    ],
)
def test_places_lead_states_the_link(data, ars: str, lead: str) -> None:
    assert place_lead(data, ars) == lead
    assert place_text(data, ars).startswith(lead + "\n")


def test_places_texts_list_members_and_plz(data) -> None:
    verband = place_text(data, "150815051")
    assert "Mitgliedsgemeinden (8): Apenburg-Winterfeld, Beetzendorf, Dähre, Diesdorf," in verband
    kreis = place_text(data, "15085")
    assert "Verbandsgemeinden (1): Vorharz." in kreis and "Gemeinden (20):" in kreis
    halle = place_text(data, "150020000000")
    assert "06108, 06110" in halle and "Einwohner am 31.12.2024: 226.767." in halle


@pytest.mark.parametrize(
    ("title", "gen", "akk"),
    [
        ("Landkreis Harz", "des Landkreises Harz", "den Landkreis Harz"),
        ("Burgenlandkreis", "des Burgenlandkreises", "den Burgenlandkreis"),
        ("Altmarkkreis Salzwedel", "des Altmarkkreises Salzwedel", "den Altmarkkreis Salzwedel"),
        ("Flecken Diesdorf", "des Fleckens Diesdorf", "den Flecken Diesdorf"),
        ("Stadt Tangerhütte", "der Stadt Tangerhütte", "die Stadt Tangerhütte"),
        ("Verbandsgemeinde Vorharz", "der Verbandsgemeinde Vorharz", "die Verbandsgemeinde Vorharz"),
    ],
)
def test_places_names_inflect(title: str, gen: str, akk: str) -> None:
    assert genitive(title) == gen and accusative(title) == akk


def test_places_names_titles_and_offices() -> None:
    assert gemeinde_title("Quedlinburg, Welterbestadt") == "Welterbestadt Quedlinburg"
    assert gemeinde_title("Barleben") == "Gemeinde Barleben"
    assert kreis_title("Harz", "Landkreis") == "Landkreis Harz"
    assert kreis_title("Magdeburg, Landeshauptstadt", "Kreisfreie Stadt") == "Landeshauptstadt Magdeburg"
    assert fill_office("Zulassungsbehörde", "Landkreis Harz") == "Zulassungsbehörde des Landkreises Harz"
    assert fill_office("Jobcenter für {akk}", "Burgenlandkreis") == "Jobcenter für den Burgenlandkreis"
    assert fill_office(None, "Landeshauptstadt Magdeburg") == "Landeshauptstadt Magdeburg"


BROKEN = [
    pytest.param(GEMEINDEN_FILE, "15085235\t150850235235", "15085235\t150850235299", "does not fit AGS", id="ars"),
    pytest.param(GEMEINDEN_FILE, "\t06484 06485\t", "\t06484 6485\t", "5-digit", id="plz"),
    pytest.param(GEMEINDEN_FILE, "\t15085\tHarz\t\t06484", "\t15085\tHarze\t\t06484", "Kreis name", id="kreis"),
    pytest.param(GEMEINDEN_FILE, "\tBeetzendorf-Diesdorf\t38486", "\t\t38486", "needs its name", id="verband"),
    pytest.param(GEMEINDEN_FILE, "\tVorharz\t06484", "\tVorhartz\t06484", "named or seated differently", id="vg"),
    pytest.param(KREISE_FILE, "Halberstadt\t20", "Halberstadt\t21", "has 20", id="count"),
    pytest.param(KREISE_FILE, "15085\tHarz\tLandkreis", "15085\tHarz\tKreis", "unknown Kreis type", id="type"),
    pytest.param(GEMEINDEN_FILE, "ags\tars\tname", "ags\tars\tnamen", "header must be", id="header"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "old", "new", "message"), BROKEN)
def test_places_broken_file_raises_corpus_error_naming_file_and_line(
    copy: Path, file: str, old: str, new: str, message: str
) -> None:
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}: the fixture changed"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_places(copy)
    assert str(info.value).startswith(f"[E100] {path} (line ")
    assert message in str(info.value)


def test_places_duplicate_gemeinde_is_refused(copy: Path) -> None:
    path = copy / GEMEINDEN_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[5]]), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"line 220\): duplicate Gemeinde"):
        load_places(copy)
