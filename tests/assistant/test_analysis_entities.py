"""Entity linking from the corpus: services (names, synonyms, typos, compounds, LeiKa keys),
ministries, areas, OZG roles, topics, authority types and norms; ambiguity."""

from __future__ import annotations

import pytest

from assistant.analysis import QueryAnalyzer
from assistant.models import QueryAnalysis
from tests.assistant.analysis_helpers import ask, knowledge


def _first(analysis: QueryAnalysis, kind: str) -> str | None:
    found = analysis.of_kind(kind)
    return found[0].id if found else None


SERVICES = [
    ("Was kostet ein Perso?", "99008001012000"),
    ("perso verlängern", "99008001012000"),
    ("Wie beantrage ich einen Fürerschein?", "99108047001001"),
    ("Welche Unterlagen brauche ich für den Persnalausweis", "99008001012000"),
    ("Kfz anmelden", "99036020001000"),
    ("Ich möchte mein Auto anmelden", "99036020001000"),
    ("Was kostet der Führerscheinumtausch?", "99108049012001"),
    ("Fuehrerschein umtauschen", "99108049012001"),
    ("Wo melde ich meinen Wohnsitz an?", "99115005104000"),
    ("Ummeldung nach Umzug", "99115005104000"),
    ("Wie bekomme ich eine Geburtsurkunde", "99027002012000"),
    ("Hochzeit anmelden", "99059001104000"),
    ("Ich will heiraten", "99059001104000"),
    ("Was kostet ein Reisepass?", "99085001012000"),
    ("Leistung 99115005104000", "99115005104000"),
    ("Hundesteuer", "99102013104000"),
    ("Angelschein beantragen", "99042001012000"),
    ("Wie bekomme ich Wohngeld?", "99107023037000"),
    ("Geburt anzeigen", "geburt-anzeigen"),
    ("How do I register my residence?", "99115005104000"),
    ("How much is an identity card?", "99008001012000"),
    ("Where do I apply for a driving licence?", "99108047001001"),
]


@pytest.mark.parametrize(("question", "key"), SERVICES)
def test_analysis_entities_service(warm: QueryAnalyzer, question: str, key: str) -> None:
    analysis = ask(question)
    assert _first(analysis, "service") == key
    assert knowledge().service(key) is not None


ORGANIZATIONS = [
    ("Wer ist für die Bezahlplattform zuständig?", "ozg_role", "MID/role/5"),
    ("Who is responsible for the payment platform?", "ozg_role", "MID/role/5"),
    ("Wer macht die FIM-Landesredaktion?", "ozg_role", "MI/role/1"),
    ("Wer betreibt das Nutzerkonto?", "ozg_role", "MID/role/3"),
    ("Wer ist für das Landesnetz zuständig?", "ozg_role", "MID/role/2"),
    ("Wer ist der CIO des Landes?", "ozg_role", "MID/role/1"),
    ("Wer ist für den BUS LSA zuständig?", "ozg_role", "MI/role/3"),
    ("Was macht das MID?", "ministry", "MID"),
    ("wofür ist das mi zuständig", "ministry", "MI"),
    ("Was macht das Innenministerium?", "ministry", "MI"),
    ("Finanzministerium Aufgaben", "ministry", "MF"),
    ("Ist das Bildungsministerium zuständig?", "ministry", "MB"),
    ("Ministerium für Infrastruktur und Digitales", "ministry", "MID"),
    ("Was macht die Staatskanzlei?", "ministry", "StK"),
    ("Wer digitalisiert die Leistungen des Justizministeriums?", "ministry", "MJ"),  # genitive
    ("Wer ist für Bildung zuständig?", "ministry", "MB"),  # a subject word of the name
    ("Which ministry is responsible for schools?", "area", "MB/area/1"),
    ("Gilt das EGovG LSA für den Landesrechnungshof?", "norm", "egovg-lsa/§1"),  # Geltungsbereich
    ("Welches Ministerium ist für Digitalisierung zuständig?", "area", "MID/area/1"),
    ("Wer ist für Melderecht zuständig?", "topic", "relation/1"),
    ("Wer ist für Kfz-Zulassung zuständig", "topic", "relation/6"),
    ("Was ist eine Meldebehörde?", "authority_type", "meldebehoerde"),
    ("Was macht das Standesamt?", "authority_type", "standesamt"),
]


@pytest.mark.parametrize(("question", "kind", "ident"), ORGANIZATIONS)
def test_analysis_entities_organizations(warm: QueryAnalyzer, question: str, kind: str, ident: str) -> None:
    assert _first(ask(question), kind) == ident


@pytest.mark.parametrize(
    "ident", ["MID/role/5", "MI/role/1", "relation/1", "MID/area/1", "MI", "authority/meldebehoerde"]
)
def test_analysis_entities_ids_match_chunk_ids(ident: str) -> None:
    assert f"org/{ident}" in knowledge().chunks


NORMS = [
    ("Was regelt § 9 Abs. 1 EGovG LSA?", "egovg-lsa/§9/abs1", "§ 9 Abs. 1 EGovG LSA"),
    ("was steht in paragraf 9 egovg lsa", "egovg-lsa/§9", "§ 9 EGovG LSA"),
    ("Was steht in § 5 EGovG LSA?", "egovg-lsa/§5", "§ 5 EGovG LSA"),
    ("Was sagt § 17?", "egovg-lsa/§17", "§ 17 EGovG LSA"),
    ("Was steht in § 17 BMG?", "BMG/§17", "§ 17 BMG"),
]


@pytest.mark.parametrize(("question", "ident", "label"), NORMS)
def test_analysis_entities_norms(warm: QueryAnalyzer, question: str, ident: str, label: str) -> None:
    norm = ask(question).of_kind("norm")[0]
    assert (norm.id, norm.label) == (ident, label)


def test_analysis_entities_missing_paragraph_is_still_linked(warm: QueryAnalyzer) -> None:
    assert 5 in knowledge().law.missing_paragraphs()
    assert _first(ask("§ 5 EGovG LSA"), "norm") == "egovg-lsa/§5"


def test_analysis_entities_paragraph_title_links_norm_weakly(warm: QueryAnalyzer) -> None:
    norm = ask("Was sagt das Gesetz über Basisdienste?").of_kind("norm")
    assert norm and norm[0].id == "egovg-lsa/§17" and norm[0].score < 0.85


@pytest.mark.parametrize(
    "question",
    ["Wer ist für die Bezahlplattform zuständig?", "Was kostet ein Perso?", "Sozialhilfe", "§ 9 EGovG LSA"],
)
def test_analysis_entities_scores_bounded_and_sorted(warm: QueryAnalyzer, question: str) -> None:
    scores = [e.score for e in ask(question).entities]
    assert scores and all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Stütze beantragen", {"99107108017000", "99107012017000"}),
        ("Was kostet ein Ausweis?", {"99008001012000", "99008001012002"}),
        ("Kennzeichen", {"99036020001000", "99036049069000"}),
        ("Parkausweis", {"99108001001000", "99108009012000"}),
    ],
)
def test_analysis_entities_ambiguous(warm: QueryAnalyzer, question: str, expected: set[str]) -> None:
    analysis = ask(question)
    assert expected <= {e.id for e in analysis.ambiguous}
    assert len(analysis.of_kind("service")) == 1  # the rivals are offered, not asserted


@pytest.mark.parametrize(
    "question",
    ["Was kostet ein Perso?", "Führerschein umtauschen", "Wohnsitz anmelden", "Was kostet ein Reisepass?"],
)
def test_analysis_entities_clear_winner_is_not_ambiguous(warm: QueryAnalyzer, question: str) -> None:
    assert ask(question).ambiguous == []


def test_analysis_entities_two_named_services_are_both_kept(warm: QueryAnalyzer) -> None:
    analysis = ask("Was kosten Personalausweis und Reisepass?")
    assert {e.id for e in analysis.of_kind("service")} == {"99008001012000", "99085001012000"}
    assert analysis.ambiguous == []


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("Hartz 4 beantragen", "99107108017000"),  # "Hartz IV" in the synonyms
        ("Kann ich mich von der Gurtpflicht befreien lassen?", "99108025001000"),  # stem + compound part
        ("Kostet die Anmeldung des Wohnsitzes eine Gebühr?", "99115005104000"),  # "an-" is not "ab-"
        ("Ich will ne Kneipe aufmachen, brauch ich ne Konzession?", "99025002169000"),  # two synonyms add up
        ("Wo melde ich mich an, wenn ich umziehe? Wohnsitz!", "99115005104000"),  # separable verb
        ("perso weg was nu", "99008001014002"),  # colloquial "weg" = "verloren"
    ],
)
def test_analysis_entities_service_robustness(warm: QueryAnalyzer, question: str, key: str) -> None:
    assert _first(ask(question), "service") == key


def test_analysis_entities_region_name_links_no_service(warm: QueryAnalyzer) -> None:
    analysis = ask("Welches ist das Digitalministerium von Sachsen-Anhalt?")
    assert [e.id for e in analysis.entities] == ["MID"]


def test_analysis_entities_verb_alone_links_no_service(warm: QueryAnalyzer) -> None:
    assert ask("Welche Stellen sind vom Gesetz ausgenommen?").of_kind("service") == []


def test_analysis_entities_named_authority_settles_an_ambiguity(warm: QueryAnalyzer) -> None:
    analysis = ask("Innerhalb welcher Frist muss eine Geburt dem Standesamt angezeigt werden?")
    assert analysis.ambiguous == []
    assert _first(analysis, "service") == "geburt-anzeigen"
    assert _first(analysis, "authority_type") == "standesamt"


def test_analysis_entities_title_norm_does_not_outrank_a_role(warm: QueryAnalyzer) -> None:
    analysis = ask("Wer ist für die Basisdienste zuständig?")
    assert analysis.intent == "responsibility"
    assert analysis.of_kind("norm") == []
    assert _first(analysis, "ozg_role") == "MID/role/8"


def test_analysis_entities_law_named_without_paragraph_is_no_norm(warm: QueryAnalyzer) -> None:
    analysis = ask("Welche Pflichten hat eine Behörde nach dem EGovG LSA?")
    assert analysis.intent == "legal"
    assert all(e.id != "egovg-lsa" for e in analysis.entities)


def test_analysis_entities_named_ministry_keeps_only_its_own_role(warm: QueryAnalyzer) -> None:
    analysis = ask("Wer digitalisiert die Verwaltungsleistungen des Justizministeriums?")
    roles = {e.id for e in analysis.of_kind("ozg_role")}
    assert roles == {"MJ/role/1"}
