"""German lemmas from simplemma (not spaCy's lookup table, which maps "führen" to "fahren").

Lemmas are lower-case and keep the real spelling ("führerschein"); folding to ASCII is the
normaliser's job. ASCII input is restored first when that finds a real word:
"Fuehrerschein" → "führerschein", "Strasse" → "straße", but "Masse" stays "masse" (a base form as
typed is never re-spelled). The lexicon lookups here are shared with the compound splitter.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import simplemma
from spacy.language import Language
from spacy.tokens import Doc

from indexing.nlp.normalize import spelling_variants

LANG = "de"

# simplemma errs on a few words that matter here; surface form (lower-case) -> lemma.
LEMMA_OVERRIDES: dict[str, str] = {
    "daten": "daten",  # "Daten" are data, not the plural of "Datum"
}


@lru_cache(maxsize=1)
def german_lexicon() -> Mapping[str, str]:
    """simplemma's German form → lemma dictionary (about 1.1 million forms, loaded once).

    simplemma loads the same dictionary for lemmatising, so sharing it costs no extra memory.
    Falls back to an empty mapping if a future simplemma moves the (semi-internal) factory; the
    callers then rely on :func:`simplemma.is_known` alone.
    """
    try:
        from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY
    except ImportError:  # pragma: no cover - depends on the installed simplemma
        return {}
    return DEFAULT_DICTIONARY_FACTORY.get_dictionary(LANG)


@lru_cache(maxsize=200_000)
def lexicon_lemma(form: str) -> str | None:
    """The lexicon's lemma for ``form`` in its exact spelling and case, or ``None`` if unknown."""
    lexicon = german_lexicon()
    if lexicon:
        return lexicon.get(form)
    return simplemma.lemmatize(form, lang=LANG) if simplemma.is_known(form, lang=LANG) else None


def lookup_any_case(word: str) -> str | None:
    """The lexicon lemma for ``word`` as typed, capitalised (noun) or lower-cased, first found."""
    for form in (word, word[:1].upper() + word[1:], word.lower()):
        lemma = lexicon_lemma(form)
        if lemma is not None:
            return lemma
    return None


def _choose_spelling(word: str) -> str:
    variants = spelling_variants(word)
    if not variants:
        return word
    as_typed = lookup_any_case(word)
    if as_typed is not None and as_typed.lower() == word.lower():
        return word  # a base form in its own right ("Masse", "dass"): trust the writer
    for variant in variants:
        if lookup_any_case(variant) is not None:
            return variant
    return word


def _truncated_lemma(part: str) -> str:
    """Lemma of a word cut at a hyphen ("Mitteilungs- oder Verkündungsblatt" → "mitteilung")."""
    if part.endswith("s") and lookup_any_case(part[:-1]) is not None:
        part = part[:-1]  # the linking "s" of a compound's first part
    return lemmatize(part)


@lru_cache(maxsize=200_000)
def lemmatize(word: str) -> str:
    """Lower-case German lemma of one token.

    :param word: The token text as written (case matters: "Tragen" is a noun, "tragen" a verb).
    :returns: The lemma in lower case and real spelling; tokens that are not words (numbers,
        abbreviations, acronyms such as "EGovG") come back lower-cased unchanged.
    """
    lowered = word.lower()
    if lowered in LEMMA_OVERRIDES:
        return LEMMA_OVERRIDES[lowered]
    if len(word) > 2 and (word.endswith("-") or word.startswith("-")) and word.strip("-").isalpha():
        return _truncated_lemma(word.strip("-"))
    if not word.replace("-", "").isalpha():
        return lowered
    if word.isupper() and len(word) > 1:
        # Acronyms stay; shouted words ("FÜHRERSCHEIN") are lemmatised as nouns if known.
        titled = word.capitalize()
        return lemmatize(titled) if lookup_any_case(titled) is not None and len(word) > 4 else lowered
    if sum(ch.isupper() for ch in word) > 1 and "-" not in word:
        return lowered  # "EGovG", "PAuswG": law abbreviations are their own lemma
    spelled = _choose_spelling(word)
    return simplemma.lemmatize(spelled, lang=LANG).lower()


@Language.component("lsa_lemmatizer", assigns=["token.lemma"])
def lemmatizer_component(doc: Doc) -> Doc:
    """Set ``token.lemma_`` to the simplemma lemma (lower-case) of every non-space token."""
    for token in doc:
        if not token.is_space:
            token.lemma_ = lemmatize(token.text)
    return doc
