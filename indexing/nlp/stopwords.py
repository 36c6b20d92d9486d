"""The stop list: spaCy's German ``STOP_WORDS`` adapted to administrative and legal text.

Decisions (the list drives BM25 terms, so every choice is about lexical matching):

* **Kept as content** (removed from spaCy's list) because they carry meaning here: "recht"/"rechte"
  (law, rights: "Recht auf elektronischen Zugang"), "jahr", "tag", "zeit", "uhr" (deadlines,
  opening hours), "ende", "teil", "mittel" (means, funds), "offen" (open data), "dritte" (third
  parties in data protection) and the cardinal numbers ("zwei Wochen", "drei Monate").
* **Still stopped**: negation ("nicht", "kein", "ohne"). A bag-of-words index cannot use a
  negation's scope, the words occur in most legal sentences (IDF ≈ 0) and only lengthen documents;
  the query analysis, not BM25, has to understand "nicht".
* **Added**: question and politeness words of user queries ("bitte", "hallo", "gerne"),
  legal connectives that occur in every norm ("insbesondere", "soweit", "sofern", "jeweils",
  "gemäß", "bzw"), and the lemmas of auxiliaries not listed as such ("sein", "werden", "haben").

Stop words are matched on the lower-cased surface *and* on the lemma, each also in folded
spelling ("fuer" = "für"). The ``lsa_stopwords`` component makes ``token.is_stop`` follow the
surface rule and adds ``token._.lsa_stop`` for the full rule.
"""

from __future__ import annotations

from spacy.attrs import IS_STOP
from spacy.lang.de.stop_words import STOP_WORDS as SPACY_STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Token

from indexing.nlp.normalize import fold

_CARDINALS = {"drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwanzig", "zwei"}
KEPT_CONTENT_WORDS: frozenset[str] = frozenset(
    {"recht", "rechte", "rechten", "rechter", "rechtes", "jahr", "jahre", "jahren", "tag", "tage", "tagen"}
    | {"zeit", "uhr", "ende", "teil", "mittel", "offen", "dritte", "dritten", "dritter", "drittes"}
    | _CARDINALS
)
ADDED_STOP_WORDS: frozenset[str] = frozenset(
    {"bitte", "danke", "hallo", "gerne", "gern", "eigentlich", "genau", "irgendwie"}
    | {"insbesondere", "soweit", "sofern", "jeweils", "gemäß", "gemäss", "bzw", "hierzu", "hierfür"}
    | {"hierbei", "hiermit", "hierüber", "hierdurch", "hiernach", "wobei", "sowie", "bzgl", "ggf", "usw"}
    | {"etc", "vgl", "aufgrund", "solange", "sonstig", "sonstige", "sonstigen", "sonstiger", "sonstiges"}
    | {"jeweilig", "jeweilige", "jeweiligen", "ebenfalls", "hinaus", "darüber"}
    | {"sein", "werden", "haben", "mich", "mein", "dein", "unser", "euer", "ihr", "sich"}
)
STOP_WORDS: frozenset[str] = frozenset(
    word
    for base in (set(SPACY_STOP_WORDS) - KEPT_CONTENT_WORDS) | ADDED_STOP_WORDS
    for word in (base, fold(base))
)


def is_stop(word: str) -> bool:
    """Whether a word (surface form or lemma, any case or spelling) is a stop word."""
    lowered = word.lower()
    return lowered in STOP_WORDS or fold(lowered) in STOP_WORDS


def _token_is_stop(token: Token) -> bool:
    return token.is_stop or is_stop(token.lemma_)


class StopWords:
    """Pipeline component: points the vocabulary's stop flag at :data:`STOP_WORDS`.

    The flag lives on lexemes (one per spelling), so setting it once per vocabulary is enough;
    the per-document call only exists so the component sits in the pipeline like the others.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        # New lexemes take their flag from this getter (spaCy's stub omits the attribute).
        nlp.vocab.lex_attr_getters[IS_STOP] = is_stop  # type: ignore[attr-defined]
        for lexeme in nlp.vocab:
            lexeme.is_stop = is_stop(lexeme.orth_)
        if not Token.has_extension("lsa_stop"):
            Token.set_extension("lsa_stop", getter=_token_is_stop)

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("lsa_stopwords", assigns=["token.is_stop"])
def make_stopwords(nlp: Language, name: str) -> StopWords:
    """Factory for :class:`StopWords`."""
    return StopWords(nlp, name)
