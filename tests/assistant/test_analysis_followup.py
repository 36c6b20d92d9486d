"""Follow-ups resolved against the earlier user turns of ``messages`` (the API is stateless)."""

from __future__ import annotations

import pytest

from assistant.analysis import QueryAnalyzer
from assistant.models import Message
from tests.assistant.analysis_helpers import analyzer, ask, converse

PERSO, REISEPASS, WOHNSITZ = "99008001012000", "99085001012000", "99115005104000"


@pytest.mark.parametrize(
    ("turns", "intent", "aspect", "service"),
    [
        (("Ich will meinen Perso verlängern", "Und was kostet das?"), "service", "kosten", PERSO),
        (
            ("Personalausweis beantragen", "Welche Unterlagen brauche ich dafür?"),
            "service",
            "unterlagen",
            PERSO,
        ),
        (
            ("Wo melde ich meinen Wohnsitz an?", "Und wer ist da fachlich zuständig?"),
            "responsibility",
            "zustaendigkeit",
            WOHNSITZ,
        ),
        (("Wohnsitz anmelden", "wie lange dauert das"), "service", "fristen", WOHNSITZ),
        (("Was kostet ein Personalausweis?", "Und für Reisepass?"), "service", "kosten", REISEPASS),
        (
            ("Welche Unterlagen brauche ich für den Reisepass?", "und beim perso?"),
            "service",
            "unterlagen",
            PERSO,
        ),
        (
            ("Perso", "Und was kostet das?", "Welche Unterlagen brauche ich dafür?"),
            "service",
            "unterlagen",
            PERSO,
        ),
        (
            ("What does a passport cost?", "And what documents do I need for it?"),
            "service",
            "unterlagen",
            REISEPASS,
        ),
    ],
)
def test_analysis_followup_resolves(
    warm: QueryAnalyzer, turns: tuple[str, ...], intent: str, aspect: str, service: str
) -> None:
    analysis = ask(*turns)
    assert analysis.follow_up
    assert (analysis.intent, analysis.aspect) == (intent, aspect)
    assert analysis.of_kind("service")[0].id == service
    assert analysis.text == turns[-1]


def test_analysis_followup_resolved_text_names_the_carried_entity(warm: QueryAnalyzer) -> None:
    analysis = ask("Wer ist für die Bezahlplattform zuständig?", "Und was ist das genau?")
    assert analysis.follow_up
    assert analysis.of_kind("ozg_role")[0].id == "MID/role/5"
    assert "Bezahlplattform" in analysis.resolved_text
    assert analysis.resolved_text.startswith("Und was ist das genau?")


def test_analysis_followup_new_explicit_entity_replaces_old(warm: QueryAnalyzer) -> None:
    analysis = ask("Was kostet ein Personalausweis?", "Welche Unterlagen brauche ich für die Eheschließung?")
    assert not analysis.follow_up
    assert [e.id for e in analysis.of_kind("service")] == ["99059001104000"]


def test_analysis_followup_first_turn_is_no_follow_up(warm: QueryAnalyzer) -> None:
    analysis = ask("Und was kostet das?")
    assert not analysis.follow_up
    assert analysis.entities == []
    assert analysis.resolved_text == "Und was kostet das?"


def test_analysis_followup_unrelated_question_does_not_inherit(warm: QueryAnalyzer) -> None:
    analysis = ask("Was kostet ein Personalausweis?", "Wie wird das Wetter morgen?")
    assert analysis.intent == "out_of_scope"
    assert not analysis.follow_up and analysis.entities == []


def test_analysis_followup_thanks_stays_smalltalk(warm: QueryAnalyzer) -> None:
    analysis = ask("Was kostet ein Personalausweis?", "Danke!")
    assert analysis.intent == "smalltalk" and not analysis.follow_up


def test_analysis_followup_skips_assistant_turns_and_keeps_ambiguity(warm: QueryAnalyzer) -> None:
    analysis = converse("Stütze beantragen", "Meinen Sie Bürgergeld oder Sozialhilfe?", "Und was kostet das?")
    assert analysis.follow_up and analysis.intent == "service"
    assert len(analysis.ambiguous) == 2


def test_analysis_followup_no_user_message_is_out_of_scope(warm: QueryAnalyzer) -> None:
    analysis = analyzer().analyze([Message(role="assistant", content="Hallo!")])
    assert analysis.intent == "out_of_scope" and analysis.text == ""


def test_analysis_followup_definite_article_points_back(warm: QueryAnalyzer) -> None:
    analysis = ask("Wir wollen heiraten", "Wie lange ist die Anmeldung gültig?")
    assert analysis.follow_up and analysis.of_kind("service")[0].id == "99059001104000"


def test_analysis_followup_unknown_new_subject_is_not_carried(warm: QueryAnalyzer) -> None:
    analysis = ask("Was kostet ein Personalausweis?", "Was kostet eine Pizza?")
    assert analysis.intent == "out_of_scope" and not analysis.follow_up


def test_analysis_followup_demonstrative_carries_a_norm(warm: QueryAnalyzer) -> None:
    analysis = ask("Was steht in § 9 EGovG LSA?", "Ab wann gilt diese Pflicht?")
    assert analysis.follow_up and analysis.intent == "legal"
    assert analysis.of_kind("norm")[0].id == "egovg-lsa/§9"
    assert "§ 9 EGovG LSA" in analysis.resolved_text


def test_analysis_followup_assistant_reply_settles_an_ambiguity(warm: QueryAnalyzer) -> None:
    analysis = converse(
        "Ich will mein Auto verschrotten.",
        "Dann lassen Sie es außer Betrieb setzen [1].",
        "Wer ist dafür zuständig?",
    )
    assert analysis.follow_up and analysis.ambiguous == []
    assert analysis.of_kind("service")[0].id == "99036026017000"


def test_analysis_followup_without_the_reply_the_ambiguity_stays(warm: QueryAnalyzer) -> None:
    analysis = ask("Ich will mein Auto verschrotten.", "Wer ist dafür zuständig?")
    assert len(analysis.ambiguous) >= 2


def test_analysis_followup_new_domain_subject_is_not_carried(warm: QueryAnalyzer) -> None:
    analysis = ask(
        "Wer ist für die FIM-Landesredaktion zuständig?", "Und wer koordiniert die OZG-Umsetzung insgesamt?"
    )
    assert not analysis.follow_up and "MI/role/1" not in {e.id for e in analysis.entities}


def test_analysis_followup_absatz_narrows_the_carried_norm(warm: QueryAnalyzer) -> None:
    analysis = ask("Was regelt § 9 EGovG LSA?", "Und was steht in Absatz 5?")
    assert analysis.follow_up and analysis.of_kind("norm")[0].id == "egovg-lsa/§9/abs5"
    assert analysis.of_kind("norm")[0].label == "§ 9 Abs. 5 EGovG LSA"
    other = ask("Was regelt § 9 EGovG LSA?", "Ab wann gilt diese Pflicht?")
    assert other.of_kind("norm")[0].id == "egovg-lsa/§9"  # no Absatz named: the § stays whole
    # an Absatz of the previous turn is replaced by the one this turn names
    narrower = ask("Was regelt § 16 Abs. 3 EGovG LSA?", "Und gibt es noch einen Absatz 4?")
    assert narrower.of_kind("norm")[0].id == "egovg-lsa/§16/abs4"
    assert narrower.of_kind("norm")[0].label == "§ 16 Abs. 4 EGovG LSA"


def test_analysis_followup_without_question_word_carries_the_subject(warm: QueryAnalyzer) -> None:
    analysis = ask("Gibt es Unterhaltsvorschuss?", "kriege ich das auch rückwirkend")
    assert analysis.follow_up and analysis.of_kind("service")[0].id == "99107021017000"


def test_analysis_followup_weak_link_does_not_replace_the_subject(warm: QueryAnalyzer) -> None:
    from assistant.analysis.followup import ANCHOR_SCORE

    alone = ask("Gilt das auch für eine notarielle Urkunde?")
    assert alone.entities and all(e.score < ANCHOR_SCORE for e in alone.entities)  # only weak links
    analysis = ask("Wer stellt Apostillen aus?", "Gilt das auch für eine notarielle Urkunde?")
    assert analysis.follow_up and "99014002035001" in {e.id for e in analysis.of_kind("service")}


def test_analysis_followup_previous_question_text_goes_along_when_no_entity_names_it(
    warm: QueryAnalyzer,
) -> None:
    first = "Was muss ich bei einem Trauerfall tun?"
    assert not ask(first).entities
    analysis = ask(first, "Und wie lange habe ich dafür Zeit?")
    assert analysis.follow_up and analysis.resolved_text == f"Und wie lange habe ich dafür Zeit? {first}"
    unrelated = ask(first, "Was kostet ein Personalausweis?")  # names its own subject: nothing goes along
    assert not unrelated.follow_up and unrelated.resolved_text == "Was kostet ein Personalausweis?"


@pytest.mark.parametrize(
    "turn",
    [
        "Geht das auch schneller? Ich fliege in zehn Tagen.",  # "Tagen": a new noun, a circumstance
        "Gilt das auch für meinen Freund?",
        "Kann ich ihn auch für meine Tochter abholen?",
    ],
)
def test_analysis_followup_pronoun_carries_the_subject_past_a_new_noun(
    warm: QueryAnalyzer, turn: str
) -> None:
    analysis = ask("Was kostet ein Reisepass?", turn)
    assert analysis.follow_up and analysis.of_kind("service")[0].id == REISEPASS


@pytest.mark.parametrize(
    "turn", ["Wie wird das Wetter morgen?", "Was kostet das Mittagessen in der Kantine?"]
)
def test_analysis_followup_das_as_article_of_a_new_noun_does_not_carry(
    warm: QueryAnalyzer, turn: str
) -> None:
    analysis = ask("Was kostet ein Reisepass?", turn)
    assert not analysis.follow_up and not analysis.of_kind("service")


def test_analysis_followup_carries_the_subject_the_reply_named(warm: QueryAnalyzer) -> None:
    # the first turn told a situation and named no service; the answer in between named it
    analysis = converse(
        "Ich habe auf dem Parkplatz einen goldenen Ring gefunden.",
        "Zu „Fundsache abgeben oder abholen“: Wer eine Sache findet, muss den Fund unverzüglich anzeigen.",
        "Und wenn sich keiner meldet, darf ich ihn dann behalten?",
    )
    assert analysis.follow_up and analysis.of_kind("service")[0].id == "99089017152000"
    # a turn that names its own subject keeps it; a first turn that named one keeps that one
    own = converse(
        "Ich habe einen Ring gefunden.", "Zu „Fundsache abgeben oder abholen“: …", "Was kostet ein Reisepass?"
    )
    assert own.of_kind("service")[0].id == "99085001012000"
    named = converse(
        "Was kostet ein Reisepass?", "Zu „Fundsache abgeben oder abholen“: …", "Und wie lange dauert das?"
    )
    assert named.of_kind("service")[0].id == "99085001012000"


@pytest.mark.parametrize(
    ("first", "then", "label"),
    [
        # a definite noun that names part of the previous subject points back to it …
        (
            "Wir wollen heiraten. Wo melden wir die Eheschließung an?",
            "Unser Wunschtermin ist erst in acht Monaten. Können wir die Anmeldung trotzdem jetzt schon erledigen?",
            "Eheschließung anmelden",
        ),
        # … and links nothing new through itself ("Antrag" is no "Bauantrag" here)
        ("Wie viel Elterngeld bekommen wir?", "ok und wo stellen wir den Antrag?", "Elterngeld beantragen"),
        # the last part of the subject's compound points back too
        (
            "Wie beantrage ich einen Bewohnerparkausweis?",
            "Was kostet der Ausweis?",
            "Bewohnerparkausweis beantragen",
        ),
        ("Wie bekomme ich einen Angelschein?", "Wie lange gilt der Schein?", "Fischereischein beantragen"),
    ],
)
def test_followup_a_definite_noun_naming_the_subject_points_back(first: str, then: str, label: str) -> None:
    analysis = ask(first, then)
    assert analysis.follow_up
    services = [e.label for e in analysis.entities if e.kind == "service"]
    assert services and services[0] == label


def test_followup_a_noun_with_its_own_genitive_is_no_pointer() -> None:
    """ "die Schließung meines Geschäfts" names its own thing, not the "Eheschließung" asked before."""
    analysis = ask("Wo melden wir die Eheschließung an?", "Wie melde ich die Schließung meines Geschäfts an?")
    assert not any(e.label == "Eheschließung anmelden" for e in analysis.entities)


def test_followup_a_new_subject_beside_a_noun_pointing_back_is_still_new() -> None:
    """ "die Erlaubnis" points back, "ein Gewerbe anmelden" is asked about: the new subject is linked."""
    analysis = ask(
        "Ich will Versicherungsmakler werden. Welche Erlaubnis brauche ich?",
        "Muss ich zusätzlich noch ein Gewerbe anmelden, oder reicht die Erlaubnis?",
    )
    assert analysis.entities[0].label == "Gewerbe anmelden"


@pytest.mark.parametrize(
    ("first", "then", "label"),
    [
        # the previous subject's object noun, with a new verb, asks about the new service
        (
            "Ich möchte mein Auto zulassen.",
            "Muss ich das Fahrzeug vorher abmelden?",
            "Fahrzeug außer Betrieb",
        ),
        ("Wo melde ich meinen Wohnsitz an?", "Wie melde ich den Wohnsitz wieder ab?", "Wohnsitz abmelden"),
        (
            "Wo melden wir die Eheschließung an?",
            "Was kostet die Anmeldung eines Wohnsitzes?",
            "Wohnsitz anmelden",
        ),
        ("Wie beantrage ich Elterngeld?", "Muss ich den Antrag auf Kindergeld extra stellen?", "Kindergeld"),
        # a compound around the noun is no word of the subject's name; a noun after a comma opens a clause
        (
            "Wo beantrage ich eine Geburtsurkunde?",
            "Muss ich die Geburt beim Standesamt anzeigen?",
            "Geburt anzeigen",
        ),
        (
            "Wo melde ich meinen Wohnsitz an?",
            "Gibt es eine Stelle, die Wohnsitze abmelden kann?",
            "Wohnsitz abmelden",
        ),
    ],
)
def test_followup_a_noun_pointing_back_keeps_a_new_subject_named_by_its_own_words(
    first: str, then: str, label: str
) -> None:
    analysis = ask(first, then)
    assert any(e.label.startswith(label) for e in analysis.entities if e.kind == "service")
