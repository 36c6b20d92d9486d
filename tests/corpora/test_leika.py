"""The Leistungskatalog source: parsing of the TSV rows, curated-wins, outdated keys and clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpora.base import UNIFORM_META_KEYS, load_manifest
from corpora.leika import (
    COLUMNS,
    DATA_DIR,
    TSV_NAME,
    LeikaLoader,
    entry_text,
    load_catalogue,
    parse_legal_basis,
)
from corpora.leika_models import CATALOGUE_URL, parse_typisierung, typisierung_words
from lsa_assistant.errors import CorpusError

HEADER = "\t".join(COLUMNS)
ALTPAPIER = (
    "99001002004000\tAltpapier Entsorgung\t2/3\tKreislaufwirtschaftsgesetz (KrWG) "
    "[http://www.gesetze-im-internet.de/krwg/]\tKreislaufwirtschaftsgesetz\tKrWG"
)


@pytest.fixture(scope="module")
def shipped():
    loader = LeikaLoader(DATA_DIR, curated={"99115005104000": "Wohnsitz anmelden"})
    return loader, {d.meta["id"]: d for d in loader.iter_documents()}


def _folder(tmp_path: Path, *rows: str, replaced: str | None = None) -> Path:
    folder = tmp_path / "leika"
    folder.mkdir()
    shutil.copy(DATA_DIR / "manifest.yaml", folder / "manifest.yaml")
    (folder / TSV_NAME).write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    if replaced is not None:
        (folder / "replaced-keys.yaml").write_text(replaced, encoding="utf-8")
    return folder


def test_leika_shipped_catalogue_is_complete_and_valid(shipped) -> None:
    loader, docs = shipped
    load_manifest(DATA_DIR / "manifest.yaml")
    assert loader.report["entries"] == 4813
    assert loader.report["skipped_curated"] == 1 and "leika/99115005104000" not in docs
    assert len(docs) == loader.report["indexed"] == 4812
    assert loader.report["general_notes"] == 5 and loader.report["without_typisierung"] == 8


def test_leika_documents_have_uniform_metadata(shipped) -> None:
    _, docs = shipped
    doc = docs["leika/99001002004000"]
    assert set(UNIFORM_META_KEYS) <= set(doc.meta)
    assert doc.meta["source"] == "leika" and doc.meta["leika_key"] == "99001002004000"
    assert doc.meta["label"] == "LeiKa 99001002004000 – Altpapier Entsorgung (Leistungskatalog, Stand 2019)"
    assert doc.meta["title"] == "Altpapier Entsorgung" and doc.meta["version"] == "2019"
    assert doc.meta["url"] == "http://www.gesetze-im-internet.de/krwg/"
    assert doc.meta["typisierung"] == ["2/3"] and doc.meta["outdated"] is False
    assert all(d.meta["source"] == "leika" and d.meta["id"].startswith("leika/") for d in docs.values())


@pytest.mark.parametrize(
    ("key", "phrases"),
    [
        (
            "99001002004000",
            [
                "Altpapier Entsorgung",
                "Leistungsschlüssel (LeiKa): 99001002004000",
                "Typisierung 2/3: Regelung durch den Bund, Vollzug durch das Land oder die Kommunen.",
                "Rechtsgrundlage: Kreislaufwirtschaftsgesetz (KrWG); Verordnung über die Vermeidung",
                "eine Leistungsbeschreibung für Sachsen-Anhalt ist dazu nicht hinterlegt",
            ],
        ),
        (
            "99001001002000",
            ["Abfallgebühr Festsetzung", "Typisierung 5: Regelung und Vollzug durch die Kommunen"],
        ),
        ("99019003016000", ["Typisierung 6: allgemeiner Hinweis im Leistungskatalog, keine konkrete"]),
        ("99010012000000", ["Beschäftigungserlaubnis", "Typisierung: im Leistungskatalog nicht angegeben."]),
        (  # doubly quoted in the extract
            "99148030000000",
            ['Förderprogramm "Energieeffizient Sanieren - Investitionszuschuss" Nr. 430'],
        ),
        (  # legal basis without abbreviations: the law columns add them
            "99001010000000",
            [
                "§ 49 Kreislaufwirtschaftsgesetz; § 23 Nachweisverordnung",
                "Gesetz: Nachweisverordnung (NachwV)",
            ],
        ),
        (
            "99022001000000",
            ["Typisierung 1: Regelung und Vollzug durch den Bund; Typisierung 2: Regelung durch den Bund"],
        ),
        ("99012001001000", ["Dieser Schlüssel ist überholt; aktueller Schlüssel: 99012077006000"]),
        ("99023001012000", ["Dieser Schlüssel ist vermutlich überholt; aktueller Schlüssel: 99108047001001"]),
    ],
)
def test_leika_document_text_from_fields(shipped, key: str, phrases: list[str]) -> None:
    _, docs = shipped
    text = docs[f"leika/{key}"].content
    for phrase in phrases:
        assert phrase in text
    assert "http" not in text  # links stay in the metadata


def test_leika_outdated_entries_point_to_current_key() -> None:
    entries = {e.key: e for e in load_catalogue()}
    outdated = {k: e for k, e in entries.items() if e.outdated}
    assert len(outdated) == 15
    abbruch = entries["99012001001000"]
    assert (
        abbruch.replaced_by == "99012077006000"
        and abbruch.replaced_by_name == "Abbruchgenehmigung beantragen"
    )
    assert abbruch.replacement_certainty == "genannt" and "leika-keys-and-authorities.yaml" in str(
        abbruch.replacement_source
    )
    assert not entries["99001002004000"].outdated and entries["99001002004000"].replaced_by is None


def test_leika_curated_key_wins_and_names_the_replacement(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        ALTPAPIER,
        "99012001001000\tAbbruchgenehmigung Erteilung\t4\t\t\t",
        replaced='- {old_key: "99012001001000", replaced_by: "99012077006000", certainty: genannt, source: "x"}\n',
    )
    loader = LeikaLoader(folder, curated=lambda: {"99001002004000": "Altpapier", "99012077006000": "Abbruch"})
    docs = list(loader.iter_documents())
    assert [d.meta["id"] for d in docs] == ["leika/99012001001000"]
    assert loader.report["skipped_curated"] == 1 and loader.report["outdated"] == 1
    assert "aktueller Schlüssel: 99012077006000 (Abbruch)." in docs[0].content
    assert docs[0].meta["replaced_by"] == "99012077006000" and docs[0].meta["url"] == CATALOGUE_URL


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("9900100200400\tKurz\t1\t\t\t", "LeiKa key must be 14 digits"),
        ("99001002004000\t\t1\t\t\t", "empty name"),
        ("99001002004000\tName\tzwei\t\t\t", "invalid Typisierung 'zwei'"),
        ("99001002004000\tName\t1\t\t", "expected 6 tab-separated columns, found 5"),
        (ALTPAPIER, "duplicate key 99001002004000 (first on line 2)"),
    ],
)
def test_leika_broken_row_names_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    folder = _folder(tmp_path, ALTPAPIER, row)
    with pytest.raises(CorpusError, match="line 3") as info:
        load_catalogue(folder)
    assert message in str(info.value) and str(folder / TSV_NAME) in str(info.value)


@pytest.mark.parametrize(
    ("header", "replaced", "message"),
    [
        ("leika_key\tname", None, "line 1"),
        (HEADER, '- {old_key: "99999999999999", certainty: genannt, source: "x"}\n', "catalogue lacks"),
        (HEADER, '- {old_key: "99001002004000", certainty: geraten, source: "x"}\n', "entry 1"),
    ],
)
def test_leika_header_and_replacements_are_checked(
    tmp_path: Path, header: str, replaced: str | None, message: str
) -> None:
    folder = _folder(tmp_path, ALTPAPIER, replaced=replaced)
    (folder / TSV_NAME).write_text(f"{header}\n{ALTPAPIER}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_catalogue(folder)


def test_leika_missing_manifest_is_an_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, ALTPAPIER)
    (folder / "manifest.yaml").unlink()
    with pytest.raises(CorpusError, match="manifest.yaml"):
        list(LeikaLoader(folder).iter_documents())


@pytest.mark.parametrize(
    ("raw", "codes", "words"),
    [
        (
            "2/3",
            ["2/3"],
            "Typisierung 2/3: Regelung durch den Bund, Vollzug durch das Land oder die Kommunen",
        ),
        ("1, 2/3", ["1", "2/3"], "Typisierung 1: Regelung und Vollzug durch den Bund; Typisierung 2/3:"),
        ("4", ["4"], "Typisierung 4: Regelung durch das Land, Vollzug durch das Land oder die Kommunen"),
        ("", [], "Typisierung im Katalog nicht angegeben"),
        ("10", ["10"], "Typisierung 10"),
    ],
)
def test_leika_typisierung_in_words(raw: str, codes: list[str], words: str) -> None:
    assert parse_typisierung(raw) == codes
    assert typisierung_words(codes).startswith(words)


def test_leika_legal_basis_items_and_links() -> None:
    refs = parse_legal_basis(
        "§ 2 BAföG (BAföG) [http://a/__2.html], § 7 BAföG (BAföG) [http://a/__7.html], Merkblatt ohne Link"
    )
    assert [(r.text, r.url) for r in refs] == [
        ("§ 2 BAföG (BAföG)", "http://a/__2.html"),
        ("§ 7 BAföG (BAföG)", "http://a/__7.html"),
        ("Merkblatt ohne Link", None),
    ]


def test_leika_entry_text_is_compact(shipped) -> None:
    loader, _ = shipped
    entry = loader.entries()[0]
    assert entry_text(entry).splitlines()[:2] == [entry.name, f"Leistungsschlüssel (LeiKa): {entry.key}"]
    assert entry.model_dump()["typisierung_text"] == entry.typisierung_text  # serialisable for the API
