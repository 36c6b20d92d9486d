"""ResponsibilityResolver: services, relations, OZG roles, authority types, ministries, the principle."""

from __future__ import annotations

import pytest

from assistant.knowledge import KnowledgeBase
from assistant.responsibility import Finding, ResponsibilityResolver


@pytest.fixture(scope="module")
def resolver(kb: KnowledgeBase) -> ResponsibilityResolver:
    return ResponsibilityResolver(kb)


def _assert_evidence(kb: KnowledgeBase, finding: Finding) -> None:
    assert finding.quote and finding.quote in kb.chunks[finding.document_id].content
    if not finding.certain:
        assert finding.uncertain_quote in kb.chunks[finding.uncertain_document_id].content


@pytest.mark.parametrize(
    ("service_key", "authority", "ministry"),
    [
        ("wohnsitz-anmelden", "meldebehoerde", "MI"),
        ("99008001012000", "pass-ausweisbehoerde", "MI"),  # Personalausweis, by LeiKa key
        ("99108047001001", "fahrerlaubnisbehoerde", "MID"),
    ],
)
def test_responsibility_for_service(
    kb: KnowledgeBase, resolver: ResponsibilityResolver, service_key: str, authority: str, ministry: str
) -> None:
    service = kb.service(service_key)
    assert service is not None
    findings = resolver.for_service(service)
    assert [f.id for f in findings] == [authority, ministry]
    assert findings[0].kind == "authority_type" and findings[1].kind == "ministry"
    assert all(f.document_id == f"fim/{service.key}/karte" for f in findings)
    for finding in findings:
        _assert_evidence(kb, finding)


def test_responsibility_uncertain_relation_is_marked(
    kb: KnowledgeBase, resolver: ResponsibilityResolver
) -> None:
    service = kb.service("99108047001001")  # Fahrerlaubnis: relation 5 derives the ministry from its areas
    authority, ministry = resolver.for_service(service)
    assert (authority.certainty, authority.source_url) == (
        "sourced",
        kb.organizations.get("relation/5").source,
    )
    assert ministry.certain is False and ministry.certainty == "derived"
    assert ministry.source_url == kb.organizations.get("relation/5").ministry_source
    assert ministry.uncertain_document_id == "org/relation/5"
    assert (
        ministry.uncertain_quote
        == "Das Ministerium ist abgeleitet aus den Aufgabenbereichen, nicht sicher belegt."
    )
    _assert_evidence(kb, ministry)
    certain = [f for f in resolver.for_service(kb.service("wohnsitz-anmelden")) if f.kind == "ministry"][0]
    assert certain.certain is True and certain.certainty == "sourced" and certain.uncertain_quote is None


@pytest.mark.parametrize(
    "service_key",
    [
        "kindergeld-beantragen",  # Familienkasse (Bund)
        "kinderzuschlag-beantragen",
        "kraftfahrzeugsteuer",  # Hauptzollamt (Bund)
        "fuehrungszeugnis-beantragen",  # Bundesamt für Justiz
        "mutterschaftsgeld-beantragen",  # Krankenkasse
        "unterschrift-beglaubigen",  # Notarin oder Notar, no Land ministry named
    ],
)
def test_responsibility_no_land_ministry_where_the_relation_names_none(
    kb: KnowledgeBase, resolver: ResponsibilityResolver, service_key: str
) -> None:
    service = kb.service(service_key)
    assert service is not None
    findings = resolver.for_service(service)
    assert findings and all(f.kind == "authority_type" for f in findings)
    assert resolver.digitalisation(service) == []


def test_responsibility_uncertain_authority_cites_its_caveat(
    kb: KnowledgeBase, resolver: ResponsibilityResolver
) -> None:
    [authority] = resolver.for_service(kb.service("pflegegeld-beantragen"))  # relation 17: editor-added norm
    assert authority.certainty == "uncertain" and authority.uncertain_document_id == "org/relation/17"
    assert authority.uncertain_quote == "Die zuständige Stelle ist nicht sicher belegt."
    _assert_evidence(kb, authority)


@pytest.mark.parametrize(
    ("role_id", "ministry", "needle"),
    [
        ("MID/role/5", "MID", "Bezahlplattform"),
        ("MI/role/1", "MI", "FIM-Landesredaktion"),
        ("org/MID/role/1", "MID", "CIO"),
    ],
)
def test_responsibility_ozg_role(
    kb: KnowledgeBase, resolver: ResponsibilityResolver, role_id: str, ministry: str, needle: str
) -> None:
    [finding] = resolver.for_ozg_role(role_id)
    assert finding.id == ministry and finding.kind == "ministry" and finding.abbreviation == ministry
    assert needle in finding.quote and finding.quote.startswith("Zuständig für")
    _assert_evidence(kb, finding)


def test_responsibility_unknown_role_gives_nothing(resolver: ResponsibilityResolver) -> None:
    assert resolver.for_ozg_role("MID/role/99") == []
    assert resolver.for_ozg_role("XYZ/role/1") == []


def test_responsibility_relation_and_authority_type(
    kb: KnowledgeBase, resolver: ResponsibilityResolver
) -> None:
    relation = kb.organizations.get("relation/1")
    authority, ministry = resolver.for_relation(relation)
    assert (authority.id, ministry.id) == ("meldebehoerde", "MI")
    assert authority.document_id == ministry.document_id == "org/relation/1"
    findings = resolver.for_authority_type("meldebehoerde")
    assert findings[0].document_id == "org/authority/meldebehoerde"
    assert "MI" in [f.id for f in findings]
    assert resolver.for_authority_type("gibt-es-nicht") == []


def test_responsibility_ministry_record_of_split_chunk(resolver: ResponsibilityResolver) -> None:
    assert resolver.chunk_id("org/MID") == "org/MID/teil1"
    [finding] = resolver.for_ministry("mid")
    assert finding.id == "MID" and finding.document_id == "org/MID/teil1"
    [stk] = resolver.for_ministry("StK")
    assert stk.kind == "staatskanzlei"
    assert resolver.for_ministry("XY") == []


def test_responsibility_principle_and_digitalisation(
    kb: KnowledgeBase, resolver: ResponsibilityResolver
) -> None:
    principle = resolver.principle()
    assert principle and principle[0][0] == "org/principle/1"
    assert "Digitalisierung" in principle[0][1] and principle[0][1] in kb.chunks["org/principle/1"].content
    elterngeld = next(s for s in kb.services if "Elterngeld" in s.name)
    assert [f.kind for f in resolver.digitalisation(elterngeld)] == ["ministry"]
    assert resolver.digitalisation(None) == []


def test_responsibility_every_record_has_exact_evidence(
    kb: KnowledgeBase, resolver: ResponsibilityResolver
) -> None:
    """Property: whatever the resolver says (every service, relation, role, authority type) is quoted."""
    count = 0
    findings: list[Finding] = []
    for service in kb.services:
        findings += resolver.for_service(service)
    for relation in kb.organizations.relations:
        findings += resolver.for_relation(relation)
    for ministry in kb.organizations.ministries:
        findings += resolver.for_ministry(ministry.id)
        for i in range(1, len(ministry.ozg_roles) + 1):
            findings += resolver.for_ozg_role(f"{ministry.id}/role/{i}")
    for authority in kb.organizations.authority_types:
        findings += resolver.for_authority_type(authority.id)
    for finding in findings:
        _assert_evidence(kb, finding)
        count += 1
    assert count > 200
    services_with_ministry = [s for s in kb.services if s.ministry]
    assert len(
        [f for f in findings if f.document_id.endswith("/karte") and f.kind != "authority_type"]
    ) == len(services_with_ministry)


def test_responsibility_area_and_contact_role(kb: KnowledgeBase, resolver: ResponsibilityResolver) -> None:
    [finding] = resolver.for_area("MI/area/2")
    assert finding.id == "MI" and finding.document_id == "org/MI/area/2" and "Polizei" in finding.role
    _assert_evidence(kb, finding)
    assert resolver.for_area("MI/area/99") == []
    role = resolver.contact_role("MF")
    assert role == "MF/role/2" and "Ansprechperson" in kb.chunks[f"org/{role}"].meta["title"]
    assert resolver.contact_role("XY") is None
