"""``lsa-assistant validate``: counts on the shipped corpus; exit 1 naming the broken file of a bad copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli.main import EXIT_ERROR, EXIT_OK, main
from corpora.base import SOURCE_KINDS
from corpora.registry import load_all_documents
from lsa_assistant.settings import default_corpus_dir


@pytest.fixture(scope="module")
def shipped_report() -> dict:
    return load_all_documents(default_corpus_dir())[1]


@pytest.fixture
def shipped_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LSA_CORPUS_DIR", raising=False)


@pytest.fixture
def corpus_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_corpus_dir(), target)
    monkeypatch.setenv("LSA_CORPUS_DIR", str(target))
    return target


def test_cli_validate_shipped_corpus_prints_counts(
    shipped_env: None, shipped_report: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert err == ""
    rows = dict(line.rsplit(None, 2)[:2] for line in out.splitlines())
    expected = {source: str(n) for source, n in shipped_report["documents_per_source"].items()}
    assert rows == {**expected, "gesamt": str(shipped_report["documents"])}
    assert list(rows) == [*sorted(expected), "gesamt"]
    assert all(line.endswith(" Dokumente") for line in out.splitlines())


def test_cli_validate_json(
    shipped_env: None, shipped_report: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data == shipped_report
    assert set(data["documents_per_source"]) == set(SOURCE_KINDS)


def test_cli_validate_reads_corpus_dir_from_env(
    corpus_copy: Path, shipped_report: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    law = corpus_copy / "egovg-lsa" / "egovg-lsa.md"
    law.write_text(
        law.read_text(encoding="utf-8").replace("Landesverwaltung.", "Landesbehörden.", 1), encoding="utf-8"
    )
    assert main(["validate", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    # the copy was read, not the shipped corpus
    assert data["corpus_version"] != shipped_report["corpus_version"]
    assert data["documents_per_source"] == shipped_report["documents_per_source"]


@pytest.mark.parametrize(
    ("file", "old", "new", "argv"),
    [
        ("fim/leistungen-b.xml", "</xzufi:schreibe>", "<xzufi:schreibe>", ["validate"]),
        ("fim/leistungen-b.xml", "</xzufi:schreibe>", "<xzufi:schreibe>", ["validate", "--json"]),
        (
            "organizations/organizations.yaml",
            "    authority_type: meldebehoerde",
            "    authority_type: gibt-es-nicht",
            ["validate"],
        ),
        ("egovg-lsa/egovg-lsa.md", "### § 2 Anwendung", "### § 1 Anwendung", ["validate"]),
    ],
    ids=["fim-xml", "fim-xml-json", "org-reference", "egovg-duplicate"],
)
def test_cli_validate_broken_copy_exits_1_naming_file(
    corpus_copy: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, argv: list[str]
) -> None:
    path = corpus_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(argv) == EXIT_ERROR
    out, err = capsys.readouterr()
    assert out == ""
    assert "[E100]" in err
    assert str(path) in err
    assert "Traceback" not in err


def test_cli_validate_report_text(shipped_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--report"]) == EXIT_OK
    out = capsys.readouterr().out
    for line in (
        "Datenbericht (Stand ",
        "Ministerium je Leistung: sourced ",
        "LeiKa-Schlüssel nach Konfidenz: hoch ",
        "Ohne Quelle (nicht sicher belegt): ",
        "Leistungen ohne amtlichen Hauptlink: 0",
        "Örtliche Ebene der Behördentypen: bund 4, gemeinde 1, kreis 20,",
        "  - wohngeldbehoerde: Ob die Regel von 1994",
    ):
        assert line in out
    assert "wohnsitz-anmelden (Gebühr)" in out  # Gebührenfreiheit is marked uncertain, so it is listed


def test_cli_validate_report_json_counts_and_age(
    shipped_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--report", "--json", "--as-of", "2026-12-03"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["validation"]["documents"] > 5000 and data["services"] == 74
    assert sum(data["service_ministry"].values()) == 74
    assert set(data["service_ministry"]) == {"sourced", "derived", "uncertain", "none"}
    assert data["facts"]["older_than_max_age"] == [] and data["links"]["non_official_primary"] == []
    assert all(row["sicherheit"] == "uncertain" and row["note"] for row in data["facts"]["unsourced"])
    assert (
        main(["validate", "--report", "--json", "--as-of", "2028-01-01", "--max-age-days", "30"]) == EXIT_OK
    )
    later = json.loads(capsys.readouterr().out)
    assert len(later["facts"]["older_than_max_age"]) == later["facts"]["total"] > 0
    in_text = later["facts"]["amounts_in_text"]
    assert any(row["service"] == "elterngeld-beantragen" and "1.800 Euro" in row["text"] for row in in_text)
    assert later["facts"]["amounts_in_text_older_than_max_age"] == in_text


def test_cli_validate_rule_error_names_code_file_and_element(
    corpus_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_copy / "fim" / "leistungen-a.xml"
    text = path.read_text(encoding="utf-8")
    old = "<xzufi:uebergeordnetesObjektID>familienkasse</xzufi:uebergeordnetesObjektID>"
    assert text.count(old) == 2
    land_ministry = (
        "<xzufi:uebergeordnetesObjektID>MS</xzufi:uebergeordnetesObjektID>\n"
        "      <xzufi:zustaendigkeit><xzufi:leistungID>kindergeld-beantragen</xzufi:leistungID>"
        "<xzufi:rolle><xzufi:code>02</xzufi:code></xzufi:rolle></xzufi:zustaendigkeit>\n"
        "    </xzufi:zustaendigkeitTransferObjekt>\n    <xzufi:zustaendigkeitTransferObjekt>\n      " + old
    )
    path.write_text(text.replace(old, land_ministry, 1), encoding="utf-8")
    assert main(["validate", "--report"]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "[E111]" in err and str(path) in err and "leistungID=kindergeld-beantragen" in err
