"""The FIM loader: services from XZuFi, cross-file checks, documents with uniform metadata, the manifest."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from corpora.base import UNIFORM_META_KEYS, load_manifest
from corpora.fim import FimLoader, build_services, load_fim_services
from corpora.fim_documents import service_card
from corpora.fim_models import Frist, Kosten, Service, typisierung_text
from corpora.xzufi import parse_xzufi_file
from lsa_assistant.errors import CorpusError

FIXTURES = Path(__file__).parent / "fixtures" / "xzufi"
GOOD = FIXTURES / "good"
TEMPLATE_DIR = FIXTURES / "template"
BAD = FIXTURES / "bad"
DATA = Path(__file__).parents[2] / "corpora" / "data" / "fim"
SHIPPED = sorted(DATA.glob("*.xml"))

TEMPLATE_LINES = (TEMPLATE_DIR / "template.xml").read_text().splitlines()
TEMPLATE_LINE = next(i for i, line in enumerate(TEMPLATE_LINES, 1) if "<xzufi:leistung>" in line)
TEMPLATE_SERVICE = Service(
    id="wohnsitz-anmelden",
    leika_key="99115005104000",
    leika_confidence="hoch",
    leika_note="Belegt durch: PVOG 2026, Leistungskatalog ~2019",
    name="Wohnsitz anmelden",
    typisierung=["2/3"],
    kurztext=(
        "Wer in eine Wohnung einzieht, muss sich innerhalb von zwei Wochen bei der Meldebehörde anmelden."
    ),
    rechtsgrundlagen="§ 17 Abs. 1 Bundesmeldegesetz (BMG); § 1 BMG-AG LSA",
    kosten=[
        Kosten(
            betrag_fix=Decimal("0.00"),
            beschreibung="Die Anmeldung ist gebührenfrei.",
            stand=date(2026, 11, 28),
            sicherheit="uncertain",
            hinweis="Keine Quelle nennt die Gebührenfreiheit ausdrücklich.",
        )
    ],
    fristen=[
        Frist(
            dauer=Decimal("2"),
            einheit="Woche",
            beschreibung="innerhalb von zwei Wochen nach dem Einzug",
            stand=date(2026, 11, 28),
            quelle="https://www.gesetze-im-internet.de/bmg/__17.html",
            sicherheit="sourced",
        )
    ],
    begriffe=["Ummeldung", "Umzug melden"],
    authority_types=["meldebehoerde"],
    authority_names=["meldebehoerde"],
    ministry="MI",
    source_urls=[
        "https://mi.sachsen-anhalt.de/themen/melderecht-paesse-und-ausweise-namensaenderungsrecht",
        "https://www.gesetze-im-internet.de/bmg/__17.html",
    ],
    url="https://mi.sachsen-anhalt.de/themen/melderecht-paesse-und-ausweise-namensaenderungsrecht",
    freigabe=date(2026, 11, 28),
    version="2026-11-28",
    source_file="template.xml",
    line=TEMPLATE_LINE,
)


def test_fim_template_parses_to_expected_service() -> None:
    assert load_fim_services(TEMPLATE_DIR) == [TEMPLATE_SERVICE]


def test_fim_template_documents_one_per_module() -> None:
    docs = list(FimLoader(TEMPLATE_DIR).iter_documents())
    contents = {d.meta["id"]: d.content for d in docs}
    assert contents == {
        "fim/99115005104000/karte": (
            "Wohnsitz anmelden\n"
            "Auch bekannt als: Ummeldung, Umzug melden\n"
            "Zuständige Stelle: meldebehoerde\n"
            "Fachlich zuständiges Ministerium: Ministerium für Inneres und Sport (MI)\n"
            "Leistungsschlüssel (LeiKa): 99115005104000\n"
            "Typisierung: 2/3 (2: Regelung durch den Bund, Vollzug durch das Land; "
            "3: Regelung durch den Bund, Vollzug durch die Kommunen)"
        ),
        "fim/99115005104000/kurztext": TEMPLATE_SERVICE.kurztext,
        "fim/99115005104000/rechtsgrundlagen": TEMPLATE_SERVICE.rechtsgrundlagen,
        "fim/99115005104000/kosten": (
            "0,00 € – Die Anmeldung ist gebührenfrei. (nicht sicher belegt)\n"
            "Stand: 28.11.2026, verbindlich ist die zuständige Stelle."
        ),
        "fim/99115005104000/fristen": "2 Wochen – innerhalb von zwei Wochen nach dem Einzug",
    }


def test_fim_documents_carry_uniform_metadata() -> None:
    doc = next(d for d in FimLoader(TEMPLATE_DIR).iter_documents() if d.meta["module"] == "rechtsgrundlagen")
    assert set(UNIFORM_META_KEYS) <= set(doc.meta)
    assert {
        k: doc.meta[k] for k in ("source", "label", "title", "url", "version", "ministry", "leika_key")
    } == {
        "source": "fim",
        "label": "Leistung 99115005104000 – Wohnsitz anmelden",
        "title": "Wohnsitz anmelden",
        "url": "https://mi.sachsen-anhalt.de/themen/melderecht-paesse-und-ausweise-namensaenderungsrecht",
        "version": "2026-11-28",
        "ministry": "MI",
        "leika_key": "99115005104000",
    }
    assert doc.meta["section_path"] == ["Wohnsitz anmelden", "Rechtsgrundlagen"]
    assert (doc.meta["service_id"], doc.meta["typisierung"], doc.meta["authority_types"]) == (
        "wohnsitz-anmelden",
        ["2/3"],
        ["meldebehoerde"],
    )


def test_fim_loads_21_and_22_files_in_name_order() -> None:
    services = load_fim_services(GOOD)
    assert [(s.id, s.leika_key, s.ministry, s.authority_types) for s in services] == [
        ("wohnsitz-abmelden", "99115005070000", "MI", ["meldebehoerde"]),
        ("servicekonto-nutzen", None, "MID", []),
        ("gewerbe-anmelden", "99050012104000", "MWL", ["gewerbeamt-musterstadt"]),
    ]
    gewerbe = services[2]
    assert gewerbe.hinweise == "Erster Hinweis.\n\nZweiter Hinweis."
    assert gewerbe.authority_names == ["Gewerbeamt Musterstadt"]
    assert gewerbe.source_urls == [
        "https://mwl.sachsen-anhalt.de/",
        "https://www.gesetze-im-internet.de/gewo/__14.html",
    ]


@pytest.mark.parametrize(
    ("service_id", "version"),
    [("wohnsitz-abmelden", "fixture-21"), ("gewerbe-anmelden", "unbekannt")],
)
def test_fim_version_falls_back_to_file_version(service_id: str, version: str) -> None:
    service = next(s for s in load_fim_services(GOOD) if s.id == service_id)
    assert service.version == version


def test_fim_document_without_leika_key_uses_slug() -> None:
    docs = [d for d in FimLoader(GOOD).iter_documents() if d.meta["service_id"] == "servicekonto-nutzen"]
    assert [d.meta["id"] for d in docs] == ["fim/servicekonto-nutzen/karte"]
    assert docs[0].meta["label"] == "Leistung – Servicekonto nutzen"
    assert docs[0].meta["leika_key"] is None
    assert docs[0].meta["url"] == ""


def test_fim_loader_ids_unique_and_source() -> None:
    loader = FimLoader(GOOD)
    ids = [d.meta["id"] for d in loader.iter_documents()]
    assert loader.source == "fim"
    assert len(ids) == len(set(ids))
    assert "fim/99115005070000/kosten" in ids and "fim/99050012104000/fristen" in ids


def test_fim_authority_mapping_gives_display_names() -> None:
    services = load_fim_services(GOOD, authority_types={"meldebehoerde": "Meldebehörde"})
    assert services[0].authority_names == ["Meldebehörde"]
    assert "Zuständige Stelle: Meldebehörde" in service_card(services[0])


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        (
            "unknown-ministry.xml",
            "zustaendigkeitTransferObjekt[uebergeordnetesObjektID=MX]/zustaendigkeit"
            "[leistungID=wohnsitz-anmelden], line 13",
            "unknown ministry abbreviation 'MX'",
        ),
        (
            "unknown-authority.xml",
            "zustaendigkeitTransferObjekt[uebergeordnetesObjektID=fantasieamt]/zustaendigkeit"
            "[leistungID=wohnsitz-anmelden], line 13",
            "unknown organisation / authority type 'fantasieamt'",
        ),
        (
            "unknown-leistung.xml",
            "zustaendigkeitTransferObjekt[uebergeordnetesObjektID=MI]/zustaendigkeit"
            "[leistungID=wohnsitz-ummelden], line 13",
            "responsibility for unknown leistung",
        ),
        (
            "two-ministries.xml",
            "zustaendigkeitTransferObjekt[uebergeordnetesObjektID=MID]/zustaendigkeit"
            "[leistungID=wohnsitz-anmelden], line 20",
            "second ministry 'MID'",
        ),
        ("duplicate-leika-key.xml", "leistung[id=wohnsitz-ummelden], line 12", "LeiKa key 99115005104000"),
    ],
)
def test_fim_errors_name_file_element_and_line(name: str, where: str, message: str) -> None:
    with pytest.raises(CorpusError) as info:
        build_services([parse_xzufi_file(BAD / name)], authority_types={"meldebehoerde"})
    assert f"{BAD / name} ({where})" in str(info.value)
    assert message in str(info.value)


def test_fim_duplicate_id_across_files() -> None:
    with pytest.raises(CorpusError) as info:
        load_fim_services(BAD / "across")
    text = str(info.value)
    assert f"{BAD / 'across' / 'b.xml'} (leistung[id=wohnsitz-anmelden], line 11)" in text
    assert "first in a.xml, line 4" in text


@pytest.mark.parametrize(
    ("name", "ministries", "authority_types"),
    [
        ("unknown-authority.xml", None, None),  # no authority set given: no check
        ("unknown-ministry.xml", {"MX"}, None),  # the caller's set replaces the default
    ],
)
def test_fim_checks_follow_the_given_sets(
    name: str, ministries: set[str] | None, authority_types: None
) -> None:
    services = build_services([parse_xzufi_file(BAD / name)], ministries, authority_types)
    assert [s.id for s in services] == ["wohnsitz-anmelden"]


def test_fim_default_ministries_reject_caller_unknown() -> None:
    with pytest.raises(CorpusError, match="unknown ministry abbreviation 'MI'"):
        load_fim_services(TEMPLATE_DIR, ministries={"MID"})


@pytest.mark.parametrize(
    ("kosten", "expected"),
    [
        (Kosten(betrag_fix=Decimal("1234.5")), "1.234,50 €"),
        (
            Kosten(
                betrag_untergrenze=Decimal("10"),
                betrag_obergrenze=Decimal("50.5"),
                beschreibung="je nach Aufwand",
            ),
            "10,00 € bis 50,50 € – je nach Aufwand",
        ),
        (Kosten(betrag_untergrenze=Decimal("5")), "ab 5,00 €"),
        (Kosten(betrag_obergrenze=Decimal("5")), "bis 5,00 €"),
        (Kosten(beschreibung="nach Gebührenordnung"), "nach Gebührenordnung"),
    ],
)
def test_fim_kosten_render(kosten: Kosten, expected: str) -> None:
    assert kosten.render() == expected


@pytest.mark.parametrize(
    ("frist", "expected"),
    [
        (Frist(dauer=Decimal("1"), einheit="Woche"), "1 Woche"),
        (Frist(dauer=Decimal("1.5"), einheit="Stunde"), "1,5 Stunden"),
        (Frist(dauer=Decimal("2"), einheit="Monat", dauer_bis=Decimal("3")), "2 Monate bis 3 Monate"),
        (
            Frist(dauer=Decimal("14"), einheit="Kalendertag", beschreibung="ab Zugang"),
            "14 Kalendertag – ab Zugang",
        ),
    ],
)
def test_fim_frist_render(frist: Frist, expected: str) -> None:
    assert frist.render() == expected


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["4"], "4 (4: Regelung durch das Land, Vollzug durch Land oder Kommunen)"),
        (
            ["1;2"],
            "1;2 (1: Regelung und Vollzug durch den Bund; "
            "2: Regelung durch den Bund, Vollzug durch das Land)",
        ),
        (["2a"], "2a (2a: Regelung durch den Bund, Vollzug durch das Land)"),
        (["10"], "10"),
    ],
)
def test_fim_typisierung_text(codes: list[str], expected: str) -> None:
    assert typisierung_text(codes) == expected


def test_fim_manifest_is_valid() -> None:
    manifest = load_manifest(DATA / "manifest.yaml")
    assert manifest.title == "FIM-Leistungsbeschreibungen Sachsen-Anhalt (eigene Redaktion)"
    assert manifest.known_gaps


@pytest.mark.skipif(not SHIPPED, reason="no shipped FIM files yet")  # the lead removes this skip
def test_fim_shipped_corpus() -> None:
    services = load_fim_services(DATA)
    assert len(services) >= 60
    assert sum(1 for s in services if s.leika_key) >= 30
    assert [s.id for s in services if not s.authority_types] == []
    # the ministry is the relation's: services executed by federal bodies, insurers or Gemeinden without a
    # named Land ministry have none (tests/corpora/test_rules.py checks each against its relation)
    assert 40 <= sum(1 for s in services if s.ministry) < len(services)
    assert all(s.url for s in services)
    assert len({s.id for s in services}) == len(services)
    docs = list(FimLoader(DATA).iter_documents())
    assert len({d.meta["id"] for d in docs}) == len(docs)
