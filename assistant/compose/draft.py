"""The answer under construction: statements that only enter it together with a verified citation.

Shared by the per-intent composers (``compose_*.py``). A statement is added with :meth:`Draft.claim`; if its
quote is not an exact span of the cited chunk the statement is dropped (and counted), so no unverified quote
and no unsupported claim can leave.
"""

from __future__ import annotations

import re

from assistant.citations import CitationBuilder
from assistant.knowledge import KnowledgeBase
from assistant.models import Answer, Intent, Responsible
from assistant.responsibility import Finding
from corpora.certainty import CERTAINTIES, CERTAINTY_LABELS

HELP_115 = "die Behördennummer 115"
BUS_URL = "https://www.buerger.sachsen-anhalt.de"
#: The closing line of an answer that names the concrete office: where its address and hours are listed.
OFFICE_DIRECTORY = f"Anschrift und Öffnungszeiten nennt der Zuständigkeitsfinder des BUS LSA unter {BUS_URL}."
HELP_TEXT = f"Hilfe bekommen Sie über {HELP_115} und im Zuständigkeitsfinder des BUS LSA unter {BUS_URL}."
#: What the answer says after a responsibility that is not sourced (cited to the sentence that states it).
_CAVEATS = {
    "derived": "Diese Zuordnung ist abgeleitet aus den Aufgabenbereichen und damit nicht sicher belegt",
    "uncertain": "Diese Zuordnung ist in den Quellen nicht sicher belegt",
}

#: Words that say nothing about the topic of a question (for the lexical-overlap check and quote choice).
STOPWORDS = set(
    "aber alle also auch bitte dann dass denn dies diese dieser dieses durch eine einem einen einer eines "
    "euch "
    "für gibt habe haben hat hier ihre ihrem ihren ihrer jemand kann kannst könnte mache machen mein meine "
    "meinem meinen meiner mich mir muss müssen nach nicht noch oder sein seine sich sind soll sollte über "
    "und uns unser vom von was welche welcher welches wenn wer werden wie wieso wird wo woher wohin womit "
    "zum zur zuständig zuständige zuständigen zuständigkeit dafür dazu damit darf kostet kosten brauche "
    "brauchen steht stehen regelt what who where which does need please ist sie ich the and for with".split()
)
_WORD = re.compile(r"[\wäöüÄÖÜß]+")


def terms(text: str) -> set[str]:
    """Topic words of ``text`` as 5-letter stems (case-folded), without stop words and short words."""
    return {
        w.casefold()[:5]
        for w in _WORD.findall(text)
        if (len(w) >= 4 or w.isdigit()) and w.casefold() not in STOPWORDS
    }


def match_score(question: str, text: str) -> int:
    """How well ``text`` matches the question's topic words: 2 per whole word, 1 per shared 5-letter stem
    (compounds like "Landesrechnungshof" and "Landesverwaltung" share only the stem)."""
    folded = text.casefold()
    words = {w.casefold() for w in _WORD.findall(question) if (len(w) >= 4 or w.isdigit())}
    words -= STOPWORDS
    return sum(2 if w in folded else 1 if w[:5] in folded else 0 for w in words)


def overlap(question: str, text: str) -> int:
    """How many topic stems of the question occur in ``text``."""
    folded = text.casefold()
    return sum(1 for stem in terms(question) if stem in folded)


class Draft:
    """Collects lines, responsible organisations and citations for one answer."""

    def __init__(self, knowledge: KnowledgeBase, intent: Intent) -> None:
        self.knowledge = knowledge
        self.intent: Intent = intent
        self.citations = CitationBuilder(knowledge)
        self.lines: list[str] = []
        self.responsible: list[Responsible] = []
        self.no_answer = False
        self.suggestions: list[str] = []
        self.clarification: list[str] = []
        #: the question's dense vector, where the answer was understood from one (finds details by meaning)
        self.query_vector: list[float] | None = None

    @property
    def dropped(self) -> int:
        return self.citations.dropped

    def cite(self, document_id: str, quote: str | None) -> int | None:
        return self.citations.cite(document_id, quote)

    def claim(self, text: str, document_id: str, quote: str | None) -> int | None:
        """Add ``text`` with its citation marker, or nothing when the quote does not verify."""
        number = self.cite(document_id, quote)
        if number is not None:
            self.lines.append(_with_marker(text, number))
        return number

    def say(self, text: str) -> None:
        """A line without a factual claim (a lead-in, a referral, a question back)."""
        self.lines.append(text)

    def add_finding(self, finding: Finding, *, text: str | None = None) -> int | None:
        """Cite a responsibility finding, state it (``text``), list it under ``responsible``.

        A finding that is not sourced says so in the answer, citing the sentence that states it: "abgeleitet aus
        den Aufgabenbereichen" for a ministry inferred from its areas, "nicht sicher belegt" for a weak source.
        The entry under ``responsible`` carries the certainty and the source URL as data, for the chat card.
        """
        number = self.cite(finding.document_id, finding.quote)
        if number is None:
            return None
        numbers = [number]
        if text:
            self.lines.append(_with_marker(text, number))
        if not finding.certain:
            unsure = self.cite(finding.uncertain_document_id or "", finding.uncertain_quote)
            if unsure is not None:
                numbers.append(unsure)
                self.lines.append(_with_marker(_CAVEATS[finding.certainty], unsure))
        existing = next((r for r in self.responsible if r.id == finding.id), None)
        if existing is None:
            kind = (
                finding.kind if finding.kind in ("ministry", "staatskanzlei", "authority_type") else "other"
            )
            role = (
                finding.role if finding.certain else f"{finding.role} ({CERTAINTY_LABELS[finding.certainty]})"
            )
            self.responsible.append(
                Responsible(
                    id=finding.id,
                    name=finding.name,
                    abbreviation=finding.abbreviation,
                    kind=kind,  # type: ignore[arg-type]
                    role=role,
                    certainty=finding.certainty,
                    source_url=finding.source_url,
                    citations=numbers,
                )
            )
        else:
            existing.citations = sorted(set(existing.citations) | set(numbers))
            if CERTAINTIES.index(finding.certainty) < CERTAINTIES.index(existing.certainty):
                # a second, firmer finding for the same organisation backs it better
                existing.certainty, existing.source_url = finding.certainty, finding.source_url
        return number

    def answer(self) -> Answer:
        return Answer(
            answer="\n".join(line for line in self.lines if line).strip(),
            intent=self.intent,
            no_answer=self.no_answer,
            responsible=self.responsible,
            citations=list(self.citations.citations),
            clarification=self.clarification,
            suggestions=self.suggestions[:3],
        )


def _with_marker(text: str, number: int) -> str:
    text = text.rstrip()
    end = ""
    if text and text[-1] in ".:!?":
        text, end = text[:-1], text[-1]
    return f"{text} [{number}]{end or '.'}"
