"""Coordinated subjects: one question frame with several linked subjects becomes one question per subject."""

from __future__ import annotations

import pytest

from assistant.coordination import coordinated_parts
from assistant.models import EntityRef


def ref(kind: str, ident: str, matched: str, score: float = 0.95) -> EntityRef:
    return EntityRef(kind=kind, id=ident, label=ident, score=score, matched=matched)  # type: ignore[arg-type]


KINDERGELD = ref("topic", "relation/14", "kindergeld kinderzuschlag")
ELTERNGELD = ref("service", "99041006017000", "elterngeld beantrage")
AUSWEIS = ref("service", "99008001012000", "personalausweis beantrage neuen")
ZEUGNIS = ref("topic", "relation/24", "fuehrungszeugnis")
BAFOEG = ref("service", "99022001017003", "bafoeg", 0.9)
WOHNGELD = ref("service", "99107023037000", "wohngeld")


def test_two_subjects_joined_by_und_become_two_questions() -> None:
    assert coordinated_parts("Wo beantrage ich Kindergeld und Elterngeld?", [KINDERGELD, ELTERNGELD]) == [
        "Wo beantrage ich Kindergeld?",
        "Wo beantrage ich Elterngeld?",
    ]


def test_articles_stay_with_their_conjunct_and_the_frame_with_every_part() -> None:
    question = (
        "Ich brauche einen neuen Personalausweis und ein Führungszeugnis für den Job. Wo beantrage ich was?"
    )
    assert coordinated_parts(question, [AUSWEIS, ZEUGNIS]) == [
        "Ich brauche einen neuen Personalausweis für den Job. Wo beantrage ich was?",
        "Ich brauche ein Führungszeugnis für den Job. Wo beantrage ich was?",
    ]


def test_a_question_typed_in_lower_case() -> None:
    assert coordinated_parts("wo beantrage ich kindergeld und elterngeld", [KINDERGELD, ELTERNGELD]) == [
        "wo beantrage ich kindergeld",
        "wo beantrage ich elterngeld",
    ]


def test_a_list_with_commas_and_acronyms() -> None:
    parts = coordinated_parts(
        "Wer ist für Wohngeld, Elterngeld und BAföG zuständig?", [WOHNGELD, ELTERNGELD, BAFOEG]
    )
    assert parts == [
        "Wer ist für Wohngeld zuständig?",
        "Wer ist für Elterngeld zuständig?",
        "Wer ist für BAföG zuständig?",
    ]


@pytest.mark.parametrize(
    ("question", "entities"),
    [
        # only one conjunct names a subject
        ("Welche Unterlagen brauche ich für Geburt und Namensgebung?", [ref("service", "geburt", "geburt")]),
        # both words name the same subject
        ("Wo beantrage ich Kindergeld und Kinderzuschlag?", [KINDERGELD]),
        # "oder" offers alternatives
        ("Brauche ich Kindergeld oder Elterngeld?", [KINDERGELD, ELTERNGELD]),
        # a weak link is no conjunct
        ("Wo beantrage ich Kindergeld und Elterngeld?", [KINDERGELD, ref("service", "x", "elterngeld", 0.5)]),
        # the subjects are not joined: a verb stands between them
        ("Ich bekomme Kindergeld und beantrage jetzt Elterngeld", [KINDERGELD, ELTERNGELD]),
        # lower-case words are not nouns that name a subject, unless the whole question is lower case
        ("Wo beantrage ich kindergeld und elterngeld", [KINDERGELD, ELTERNGELD]),
    ],
)
def test_no_split(question: str, entities: list[EntityRef]) -> None:
    assert coordinated_parts(question, entities) == []


def test_conjuncts_never_span_two_sentences() -> None:
    # "… Perso und Reisepass neu. Was kostet …" coordinates within the first sentence only
    assert (
        coordinated_parts("Ich habe Kindergeld. Elterngeld, wo beantrage ich das?", [KINDERGELD, ELTERNGELD])
        == []
    )
    assert coordinated_parts(
        "Wir haben ein Baby. Wo beantragen wir Kindergeld und Elterngeld?", [KINDERGELD, ELTERNGELD]
    ) == [
        "Wir haben ein Baby. Wo beantragen wir Kindergeld?",
        "Wir haben ein Baby. Wo beantragen wir Elterngeld?",
    ]
