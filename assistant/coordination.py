"""Coordinated subjects: "Wo beantrage ich Kindergeld und Elterngeld?" asks two questions in one frame.

:mod:`assistant.multipart` splits where a second question begins ("… und wo …?"); this module splits where
one question names several subjects joined by "und", "sowie" or a comma. A conjunct counts only when the
analyser linked it to a subject by a whole word of the question: a capitalised noun or an acronym such as
"BAföG" (any linked word when the whole question is typed in lower case). So "Geburt und Namensgebung" stays
one question when only "Geburt" names a subject, and words that link to the same subject ("Kindergeld und
Kinderzuschlag") are one conjunct. "oder" offers alternatives, it does not coordinate, and is never split.
Each part is the question with the other conjuncts taken out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.models import EntityRef
from indexing.nlp.normalize import fold

#: Entity kinds that name a subject a part can be about.
SUBJECT_KINDS = frozenset(
    {"service", "topic", "area", "catalogue", "authority_type", "ministry", "lebenslage"}
)
#: The analyser's link score a conjunct needs (its whole-word threshold for naming a subject).
MIN_SCORE = 0.7
MAX_CONJUNCTS = 4
#: Words that may stand between two conjuncts besides the coordinator: articles, possessives, "neuen".
_FILLER = frozenset(
    "ein eine einen einem einer eines der die das den dem des mein meine meinen meinem meiner unser unsere "
    "unseren sein seine seinen ihr ihre ihren neuen neue neuer neues alten alte auch noch für zum zur".split()
)
_COORDINATORS = frozenset({"und", "sowie", ",", "&", "plus"})
#: "." "!" "?" are tokens too: a gap holding one ends a sentence, and conjuncts never span two sentences
_TOKEN = re.compile(r"[\wäöüÄÖÜß-]+|[,&.!?]")


def coordinated_parts(question: str, entities: Iterable[EntityRef]) -> list[str]:
    """The question once per coordinated subject, or ``[]`` when it names fewer than two that way."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(question)]
    mentions = _mentions(tokens, [e for e in entities if e.kind in SUBJECT_KINDS and e.score >= MIN_SCORE])
    run = _coordinated_run(tokens, mentions)
    if len(run) < 2:
        return []
    first_start = _left_edge(tokens, run[0])
    last_end = tokens[run[-1]][1]
    prefix, suffix = question[: tokens[first_start][0]], question[last_end:]
    conjuncts: list[str] = []
    for number, position in enumerate(run):
        start = first_start if number == 0 else _after_coordinator(tokens, run[number - 1], position)
        conjuncts.append(question[tokens[start][0] : tokens[position][1]])
    return [f"{prefix}{conjunct}{suffix}".strip() for conjunct in conjuncts[:MAX_CONJUNCTS]]


def _mentions(tokens: list[tuple[int, int, str]], entities: list[EntityRef]) -> dict[int, frozenset[str]]:
    """Token position -> the subjects its word links to, for nouns and acronyms the analyser linked."""
    out: dict[int, set[str]] = {}
    # a question typed in lower case shows no nouns; its linked words of four letters or more count instead
    lower = not any(word[:1].isupper() for _s, _e, word in tokens)
    for position, (_start, _end, word) in enumerate(tokens):
        if not (word[:1].isupper() or sum(ch.isupper() for ch in word) > 1 or (lower and len(word) >= 4)):
            continue
        folded = fold(word)
        for entity in entities:
            if folded in entity.matched.split():
                out.setdefault(position, set()).add(f"{entity.kind}:{entity.id}")
    return {p: frozenset(s) for p, s in out.items()}


def _coordinated_run(tokens: list[tuple[int, int, str]], mentions: dict[int, frozenset[str]]) -> list[int]:
    """The longest chain of mentions of different subjects where each gap holds one coordinator and fillers."""
    best: list[int] = []
    positions = sorted(mentions)
    for i, start in enumerate(positions):
        run, seen = [start], set(mentions[start])
        for position in positions[i + 1 :]:
            gap = [tokens[p][2].casefold() for p in range(run[-1] + 1, position)]
            if mentions[position] & seen:
                if not gap:  # "Kindergeld und Kinderzuschlag" of one subject: one conjunct
                    continue
                break
            coordinators = [w for w in gap if w in _COORDINATORS]
            if len(coordinators) != 1 or any(w not in _FILLER and w not in _COORDINATORS for w in gap):
                break
            run.append(position)
            seen |= mentions[position]
        if len(run) > len(best):
            best = run
    return best


def _left_edge(tokens: list[tuple[int, int, str]], position: int) -> int:
    """The first conjunct's article and adjectives belong to it ("einen neuen Personalausweis")."""
    while position > 0 and tokens[position - 1][2].casefold() in _FILLER - {"für", "zum", "zur"}:
        position -= 1
    return position


def _after_coordinator(tokens: list[tuple[int, int, str]], previous: int, position: int) -> int:
    for p in range(position - 1, previous, -1):
        if tokens[p][2].casefold() in _COORDINATORS:
            return p + 1
    return position
