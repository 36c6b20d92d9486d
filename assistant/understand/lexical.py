"""Whole lemmas and compound parts of a text: the lexical evidence a candidate subject gets from a question.

A whole-lemma hit ("Meldebescheinigung" in question and name) is strong evidence; a shared compound part
("Ausweis" in "Bibliotheksausweis" and "Personalausweis") or a shared stem of another word class ("steuert" vs.
"Steuer": different lemmas) is weak evidence that may add to retrieval but never decides alone. Terms are the
folded lemmas of the German pipeline (:mod:`indexing.nlp`), the same analysis the sparse index uses.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from rapidfuzz.distance import Indel
from spacy.tokens import Doc

from indexing.nlp.normalize import fold

#: Words that occur in almost every question or name and say nothing about the subject.
GENERIC = frozenset(
    "beantragen antrag anmelden abmelden melden erteilen erteilung ausstellen ausstellung beantragung leistung "
    "verfahren bescheinigung genehmigung erlaubnis zuständig zustaendig zuständigkeit zustaendigkeit stelle "
    "behörde behoerde amt sachsen-anhalt sachsen anhalt lsa land landes bekommen brauchen machen erhalten "
    "müssen muessen können koennen wollen gehen geben haben sein werden frage fragen information".split()
)
_FOLDED_GENERIC = frozenset(fold(w) for w in GENERIC)
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Terms:
    """The content words of a text: whole folded lemmas and the compound parts of each."""

    whole: frozenset[str]
    parts: frozenset[str] = field(default_factory=frozenset)
    #: surface forms (folded) as written, for inflected names ("Personalausweises")
    surfaces: frozenset[str] = field(default_factory=frozenset)


def doc_terms(doc: Doc) -> Terms:
    """Content terms of a document run through :func:`indexing.nlp.build_german_nlp`."""
    whole: set[str] = set()
    parts: set[str] = set()
    surfaces: set[str] = set()
    for token in doc:
        if token.is_punct or token.is_space or not _WORD.search(token.text):
            continue
        norm = token.norm_
        if token._.lsa_stop or len(norm) < 3 or norm in _FOLDED_GENERIC:
            continue
        whole.add(norm)
        surfaces.add(fold(token.text))
        for part in token._.lsa_parts:
            folded = fold(part)
            if folded != norm and len(folded) >= 3 and folded not in _FOLDED_GENERIC:
                parts.add(folded)
    return Terms(frozenset(whole), frozenset(parts - whole), frozenset(surfaces))


class TermWeights:
    """Inverse document frequency of terms over all subject names: rare words weigh more."""

    def __init__(self, documents: Iterable[Terms]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for terms in documents:
            n += 1
            df.update(terms.whole | terms.parts)
        self.n = max(n, 1)
        self.df = dict(df)

    def __call__(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 1)) + 1.0


def coverage(question: Terms, subject: Terms, weight: TermWeights) -> dict[str, float]:
    """How the question's words and the subject's name words meet.

    Sums are exact (``math.fsum``): the words are sets, whose order changes with Python's string hashing from one
    process to the next, and a plain float sum in that order would make the features, and so the trained model,
    differ in their last bits between two runs on the same data.

    :returns: ``q_whole`` / ``q_part``: weighted share of the question's content words found in the name as a
        whole lemma / only through compound parts; ``s_whole`` / ``s_part``: weighted share of the name's words
        found in the question as a whole lemma / only through parts; ``rare_whole``: weight of the rarest word
        matched as a whole lemma (0 if none).
    """
    name_whole = subject.whole | subject.surfaces
    q_total = math.fsum(weight(t) for t in question.whole) or 1.0
    q_whole: list[float] = []
    q_part: list[float] = []
    q_narrower: list[float] = []
    q_sibling: list[float] = []
    for term in question.whole:
        w = weight(term)
        if term in name_whole:
            q_whole.append(w)
            continue
        if term in subject.parts or (
            question.parts and _parts_of(term, question) & (name_whole | subject.parts)
        ):
            q_part.append(w)
        relation = compound_relation(term, name_whole)
        if relation == "narrower":
            q_narrower.append(w)
        elif relation == "sibling":
            q_sibling.append(w)
    s_total = math.fsum(weight(t) for t in subject.whole) or 1.0
    asked = question.whole | question.surfaces
    s_whole = math.fsum(weight(t) for t in subject.whole if t in asked)
    s_part = math.fsum(
        weight(t)
        for t in subject.whole
        if t not in asked and (t in question.parts or t in _all_parts(question))
    )
    return {
        "q_whole": math.fsum(q_whole) / q_total,
        "q_part": math.fsum(q_part) / q_total,
        "s_whole": s_whole / s_total,
        "s_part": s_part / s_total,
        "rare_whole": max(q_whole, default=0.0),
        "q_narrower": math.fsum(q_narrower) / q_total,
        "q_sibling": math.fsum(q_sibling) / q_total,
    }


#: Shortest modifier or head that makes a compound relation (shorter ends are inflection or linking letters).
_MIN_AFFIX = 3


def compound_relation(term: str, name_words: frozenset[str]) -> str | None:
    """How a question word that is not a name word relates to the name's words: "narrower" when a name word is
    its head ("drohnenfuhrerschein" ends with "fuhrerschein"), "sibling" when both end with the same head of at
    least five letters behind different modifiers ("bibliotheksausweis" / "personalausweis"), else None.
    A misspelt name word ("baugenemigung") is no relation, nor a modifier that another name word explains
    ("Digitalministerium" for "Ministerium für Infrastruktur und Digitales")."""
    words = [w for w in name_words if len(w) >= 4]
    # both relations end the word with (at least) the last four letters of a name word; most pairs stop here
    tail = term[-4:]
    if len(term) < _MIN_AFFIX + 4 or not any(w.endswith(tail) for w in words):
        return None
    if any(is_typo(term, w) for w in words):
        return None
    for name_word in words:
        if term.endswith(name_word) and len(term) - len(name_word) >= _MIN_AFFIX:
            if not _explained(term[: -len(name_word)], words, name_word):
                return "narrower"
    for name_word in words:
        head = _common_suffix(term, name_word)
        if (
            len(head) >= 5
            and len(term) - len(head) >= _MIN_AFFIX
            and len(name_word) - len(head) >= _MIN_AFFIX
        ):
            if not _explained(term[: -len(head)], words, name_word):
                return "sibling"
    return None


#: Letter similarity above which two words are one word misspelt.
TYPO_RATIO = 0.8


@lru_cache(maxsize=200_000)
def is_typo(a: str, b: str) -> bool:
    """Whether ``difflib``'s letter similarity of ``a`` and ``b`` reaches :data:`TYPO_RATIO`.

    Asked for every question word against every word of every candidate's name, so upper bounds rule most pairs
    out before the full ratio, with the same answer: the lengths, then the longest common subsequence (rapidfuzz's
    Indel distance, in C) — difflib's matching blocks are a common subsequence, so its ratio is never higher.
    """
    shorter, total = min(len(a), len(b)), len(a) + len(b)
    if not total:
        return True  # difflib calls two empty strings equal
    if 2 * shorter < TYPO_RATIO * total:
        return False
    longest_common = (total - Indel.distance(a, b)) // 2
    if 2.0 * longest_common / total < TYPO_RATIO:
        return False
    return SequenceMatcher(None, a, b).ratio() >= TYPO_RATIO


def _explained(modifier: str, words: list[str], head_word: str) -> bool:
    """Whether another name word accounts for a compound's modifier ("digital" by "digitales")."""
    stem = modifier.rstrip("s")[:5]
    return len(stem) >= 3 and any(w != head_word and (w.startswith(stem) or stem in w) for w in words)


def _common_suffix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :]


def _parts_of(term: str, question: Terms) -> frozenset[str]:
    """Compound parts the question holds that belong to ``term`` (a part is a substring of its word)."""
    return frozenset(p for p in question.parts if p in term)


def _all_parts(question: Terms) -> frozenset[str]:
    return question.parts
