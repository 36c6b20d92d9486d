"""Sentence boundaries for German legal and administrative text.

A full stop ends a sentence unless it belongs to an abbreviation ("Abs.", "Nr.", "i. V. m.",
"z. B."), an ordinal ("1.", "24. Juli 2019") or a date, and only when the next word could start a
sentence (upper case, a digit, "§", an opening bracket or quote). "?", "!" and "…" always end one.
Blank lines and line breaks before a list item ("1.", "(2)", "a)", "-") start a new sentence, so
enumerations in norms come out as separate sentences.

:func:`add_abbreviation_exceptions` teaches the tokenizer to keep the abbreviations in one token
("Art." instead of "Art" + "."), which the term analysis relies on as well.
"""

from __future__ import annotations

import re
from typing import cast

import numpy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token
from thinc.types import Ints2d

# Abbreviations of legal citations, the Gazettes and common prose. Written as they appear; the
# upper- and lower-case first-letter variants are added automatically.
LEGAL_ABBREVIATIONS: frozenset[str] = frozenset(
    {"Abs.", "Nr.", "Nrn.", "S.", "Art.", "Artt.", "lit.", "Buchst.", "Bst.", "Ziff.", "Halbs.", "Hs."}
    | {"Var.", "Abschn.", "Kap.", "Anl.", "Anh.", "Rn.", "Rdnr.", "Rz.", "ff.", "f.", "Verf."}
    | {"GVBl.", "BGBl.", "ABl.", "MBl.", "Bek.", "RdErl.", "Erl.", "Az.", "Gem.", "gem.", "a.F.", "n.F."}
    | {"i.V.m.", "i.S.d.", "i.S.v.", "i.d.F.", "i.d.R.", "i.e.S.", "i.w.S.", "u.U.", "o.g.", "s.o.", "s.u."}
)
COMMON_ABBREVIATIONS: frozenset[str] = frozenset(
    {"z.B.", "d.h.", "u.a.", "bzw.", "ggf.", "ggfs.", "vgl.", "usw.", "etc.", "ca.", "sog.", "bzgl."}
    | {"evtl.", "inkl.", "einschl.", "zzgl.", "abzgl.", "insb.", "max.", "min.", "mind.", "Mio.", "Mrd."}
    | {"Tsd.", "Std.", "Min.", "Tel.", "Dr.", "Prof.", "Str.", "St.", "Nr.", "Hrsg.", "Jh.", "Bd."}
)
MONTHS: frozenset[str] = frozenset(
    "januar februar märz april mai juni juli august september oktober november dezember "
    "jan. feb. mär. mrz. apr. jun. jul. aug. sep. sept. okt. nov. dez.".split()
)
# Words after which a number is a reference, not an ordinal ("Nr. 5." may end a sentence).
_NUMBER_INTRODUCERS = frozenset(
    "§ §§ abs. absatz absatzes satz satzes s. nr. nrn. nummer art. artikel buchst. ziff. halbsatz seite "
    "bis und , anlage anhang kapitel abschnitt teil".split()
)
_CLOSERS = frozenset({")", "]", '"', "'", "“", "”", "‘", "’", "»", "«"})
_OPENERS = frozenset({"(", "[", '"', "„", "“", "‚", "»", "«", "§", "§§"})
_LIST_MARKERS = frozenset({"-", "–", "—", "*", "•", "#", "##", "###", "####", "(", "|"})
_ORDINAL = re.compile(r"^\d{1,3}\.$")
_DATE_OR_YEAR = re.compile(r"^(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4})\.$")
_SINGLE_LETTER = re.compile(r"^[^\W\d_]\.$")


def _variants(abbreviation: str) -> set[str]:
    first = abbreviation[0]
    return {abbreviation, first.upper() + abbreviation[1:], first.lower() + abbreviation[1:]}


ABBREVIATIONS: frozenset[str] = frozenset(
    variant
    for abbreviation in LEGAL_ABBREVIATIONS | COMMON_ABBREVIATIONS
    for variant in _variants(abbreviation)
)


def is_abbreviation(text: str) -> bool:
    """Whether a token's text is one of our abbreviations or a single letter with a full stop."""
    return text in ABBREVIATIONS or bool(_SINGLE_LETTER.match(text))


def add_abbreviation_exceptions(nlp: Language) -> None:
    """Keep every abbreviation of :data:`ABBREVIATIONS` as one token in ``nlp``'s tokenizer."""
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    for abbreviation in sorted(ABBREVIATIONS):
        tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])


def _is_sentence_end(doc: Doc, i: int, following: Token, abbreviations: frozenset[str]) -> bool:
    """Whether the token at ``i`` ends a sentence, given the next word ``following``."""
    text = doc[i].text
    if text in {"?", "!", "…", "...", "?!", "!?"}:
        return True
    if not text.endswith("."):
        return False
    if text == ".":
        previous = doc[i - 1] if i > 0 else None
        if previous is not None and not previous.whitespace_ and previous.text + "." in abbreviations:
            return False
    elif _ORDINAL.match(text):
        # "1. die Landesbehörden", "24. Juli", "im 2. Halbjahr" go on; "… Satz 1 Nr. 5. Die …" ends.
        previous_text = doc[i - 1].lower_ if i > 0 else ""
        if previous_text not in _NUMBER_INTRODUCERS or following.lower_ in MONTHS:
            return False
    elif _DATE_OR_YEAR.match(text):
        if following.lower_ in MONTHS:
            return False
    elif text in abbreviations or _SINGLE_LETTER.match(text):
        return False
    first = following.text[:1]
    return first.isupper() or first.isdigit() or following.text in _OPENERS


def _starts_list_item(texts: list[str], i: int) -> bool:
    text = texts[i]
    if text in _LIST_MARKERS or _ORDINAL.match(text):
        return True
    return len(text) == 1 and text.isalnum() and i + 1 < len(texts) and texts[i + 1] == ")"


class SentenceSplitter:
    """Pipeline component: rule-based sentence starts (see the module docstring for the rules)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        # spaCy's own German exceptions ("Abb.", "Okt.", "Dipl.-Ing.") count as abbreviations too.
        rules = nlp.tokenizer.rules if isinstance(nlp.tokenizer, Tokenizer) else {}
        tokenizer_abbreviations = {text for text in rules if text.endswith(".") and len(text) > 1}
        self.abbreviations = ABBREVIATIONS | frozenset(tokenizer_abbreviations)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        texts = [token.text for token in doc]
        spaces = [token.is_space for token in doc]
        # Index of the next word (neither whitespace nor closing punctuation) after each token.
        next_word = [n] * n
        upcoming = n
        for i in range(n - 1, -1, -1):
            next_word[i] = upcoming
            if not spaces[i] and texts[i] not in _CLOSERS:
                upcoming = i
        starts = [False] * n
        starts[0] = True
        pending = False  # a boundary was found; the next real word starts the new sentence
        for i in range(n):
            if spaces[i]:
                newlines = texts[i].count("\n")
                if newlines >= 2 or (newlines == 1 and i + 1 < n and _starts_list_item(texts, i + 1)):
                    pending = True
                continue
            if pending and texts[i] not in _CLOSERS:
                starts[i] = True
                pending = False
            last = texts[i][-1]
            if (
                next_word[i] < n
                and last in ".?!…"
                and _is_sentence_end(doc, i, doc[next_word[i]], self.abbreviations)
            ):
                pending = True
        # One array write instead of a property call per token (1 = starts, -1 = does not).
        values = numpy.array([[1 if start else -1] for start in starts], dtype="int64").astype("uint64")
        doc.from_array([SENT_START], cast(Ints2d, values))
        return doc


@Language.factory("lsa_sentences", assigns=["token.is_sent_start"])
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    """Factory for :class:`SentenceSplitter`."""
    return SentenceSplitter(nlp, name)
