"""The German spaCy pipeline: ``spacy.blank("de")`` plus our registered ``lsa_*`` components.

No trained German pipeline installs from PyPI (MODELS.md), so everything here is rules and
lexicons: abbreviation-aware sentences, simplemma lemmas, our stop list, guarded compound splits,
folded norms and legal citations. Build it with :func:`build_german_nlp`; it is cached per
vocabulary because loading the lexicons takes about two seconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

# Importing the modules registers their factories with spaCy.
from indexing.nlp import citations, compounds, lemmas, normalize, sentences, stopwords  # noqa: F401
from indexing.nlp.errors import Errors

PIPE_NAMES: tuple[str, ...] = (
    "lsa_sentences",
    "lsa_lemmatizer",
    "lsa_stopwords",
    "lsa_compounds",
    "lsa_normalizer",
    "lsa_citations",
)


@lru_cache(maxsize=4)
def _build(vocabulary: frozenset[str]) -> Language:
    nlp = spacy.blank("de")
    sentences.add_abbreviation_exceptions(nlp)
    for name in PIPE_NAMES:
        nlp.add_pipe(name)
    splitter = nlp.get_pipe("lsa_compounds")
    assert isinstance(splitter, compounds.CompoundSplitter)
    splitter.set_vocabulary(vocabulary)
    lemmas.german_lexicon()  # load the lexicon now, not on the first document
    return nlp


def build_german_nlp(vocabulary: Iterable[str] | None = None) -> Language:
    """The German analysis pipeline, cached per vocabulary.

    :param vocabulary: Corpus words that count as known compound parts in addition to simplemma's
        lexicon (domain words such as "Onlinezugang"); case does not matter. Index and query
        side must pass the same vocabulary, or they split compounds differently.
    :returns: A shared :class:`spacy.language.Language`; treat it as read-only.
    """
    return _build(frozenset(word.lower() for word in vocabulary or () if word))


def load_vocabulary(path: str | Path) -> frozenset[str]:
    """Read a vocabulary file: one word per line, ``#`` starts a comment line.

    :raises OSError: ``[N002]`` if the file cannot be read.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise OSError(Errors.N002.format(path=path, reason=e)) from e
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def get_compound_splitter(nlp: Language) -> compounds.CompoundSplitter:
    """The ``lsa_compounds`` component of ``nlp`` (for splitting single words outside documents)."""
    if "lsa_compounds" not in nlp.pipe_names:
        raise ValueError(Errors.N004.format(name="lsa_compounds"))
    splitter = nlp.get_pipe("lsa_compounds")
    assert isinstance(splitter, compounds.CompoundSplitter)
    return splitter
