"""Where each authority type sits for a place: the shipped rules, their sentences and the checks E116/E117."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpora.organizations import load_organizations
from corpora.place_rules import PLACE_UNCERTAIN, check_place_rules, place_paragraph, place_rule_text
from corpora.places import load_places
from corpora.registry import load_all_documents
from corpora.rules import DataRuleError
from lsa_assistant.errors import CorpusError
from lsa_assistant.settings import default_corpus_dir

ORGS = default_corpus_dir() / "organizations" / "organizations.yaml"


@pytest.fixture(scope="module")
def orgs():
    return load_organizations(ORGS)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_corpus_dir(), target)
    return target


def test_place_rules_every_shipped_type_has_one(orgs) -> None:
    check_place_rules(orgs, load_places(), ORGS)
    levels = {a.id: a.place.level for a in orgs.authority_types if a.place}
    assert len(levels) == len(orgs.authority_types)
    assert levels["meldebehoerde"] == levels["pass-ausweisbehoerde"] == "verbandsgemeinde"
    assert levels["zulassungsbehoerde"] == levels["fahrerlaubnisbehoerde"] == "kreis"
    assert levels["familienkasse"] == "bund" and levels["finanzamt"] == "land"
    assert levels["krankenkasse"] == levels["studierendenwerk-bafoeg"] == "none"


def test_place_rules_uncertain_ones_say_why(orgs) -> None:
    uncertain = {a.id for a in orgs.authority_types if a.place and a.place.certainty != "sourced"}
    assert {"wohngeldbehoerde", "standesamt", "gewerbebehoerde", "gesundheitsamt"} <= uncertain
    for a in orgs.authority_types:
        if a.id in uncertain:
            assert a.place.note and PLACE_UNCERTAIN in place_rule_text(a.place)


def test_place_rules_special_cases_are_in_the_record(orgs) -> None:
    bau = orgs.authority_type("untere-bauaufsichtsbehoerde").place
    assert bau.exception_for("150840590590").level == "gemeinde"  # Zeitz
    assert bau.exception_for("150840130130") is None  # Elsteraue: the Burgenlandkreis
    waffen = orgs.authority_type("waffenbehoerde").place
    assert waffen.exception_for("150020000000").level == "land"  # Halle (Saale) via its Kreis 15002
    assert waffen.exception_for("15001") is None  # Dessau-Roßlau is Waffenbehörde itself
    documents, _ = load_all_documents(default_corpus_dir())
    text = next(d.content for d in documents if d.meta["id"] == "org/authority/untere-bauaufsichtsbehoerde")
    assert place_paragraph(bau) in text
    assert "die Städte Naumburg (Saale), Stendal, Köthen (Anhalt), Weißenfels und Zeitz" in text


@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [
        (
            '    place:\n      level: kreis\n      office: "Zulassungsbehörde"\n',
            '    place:\n      level: gemeinde\n      office: "Zulassungsbehörde"\n',
            "E116",
            "does not fit level 'landkreis'",
        ),
        (
            '["150840355355", "150900535535"',
            '["150849999999", "150900535535"',
            "E117",
            "unknown places ['150849999999']",
        ),
    ],
    ids=["level-mismatch", "unknown-place"],
)
def test_place_rules_broken_rule_names_the_file(
    corpus_copy: Path, old: str, new: str, code: str, message: str
) -> None:
    path = corpus_copy / "organizations" / "organizations.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataRuleError) as info:
        load_all_documents(corpus_copy)
    assert info.value.code == code and message in str(info.value)
    assert str(path) in str(info.value)


def test_place_rules_missing_rule_is_e116(corpus_copy: Path) -> None:
    path = corpus_copy / "organizations" / "organizations.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    place:\n      level: bund\n")
    end = text.index("  - id:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DataRuleError, match=r"E116.*familienkasse"):
        load_all_documents(corpus_copy)


def test_place_rules_uncertain_without_note_is_refused(corpus_copy: Path) -> None:
    path = corpus_copy / "organizations" / "organizations.yaml"
    text = path.read_text(encoding="utf-8")
    old = '      office: "Namensänderungsbehörde"\n      certainty: sourced\n'
    assert old in text
    path.write_text(text.replace(old, old.replace("sourced", "uncertain")), encoding="utf-8")
    with pytest.raises(CorpusError, match="needs a 'note'"):
        load_organizations(path)
