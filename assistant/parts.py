"""Answering a message that asks several questions: one answer part per question (:mod:`assistant.multipart`
splits, this module decides how each part is asked).

* an enumeration ("Was brauche ich für 1. … 2. …") asks each item in the shared frame;
* later parts are follow-ups of the first, unless they name a service of their own ("…, und was passiert mit der
  Steuerklasse?"), or a frame without a verb is completed from the first part ("… und welches für das BAföG?");
* a part that names several subjects in one frame is asked once per subject (:mod:`assistant.coordination`);
* a story before the first question is context when the question asks on its own and names a service.

Each part is answered by the assistant's single-question path, passed in as ``answer_one``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.coordination import coordinated_parts
from assistant.models import Answer, AnswerTrace, Message, QueryAnalysis
from assistant.multipart import as_follow_up, asks_on_its_own, complete_ellipsis, story_and_question

#: The link score with which a later part of a multi-part question names a service of its own.
OWN_SUBJECT = 0.5

AnswerOne = Callable[[list[Message], Any, QueryAnalysis | None], tuple[Answer, AnswerTrace]]
Answered = list[tuple[Answer, AnswerTrace]]


#: Subjects whose label, asked alone, names them again: a later part that points back carries them.
CARRIED_KINDS = frozenset({"service", "norm"})


def decided_subject(first: Answer) -> str | None:
    """The label of the one subject the first part's answer is about ("§ 8 EGovG LSA"); None when it asked
    back, or is about several subjects or about none that its label would name again."""
    if first.clarification or len({(s.kind, s.id) for s in first.subjects}) != 1:
        return None
    subject = first.subjects[0]
    return subject.label if subject.kind in CARRIED_KINDS and subject.label else None


class PartsAnswerer:
    """Answers the parts of one message; per message, so a part analysed alone is not analysed again."""

    def __init__(self, analyzer: Any, answer_one: AnswerOne, place: Any) -> None:
        self.analyzer = analyzer
        self.answer_one = answer_one
        self.place = place
        self.seen: dict[str, QueryAnalysis] = {}

    def _ask(
        self, history: list[Message], analysis: QueryAnalysis | None = None
    ) -> tuple[Answer, AnswerTrace]:
        return self.answer_one(history, self.place, analysis)

    def enumeration(self, messages: list[Message], items: list[str]) -> Answered:
        """Each item of an enumeration on its own, in the conversation so far."""
        return [self._ask([*messages[:-1], Message(role="user", content=item)]) for item in items]

    def subjects(self, messages: list[Message], conjuncts: list[str]) -> Answered:
        """One frame, several subjects: each is a question of its own."""
        return [self._ask([*messages[:-1], Message(role="user", content=c)]) for c in conjuncts]

    def questions(self, messages: list[Message], parts: list[str]) -> Answered:
        """Several questions in one message: the first as asked, later ones as its follow-ups or on their own."""
        answered: Answered = []
        asked: list[Message] = []
        for number, part in enumerate(parts):
            completed = complete_ellipsis(part, parts[0]) if number else None
            if number == 0:  # "Ich brauche Perso und Pass neu. Was kostet der Perso": the story is context
                part = self._question_after_story(part)
            # "…, und was passiert mit der Steuerklasse?" (the first part's analysis is the one its answer made)
            if number and completed is None and self._names_own_subject(part, answered[0][1].analysis):
                history = [*messages[:-1], Message(role="user", content=part)]
            elif number and completed is None and (subject := self._decided(answered[0])) is not None:
                # "…, und wie lautet er?" asks about what the first part's answer is about, not about another
                # word of the first part's story ("… vom Gesundheitsamt. Was ist das, und muss ich das
                # wiederholen?" was answered about the Belehrung, so "das" is the Belehrung)
                follow_up = Message(role="user", content=as_follow_up(part, parts[0]))
                history = [*messages[:-1], Message(role="user", content=subject), follow_up]
            else:
                asked.append(
                    Message(role="user", content=part if number == 0 else as_follow_up(part, parts[0]))
                )
                history = [*messages[:-1], *asked]
            answered += self._coordinated(history)
        return answered

    @staticmethod
    def _decided(first: tuple[Answer, AnswerTrace]) -> str | None:
        """The first part's decided subject, when the first part asked on its own: a first part that is itself a
        follow-up fragment ("Und mein Auto?") decided from the turns before, and the later part's own words
        ("Muss ich damit …?") say more than that decision."""
        answer, trace = first
        if trace.analysis is None or trace.analysis.follow_up:
            return None
        return decided_subject(answer)

    def _coordinated(self, history: list[Message]) -> Answered:
        """A part that names several subjects in one frame ("… und wo beantragen wir Kindergeld und
        Elterngeld?") is one question per subject; any other part is answered as it stands."""
        alone = self.seen.get(history[0].content) if len(history) == 1 else None
        analysis = alone or self.analyzer.analyze(history)
        conjuncts = coordinated_parts(history[-1].content, [*analysis.entities, *analysis.catalogue])
        if len(conjuncts) < 2:
            return [self._ask(history, analysis)]
        return self.subjects(history, conjuncts)

    def _question_after_story(self, part: str) -> str:
        """The question sentence of a first part that tells a story first, when it asks on its own and names a
        service: the story's other subjects would only compete with it (the place stays with the message)."""
        story, question = story_and_question(part)
        if not story or not asks_on_its_own(question) or not self._named_services(question):
            return part
        return question

    def _named_services(self, text: str) -> set[str]:
        own = self.seen.get(text) or self.analyzer.analyze([Message(role="user", content=text)])
        self.seen[text] = own
        return {e.id for e in own.entities if e.kind in ("service", "catalogue") and e.score >= OWN_SUBJECT}

    def _names_own_subject(self, part: str, first: QueryAnalysis | None) -> bool:
        """A later part that names a service of its own, which the first part does not name, asks about that one:
        answered alone instead of as a follow-up that would carry the first part's subject."""
        if not asks_on_its_own(part):
            return False
        named = self._named_services(part)
        if not named:
            return False
        return not named & {e.id for e in (first.entities if first is not None else [])}
