"""German lemmas from simplemma (not spaCy's lookup table, which maps "führen" to "fahren").

Lemmas are lower-case and keep the real spelling ("führerschein"); folding to ASCII is the
normaliser's job. ASCII input is restored first when that finds a real word:
"Fuehrerschein" → "führerschein", "Strasse" → "straße", but "Masse" stays "masse" (a base form as
typed is never re-spelled). The lexicon lookups here are shared with the compound splitter.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Mapping
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY, DictionaryFactory
from spacy.language import Language
from spacy.tokens import Doc

from indexing.nlp.normalize import spelling_variants

LANG = "de"
log = logging.getLogger(__name__)
_lock = threading.Lock()
#: this process's dictionary source, chosen once (see :func:`use_lemma_tries`)
_factory: DictionaryFactory | None = None
_lemmatizer: Lemmatizer | None = None

# simplemma errs on a few words that matter here; surface form (lower-case) -> lemma.
LEMMA_OVERRIDES: dict[str, str] = {
    "daten": "daten",  # "Daten" are data, not the plural of "Datum"
}


def tries_dir(cache_dir: Path) -> Path:
    """Where :func:`use_lemma_tries` keeps the installed simplemma's dictionaries as marisa tries."""
    return Path(cache_dir) / f"simplemma-{version('simplemma')}-tries"


def _ensure_tries(cache_dir: Path) -> Path:
    """The tries' directory, its German trie written first when missing (~3 s, once; atomically renamed in)."""
    from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

    target = tries_dir(cache_dir)
    if (target / f"{LANG}.dic").is_file():
        return target
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".simplemma-", dir=target.parent))
    try:
        TrieDictionaryFactory(disk_cache_dir=str(staging)).get_dictionary(LANG)
        written = staging / f"{LANG}.dic"
        if not written.is_file():
            raise OSError(f"simplemma wrote no trie into {staging}")
        written.chmod(0o644)  # a service may run as another user than the index job
        os.replace(written, target / f"{LANG}.dic")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def use_lemma_tries(cache_dir: Path) -> None:
    """Make simplemma's marisa-trie dictionaries under ``cache_dir`` this process's source, unless one is chosen.

    The shipped dictionary is decoded into a dict of 1.1 million forms at every start (~1 s, ~100 MB); the trie
    (simplemma's own ``TrieDictionaryFactory``, written once per simplemma version) loads in milliseconds and
    holds the same forms, so lemmas do not depend on the source (a test compares both). A cache that cannot be
    written or read costs start-up time, not the service.
    """
    global _factory
    with _lock:
        if _factory is not None:
            return
        try:
            from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

            factory = TrieDictionaryFactory(disk_cache_dir=str(_ensure_tries(cache_dir)))
            factory.get_dictionary(LANG)
        except (ImportError, OSError, RuntimeError, ValueError) as e:
            log.warning(
                "simplemma tries under %s not usable (%s); decoding the shipped dictionary", cache_dir, e
            )
            return
        _factory = factory


def _source() -> DictionaryFactory:
    global _factory
    if _factory is None:
        with _lock:
            if _factory is None:
                _factory = DEFAULT_DICTIONARY_FACTORY
    return _factory


def german_lexicon() -> Mapping[str, str]:
    """simplemma's German form → lemma dictionary (about 1.1 million forms) from this process's source.

    simplemma lemmatises with the same dictionary (:func:`simplemma_lemma`), so sharing it costs no extra memory.
    """
    return _source().get_dictionary(LANG)


def simplemma_lemma(word: str) -> str:
    """simplemma's lemma of ``word`` (its default strategies) over this process's dictionary source."""
    global _lemmatizer
    lemmatizer = _lemmatizer
    if lemmatizer is None:
        lemmatizer = _lemmatizer = Lemmatizer(
            lemmatization_strategy=DefaultStrategy(dictionary_factory=_source())
        )
    return str(lemmatizer.lemmatize(word, lang=LANG))


@lru_cache(maxsize=200_000)
def lexicon_lemma(form: str) -> str | None:
    """The lexicon's lemma for ``form`` in its exact spelling and case, or ``None`` if unknown."""
    return german_lexicon().get(form)


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
    return simplemma_lemma(spelled).lower()


@Language.component("lsa_lemmatizer", assigns=["token.lemma"])
def lemmatizer_component(doc: Doc) -> Doc:
    """Set ``token.lemma_`` to the simplemma lemma (lower-case) of every non-space token."""
    for token in doc:
        if not token.is_space:
            token.lemma_ = lemmatize(token.text)
    return doc
