"""The data rules (corpora.rules, E110–E115): each on a small bad fixture, and all of them on the shipped data."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from corpora.base import load_manifest
from corpora.fim import build_services, load_fim_services
from corpora.leika import load_replacements
from corpora.links import is_official, primary_url
from corpora.organizations import load_organizations
from corpora.registry import load_all_documents
from corpora.responsibilities import main_responsibility, service_responsibilities
from corpora.rules import RULES, DataRuleError
from corpora.xzufi import parse_xzufi_file
from lsa_assistant.errors import CorpusError
from lsa_assistant.settings import default_corpus_dir

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
ORGS = FIXTURES / "organizations.yaml"
CORPUS = default_corpus_dir()


def _load(xml: Path, orgs: Path = ORGS) -> list:
    return build_services([parse_xzufi_file(xml)], organizations=load_organizations(orgs))


@pytest.fixture(scope="module")
def organizations():
    return load_organizations(CORPUS / "organizations")


@pytest.fixture(scope="module")
def services(organizations):
    return load_fim_services(CORPUS / "fim", organizations=organizations)


# --- the rules on small bad files --------------------------------------------------------------------------


def test_rules_good_fixture_keeps_every_rule() -> None:
    wohnsitz, kindergeld = _load(FIXTURES / "good" / "leistungen.xml")
    assert (wohnsitz.ministry, kindergeld.ministry) == ("MI", None)
    # the newspaper is the Ursprungsportal, but citizens are sent to the official page
    assert wohnsitz.url == "https://mi.sachsen-anhalt.de/melderecht"
    assert wohnsitz.sources == ["https://www.example-zeitung.de/umzug"]
    assert wohnsitz.kosten[0].stand == date(2026, 12, 3) and wohnsitz.kosten[0].sicherheit == "sourced"
    assert (kindergeld.leika_confidence, kindergeld.leika_note) == ("mittel", "Belegt durch: PVOG 2026")


@pytest.mark.parametrize(
    ("fixture", "code", "where", "problem"),
    [
        (
            "e110-wrong-ministry",
            "E110",
            "zustaendigkeitTransferObjekt[uebergeordnetesObjektID=MF]/zustaendigkeit[leistungID=wohnsitz-anmelden]",
            "names the ministry 'MF', but relation 1 (Melderecht) names 'MI'",
        ),
        ("e110-missing-ministry", "E110", "leistung[id=wohnsitz-anmelden], line", "names no ministry"),
        (
            "e111-federal-ministry",
            "E111",
            "zustaendigkeitTransferObjekt[uebergeordnetesObjektID=MI]/zustaendigkeit[leistungID=kindergeld-beantragen]",
            "executed by 'familienkasse' (level bund) but names the Land ministry 'MI'",
        ),
        (
            "e112-uncovered-authority",
            "E112",
            "uebergeordnetesObjektID=krankenkasse]/zustaendigkeit[leistungID=wohnsitz-anmelden]",
            "no relation in organizations.yaml covers 'krankenkasse'",
        ),
        (
            "e113-fee-without-beleg",
            "E113",
            "leistung[id=wohnsitz-anmelden]/modulKosten/kosten, line",
            "no lsa:beleg",
        ),
        (
            "e113-uncertain-without-note",
            "E113",
            "leistung[id=wohnsitz-anmelden]/modulFrist/frist",
            "needs a note",
        ),
        (
            "e114-leika-without-konfidenz",
            "E114",
            "leistung[id=kindergeld-beantragen]/referenzLeiKa",
            "99041008017000",
        ),
        ("e115-no-official-link", "E115", "leistung[id=kindergeld-beantragen]", "no official source to link"),
    ],
)
def test_rules_bad_fixture_names_rule_file_and_element(
    fixture: str, code: str, where: str, problem: str
) -> None:
    path = FIXTURES / "bad" / f"{fixture}.xml"
    with pytest.raises(DataRuleError) as excinfo:
        _load(path)
    error = excinfo.value
    message = str(error)
    assert error.code == code and message.startswith(f"[{code}] {path}")
    assert where in message and problem in message
    assert RULES[code].title in message
    assert isinstance(error, CorpusError) and error.status == 500


@pytest.mark.parametrize(
    ("fixture", "problem"),
    [("e100-bad-stand", "stand '03.12.2026' is not a date"), ("e100-bad-sicherheit", "sicherheit 'belegt'")],
)
def test_rules_beleg_values_are_checked_when_parsed(fixture: str, problem: str) -> None:
    path = FIXTURES / "bad" / f"{fixture}.xml"
    with pytest.raises(CorpusError, match="lsa:beleg") as excinfo:
        parse_xzufi_file(path)
    assert excinfo.value.code == "E100" and problem in str(excinfo.value) and str(path) in str(excinfo.value)


def test_rules_relation_with_land_ministry_over_federal_body_is_refused() -> None:
    path = FIXTURES / "bad" / "organizations-federal-ministry.yaml"
    with pytest.raises(DataRuleError) as excinfo:
        load_organizations(path)
    assert excinfo.value.code == "E111"
    assert f"{path} (relations id=2)" in str(excinfo.value) and "'MF' for 'familienkasse'" in str(
        excinfo.value
    )


def test_rules_sourced_rechtsaufsicht_over_an_insurer_is_allowed() -> None:
    data = load_organizations(FIXTURES / "good" / "organizations-rechtsaufsicht.yaml")
    relation = data.get("relation/3")
    assert (relation.ministry, relation.basis, relation.ministry_certainty) == (
        "MI",
        "Rechtsaufsicht",
        "sourced",
    )


def test_rules_ministry_certainty_belongs_to_a_named_ministry() -> None:
    path = FIXTURES / "bad" / "organizations-certainty-without-ministry.yaml"
    with pytest.raises(CorpusError, match="belong to a named ministry") as excinfo:
        load_organizations(path)
    assert "(relations[1] id=2)" in str(excinfo.value)


def test_rules_without_organizations_fixtures_and_foreign_exports_still_parse() -> None:
    assert len(build_services([parse_xzufi_file(FIXTURES / "bad" / "e113-fee-without-beleg.xml")])) == 2


# --- the shipped data -----------------------------------------------------------------------------------------


def test_rules_shipped_corpus_keeps_every_rule() -> None:
    documents, _ = load_all_documents(CORPUS)  # raises on the first broken rule
    assert documents


def test_rules_shipped_no_service_has_a_ministry_its_relation_denies(services, organizations) -> None:
    for service in services:
        main = main_responsibility(service, organizations)
        assert main is not None, service.id
        assert service.ministry == main.ministry, service.id


def test_rules_shipped_no_federal_or_insurer_service_has_an_unsourced_land_ministry(
    services, organizations
) -> None:
    outside = [
        r
        for s in services
        for r in service_responsibilities(s, organizations)
        if r.authority_level in ("bund", "sozialversicherung")
    ]
    assert {r.authority_type for r in outside} >= {"familienkasse", "hauptzollamt", "krankenkasse"}
    for r in outside:
        assert r.ministry is None or (r.basis == "Rechtsaufsicht" and r.ministry_certainty == "sourced"), r


@pytest.mark.parametrize(
    "service_id",
    [
        "kindergeld-beantragen",
        "kinderzuschlag-beantragen",
        "kraftfahrzeugsteuer",
        "fuehrungszeugnis-beantragen",
        "mutterschaftsgeld-beantragen",
        "steuer-id-erhalten",
        "unterschrift-beglaubigen",
    ],
)
def test_rules_shipped_errors_of_the_audit_are_gone(services, service_id: str) -> None:
    service = next(s for s in services if s.id == service_id)
    assert service.ministry is None


def test_rules_shipped_every_responsibility_has_certainty_and_source(services, organizations) -> None:
    for service in services:
        found = service_responsibilities(service, organizations)
        assert [r.authority_type for r in found] == service.authority_types, service.id
        for r in found:
            assert r.authority_certainty and r.authority_source.startswith("http")
            assert (r.ministry is None) == (r.ministry_certainty is None), (service.id, r)
            assert r.ministry is None or (r.ministry_source or "").startswith("http")


def test_rules_shipped_primary_links_are_official(services) -> None:
    for service in services:
        assert service.url and is_official(service.url), service.id
        assert service.url == primary_url(service.source_urls)
    shown = {s.url for s in services}
    for host in ("frankfurt.de", "frankfurt-oder.de", "welt.de", "volksstimme.de", "mz.de", "hallelife.de"):
        assert not any(f"//{host}" in u or f".{host}" in u for u in shown), host
    assert not any("kleineanfragen.de" in u for u in shown)


def test_rules_shipped_facts_are_dated(services) -> None:
    facts = [k for s in services for k in s.kosten if k.has_amount]
    facts += [f for s in services for f in s.fristen if f.dauer is not None]
    assert facts and all(f.stand is not None for f in facts)
    assert all(f.quelle or (f.sicherheit == "uncertain" and f.hinweis) for f in facts)


def test_rules_shipped_personalausweis_fee_of_february_2026(services) -> None:
    ausweis = next(s for s in services if s.id == "personalausweis-beantragen")
    amounts = [(k.betrag_fix, k.stand) for k in ausweis.kosten if k.has_amount]
    assert amounts == [(Decimal("46.00"), date(2026, 12, 3)), (Decimal("27.60"), date(2026, 12, 3))]


def test_rules_shipped_specific_key_errors_fixed(services) -> None:
    by_id = {s.id: s for s in services}
    assert by_id["meldebescheinigung-beantragen"].leika_key is None  # 99115003012000 is the Meldebestätigung
    assert by_id["unterschrift-beglaubigen"].leika_key is None  # 99014007035000: Beglaubigung by an authority
    assert all(s.leika_confidence for s in services if s.leika_key)
    replaced = load_replacements(CORPUS / "leika" / "replaced-keys.yaml")
    assert {replaced[k].certainty for k in ("99012008001000", "99012008001001")} == {"vermutet"}


def test_rules_shipped_manifest_coverage_statements_are_true(services, organizations) -> None:
    """The counts the manifests state are the counts of the data (they went stale before)."""
    fim = " ".join(load_manifest(CORPUS / "fim" / "manifest.yaml").coverage.split())
    files = Counter(s.source_file for s in services)
    keys = Counter(s.leika_confidence for s in services if s.leika_key)
    ministry = Counter((main_responsibility(s, organizations).ministry_certainty or "none") for s in services)
    facts = [k for s in services for k in s.kosten if k.has_amount] + [
        f for s in services for f in s.fristen if f.dauer is not None
    ]
    expected = [
        f"{len(services)} Leistungen (leistungen-a.xml {files['leistungen-a.xml']}, "
        f"leistungen-b.xml {files['leistungen-b.xml']})",
        f"{sum(keys.values())} mit belegtem LeiKa-Schlüssel",
        f"{keys['hoch']} hoch, {keys['mittel']} mittel, {keys['niedrig']} niedrig",
        f"{ministry['sourced']} Leistungen mit belegtem, {ministry['derived']} mit aus den Aufgabenbereichen "
        f"abgeleitetem, {ministry['uncertain']} mit nicht sicher belegtem Ministerium, {ministry['none']} ohne "
        "Landesministerium",
        f"{sum(1 for f in facts if f.sicherheit == 'uncertain')} davon sind nicht sicher belegt",
    ]
    for statement in expected:
        assert statement in fim
    orgs = " ".join(load_manifest(CORPUS / "organizations" / "manifest.yaml").coverage.split())
    assert f"{len(organizations.relations)} Zuordnungen" in orgs
    assert re.search(rf"\b{len(organizations.authority_types)} Behördentypen\b", orgs)
