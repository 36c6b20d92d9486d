"""The XZuFi parser: 2.1 and 2.2 features, language choice, structured modules, and per-file errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from corpora.xzufi import parse_xzufi_bytes, parse_xzufi_file
from corpora.xzufi_models import ParsedLeistung, XzufiFile
from lsa_assistant.errors import CorpusError

FIXTURES = Path(__file__).parent / "fixtures" / "xzufi"
V21 = FIXTURES / "good" / "a-xzufi21.xml"
V22 = FIXTURES / "good" / "b-xzufi22.xml"
TEMPLATE = FIXTURES / "template" / "template.xml"
BAD = FIXTURES / "bad"
NS22 = "http://xoev.de/schemata/xzufi/2_2_0"


def _leistung(file: XzufiFile, lid: str) -> ParsedLeistung:
    return next(item for item in file.leistungen if item.id == lid)


def _wrap(inner: str) -> bytes:
    return f'<x:m xmlns:x="{NS22}"><x:schreibe>{inner}</x:schreibe></x:m>'.encode()


@pytest.mark.parametrize(
    ("path", "namespace", "version", "ids"),
    [
        (V21, "http://xoev.de/schemata/xzufi/2_1_0", "2.1.0", ["wohnsitz-abmelden", "servicekonto-nutzen"]),
        (V22, NS22, "2.2.0", ["gewerbe-anmelden"]),
        (TEMPLATE, NS22, "2.2.0", ["wohnsitz-anmelden"]),
    ],
)
def test_xzufi_reads_both_versions_and_any_root(
    path: Path, namespace: str, version: str, ids: list[str]
) -> None:
    parsed = parse_xzufi_file(path)
    assert parsed.namespace == namespace
    assert parsed.xzufi_version == version
    assert [item.id for item in parsed.leistungen] == ids


def test_xzufi_21_unqualified_codes_and_textmodul_name() -> None:
    leistung = _leistung(parse_xzufi_file(V21), "wohnsitz-abmelden")
    assert leistung.leika_keys == ["99115005070000"]
    assert leistung.typisierung == ["3"]
    assert [(m.code, m.name) for m in leistung.text_modules] == [("03", "Leistungsname"), ("05", "Kurztext")]


def test_xzufi_name_falls_back_to_leistungsbezeichnung_and_joins_wrapped_lines() -> None:
    leistung = _leistung(parse_xzufi_file(V21), "servicekonto-nutzen")
    assert leistung.name == "Servicekonto nutzen"
    assert leistung.leika_keys == []


@pytest.mark.parametrize(
    ("code", "expected", "language"),
    [
        ("03", "Gewerbe anmelden", "de"),
        ("06", "Wer ein Gewerbe beginnt, zeigt es an.\n\nDie Anzeige ist Pflicht.", "de-DE"),
        ("09", "Only in English.", "en"),
    ],
)
def test_xzufi_german_inhalt_wins_else_first(code: str, expected: str, language: str) -> None:
    module = _leistung(parse_xzufi_file(V22), "gewerbe-anmelden").modules(code)[0]
    assert module.text == expected
    assert module.language == language


def test_xzufi_modules_by_code_not_position() -> None:
    leistung = _leistung(parse_xzufi_file(V22), "gewerbe-anmelden")
    assert [m.code for m in leistung.text_modules] == ["06", "16", "16", "09", "03"]
    assert leistung.name == "Gewerbe anmelden"
    # two modules with one code are joined in positionDarstellung order, not document order
    assert leistung.text("16") == "Erster Hinweis.\n\nZweiter Hinweis."
    assert leistung.text("05") is None


def test_xzufi_ignores_unknown_foreign_elements_and_loesche() -> None:
    parsed = parse_xzufi_file(V22)
    leistung = _leistung(parsed, "gewerbe-anmelden")
    # ext:modulText (foreign namespace) must not count as a text module
    assert len(leistung.text_modules) == 5
    assert [item.id for item in parsed.leistungen] == ["gewerbe-anmelden"]


def test_xzufi_organisationseinheit_with_embedded_zustaendigkeit() -> None:
    parsed = parse_xzufi_file(V22)
    assert [(o.id, o.name) for o in parsed.organisationseinheiten] == [
        ("gewerbeamt-musterstadt", "Gewerbeamt Musterstadt")
    ]
    embedded, transfer = parsed.zustaendigkeiten
    assert (embedded.organisation_id, embedded.leistung_id, embedded.rolle_code) == (
        "gewerbeamt-musterstadt",
        "gewerbe-anmelden",
        None,
    )
    assert embedded.embedded and embedded.gebiet_ids == ["15003000"]
    assert (transfer.organisation_id, transfer.rolle_code, transfer.embedded) == ("MWL", "02", False)


def test_xzufi_structured_modules() -> None:
    abmelden = _leistung(parse_xzufi_file(V21), "wohnsitz-abmelden")
    kosten = abmelden.kosten[0]
    assert (kosten.betrag_fix, kosten.betrag_untergrenze, kosten.betrag_obergrenze) == (
        None,
        Decimal("10.00"),
        Decimal("50.50"),
    )
    assert kosten.beschreibung == "je nach Aufwand"
    assert [(d.dauer, d.einheit) for d in abmelden.bearbeitungsdauer] == [(Decimal("3"), "Tag")]
    gewerbe = _leistung(parse_xzufi_file(V22), "gewerbe-anmelden")
    assert [f.beschreibung for f in gewerbe.fristen] == ["gleichzeitig mit dem Beginn des Betriebs"]
    assert [(b.begriff, b.typ) for b in gewerbe.begriffe] == [("Gewerbeanzeige", "01")]
    assert [(u.uri, u.titel) for u in gewerbe.ursprungsportale] == [("https://mwl.sachsen-anhalt.de/", "MWL")]


def test_xzufi_template_freigabe_frist_and_links() -> None:
    parsed = parse_xzufi_file(TEMPLATE)
    leistung = parsed.leistungen[0]
    assert leistung.freigabe_am == date(2026, 11, 28)
    assert leistung.freigabe_durch == "LSA Assistant Redaktion (eigene Beschreibung aus Fakten)"
    assert leistung.geaendert == "2026-11-28T00:00:00Z"
    assert [(f.dauer, f.einheit) for f in leistung.fristen] == [(Decimal("2"), "Woche")]
    assert leistung.modules("07")[0].links[0].uri == "https://www.gesetze-im-internet.de/bmg/__17.html"
    assert parsed.produktversion == "2026-11"
    assert [(z.organisation_id, z.rolle_code, z.id) for z in parsed.zustaendigkeiten] == [
        ("meldebehoerde", "01", "wohnsitz-anmelden/01"),
        ("MI", "02", "wohnsitz-anmelden/02"),
    ]


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("malformed.xml", "(line 8)", "malformed XML"),
        ("duplicate-id.xml", "(leistung[id=wohnsitz-anmelden], line 11)", "duplicate leistung id"),
        (
            "leika-key.xml",
            "(leistung[id=wohnsitz-anmelden]/referenzLeiKa, line 6)",
            "'9911500510400' is not 14 digits",
        ),
        (
            "empty-module.xml",
            "(leistung[id=wohnsitz-anmelden]/modulText[code=05], line 10)",
            "empty text module",
        ),
        ("missing-name.xml", "(leistung[id=wohnsitz-anmelden], line 4)", "missing Leistungsname"),
        ("bad-amount.xml", "(leistung[id=wohnsitz-anmelden]/modulKosten/kosten, line 11)", "is not a number"),
        ("entity.xml", "(<!DOCTYPE>)", "DTD declarations are not allowed"),
        ("foreign-root.xml", "(line 2)", "not an XZuFi 2.1/2.2 message"),
    ],
)
def test_xzufi_errors_name_file_element_and_line(name: str, where: str, message: str) -> None:
    with pytest.raises(CorpusError) as info:
        parse_xzufi_file(BAD / name)
    text = str(info.value)
    assert f"{BAD / name} {where}" in text
    assert message in text
    assert info.value.code == "E100"


def test_xzufi_missing_file_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="cannot read file"):
        parse_xzufi_file(tmp_path / "fehlt.xml")


def test_xzufi_bare_leistung_root_and_text_layout() -> None:
    data = (
        f'<x:leistung xmlns:x="{NS22}"><x:id>a</x:id><x:modulText><x:leikaTextmodul><x:code>03</x:code>'
        "</x:leikaTextmodul><x:inhalt>Zeile eins\n   fortgesetzt.\n\n  Liste:\n  - erstens\n  - zweitens"
        "</x:inhalt></x:modulText></x:leistung>"
    ).encode()
    parsed = parse_xzufi_bytes(data, Path("inline.xml"))
    assert parsed.leistungen[0].name == "Zeile eins fortgesetzt.\n\nListe:\n- erstens\n- zweitens"


@pytest.mark.parametrize(
    ("inner", "message"),
    [
        ("<x:leistung><x:modulText/></x:leistung>", "leistung without id"),
        (
            "<x:leistung><x:id>a</x:id><x:modulText><x:inhalt>t</x:inhalt></x:modulText></x:leistung>",
            "without leikaTextmodul",
        ),
        (
            "<x:zustaendigkeitTransferObjekt><x:zustaendigkeit/></x:zustaendigkeitTransferObjekt>",
            "uebergeordnetesObjektID",
        ),
        (
            "<x:organisationseinheit><x:name>n</x:name></x:organisationseinheit>",
            "organisationseinheit without id",
        ),
    ],
)
def test_xzufi_incomplete_objects_are_rejected(inner: str, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        parse_xzufi_bytes(_wrap(inner), Path("inline.xml"))
