"""The OZG catalogue source: validation naming file and line, placement of curated services, the cards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpora.ozg_katalog import DATA_DIR, OzgLoader, load_ozg_catalogue, place_services
from lsa_assistant.errors import CorpusError


@pytest.fixture()
def catalogue_dir(tmp_path: Path) -> Path:
    target = tmp_path / "ozg-katalog"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_ozg_shipped_catalogue_is_complete() -> None:
    catalogue = load_ozg_catalogue()
    assert len(catalogue.themenfelder) == 14
    assert len(catalogue.lebenslagen) == 55
    assert len(catalogue.leistungen) == 557
    assert len(catalogue.key_to_leistung) >= 4790  # one key of the source has no OZG-Leistung
    geburt = next(x for x in catalogue.lebenslagen.values() if x.name == "Geburt")
    assert catalogue.themenfeld_of(geburt).name == "Familie & Kind"
    assert catalogue.leistungen_of(geburt.id)


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("themenfelder.tsv", "id\tname", "id\tnam", "header"),
        ("lebenslagen.tsv", "Geburt\t6", "Geburt\t99", "unknown Themenfeld"),
        ("ozg-leistungen.tsv", "\t10513\t", "\t1051\t", "OZG-ID must be 5 digits"),
        ("ozg-leistungen.tsv", "Abbruchgenehmigung\t14", "Abbruchgenehmigung\t999", "unknown Lebenslage"),
        ("leika-ozg.tsv", "99012001000000\t", "9901200100000\t", "14 digits"),
        ("leika-ozg.tsv", "99012001001000\t", "99012001000000\t", "duplicate service_key"),
        ("lebenslagen.tsv", "Geburt\t6", "Geburt", "expected 3 columns"),
    ],
)
def test_ozg_bad_file_names_file_and_line(
    catalogue_dir: Path, file: str, old: str, new: str, message: str
) -> None:
    _edit(catalogue_dir / file, old, new)
    with pytest.raises(CorpusError, match=message) as info:
        load_ozg_catalogue(catalogue_dir)
    assert file in str(info.value)
    assert "line" in str(info.value)


def test_ozg_placement_by_key_replacement_and_leistungsobjekt() -> None:
    catalogue = load_ozg_catalogue()
    some_key, leistung = next(iter(sorted(catalogue.key_to_leistung.items())))
    place_services(
        catalogue,
        [
            ("direct", [some_key]),
            ("newer", ["99999999999999"]),
            ("object", [some_key[:8] + "999999"]),
            ("unknown", ["11111111111111"]),
        ],
        replaced={some_key: "99999999999999"},
    )
    assert [(p.leistung_id, p.basis) for p in catalogue.placements["direct"]] == [(leistung, "key")]
    assert [(p.leistung_id, p.basis) for p in catalogue.placements["newer"]] == [(leistung, "replaced")]
    assert catalogue.placements["object"][0].basis == "leistungsobjekt"
    assert "unknown" not in catalogue.placements


def test_ozg_cards_list_leistungen_and_the_described_services() -> None:
    loader = OzgLoader(curated=lambda: [("kindergeld", "Kindergeld beantragen", ["99041008017000"])])
    docs = {d.meta["id"]: d for d in loader.iter_documents()}
    catalogue, _ = loader.catalogue()
    lebenslage = (
        catalogue.lebenslage_of_key("99041008000000")
        or catalogue.lebenslagen[
            catalogue.leistungen[catalogue.placements["kindergeld"][0].leistung_id].lebenslage_id
        ]
    )
    card = docs[f"ozg/lebenslage/{lebenslage.id}"]
    assert card.meta["source"] == "ozg" and card.meta["kind"] == "lebenslage"
    assert f"Lebenslage: {lebenslage.name}" in card.content
    assert "Kindergeld beantragen" in card.content
    assert len([i for i in docs if i.startswith("ozg/leistung/")]) == 557
    assert loader.report["curated_placed"] == 1


def test_ozg_alltag_names_must_match_the_catalogue(catalogue_dir: Path) -> None:
    _edit(catalogue_dir / "lebenslagen-alltag.yaml", 'name: "Geburt"', 'name: "Geburten"')
    with pytest.raises(CorpusError, match="differs from the catalogue") as info:
        list(OzgLoader(catalogue_dir).iter_documents())
    assert "lebenslagen-alltag.yaml" in str(info.value)


def test_ozg_lebenslage_card_marks_the_editorial_wording() -> None:
    docs = {d.meta["id"]: d for d in OzgLoader().iter_documents()}
    card = docs["ozg/lebenslage/26"].content
    assert "Im Alltag:" in card and "redaktionelle Ergänzung" in card
