"""Tests of the EGovG LSA corpus: shipped data, document metadata, coverage answers, format errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from corpora.base import UNIFORM_META_KEYS, Loader, stable_point_id
from corpora.egovg import (
    DEFAULT_DIR,
    LAW_FILE,
    MANIFEST_FILE,
    EgovgLoader,
    Law,
    load_egovg,
    number_key,
    parse_egovg_markdown,
    parse_number,
)
from lsa_assistant.errors import CorpusError

FIXTURES = Path(__file__).parent / "fixtures" / "egovg"
SHIPPED_TEXT = (DEFAULT_DIR / LAW_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def law() -> Law:
    return load_egovg()


@pytest.fixture(scope="module")
def docs() -> list:
    return list(EgovgLoader().iter_documents())


@pytest.fixture()
def fixture_dir(tmp_path: Path) -> Path:
    """The valid fixture laid out like a corpus directory."""
    shutil.copy(FIXTURES / "valid.md", tmp_path / LAW_FILE)
    shutil.copy(FIXTURES / "valid-manifest.yaml", tmp_path / MANIFEST_FILE)
    return tmp_path


# --- shipped data -----------------------------------------------------------------------------------


def test_egovg_shipped_data_loads(law: Law, docs: list) -> None:
    absaetze = sum(len(p.absaetze) for p in law.paragraphs)
    print(f"EGovG LSA: {len(law.paragraphs)} §§, {absaetze} Absätze, {len(docs)} documents")
    assert law.abbreviation == "EGovG LSA"
    assert law.manifest is not None and law.manifest.version == law.fassung
    assert law.eingangsformel and law.eingangsformel.startswith("Der Landtag von Sachsen-Anhalt")
    assert [p.number for p in law.paragraphs] == [1, 2, 4, 7, 9, 16, 17, 18]
    assert len(docs) == absaetze >= 17


def test_egovg_manifest_consistent(law: Law) -> None:
    assert law.inconsistencies() == [], f"expected coverage: {law.coverage_summary()}"


def test_egovg_manifest_lists_every_paragraph(law: Law) -> None:
    assert law.manifest is not None and law.manifest.last_paragraph == 27
    for number in range(1, 28):
        assert law.paragraph(number) is not None or law.gaps_for(number), f"§ {number} unaccounted for"


def test_egovg_document_ids_unique_and_stable(docs: list) -> None:
    ids = [d.meta["id"] for d in docs]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"egovg-lsa/§\d+[a-z]?/abs\d+[a-z]?", i) for i in ids)
    assert [d.id for d in docs] == [stable_point_id(i) for i in ids]
    assert [d.meta["id"] for d in EgovgLoader().iter_documents()] == ids


@pytest.mark.parametrize(
    ("doc_id", "label", "section_path"),
    [
        (
            "egovg-lsa/§1/abs3",
            "§ 1 Abs. 3 EGovG LSA",
            ["EGovG LSA", "Abschnitt 1 – Geltungsbereich", "§ 1 Geltungsbereich", "Abs. 3"],
        ),
        ("egovg-lsa/§2/abs1", "§ 2 EGovG LSA", ["EGovG LSA", "§ 2 Anwendung des E-Government-Gesetzes"]),
        ("egovg-lsa/§9/abs1", "§ 9 Abs. 1 EGovG LSA", None),
        ("egovg-lsa/§17/abs1", "§ 17 Abs. 1 EGovG LSA", ["EGovG LSA", "§ 17 Basisdienste", "Abs. 1"]),
    ],
)
def test_egovg_labels_and_section_paths(
    docs: list, doc_id: str, label: str, section_path: list | None
) -> None:
    doc = next(d for d in docs if d.meta["id"] == doc_id)
    assert doc.meta["label"] == label
    if section_path is not None:
        assert doc.meta["section_path"] == section_path


def test_egovg_label_format(docs: list) -> None:
    for doc in docs:
        assert re.fullmatch(r"§ \d+[a-z]?( Abs\. \d+[a-z]?)? EGovG LSA", doc.meta["label"]), doc.meta["label"]


def test_egovg_meta_uniform(docs: list, law: Law) -> None:
    for doc in docs:
        assert set(UNIFORM_META_KEYS) <= set(doc.meta)
        meta = doc.meta
        assert meta["source"] == "egovg-lsa" and meta["ministry"] is None and meta["leika_key"] is None
        assert meta["version"] == law.fassung
        assert meta["url"].startswith("https://")
        assert meta["title"] == law.paragraph(meta["paragraph"]).title
        assert isinstance(meta["paragraph"], int | str) and isinstance(meta["absatz"], int)
        assert isinstance(meta["complete"], bool)
        assert meta["section_path"][-1].startswith("Abs." if " Abs. " in meta["label"] else "§")


def test_egovg_content_is_exact_markdown_text(docs: list) -> None:
    for doc in docs:
        assert doc.content.strip() == doc.content and doc.content
        assert doc.content in SHIPPED_TEXT, doc.meta["id"]


def test_egovg_content_free_of_editorial_remnants(docs: list) -> None:
    for doc in docs:
        for remnant in ("[", "]", "LÜCKE", "<!--", "Hinweis", "Haufe", "\n>"):
            assert remnant not in doc.content, (doc.meta["id"], remnant)


def test_egovg_quotes_are_substrings(docs: list) -> None:
    text = {d.meta["id"]: d.content for d in docs}
    assert "spätestens ab dem 1. Juli 2023" in text["egovg-lsa/§9/abs1"]
    assert "5. Sichere elektronische Zugänge nach § 9 Abs. 1," in text["egovg-lsa/§17/abs1"]
    assert text["egovg-lsa/§2/abs1"].startswith("§ 2 Abs. 1, die §§ 4, 5")


def test_egovg_incomplete_absaetze_marked(docs: list) -> None:
    incomplete = {d.meta["id"] for d in docs if not d.meta["complete"]}
    assert incomplete == {
        "egovg-lsa/§1/abs3",
        "egovg-lsa/§16/abs3",
        "egovg-lsa/§17/abs1",
        "egovg-lsa/§18/abs2",
    }


def test_egovg_items_structure(law: Law) -> None:
    absatz = law.paragraph(17).absatz(1)
    assert [i.label for i in absatz.items] == ["1", "1a", "2", "3", "4", "5", "6", "7", "8"]
    assert [s.label for s in absatz.items[2].subitems] == ["a", "b", "c", "d"]
    assert [i.label for i in law.paragraph(18).absatz(1).items] == [str(n) for n in range(1, 13)]


def test_egovg_url_per_paragraph(law: Law, docs: list) -> None:
    assert "9-elektronischer-zugang" in law.url_for(9)
    assert law.url_for(5) == law.manifest.url
    assert all(d.meta["url"] == law.url_for(d.meta["paragraph"]) for d in docs)


@pytest.mark.parametrize(
    ("paragraph", "absatz", "expected"),
    [
        (5, None, "missing"),
        ("§ 5", 1, "missing"),
        (27, None, "missing"),
        (9, 1, "contained"),
        (9, 5, "missing"),
        (9, None, "partial"),
        (1, 3, "partial"),
        (1, 1, "contained"),
        (17, 1, "partial"),
        (4, None, "contained"),
        (2, None, "contained"),
        (2, 1, "contained"),
        (7, 4, "contained"),
        (4, 3, "unknown"),
        (30, None, "unknown"),
    ],
)
def test_egovg_coverage_of(law: Law, paragraph: int | str, absatz: int | None, expected: str) -> None:
    assert law.coverage_of(paragraph, absatz) == expected


def test_egovg_missing_paragraphs_and_gap_notes(law: Law) -> None:
    missing = law.missing_paragraphs()
    assert 5 in missing and 27 in missing and 1 not in missing and 9 not in missing
    assert len(missing) == 19
    assert any("FIM-Landesredaktion" in g.note for g in law.gaps_for(9, 5))


def test_egovg_loader_is_a_loader() -> None:
    loader: Loader = EgovgLoader()
    assert loader.source == "egovg-lsa"


# --- format -----------------------------------------------------------------------------------------


def test_egovg_valid_fixture_parses(fixture_dir: Path) -> None:
    law = load_egovg(fixture_dir)
    assert [p.number for p in law.paragraphs] == [1, 9, "9a", 10]
    assert law.long_title == "Gesetz zum Testen des Laders"
    single = law.paragraph(1)
    assert not single.numbered and single.absaetze[0].number == 1 and single.abschnitt.number == "1"
    nine = law.paragraph(9)
    assert nine.abschnitt is None and [a.number for a in nine.absaetze] == [1, 3]
    assert nine.absatz(1).text.endswith("Schlusssatz des ersten Absatzes.")
    assert [s.label for s in nine.absatz(1).items[2].subitems] == ["a", "b"]
    assert not nine.absatz(3).complete and nine.absatz(3).gap_note == "bricht in der Quelle ab"
    assert law.paragraph(10).abschnitt.label == "Abschnitt 2 – Schluss"
    assert law.inconsistencies() == []


def test_egovg_valid_fixture_documents(fixture_dir: Path) -> None:
    docs = {d.meta["id"]: d for d in EgovgLoader(fixture_dir).iter_documents()}
    text = (fixture_dir / LAW_FILE).read_text(encoding="utf-8")
    expected = ["§1/abs1", "§9/abs1", "§9/abs3", "§9a/abs1", "§10/abs1"]
    assert list(docs) == [f"egovg-lsa/{e}" for e in expected]
    assert docs["egovg-lsa/§1/abs1"].meta["label"] == "§ 1 TG"
    assert docs["egovg-lsa/§9a/abs1"].meta["paragraph"] == "9a"
    assert docs["egovg-lsa/§9a/abs1"].meta["label"] == "§ 9a Abs. 1 TG"
    assert docs["egovg-lsa/§9/abs1"].meta["url"] == "https://example.invalid/tg/9"
    assert docs["egovg-lsa/§10/abs1"].meta["url"] == "https://example.invalid/tg"
    assert all(d.content in text for d in docs.values())


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("absatz_outside_paragraph.md", 8, "Absatz outside a §"),
        ("text_outside_paragraph.md", 8, "text outside a §"),
        ("duplicate_paragraph.md", 10, "duplicate § 1 (first at line 6)"),
        ("paragraph_out_of_order.md", 10, "§ 2 after § 3"),
        ("duplicate_absatz.md", 10, "duplicate Abs. 1 in § 1"),
        ("absatz_out_of_order.md", 12, "Abs. 2 after Abs. 3 in § 1"),
        ("empty_paragraph.md", 6, "§ 1 has no text"),
        ("numbered_after_unnumbered.md", 10, "starts without Absatz number"),
        ("text_after_marker.md", 10, "text after the 'unvollständig' marker"),
        ("bad_heading.md", 6, "expected '## Abschnitt N – Titel'"),
        ("marker_outside_absatz.md", 7, "marker outside an Absatz"),
        ("blockquote.md", 10, "block quotes are not statute text"),
        ("unterminated_comment.md", 8, "unterminated HTML comment"),
        ("inline_comment.md", 8, "HTML comments must stand on their own line"),
        ("unknown_header.md", 4, "expected a header line"),
        ("missing_abbreviation.md", 1, "missing header line 'Abkürzung"),
        ("missing_title.md", 1, "must start with '# Titel'"),
    ],
)
def test_egovg_malformed_markdown_names_file_and_line(fixture: str, line: int, message: str) -> None:
    path = FIXTURES / fixture
    with pytest.raises(CorpusError) as info:
        parse_egovg_markdown(path.read_text(encoding="utf-8"), path)
    assert info.value.code == "E100"
    assert f"{path} (line {line}): " in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("gap", "message"),
    [
        ({"paragraph": 2, "absaetze": "2 bis 5"}, "absaetze must be"),
        ({"paragraph": 2, "absaetze": "all", "kind": "partial"}, "partial gap must list"),
        ({"paragraph": "zwei"}, "not a § or Absatz number"),
    ],
)
def test_egovg_invalid_manifest_names_file(fixture_dir: Path, gap: dict, message: str) -> None:
    manifest_path = fixture_dir / MANIFEST_FILE
    data = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    data["known_gaps"].append(gap)
    manifest_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(str(manifest_path))) as info:
        load_egovg(fixture_dir)
    assert message in str(info.value)


def test_egovg_missing_law_file_names_file(fixture_dir: Path) -> None:
    (fixture_dir / LAW_FILE).unlink()
    with pytest.raises(CorpusError, match=re.escape(str(fixture_dir / LAW_FILE))):
        load_egovg(fixture_dir)


PASTED = """
### § 5 Elektronische Bezahlmöglichkeiten

(1) Erster Absatz des nachgetragenen Paragrafen.

(2) Zweiter Absatz mit Aufzählung:

1. erstens,
2. zweitens.
"""


def test_egovg_editor_pasted_paragraph(tmp_path: Path) -> None:
    """An editor pastes § 5 before § 7: it loads without code changes; the manifest check asks for updates."""
    corpus = tmp_path / "egovg-lsa"
    shutil.copytree(DEFAULT_DIR, corpus)
    text = (corpus / LAW_FILE).read_text(encoding="utf-8")
    anchor = "\n### § 7 "
    (corpus / LAW_FILE).write_text(text.replace(anchor, PASTED + anchor, 1), encoding="utf-8")

    law = load_egovg(corpus)
    ids = [d.meta["id"] for d in EgovgLoader(corpus).iter_documents()]
    assert ids[ids.index("egovg-lsa/§4/abs2") + 1 : ids.index("egovg-lsa/§7/abs1")] == [
        "egovg-lsa/§5/abs1",
        "egovg-lsa/§5/abs2",
    ]
    assert law.coverage_of(5) == "contained" and law.paragraph(5).absatz(2).items[1].label == "2"
    problems = law.inconsistencies()
    assert any("§ 5 (all) is listed as missing but is contained" in p for p in problems)
    assert any("manifest coverage differs" in p for p in problems)

    manifest = yaml.safe_load((corpus / MANIFEST_FILE).read_text(encoding="utf-8"))
    manifest["known_gaps"] = [g for g in manifest["known_gaps"] if g["paragraph"] != 5]
    manifest["coverage"] = law.coverage_summary()
    (corpus / MANIFEST_FILE).write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    assert load_egovg(corpus).inconsistencies() == []


def test_egovg_marker_without_gap_is_inconsistent(fixture_dir: Path) -> None:
    text = (fixture_dir / LAW_FILE).read_text(encoding="utf-8")
    cut = "(1) Dieses Gesetz tritt in Kraft.\n<!-- unvollständig -->\n"
    (fixture_dir / LAW_FILE).write_text(
        text.replace("(1) Dieses Gesetz tritt in Kraft.\n", cut), encoding="utf-8"
    )
    problems = load_egovg(fixture_dir).inconsistencies()
    assert any("§ 10 Abs. 1 is marked unvollständig, no partial gap" in p for p in problems)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(9, 9), ("9", 9), ("§ 9", 9), ("§9a", "9a"), (" 17 ", 17), ("09", 9)],
)
def test_egovg_parse_number(value: object, expected: int | str) -> None:
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", ["", "neun", "9 Abs. 1", "9A", True])
def test_egovg_parse_number_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_number(value)


def test_egovg_number_key_orders_letter_suffixes() -> None:
    assert sorted([10, "9a", 9, 2], key=number_key) == [2, 9, "9a", 10]
