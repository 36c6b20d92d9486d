"""Multi-part questions: split only where a second question begins; parts merged with one citation list."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.models import Answer, Citation, Message, Responsible, Subject
from assistant.multipart import as_follow_up, merge_answers, split_enumeration, split_question


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Wer ist für die Polizei zuständig und wer für die Finanzämter?", 2),
        ("Was kostet ein Personalausweis und wo beantrage ich ihn?", 2),
        ("Was kostet der Pass? Und wie lange dauert es?", 2),
        ("Wer ist für Brandschutz und Rettungswesen zuständig?", 1),
        ("Ich bin umgezogen. Was muss ich jetzt tun?", 1),
        ("Wie und wo melde ich mich an?", 1),
        ("Hallo! Was kostet ein Pass?", 1),
        (
            "Wo beantrage ich Kindergeld und wo Elterngeld?",
            2,
        ),  # a question word and a noun: a second question
        ("Wer ist zuständig und wo genau?", 1),  # no noun: not a question of its own
        ("Was ist FIM? Was ist LeiKa? Was ist das OZG? Wer ist das MID? Was ist BUS?", 4),
        # after a comma a question word with a verb starts a question; a dependent clause does not
        ("Was kostet ein Reisepass, wie lange dauert es und was muss ich mitbringen?", 3),
        ("Können Sie mir sagen, wo ich den Ausweis beantrage?", 1),
        ("Sagen Sie mir bitte, was ich mitbringen muss.", 1),
        # "und" with a verb and its subject starts a yes/no question of its own, after a question only
        ("Wie bekommen wir ein Halteverbot vors Haus, und müssen wir uns danach ummelden?", 2),
        ("Was kostet ein Reisepass und ist der sofort fertig?", 2),
        ("Ich habe einen Hund und muss ich den anmelden?", 1),
        ("Kann ich den Antrag online stellen und muss ich dann noch hingehen?", 1),
        ("Wo melde ich mich an und wir ziehen nächste Woche um?", 1),
    ],
)
def test_multipart_split(question: str, parts: int) -> None:
    assert len(split_question(question)) == parts


def test_multipart_later_part_reads_as_follow_up() -> None:
    assert (
        as_follow_up("wo beantrage ich ihn?", "Was kostet ein Personalausweis") == "Und wo beantrage ich ihn?"
    )
    assert as_follow_up("Und wie lange?") == "Und wie lange?"
    assert as_follow_up("wo Elterngeld?", "Wo beantrage ich Kindergeld") == "Und Elterngeld?"
    assert as_follow_up("was der Reisepass?", "Was kostet der Personalausweis") == "Und der Reisepass?"
    # the frame without a closing word: the first part's phrase runs to its end
    assert (
        as_follow_up("welches um die Polizei?", "Welches Ministerium kümmert sich um Schulen")
        == "Welches Ministerium kümmert sich um die Polizei?"
    )
    assert (
        as_follow_up("wer für die Finanzämter?", "Wer ist für die Polizei zuständig")
        == "Wer ist für die Finanzämter zuständig?"
    )


@pytest.mark.parametrize(
    ("first", "part", "completed"),
    [
        (
            "Wer ist für die Polizei zuständig",
            "wer für die Finanzämter?",
            "Wer ist für die Finanzämter zuständig?",
        ),
        (
            "Welches Ministerium ist für die Schulaufsicht zuständig",
            "welches für die Hochschulen?",
            "Welches Ministerium ist für die Hochschulen zuständig?",
        ),
        ("Was kostet ein Pass", "wer für den Ausweis?", "Und wer für den Ausweis?"),  # no frame to borrow
    ],
)
def test_multipart_ellipsis_borrows_the_first_part_frame(first: str, part: str, completed: str) -> None:
    assert as_follow_up(part, first) == completed


def _part(text: str, doc: str, org: str) -> Answer:
    citation = Citation(id=1, label=doc, source="organizations", document_id=doc, quote="q")
    return Answer(
        answer=text,
        intent="responsibility",
        citations=[citation],
        responsible=[Responsible(id=org, name=org, kind="ministry", citations=[1])],
        subjects=[Subject(kind="ministry", id=org, label=org)],
    )


def test_multipart_merge_renumbers_citations_and_keeps_every_part() -> None:
    merged = merge_answers([_part("Das MI [1].", "org/MI", "MI"), _part("Das MF [1].", "org/MF", "MF")])
    assert merged.answer == "1. Das MI [1].\n\n2. Das MF [2]."
    assert [c.id for c in merged.citations] == [1, 2] and [c.document_id for c in merged.citations] == [
        "org/MI",
        "org/MF",
    ]
    assert [(r.id, r.citations) for r in merged.responsible] == [("MI", [1]), ("MF", [2])]
    assert [s.id for s in merged.subjects] == ["MI", "MF"] and not merged.no_answer


def test_multipart_same_citation_keeps_one_number() -> None:
    merged = merge_answers([_part("A [1].", "org/MI", "MI"), _part("B [1].", "org/MI", "MI")])
    assert merged.answer.endswith("2. B [1].") and len(merged.citations) == 1


def test_multipart_a_part_that_repeats_an_earlier_one_word_for_word_is_said_once() -> None:
    same = _part("§ 8 ist nicht enthalten [1].", "org/MI", "MI")
    merged = merge_answers([same, same.model_copy(), _part("Das MF [1].", "org/MF", "MF")])
    assert merged.answer == "1. § 8 ist nicht enthalten [1].\n\n2. Das MF [2]."
    assert merge_answers([same, same.model_copy()]) == same


def test_multipart_names_a_services_lebenslage_once() -> None:
    """Two parts about one service ("Was kostet ein Reisepass? Und welche Unterlagen brauche ich?") both end with
    its Lebenslage; the merged answer says it in the first section only, with one citation."""
    line = "„Reisepass beantragen“ gehört zur Lebenslage „Auslandsaufenthalt“ (OZG-Umsetzungskatalog) [1]."
    merged = merge_answers(
        [_part(f"70 € [1].\n{line}", "org/MI", "MI"), _part(f"Unterlagen [1].\n{line}", "org/MI", "MI")]
    )
    assert merged.answer.count("gehört zur Lebenslage") == 1
    assert merged.answer.endswith("2. Unterlagen [1].") and len(merged.citations) == 1


def test_a_later_part_carries_the_one_subject_the_first_answer_is_about() -> None:
    from assistant.parts import decided_subject

    norm = _part("§ 8 [1].", "egovg-lsa/§8", "x").model_copy(
        update={"subjects": [Subject(kind="norm", id="egovg-lsa/§8", label="§ 8 EGovG LSA")]}
    )
    assert decided_subject(norm) == "§ 8 EGovG LSA"
    assert (
        decided_subject(_part("Das MI [1].", "org/MI", "MI")) is None
    )  # a ministry's label names no question
    asked_back = norm.model_copy(update={"clarification": ["A", "B"]})
    assert decided_subject(asked_back) is None
    two = norm.model_copy(update={"subjects": [*norm.subjects, Subject(kind="service", id="1", label="A")]})
    assert decided_subject(two) is None


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Welches Ministerium ist jeweils zuständig für a) Elterngeld, b) Wohngeld und c) Kindergeld?",
            [
                "Welches Ministerium ist zuständig für Elterngeld?",
                "Welches Ministerium ist zuständig für Wohngeld?",
                "Welches Ministerium ist zuständig für Kindergeld?",
            ],
        ),
        (
            "Wer stellt aus: 1) den Reisepass 2) die Geburtsurkunde?",
            ["Wer stellt aus den Reisepass?", "Wer stellt aus die Geburtsurkunde?"],
        ),
        (
            "Wer ist jeweils zuständig für meine Anmeldung und für das Auto?",
            ["Wer ist zuständig für meine Anmeldung?", "Wer ist zuständig für das Auto?"],
        ),
        (
            "Wer ist wofür zuständig: das Gewerbe, die Gaststätte und die Belehrung?",
            [
                "Wer ist zuständig für das Gewerbe?",
                "Wer ist zuständig für die Gaststätte?",
                "Wer ist zuständig für die Belehrung?",
            ],
        ),
        (  # a story before questions of their own: each item alone (the place stays with the message)
            "Wir ziehen mit Auto und Hund nach Aken. a) Wo melden wir uns an? b) Wer ändert die Fahrzeugpapiere?",
            ["Wo melden wir uns an?", "Wer ändert die Fahrzeugpapiere?"],
        ),
        (  # an item that points back to the story keeps it
            "Wir haben einen Hund. a) Wo melden wir ihn an? b) Was kostet die Hundesteuer?",
            [
                "Wir haben einen Hund. Wo melden wir ihn an?",
                "Wir haben einen Hund. Was kostet die Hundesteuer?",
            ],
        ),
        ("Hinweis: Wer ist für Wohngeld und Kindergeld zuständig?", []),  # a colon, but no distributing frame
        ("Wer ist für die Polizei zuständig und wer für die Finanzämter?", []),  # split_question's case
        ("Ich habe zwei Kinder (3 und 7). Was steht mir zu?", []),
        ("Wo beantrage ich Kindergeld?", []),
    ],
)
def test_multipart_enumeration_asks_each_item_in_the_shared_frame(question: str, parts: list[str]) -> None:
    assert split_enumeration(question) == parts


def _stub_assistant() -> Any:
    """An Assistant on the shipped knowledge with the real analyser; nothing else is loaded."""
    from types import SimpleNamespace

    from assistant.answering import Assistant
    from tests.assistant.analysis_helpers import analyzer, knowledge

    assistant = Assistant(SimpleNamespace(), knowledge=knowledge())  # type: ignore[arg-type]
    assistant.searcher = SimpleNamespace(warm_up=lambda: None, info=None)  # type: ignore[assignment]
    assistant.analyzer, assistant.composer, assistant.understander = analyzer(), object(), object()
    return assistant


def test_a_later_part_that_names_its_own_service_is_asked_alone() -> None:
    from assistant.parts import PartsAnswerer
    from tests.assistant.analysis_helpers import analyzer

    def unused(*args: object) -> Any:
        raise AssertionError("nothing is answered here")

    holder = PartsAnswerer(analyzer(), unused, None)

    def analysed(text: str) -> Any:  # the first part's analysis, as its answer made it
        return analyzer().analyze([Message(role="user", content=text)])

    first = analysed("Wir haben geheiratet. Was muss ich wegen meines Ausweises machen")
    assert holder._names_own_subject("was passiert mit unseren Steuerklassen?", first)
    # no service of its own, or one pointing back: a follow-up of the first part
    assert not holder._names_own_subject("wo beantrage ich ihn?", analysed("Was kostet ein Reisepass"))
    assert not holder._names_own_subject("was kostet das alles?", first)
    # the same service as the first part: a follow-up too
    assert not holder._names_own_subject(
        "wie lange dauert ein Reisepass?", analysed("Was kostet ein Reisepass")
    )


def _asked_histories(question: str) -> list[list[str]]:
    """The conversations the multi-part orchestration hands to the single-question path, one per part."""
    from assistant.models import AnswerTrace, QueryAnalysis
    from tests.assistant.analysis_helpers import analyzer

    assistant = _stub_assistant()
    seen: list[list[str]] = []

    def answer_one(messages: list[Message], place: object = None, analysis: QueryAnalysis | None = None):
        seen.append([m.content for m in messages])
        text = messages[-1].content
        analysed = analysis or analyzer().analyze(messages)
        return Answer(answer=text, intent="service"), AnswerTrace(analysis=analysed)

    assistant._answer_one = answer_one  # type: ignore[method-assign]
    assistant.answer([Message(role="user", content=question)])
    return seen


def test_an_ellipsis_keeps_the_first_part_frame_even_when_it_names_a_service() -> None:
    seen = _asked_histories(
        "Welches Ministerium ist für das Wohngeld zuständig und welches für die Ausbildungsförderung nach dem BAföG?"
    )
    assert seen[1][-1] == "Welches Ministerium ist für die Ausbildungsförderung nach dem BAföG zuständig?"


def test_a_later_part_that_names_two_subjects_is_one_question_each() -> None:
    seen = _asked_histories("Wer meldet die Geburt, und wo beantragen wir Kindergeld und Elterngeld?")
    assert [h[-1] for h in seen] == [
        "Wer meldet die Geburt",
        "wo beantragen wir Kindergeld?",  # it names services of its own: asked alone, not as a follow-up
        "wo beantragen wir Elterngeld?",
    ]


def test_the_story_before_a_first_part_that_names_its_service_is_context() -> None:
    seen = _asked_histories(
        "Ich bin 30 und brauche Perso und Reisepass neu. Was kostet der Perso und wie lange gilt der Pass?"
    )
    assert seen[0] == ["Was kostet der Perso"]
    # a question that names nothing of its own keeps its story
    kept = _asked_histories("Wir haben einen Hund. Was müssen wir tun, und bis wann?")
    assert kept[0][0].startswith("Wir haben einen Hund.")


def test_story_and_question() -> None:
    from assistant.multipart import story_and_question

    assert story_and_question("Wir ziehen um. Ich habe einen Hund! Wo melde ich ihn an") == (
        "Wir ziehen um. Ich habe einen Hund!",
        "Wo melde ich ihn an",
    )
    assert story_and_question("Wo melde ich mich an") == ("", "Wo melde ich mich an")


def test_a_part_analysed_alone_is_not_analysed_again_to_be_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.assistant.analysis_helpers import analyzer

    texts: list[str] = []
    original = analyzer().analyze
    monkeypatch.setattr(
        analyzer(), "analyze", lambda messages: (texts.append(messages[-1].content), original(messages))[1]
    )
    _asked_histories(
        "Ich bin 30 und brauche Perso und Reisepass neu. Was kostet der Perso und wie lange gilt der Pass?"
    )
    assert texts.count("Was kostet der Perso") == 1


def _parts_answerer(first_is_follow_up: bool) -> tuple[object, list[list[str]]]:
    from assistant.models import AnswerTrace, QueryAnalysis
    from assistant.parts import PartsAnswerer

    asked: list[list[str]] = []

    class Analyzer:
        def analyze(self, history: list) -> QueryAnalysis:
            return QueryAnalysis(text=history[-1].content, resolved_text="", intent="legal")

    def answer_one(history: list, place: object, analysis: object) -> tuple[Answer, AnswerTrace]:
        asked.append([m.content for m in history])
        subject = Subject(kind="norm", id="egovg-lsa/§8", label="§ 8 EGovG LSA")
        trace = AnswerTrace(
            analysis=QueryAnalysis(text="", resolved_text="", intent="legal", follow_up=first_is_follow_up)
        )
        return Answer(answer="§ 8 fehlt.", intent="legal", subjects=[subject]), trace

    return PartsAnswerer(Analyzer(), answer_one, None), asked


def test_a_later_part_is_asked_after_the_first_answers_subject() -> None:
    parts, asked = _parts_answerer(first_is_follow_up=False)
    message = Message(role="user", content="Was regelt § 8, und wie lautet er?")
    parts.questions([message], ["Was regelt § 8", "wie lautet er?"])
    assert asked == [["Was regelt § 8"], ["§ 8 EGovG LSA", "Und wie lautet er?"]]


def test_after_a_first_part_that_is_itself_a_follow_up_the_later_part_keeps_the_users_words() -> None:
    parts, asked = _parts_answerer(first_is_follow_up=True)
    message = Message(role="user", content="Und mein Auto? Muss ich damit auch zur Verbandsgemeinde?")
    parts.questions([message], ["Und mein Auto?", "Muss ich damit auch zur Verbandsgemeinde?"])
    assert asked[1] == ["Und mein Auto?", "Und muss ich damit auch zur Verbandsgemeinde?"]
