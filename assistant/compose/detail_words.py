"""The words of a question and of a service's sentences, as the detail finder and its selector compare them.

A word counts as written (case-folded) and as its lemma; request words that any service question carries
("beantragen", "bekommen") say nothing about the asked detail; two forms of one word share their first letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.compose.draft import STOPWORDS
from indexing.nlp.lemmas import lemmatize

#: Modules whose sentences can carry a detail; the card and the responsible office are answered elsewhere.
DETAIL_MODULES = (
    "volltext",
    "fristen",
    "kosten",
    "voraussetzungen",
    "hinweise",
    "unterlagen",
    "verfahrensablauf",
    "kurztext",
)
#: Stems of request words that any service question may carry; they say nothing about the detail.
REQUEST = frozenset(
    "beant antra bekom erhal erled melde ander infor frage wisse geht gilt gelte leist mache braucht "
    "stell bitte welch lange woche monat jahre heute morge gerne danke hallo schon jetzt genau eigen "
    "immer nehme kommt komme könne dürfe sollt müsst hätte würde wollt möcht".split()
)
WORD = re.compile(r"[\wäöüÄÖÜß]+")
MONTHS = "januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
#: What kind of answer a question wants, and how a sentence that gives one looks (a sum, a period, a date).
WANTS = {
    "amount": re.compile(r"wie ?viel|wie hoch|prozent|kost|gebühr|euro|€|teuer|bezahl|zahlen", re.I),
    "time": re.compile(rf"\bwann\b|wie lange?\b|frist|ab welche|seit wann|jahreszeit|\b(?:{MONTHS})\b", re.I),
}
GIVES = {
    "amount": re.compile(r"\d[\d.,]*\s*(?:€|euro\b|eur\b)|prozent|%|kostenfrei|gebührenfrei|kostenlos", re.I),
    "time": re.compile(
        rf"\b\d+\s*(?:werk)?(?:tage?n?|wochen?|monate?n?|jahre?n?)\b|werktag|unverzüglich|spätestens"
        rf"|frühestens|\b(?:{MONTHS})\b|\b(?:zwei|drei|vier|fünf|sechs|acht|zehn|zwölf)\s+"
        r"(?:tage|wochen|monate|jahre)\b",
        re.I,
    ),
}
#: Longer words that start like a request word are compounds of their own ("Jahresjagdschein").
REQUEST_LENGTH = 12
#: Words that share this many first letters are one word ("rückwirkent" typed for "rückwirkend").
PREFIX = 6


def words(text: str) -> set[str]:
    """Topic words of ``text``, as written (case-folded) and as lemmas ("gefunden" also as "finden")."""
    out: set[str] = set()
    for word in WORD.findall(text):
        folded = word.casefold()
        if len(word) < 4 or folded in STOPWORDS or word.isdigit():
            continue
        out.add(folded)
        lemma = lemmatize(word)
        if len(lemma) >= 4 and lemma not in STOPWORDS:
            out.add(lemma)
    return out


def requests(word: str) -> bool:
    """A request word ("beantragen", "Monate"), not a compound that merely starts like one ("Jahresjagdschein")."""
    return word[:5] in REQUEST and len(word) <= REQUEST_LENGTH


def same(asked: str, word: str) -> bool:
    """One word in two forms: equal, a common start of 6 letters, or the asked word inside a compound."""
    if asked == word:
        return True
    if len(asked) >= PREFIX and len(word) >= PREFIX and asked[:PREFIX] == word[:PREFIX]:
        return True
    return len(asked) >= PREFIX and asked in word


def asked_words(question: str, service_name: str, weight: Callable[[str], float]) -> dict[str, float]:
    """The words a question asks beyond the service's name and the request words, with their rarity weight; the
    service's search terms (Begriffe im Kontext) stay: "Finderlohn" names a detail of "Fundsache"."""
    known = {w[:PREFIX] for w in words(service_name)}
    return {w: weight(w) for w in words(question) if w[:PREFIX] not in known and not requests(w)}


def carried(asked: dict[str, float], sentence_words: set[str]) -> set[str]:
    """The asked words a sentence carries, in any of their forms (:func:`same`, with its first two tests as set
    look-ups: a service's ~20 sentences are tested against every asked word for each answer)."""
    starts = {w[:PREFIX] for w in sentence_words if len(w) >= PREFIX}
    return {
        a
        for a in asked
        if a in sentence_words
        or (len(a) >= PREFIX and (a[:PREFIX] in starts or any(a in w for w in sentence_words)))
    }
