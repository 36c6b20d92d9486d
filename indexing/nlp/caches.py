"""The German pipeline's lexicons from the model cache: one call for every process that analyses text.

The compound splitter's n-gram probabilities (:mod:`indexing.nlp.ngrams`) and simplemma's lemma dictionary
(:mod:`indexing.nlp.lemmas`) each cost a second or more and about 100–200 MB per process when read from their
packages; written once into the model cache they are memory-mapped or loaded in milliseconds.
"""

from __future__ import annotations

from pathlib import Path

from indexing.nlp.lemmas import use_lemma_tries
from indexing.nlp.ngrams import use_ngram_tables


def use_nlp_caches(cache_dir: Path) -> None:
    """Make the cached n-gram tables and lemma tries under ``cache_dir`` this process's sources (written once)."""
    use_ngram_tables(cache_dir)
    use_lemma_tries(cache_dir)
