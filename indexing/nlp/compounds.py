"""Guarded German compound splitting: "Personalausweisbehörde" → "personalausweis" + "behörde".

Splitting decides lexical recall on this corpus (MODELS.md: BM25 3/6 → 6/6 at rank 1), but
``compound-split`` alone also splits words that are no compounds ("beantragen" → "bean" +
"tragen"). So a split proposed by its character n-gram model is only accepted when:

* every part is known: a form in simplemma's German lexicon (≈1.1 M forms) or in the corpus
  vocabulary passed to :func:`indexing.nlp.pipeline.build_german_nlp`;
* every part has at least ``min_part_length`` (4) letters or is one of the short words in
  :data:`SHORT_PARTS` ("Amt", "Bau", "Rat"), is no stop word ("ein", "aus", "nach") and none of
  the rare lexicon entries in :data:`UNRELIABLE_PARTS` ("Besch|reibung", "Doku|mente");
* the word is no known verb, adjective or adverb and not derived from one (:func:`is_derivation`:
  "Beschreibung" ← beschreiben, "Erreichbarkeit" ← erreichbar);
* the proposal is among the model's ``max_candidates`` best and scores at least ``min_score``.

Modifiers lose their linking element through the lexicon ("Leistungs" → "leistung",
"Standes" → "stand") or by stripping it. A verb stem yields the verb ("Wohn" → "wohnen"); an
"-e" stem that is verb and noun yields both ("Melde" → "melden", "melde"), so "Meldebehörde"
meets the query "Wo melde ich …". A part that is itself an unknown compound is split again
("Einwohnermelde" → "einwohner" + "melden" + "melde"); known parts are not ("Personalausweis"
stays whole inside "Personalausweisbehörde"). Hyphenated words are split at their hyphens.

The whole lemma is always kept as well; for a compound the lexicon does not know it is rebuilt
from the head's lemma ("Personalausweisbehörden" → "personalausweisbehörde"). The
``lsa_compounds`` component stores the parts in ``token._.lsa_parts`` and corrects
``token.lemma_`` that way.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

from indexing.nlp.errors import Errors
from indexing.nlp.lemmas import LEMMA_OVERRIDES, lemmatize, lexicon_lemma, lookup_any_case
from indexing.nlp.ngrams import ngram_tables
from indexing.nlp.normalize import fold
from indexing.nlp.stopwords import is_stop

# Three-letter words that are common compound parts in administration ("Bürgeramt", "Bauantrag").
SHORT_PARTS: frozenset[str] = frozenset(
    {"amt", "art", "bad", "bau", "ehe", "eid", "gas", "hof", "kur", "not", "ort", "rad", "rat", "see"}
    | {"tag", "tod", "typ", "weg", "zug", "zoo", "akt", "kfz", "pkw", "lkw"}
)
# Lexicon entries that are real but rare words and mostly match pieces of other words
# ("Besch|reibung", "Doku|mente", "Para|graf", "Temp|late", "Trans|aktion"), and derivational
# endings the lexicon also lists as words ("entsprech|ende", "elektron|ische").
UNRELIABLE_PARTS: frozenset[str] = frozenset(
    {"besch", "doku", "para", "temp", "tran", "inter", "mente", "imme", "eien", "bark", "tech", "late"}
    | {"esse", "ende", "ische", "isch", "nische", "lich", "ung", "ungen", "heit", "keit", "igkeit", "bar"}
)
# Derivational endings: a noun or participle formed from a known verb or adjective is no compound,
# even if the lexicon happens to know two pieces of it ("Beschreibung" ← beschreiben,
# "Regelung" ← regeln, "Erreichbarkeit" ← erreichbar, "Lesbarkeit" ← lesen).
_DERIVATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ungen", ("en", "n")),
    ("ung", ("en", "n")),
    ("barkeit", ("en", "bar")),
    ("keit", ("",)),
    ("heit", ("",)),
    ("end", ("en", "n")),
)
# Linking elements ("Fugen") that may end a modifier, longest first.
_LINKING_ELEMENTS = ("ens", "es", "ns", "en", "er", "s", "n", "e")
_NOUN_ENDINGS = ("es", "s", "e", "en", "n")
_MAX_DEPTH = 3
_MAX_CACHE = 500_000
# (part lemmas, surface of the rightmost part, its lemma): enough to rebuild the whole lemma.
_Split = tuple[list[str], str, str]


def split_candidates(word: str) -> list[tuple[float, str, str]]:
    """``compound_split.char_split.split_compound`` for German, best split first.

    Same scoring as the package (Tuggener's character n-gram probabilities), re-implemented so
    that only the German model is read (``char_split`` also loads the Dutch one on import), and read from
    :func:`indexing.nlp.ngrams.ngram_tables` (memory-mapped when the process has them). A test keeps both
    in agreement.

    :param word: One word without hyphens, any case.
    :returns: ``(score, left, right)`` for every split point, lower-case, best first.
    """
    word = word.lower()
    tables = ngram_tables()
    scores: list[tuple[float, str, str]] = []
    for n in range(3, len(word) - 2):
        pre_slice_prob = tables.suffix(_cut_off_fugen_s(word[:n]))
        start_slice_prob = tables.prefix(_cut_off_fugen_s(word[n:]))
        # The lowest in-word probability of any n-gram starting at the split punishes the split.
        in_slice_prob = tables.infix_min(word[n:])
        scores.append((start_slice_prob - in_slice_prob + pre_slice_prob, word[:n], word[n:]))
    scores.sort(reverse=True)
    return scores


def _cut_off_fugen_s(word: str) -> str:
    if word.endswith(("ts", "gs", "ks", "hls", "ns")) and len(word) > 3:
        return word[:-1]
    return word


def _is_noun_like(capitalised: str) -> bool:
    """Whether the lexicon inflects ``capitalised`` as a noun ("Bild" → "Bildes"), not "Wohn"."""
    return any(lexicon_lemma(capitalised + ending) == capitalised for ending in _NOUN_ENDINGS)


def _is_lower_word(form: str) -> bool:
    """Whether the lexicon knows ``form`` as a verb, adjective or adverb (lower-case lemma)."""
    lemma = lexicon_lemma(form)
    return lemma is not None and lemma.islower()


def is_derivation(lemma: str) -> bool:
    """Whether ``lemma`` is a known non-noun or derived from one, so no compound to split.

    :param lemma: A lower-case lemma such as "beschreibung" or "landesverwaltung".
    """
    if _is_lower_word(lemma):
        return True
    for ending, base_endings in _DERIVATIONS:
        if lemma.endswith(ending) and len(lemma) > len(ending) + 2:
            base = lemma[: -len(ending)]
            if any(_is_lower_word(base + base_ending) for base_ending in base_endings):
                return True
    return False


class CompoundSplitter:
    """Pipeline component and plain splitter (:meth:`split`) for German compounds."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        min_part_length: int = 4,
        min_word_length: int = 6,
        max_candidates: int = 3,
        min_score: float = -1.0,
    ) -> None:
        if min_part_length < 2 or min_word_length < 4 or max_candidates < 1:
            raise ValueError(
                Errors.N001.format(
                    name=name,
                    min_part_length=min_part_length,
                    min_word_length=min_word_length,
                    max_candidates=max_candidates,
                )
            )
        self.name = name
        self.min_part_length = min_part_length
        self.min_word_length = min_word_length
        self.max_candidates = max_candidates
        self.min_score = min_score
        self.vocabulary: frozenset[str] = frozenset()
        self._cache: dict[tuple[str, bool], tuple[str, tuple[str, ...]]] = {}
        if not Token.has_extension("lsa_parts"):
            Token.set_extension("lsa_parts", default=())

    def set_vocabulary(self, words: Iterable[str]) -> None:
        """Count the corpus words in ``words`` as known parts (in addition to the lexicon)."""
        self.vocabulary = frozenset(word.lower() for word in words if word)
        self._cache.clear()

    # -- word-level API ------------------------------------------------------------------------

    def split(self, word: str, *, noun: bool = True) -> tuple[str, tuple[str, ...]]:
        """Split one word.

        :param word: A lemma or surface form, any case ("Leistungsbeschreibungen" works, its
            lemma "leistungsbeschreibung" is what the pipeline passes).
        :param noun: Whether the word was written as a noun (capitalised). For lower-case words an
            adjective head wins ("fachunabhängige" → "unabhängig"); for nouns, and for verb-like
            heads, the noun reading ("wohnsitz" → "sitz", not "sitzen").
        :returns: ``(whole, parts)``: the whole word's lower-case form (rebuilt from the head's
            lemma for compounds the lexicon does not know) and the accepted parts' lemmas, in
            order, empty if no split was accepted.
        """
        key = (word.lower(), noun)
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) >= _MAX_CACHE:
                self._cache.clear()  # a long-running query service sees unbounded input
            cached = self._split_word(*key)
            self._cache[key] = cached
        return cached

    def _split_word(self, word: str, noun: bool) -> tuple[str, tuple[str, ...]]:
        if "-" in word.strip("-"):
            return self._split_hyphenated(word.strip("-"), noun)
        if is_derivation(word):
            return word, ()
        found = self._split(word, head=True, noun=noun, depth=1)
        if found is None:
            return word, ()
        parts, head_surface, head_lemma = found
        whole = word
        # Rebuild the lemma of a compound the lexicon lacks from its head's lemma, unless the head
        # changes its stem ("hing" → "hängen"), where the rebuilt word would be wrong.
        if (
            lookup_any_case(word) is None
            and head_surface != head_lemma
            and head_lemma[:3] == head_surface[:3]
        ):
            whole = word[: len(word) - len(head_surface)] + head_lemma
        return whole, tuple(dict.fromkeys(parts))

    def _split_hyphenated(self, word: str, noun: bool) -> tuple[str, tuple[str, ...]]:
        pieces = [piece for piece in word.split("-") if piece]  # "e-government-gesetzes"
        lemmas = [*pieces[:-1], lemmatize(pieces[-1].capitalize()) if pieces[-1].isalpha() else pieces[-1]]
        parts: list[str] = []
        for piece, lemma in zip(pieces, lemmas, strict=True):
            if len(lemma) >= 2 and not is_stop(lemma):
                parts.append(lemma)
                if len(piece) >= self.min_word_length and piece.isalpha():
                    parts.extend(self.split(lemma, noun=noun)[1])
        return "-".join(lemmas), tuple(dict.fromkeys(parts))

    def _split(self, word: str, *, head: bool, noun: bool, depth: int) -> _Split | None:
        """Best accepted split of ``word`` as ``(part lemmas, head surface, head lemma)``."""
        if len(word) < self.min_word_length or depth > _MAX_DEPTH or not word.isalpha():
            return None
        for score, left, right in split_candidates(word)[: self.max_candidates]:
            if score < self.min_score:
                break
            left_split = self._part(left, head=False, noun=noun, depth=depth)
            if left_split is None:
                continue
            right_split = self._part(right, head=head, noun=noun, depth=depth)
            if right_split is None:
                continue
            return left_split[0] + right_split[0], right_split[1], right_split[2]
        return None

    def _part(self, part: str, *, head: bool, noun: bool, depth: int) -> _Split | None:
        """One side of a split: its lemma(s) if known, else its own accepted split, else ``None``."""
        lemmas = [self._head_lemma(part, noun)] if head else self._modifier_lemmas(part)
        if lemmas[0] is not None:
            # The first reading decides; a second one ("melde" beside "melden") is only kept.
            accepted = [lemma for lemma in lemmas if lemma is not None and self._acceptable(lemma)]
            return (accepted, part, accepted[-1]) if accepted and accepted[0] == lemmas[0] else None
        return self._split(part, head=head, noun=noun, depth=depth + 1)

    def _acceptable(self, lemma: str) -> bool:
        # Measured in folded spelling: the lexicon's old-spelling "Paß" is as long as "Pass".
        long_enough = len(fold(lemma)) >= self.min_part_length or lemma in SHORT_PARTS
        return long_enough and lemma.isalpha() and lemma not in UNRELIABLE_PARTS and not is_stop(lemma)

    def _head_lemma(self, head: str, noun: bool) -> str | None:
        if head in LEMMA_OVERRIDES:
            return LEMMA_OVERRIDES[head]
        lower = lexicon_lemma(head)
        if not noun and lower is not None and lower.islower() and not lower.endswith("n"):
            return lower  # adjective head of a lower-case word: "fachunabhängige" → unabhängig
        capitalised = lexicon_lemma(head.capitalize())
        if capitalised is not None:
            return capitalised.lower()
        if lower is not None and not lower.endswith("n"):
            return lower.lower()  # "gebühren|frei"; a verb is no compound head ("Maßn|ahme")
        return head if head in self.vocabulary else None

    def _modifier_lemmas(self, modifier: str) -> list[str | None]:
        """Lemma(s) of a compound's left part; two for an "-e" stem that is verb and noun."""
        if modifier in LEMMA_OVERRIDES:
            return [LEMMA_OVERRIDES[modifier]]
        lower = lexicon_lemma(modifier)
        verb = (
            lower
            if lower is not None and lower.islower() and lower.endswith("n") and lower != modifier
            else None
        )
        capitalised = modifier.capitalize()
        noun = lexicon_lemma(capitalised)
        if noun is not None and noun != capitalised:
            return [noun.lower()]  # the lexicon undoes the linking element: "Leistungs" → Leistung
        if noun is not None:
            if verb is not None and modifier.endswith("e"):
                return [verb, noun.lower()]  # "Melde-": melden (and the noun, in case)
            if verb is not None and not _is_noun_like(capitalised):
                return [verb]  # "Wohn-" → wohnen
            return [noun.lower()]
        if lower is not None:
            return [lower.lower()]  # "hoch", "halb", "kenn" → kennen
        for ending in _LINKING_ELEMENTS:
            stem = modifier[: -len(ending)]
            if ending in ("n", "ns") and not stem.endswith("e"):
                continue  # "-n-" only links stems in "-e": "Straße|n|verkehr", "Name|ns|recht"
            if modifier.endswith(ending) and len(stem) >= 3:
                lemma = lexicon_lemma(stem.capitalize())
                if lemma is not None:
                    return [lemma.lower()]
                if stem in self.vocabulary:
                    return [stem]
        return [modifier] if modifier in self.vocabulary else [None]

    # -- pipeline component --------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            text = token.text
            if len(text) < self.min_word_length or not text.replace("-", "").isalpha():
                continue
            if token.is_stop or (text[1:] != text[1:].lower() and "-" not in text):
                continue  # acronyms such as "EGovG" are no compounds
            whole, parts = self.split(token.lemma_ or text, noun=text[:1].isupper())
            if parts:
                token._.lsa_parts = parts
                if whole != token.lemma_:
                    token.lemma_ = whole
        return doc


@Language.factory(
    "lsa_compounds",
    default_config={"min_part_length": 4, "min_word_length": 6, "max_candidates": 3, "min_score": -1.0},
    requires=["token.lemma"],
    assigns=["token.lemma", "token._.lsa_parts"],
)
def make_compound_splitter(
    nlp: Language,
    name: str,
    min_part_length: int,
    min_word_length: int,
    max_candidates: int,
    min_score: float,
) -> CompoundSplitter:
    """Factory for :class:`CompoundSplitter`."""
    return CompoundSplitter(
        nlp,
        name,
        min_part_length=min_part_length,
        min_word_length=min_word_length,
        max_candidates=max_candidates,
        min_score=min_score,
    )
