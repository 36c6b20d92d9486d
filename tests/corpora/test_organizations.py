"""The organisations corpus: shipped data, validation errors naming file and record, documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpora.base import UNIFORM_META_KEYS, load_manifest
from corpora.organization_documents import iter_organization_documents
from corpora.organizations import (
    DATA_DIR,
    AuthorityType,
    Ministry,
    OrganizationsLoader,
    Principle,
    Relation,
    load_organizations,
)
from lsa_assistant.errors import CorpusError, NotFoundError

FIXTURES = Path(__file__).parent / "fixtures" / "organizations"
VALID = FIXTURES / "valid.yaml"

MINISTRY_IDS = ["StK", "MI", "MF", "MWL", "MS", "MB", "MWU", "MJ", "MID"]
AUTHORITY_TYPE_IDS = """
meldebehoerde pass-ausweisbehoerde standesamt namensaenderungsbehoerde fahrerlaubnisbehoerde
zulassungsbehoerde untere-bauaufsichtsbehoerde gewerbebehoerde wohngeldbehoerde
amt-ausbildungsfoerderung studierendenwerk-bafoeg elterngeldstelle familienkasse jobcenter
sozialamt pflegekasse krankenkasse unterhaltsvorschussstelle jugendamt versorgungsverwaltung
einbuergerungsbehoerde auslaenderbehoerde bundesamt-fuer-justiz gemeinde-steuerverwaltung
untere-fischereibehoerde untere-jagdbehoerde waffenbehoerde gemeinde schule
untere-naturschutzbehoerde strassenbaubehoerde strassenverkehrsbehoerde finanzamt
bundeszentralamt-fuer-steuern hauptzollamt landesverwaltungsamt versammlungsbehoerde gesundheitsamt
ihk notar
""".split()


@pytest.fixture(scope="module")
def data():
    return load_organizations(DATA_DIR)


@pytest.fixture(scope="module")
def documents():
    return list(OrganizationsLoader().iter_documents())


def _role_names(data, ministry_id: str) -> str:
    return " | ".join(r.role for r in data.ministry(ministry_id).ozg_roles if r.current)


def test_organizations_shipped_data_has_the_nine_ministries(data):
    assert data.ministry_ids() == MINISTRY_IDS


@pytest.mark.parametrize("type_id", AUTHORITY_TYPE_IDS)
def test_organizations_authority_type_defined(data, type_id):
    assert isinstance(data.get(type_id), AuthorityType)


def test_organizations_no_authority_types_beyond_the_agreed_list(data):
    assert sorted(data.authority_type_ids()) == sorted(AUTHORITY_TYPE_IDS)


def test_organizations_every_relation_has_sources_and_known_references(data):
    ministries, types = set(data.ministry_ids()), set(data.authority_type_ids())
    for r in data.relations:
        assert r.source.startswith("http"), r.id
        assert r.authority_type in types, r.id
        assert r.ministry is None or (r.ministry in ministries and r.ministry_source), r.id


def test_organizations_every_authority_type_is_used_by_a_relation(data):
    used = {r.authority_type for r in data.relations}
    assert set(data.authority_type_ids()) <= used


@pytest.mark.parametrize(
    ("ministry_id", "role"),
    [
        ("MID", "Bezahlplattform"),
        ("MID", "Landesnetz"),
        ("MID", "Nutzerkonto"),
        ("MID", "Elektronisches Postfach"),
        ("MID", "IT-Strategie"),
        ("MID", "Informationssicherheit"),
        ("MID", "Basisdienste nach § 17 EGovG LSA"),
        ("MID", "(CIO)"),
        ("MI", "FIM-Landesredaktion"),
        ("MI", "BUS LSA"),
        ("MI", "ARIS4FIM"),
        ("MI", "Rechtsfragen des OZG"),
    ],
)
def test_organizations_ozg_role_held_by(data, ministry_id, role):
    assert role in _role_names(data, ministry_id)


@pytest.mark.parametrize("role", ["Bezahlplattform", "FIM-Landesredaktion", "(CIO)"])
def test_organizations_ozg_role_held_by_one_ministry_only(data, role):
    holders = [m.id for m in data.ministries if role in _role_names(data, m.id)]
    assert len(holders) == 1


def test_organizations_fim_landesredaktion_legal_basis(data):
    role = next(r for r in data.ministry("MI").ozg_roles if r.role == "FIM-Landesredaktion")
    assert role.legal_basis == "§ 9 Abs. 5 EGovG LSA"


def test_organizations_former_cio_role_of_mf_is_not_current(data):
    assert [r.current for r in data.ministry("MF").ozg_roles if "CIO" in r.role] == [False]


def test_organizations_principle_recorded(data):
    assert data.get("principle/1").title == "Die Digitalisierungsverantwortung folgt der Fachverantwortung"


def test_organizations_landesverwaltungsamt_under_mi(data):
    assert "Landesverwaltungsamt" in [s.name for s in data.ministry("MI").subordinate_authorities]


@pytest.mark.parametrize(
    ("topic", "authority_type", "ministry"),
    [
        ("Melderecht", "meldebehoerde", "MI"),
        ("Pass- und Ausweiswesen", "pass-ausweisbehoerde", "MI"),
        ("Fahrerlaubnis", "fahrerlaubnisbehoerde", "MID"),
        ("Kfz-Zulassung", "zulassungsbehoerde", "MID"),
        ("Bauaufsicht", "untere-bauaufsichtsbehoerde", "MID"),
        ("Gewerberecht", "gewerbebehoerde", "MWL"),
        ("Wohngeld", "wohngeldbehoerde", "MID"),
        ("BAföG für Studierende", "studierendenwerk-bafoeg", "MWU"),
        ("Elterngeld", "elterngeldstelle", "MS"),
        ("Kindergeld und Kinderzuschlag", "familienkasse", None),
    ],
)
def test_organizations_relation_for_topic(data, topic, authority_type, ministry):
    [relation] = [r for r in data.relations if r.topic == topic]
    assert (relation.authority_type, relation.ministry) == (authority_type, ministry)


@pytest.mark.parametrize("topic", ["Fahrerlaubnis", "Kfz-Zulassung", "Bauaufsicht", "Elterngeld"])
def test_organizations_derived_ministry_marked_uncertain(data, topic):
    [relation] = [r for r in data.relations if r.topic == topic]
    assert relation.ministry_certainty == "derived" and relation.authority_certainty == "sourced"
    assert relation.certain is False and relation.note


def test_organizations_leika_keys_unique_per_authority_type(data):
    pairs = [(k, r.authority_type) for r in data.relations for k in r.leika_keys]
    # A key may belong to several relations only for different executing authorities (Baumfällgenehmigung:
    # Gemeinde and Naturschutzbehörde; Führungszeugnis: Bundesamt and Meldebehörde; Grundsteuer: Gemeinde and
    # Finanzamt).
    assert len(pairs) == len(set(pairs))
    shared = {k for k, _ in pairs if sum(1 for key, _ in pairs if key == k) > 1}
    assert shared == {"99093003001000", "99049001001000", "99102012002000"}


@pytest.mark.parametrize(
    ("topic", "ministry"),
    [
        ("Kindergeld und Kinderzuschlag", None),
        ("Kraftfahrzeugsteuer", None),
        ("Führungszeugnis", None),
        ("Mutterschaftsgeld", None),
    ],
)
def test_organizations_federal_and_insurer_topics_have_no_land_ministry(data, topic, ministry):
    [relation] = [r for r in data.relations if r.topic == topic]
    assert relation.ministry is ministry
    assert data.authority_type(relation.authority_type).level in ("bund", "sozialversicherung")


@pytest.mark.parametrize(
    ("record_id", "expected"),
    [
        ("MID", Ministry),
        ("mid", Ministry),
        ("org/StK", Ministry),
        ("meldebehoerde", AuthorityType),
        ("org/authority/meldebehoerde", AuthorityType),
        ("relation/1", Relation),
        ("org/relation/1", Relation),
        ("org/principle/1", Principle),
    ],
)
def test_organizations_get_by_id(data, record_id, expected):
    assert isinstance(data.get(record_id), expected)


@pytest.mark.parametrize("record_id", ["MXY", "relation/999", "org/MID/area/1", "principle/x", ""])
def test_organizations_get_unknown_raises(data, record_id):
    with pytest.raises(NotFoundError):
        data.get(record_id)


def test_organizations_manifest_valid():
    manifest = load_manifest(DATA_DIR / "manifest.yaml")
    assert manifest.version.startswith("Stand 2026") and manifest.known_gaps


def test_organizations_load_accepts_file_or_folder():
    assert load_organizations(VALID).ministry_ids() == ["MID", "StK"]
    assert load_organizations(DATA_DIR / "organizations.yaml").ministry_ids() == MINISTRY_IDS


@pytest.mark.parametrize(
    ("fixture", "record", "problem"),
    [
        ("duplicate_ministry_id", "ministries id=MID", "duplicate id 'MID'"),
        ("duplicate_authority_type_id", "authority_types id=meldebehoerde", "duplicate id 'meldebehoerde'"),
        ("duplicate_relation_id", "relations id=1", "duplicate id 1"),
        ("unknown_ministry", "relations id=1", "unknown ministry 'MXY'"),
        ("unknown_authority_type", "relations id=2", "unknown authority type 'zulassungsbehoerde'"),
        ("empty_text", "ministries[0] id=MID", "areas.0.description: empty text"),
        ("missing_source", "ministries[0] id=MID", "ozg_roles.0.source: missing"),
        ("source_not_url", "authority_types[0] id=meldebehoerde", "not an http(s) URL"),
        (
            "ministry_without_basis",
            "relations[0] id=1",
            "needs 'basis', 'ministry_source' and 'ministry_certainty'",
        ),
        ("uncertain_without_note", "relations[0] id=1", "needs a 'note'"),
        ("unknown_field", "authority_types[1] id=familienkasse", "levle: unknown field"),
    ],
)
def test_organizations_invalid_fixture_names_file_and_record(fixture, record, problem):
    with pytest.raises(CorpusError) as excinfo:
        load_organizations(FIXTURES / f"{fixture}.yaml")
    message = str(excinfo.value)
    assert f"{fixture}.yaml" in message
    assert f"({record})" in message
    assert problem in message


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("- just a list\n", "expected a mapping"),
        ("meta: {}\n", "meta"),
        ("ministries: [\n", "malformed YAML"),
    ],
)
def test_organizations_broken_file_raises(tmp_path, content, problem):
    path = tmp_path / "organizations.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(problem)):
        load_organizations(tmp_path)


def test_organizations_documents_ids_unique_and_well_formed(documents):
    ids = [d.meta["id"] for d in documents]
    assert len(ids) == len(set(ids))
    pattern = re.compile(
        r"^org/([A-Za-z]+(/(area|role|authority)/\d+)?|authority/[a-z0-9-]+|relation/\d+|principle/\d+)$"
    )
    assert [i for i in ids if not pattern.match(i)] == []


def test_organizations_documents_counts_per_kind(documents, data):
    kinds = [d.meta["kind"] for d in documents]
    assert kinds.count("ministry") == 9
    assert kinds.count("authority_type") == len(AUTHORITY_TYPE_IDS)
    assert kinds.count("relation") == len(data.relations)
    assert kinds.count("area") == sum(len(m.areas) for m in data.ministries)
    assert kinds.count("ozg_role") == sum(len(m.ozg_roles) for m in data.ministries)


def test_organizations_documents_uniform_metadata(documents):
    for doc in documents:
        assert set(UNIFORM_META_KEYS) <= set(doc.meta), doc.meta["id"]
        assert {"org_id", "kind", "certain"} <= set(doc.meta), doc.meta["id"]
        assert doc.meta["source"] == "organizations"
        assert doc.meta["url"].startswith("http")
        assert doc.meta["version"].startswith("Stand 2026")


def _doc(documents, doc_id):
    [doc] = [d for d in documents if d.meta["id"] == doc_id]
    return doc


def test_organizations_ministry_overview_document(documents):
    doc = _doc(documents, "org/MID")
    assert doc.meta["label"] == "Ministerium für Infrastruktur und Digitales (MID)"
    assert (doc.meta["ministry"], doc.meta["org_id"], doc.meta["kind"]) == ("MID", "MID", "ministry")
    assert "Landtag" in doc.content  # the election caveat travels with every overview


def test_organizations_role_document_sentence(documents):
    [doc] = [
        d
        for d in documents
        if d.meta["kind"] == "ozg_role" and d.meta["title"] == "Bezahlplattform (ePayment)"
    ]
    assert doc.content.startswith(
        "Zuständig für die Bezahlplattform (ePayment) ist "
        "das Ministerium für Infrastruktur und Digitales (MID)."
    )
    assert doc.meta["ministry"] == "MID"


def test_organizations_relation_document_meta(documents, data):
    relation = next(r for r in data.relations if r.topic == "Melderecht")
    doc = _doc(documents, f"org/relation/{relation.id}")
    assert (doc.meta["ministry"], doc.meta["authority_type"]) == ("MI", "meldebehoerde")
    assert doc.meta["leika_keys"] == relation.leika_keys
    assert "Ministerium für Inneres und Sport (MI)" in doc.content


def test_organizations_uncertain_documents_say_so(documents):
    uncertain = [d for d in documents if d.meta["certain"] is False]
    assert uncertain
    assert all("nicht sicher belegt" in d.content for d in uncertain)
    assert all("nicht sicher belegt" not in d.content for d in documents if d.meta["certain"] is True)


def test_organizations_fixture_documents():
    data = load_organizations(VALID)
    docs = {d.meta["id"]: d for d in iter_organization_documents(data, "Stand test")}
    assert sorted(docs) == [
        "org/MID",
        "org/MID/area/1",
        "org/MID/role/1",
        "org/StK",
        "org/StK/authority/1",
        "org/authority/familienkasse",
        "org/authority/meldebehoerde",
        "org/principle/1",
        "org/relation/1",
        "org/relation/2",
    ]
    assert docs["org/StK"].content.startswith("Die Staatskanzlei und Ministerium für Kultur (StK) ist")
    assert docs["org/StK/authority/1"].content.startswith(
        "Nachgeordnete Behörde im Geschäftsbereich der Staatskanzlei und Ministerium für Kultur (StK)"
    )
    assert "des Ministeriums für Infrastruktur und Digitales (MID)" in docs["org/MID/area/1"].content
    assert "nennen die Quellen nicht" in docs["org/relation/2"].content
    assert docs["org/relation/1"].meta["leika_key"] == "99115005104000"
    assert docs["org/authority/meldebehoerde"].meta["ministry"] == "MID"
    assert docs["org/authority/familienkasse"].meta["ministry"] is None
