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

    :returns: ``q_whole`` / ``q_part``: weighted share of the question's content words found in the name as a
        whole lemma / only through compound parts; ``s_whole`` / ``s_part``: weighted share of the name's words
        found in the question as a whole lemma / only through parts; ``rare_whole``: weight of the rarest word
        matched as a whole lemma (0 if none).
    """
    name_whole = subject.whole | subject.surfaces
    q_total = sum(weight(t) for t in question.whole) or 1.0
    q_whole = q_part = 0.0
    rare = 0.0
    for term in question.whole:
        w = weight(term)
        if term in name_whole:
            q_whole += w
            rare = max(rare, w)
        elif term in subject.parts or (
            question.parts and _parts_of(term, question) & (name_whole | subject.parts)
        ):
            q_part += w
    s_total = sum(weight(t) for t in subject.whole) or 1.0
    asked = question.whole | question.surfaces
    s_whole = sum(weight(t) for t in subject.whole if t in asked)
    s_part = sum(
        weight(t)
        for t in subject.whole
        if t not in asked and (t in question.parts or t in _all_parts(question))
    )
    return {
        "q_whole": q_whole / q_total,
        "q_part": q_part / q_total,
        "s_whole": s_whole / s_total,
        "s_part": s_part / s_total,
        "rare_whole": rare,
    }


def _parts_of(term: str, question: Terms) -> frozenset[str]:
    """Compound parts the question holds that belong to ``term`` (a part is a substring of its word)."""
    return frozenset(p for p in question.parts if p in term)


def _all_parts(question: Terms) -> frozenset[str]:
    return question.parts
