"""Staff lookup by relevance: the record a person means comes first, not the first one in the alphabet.

Someone typing "Wohngeld" wants the curated Sachsen-Anhalt description "Wohngeld beantragen" with its authority,
not the catalogue's "Pflegewohngeld"; "Zulassung" should not start with "Abfallbehandlungsanlage Zulassung".
So a query word matches a record when it occurs in it (case and umlauts folded, as before) or when its lemma is
the lemma of one of the record's words ("Führerscheine" finds "Führerschein"); and matching records are ordered
by where the words matched:

1. curated FIM descriptions for Sachsen-Anhalt before catalogue-only entries (they name the authority);
2. within each, by score: the LeiKa key or the whole name or a synonym exactly (highest), whole words or lemmas
   of the name, of a synonym, then words only contained in a longer word (a compound part), then matches in
   the authorities or laws;
3. ties by name (German collation, as ``sort=name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpora.fim_models import Service
from corpora.leika_models import CatalogueEntry
from indexing.nlp.lemmas import lemmatize
from indexing.nlp.normalize import fold

_WORD = re.compile(r"[\wäöüÄÖÜß]+(?:-[\wäöüÄÖÜß]+)*")

#: Points per query word by where it matched (the best place counts once per word).
NAME_WORD, NAME_LEMMA, SYNONYM_WORD, SYNONYM_LEMMA, NAME_PART, SYNONYM_PART, OTHER = 10, 8, 6, 5, 3, 2, 1
#: For the whole query: the record's key, name or a synonym exactly.
EXACT_KEY, EXACT_NAME, EXACT_SYNONYM = 100, 50, 30


@dataclass(frozen=True)
class Term:
    """One query word: folded as typed, and its folded lemma."""

    word: str
    lemma: str


@dataclass(frozen=True)
class Profile:
    """What a record offers to a query, folded once (cached by the record's texts)."""

    keys: frozenset[str]
    name: str
    name_words: frozenset[str]
    name_lemmas: frozenset[str]
    synonyms: tuple[str, ...]
    synonym_words: frozenset[str]
    synonym_lemmas: frozenset[str]
    other: str

    @property
    def haystack(self) -> str:
        return " ".join((self.name, *self.synonyms, *self.keys, self.other))


def query_terms(q: str | None) -> list[Term]:
    """The words of a query with their lemmas; empty for no query."""
    return [Term(fold(w), _lemma(w)) for w in _WORD.findall(q or "")]


def profile(item: Service | CatalogueEntry) -> Profile:
    """The record's searchable texts (curated: name, synonyms, keys, authorities; catalogue: name, key, laws)."""
    if isinstance(item, CatalogueEntry):
        return _profile((item.key,), item.name, (), " ".join([*item.laws, *item.law_shortcuts]))
    keys = tuple(k for k in (item.leika_key, *item.weitere_leika_keys) if k)
    return _profile(keys, item.name, tuple(item.begriffe), " ".join(item.authority_names))


def matches(p: Profile, terms: list[Term]) -> bool:
    """Every query word occurs in the record (folded) or shares a lemma with one of its words."""
    haystack = p.haystack
    lemmas = p.name_lemmas | p.synonym_lemmas
    return all(t.word in haystack or t.lemma in lemmas for t in terms)


def score(p: Profile, terms: list[Term]) -> int:
    """How well the record fits the query (see the module docstring); 0 for no query."""
    if not terms:
        return 0
    whole = " ".join(t.word for t in terms)
    total = EXACT_KEY if whole in p.keys else 0
    total += EXACT_NAME if whole == p.name else 0
    total += EXACT_SYNONYM if whole in p.synonyms else 0
    for t in terms:
        total += max(
            NAME_WORD if t.word in p.name_words else 0,
            NAME_LEMMA if t.lemma in p.name_lemmas else 0,
            SYNONYM_WORD if t.word in p.synonym_words else 0,
            SYNONYM_LEMMA if t.lemma in p.synonym_lemmas else 0,
            NAME_PART if t.word in p.name else 0,
            SYNONYM_PART if any(t.word in s for s in p.synonyms) else 0,
            OTHER if t.word in p.other or any(t.word in k for k in p.keys) else 0,
        )
    return total


def relevance_key(item: Service | CatalogueEntry, terms: list[Term]) -> tuple[bool, int]:
    """Sort key part: curated first, then higher score first (callers add the name for ties)."""
    return (isinstance(item, CatalogueEntry), -score(profile(item), terms))


@lru_cache(maxsize=20_000)
def _profile(keys: tuple[str, ...], name: str, synonyms: tuple[str, ...], other: str) -> Profile:
    name_words = _WORD.findall(name)
    synonym_words = [w for s in synonyms for w in _WORD.findall(s)]
    return Profile(
        keys=frozenset(keys),
        name=fold(name),
        name_words=frozenset(fold(w) for w in name_words),
        name_lemmas=frozenset(_lemma(w) for w in name_words),
        synonyms=tuple(fold(s) for s in synonyms),
        synonym_words=frozenset(fold(w) for w in synonym_words),
        synonym_lemmas=frozenset(_lemma(w) for w in synonym_words),
        other=fold(other),
    )


def _lemma(word: str) -> str:
    return fold(lemmatize(word))
