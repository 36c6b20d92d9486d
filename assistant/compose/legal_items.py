"""What a question asks of a § beyond the whole: its list item ("§ 17 Abs. 1 Nr. 10"), its Absatz ("Und was regelt
Absatz 3?") and Sätze ("die folgenden Sätze von Abs. 3"), read from the question and cut out of the indexed text.

An item is quoted on its own, with its lettered sub-items and nothing after the list; an item, Absatz or Satz the
indexed text lacks is said to be missing (:func:`assistant.compose.legal.missing_norm`), never filled from a
neighbour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.citations import sentences, shorten
from assistant.compose.draft import Draft
from assistant.knowledge import KnowledgeBase

ITEM_QUOTE = 800
_ITEM_LINE = re.compile(r"^[ \t]*\d+[a-z]?\.[ \t]")


@dataclass(frozen=True)
class AskedItem:
    item: str  # "10", "1a"
    absatz: str | None  # the Absatz the question names with it, if any


def asked_item(question: str, paragraph: str) -> AskedItem | None:
    """The list item of § ``paragraph`` that the question names: "§ 17 Abs. 1 Nr. 10", "§ 2 Satz 2 Nr. 2",
    "Nummer 9 von § 17 Abs. 1"; None when it names none."""
    number = re.escape(paragraph)
    absatz = r"(?:\s*(?:Abs\.?|Absatz)\s*(\d+[a-z]?))?"
    forward = (
        rf"§\s*{number}(?![\da-z]){absatz}(?:\s*Satz\s*\d+)?\s*(?:Nr\.?|Nummer)\s*(\d+[a-z]?)\b",
        lambda m: AskedItem(m.group(2).casefold(), m.group(1)),
    )
    backward = (
        rf"(?:Nr\.?|Nummer)\s*(\d+[a-z]?)\s+(?:von|des|in|aus|im)\s+§\s*{number}(?![\da-z]){absatz}",
        lambda m: AskedItem(m.group(1).casefold(), m.group(2)),
    )
    for pattern, make in (forward, backward):
        if match := re.search(pattern, question, re.IGNORECASE):
            return make(match)
    return None


def item_passage(text: str, item: str) -> str:
    """List item ``item`` ("10") of an Absatz's text, as an exact span: its own sentence and the indented
    (lettered) lines below it, not the next item nor a sentence after the list; "" when the text has none."""
    lines = text.splitlines(keepends=True)
    offset = 0
    for number, line in enumerate(lines):
        if re.match(rf"[ \t]*{re.escape(item)}\.[ \t]", line):
            own = sentences(line)
            begin = offset + line.index(own[0]) if own else offset
            end = begin + len(own[0]) if own else offset + len(line.rstrip())
            if own and len(own) == 1:  # the item ends its line: its sub-items may follow
                at = offset + len(line)
                for below in lines[number + 1 :]:
                    if below[:1] not in (" ", "\t") or _ITEM_LINE.match(below) or not below.strip():
                        break
                    end = at + len(below.rstrip())
                    at += len(below)
            return shorten(text[begin:end], ITEM_QUOTE)
        offset += len(line)
    return ""


def breaks_off(text: str, passage: str) -> bool:
    """Whether ``passage`` runs to the end of an Absatz's text: cut off there when the Absatz is incomplete."""
    return bool(passage) and text.rstrip().endswith(passage)


#: Quoted text ("im Sinne des Absatzes 1 Satz 2") is the law's wording, not what the question asks for.
_QUOTED = re.compile(r"„[^“]*“|\"[^\"]*\"")
#: "Satz 2", "Sätze 2 und 3", "Sätze 1 bis 3" (not "Mehrwertsteuer-Satz 19").
_SATZ = r"(?<![-\w])S(?:atz|ätze)\s*(\d+)(?:\s*(?:bis|und|-|–)\s*(\d+))?"
_MORE_SATZ = re.compile(
    r"\b(?:folgenden|weiteren|übrigen|restlichen|anderen|nächsten|späteren)\s+Sätzen?\b|\bRest\s+(?:von|des)\s+Abs",
    re.IGNORECASE,
)
#: "Absatz 3", "Abs. 3" – not one of several ("Abs. 3 und 4", "Abs. 3 bis 5") nor one of another law ("Absatz 4 des
#: Onlinezugangsgesetzes", "Abs. 2 OZG").
_ABSATZ = re.compile(
    r"\b(?:Abs\.?|Absatz)\s*(\d+[a-z]?)\b(?!\s*(?:,|und|bis|-|–)\s*\d)(?!\s+(?:des|der|im|in)\s+(?-i:[A-ZÄÖÜ]))"
    r"(?!\s+(?!EGovG)(?-i:[A-ZÄÖÜ]{2,}))",
    re.IGNORECASE,
)
_CITED_ABSATZ = re.compile(r"§\s*(\d+[a-z]?)\s*(?:Abs\.?|Absatz)\s*(\d+[a-z]?)\b", re.IGNORECASE)


def asked_absatz(question: str, paragraph: str) -> str | None:
    """The one Absatz of § ``paragraph`` the question names: with the § ("§ 16 Abs. 3") or alone ("Was regelt
    Absatz 3 derselben Vorschrift?"); an Absatz cited with another § ("§ 9 Abs. 1 spricht von § 8"), of another
    law ("Absatz 4 des Onlinezugangsgesetzes") or one of several ("§ 16 Abs. 3 und 4") is not taken."""
    question = _QUOTED.sub(" ", question)
    several = rf"§\s*{re.escape(paragraph)}\s*(?:Abs\.?|Absatz)\s*\d+[a-z]?\s*(?:,|und|bis|-|–)\s*\d"
    if re.search(several, question, re.IGNORECASE):
        return None
    own = {a for p, a in _CITED_ABSATZ.findall(question) if p == paragraph}
    found = own | set(_ABSATZ.findall(_CITED_ABSATZ.sub(" ", question)))
    return found.pop() if len(found) == 1 else None


#: What a gap note says the indexed Absatz holds: "Nur Satz 1 von Abs. 3 enthalten", "Satz 3 bricht ab".
_HELD = re.compile(r"\b(?:Nur Satz (\d+)|Satz (\d+) bricht)", re.IGNORECASE)


def asks_beyond(question: str, absatz: str, note: str | None) -> bool:
    """The question asks for a Satz of an incomplete Absatz beyond what its gap note says the indexed text holds:
    "Satz 2" of Abs. 3 where only Satz 1 is there, "die folgenden Sätze" where the note says "Nur Satz 1". A Satz
    counts when it follows this Absatz ("Abs. 3 Satz 2") or stands alone in a question that names no other Absatz;
    without such a note nothing is said missing (a list Absatz has no countable Sätze)."""
    held = _HELD.search(note or "")
    if held is None:
        return False
    count = int(held.group(1) or held.group(2))
    question = _QUOTED.sub(" ", question)
    if held.group(1) and _MORE_SATZ.search(question):
        return True
    own = re.findall(rf"(?:Abs\.?|Absatz)\s*{re.escape(absatz)}\s*,?\s*{_SATZ}", question, re.IGNORECASE)
    others = {
        a for a in re.findall(r"(?:Abs\.?|Absatz)\s*(\d+[a-z]?)", question, re.IGNORECASE) if a != absatz
    }
    bare = re.findall(_SATZ, question, re.IGNORECASE) if not own and not others else []
    asked = [int(n) for pair in own + bare for n in pair if n]
    return bool(asked) and max(asked) > count


def quote_item(
    draft: Draft,
    knowledge: KnowledgeBase,
    ids: list[str],
    item: str,
    title: str,
    coverage: str,
    fallback: str,
) -> str:
    """Quote list item ``item`` from the first of ``ids`` that has it, and say when the indexed text breaks off in
    it; the quoted passage, "" when none has it."""
    for cid in ids:
        text = knowledge.chunks[cid].content or ""
        if passage := item_passage(text, item):
            label = str(knowledge.chunks[cid].meta.get("label") or fallback).replace(
                " EGovG LSA", f" Nr. {item} EGovG LSA"
            )
            draft.claim(f"{label}{title} lautet: „{passage}“", cid, passage)
            if coverage == "partial" and breaks_off(text, passage):
                draft.say(f"Die Nr. {item} bricht in der indexierten Fassung an dieser Stelle ab.")
            return passage
    return ""
