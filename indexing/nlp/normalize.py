"""Spelling normalisation so that index and query terms meet regardless of how a word is typed.

Users type "Strasse", "Fuehrerschein" or "FÜHRERSCHEIN"; the law says "Straße" and "Führerschein".
:func:`fold` maps all of them onto one ASCII key: NFKC, lower-case, ``ß``/``ẞ`` → ``ss``,
``ä``/``ö``/``ü`` → ``ae``/``oe``/``ue`` (the German transliteration, so "Bär" and "Bar" stay apart),
other diacritics stripped ("Café" → "cafe").

Folding happens *after* lemmatisation (the lemmatiser needs the real spelling); recovering the
real spelling from ASCII input ("Fuehrerschein" → "Führerschein") is :func:`spelling_variants`'s
job, used by :mod:`indexing.nlp.lemmas`.

The ``lsa_normalizer`` component writes ``fold(token.lemma_)`` to ``token.norm_``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

_GERMAN_FOLDS = str.maketrans({"ß": "ss", "ẞ": "ss", "ä": "ae", "ö": "oe", "ü": "ue"})
# ASCII digraphs that may stand for an umlaut or ß. "ss" is only restored between letters, not at a
# word's start ("ss" never starts a German word anyway).
_DIGRAPHS = {"ae": "ä", "oe": "ö", "ue": "ü", "ss": "ß", "Ae": "Ä", "Oe": "Ö", "Ue": "Ü"}
_DIGRAPH_RE = re.compile(r"ae|oe|ue|ss|Ae|Oe|Ue")
# More than this many digraphs in one word (2**n variants) is not a real word; leave it alone.
_MAX_DIGRAPHS = 4


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Fold a word (or any text) onto its search key.

    :param text: A word or phrase in any spelling.
    :returns: NFKC-normalised, lower-cased text with ``ß`` → ``ss``, umlauts → ``ae``/``oe``/``ue``
        and remaining combining marks removed.
    """
    text = unicodedata.normalize("NFKC", text).lower().translate(_GERMAN_FOLDS)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def spelling_variants(word: str) -> list[str]:
    """Spellings the ASCII digraphs in ``word`` could stand for, most restored first.

    "Fuehrerschein" → ["Führerschein", "Fuehrerschein"]; "Strasse" → ["Straße", "Strasse"].
    Words that already contain an umlaut or ß are taken as typed (a writer who has ``ü`` uses it).

    :param word: A single token as typed.
    :returns: Candidate spellings without ``word`` itself; empty when there is nothing to restore.
    """
    if any(ch in word for ch in "äöüÄÖÜß") or not _DIGRAPH_RE.search(word):
        return []
    matches = [m for m in _DIGRAPH_RE.finditer(word) if m.group() != "ss" or 0 < m.start()]
    if not matches or len(matches) > _MAX_DIGRAPHS:
        return []
    variants: list[tuple[int, str]] = []
    for choice in itertools.product((True, False), repeat=len(matches)):
        if not any(choice):
            continue
        pieces, last = [], 0
        for restore, match in zip(choice, matches, strict=True):
            pieces.append(word[last : match.start()])
            pieces.append(_DIGRAPHS[match.group()] if restore else match.group())
            last = match.end()
        pieces.append(word[last:])
        variants.append((-sum(choice), "".join(pieces)))
    return [variant for _, variant in sorted(variants)]


@Language.component("lsa_normalizer", requires=["token.lemma"], assigns=["token.norm"])
def normalize_component(doc: Doc) -> Doc:
    """Write the folded lemma to ``token.norm_`` (the key the index terms are built from)."""
    for token in doc:
        if not token.is_space:
            token.norm_ = fold(token.lemma_ or token.text)
    return doc
