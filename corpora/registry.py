"""All sources together: loads each, checks references across sources, and never fails silently.

A broken file raises :class:`CorpusError` naming the file; the CLI prints it and exits non-zero, so a bad
FIM file cannot quietly shrink the index. :func:`load_corpus` returns the :class:`~corpora.corpus.Corpus` that the
index job and the knowledge base share, so each source is parsed once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from haystack import Document

from corpora.corpus import Corpus
from corpora.sources import (
    SOURCE_DIRS,
    collect_documents,
    corpus_version,
    curated_service_keys,
    curated_service_names,
    replaced_keys,
)
from lsa_assistant.errors import CorpusError


def load_corpus(corpus_dir: Path) -> Corpus:
    """The corpus under ``corpus_dir``; its sources are parsed when first asked for, then kept.

    :raises CorpusError: the directory does not exist.
    """
    return Corpus(corpus_dir)


def build_loaders(corpus_dir: Path) -> list[Any]:
    """One loader per source, wired with the cross-source checks (FIM -> organisations, LeiKa <- FIM)."""
    return Corpus(corpus_dir).loaders


def load_all_documents(corpus_dir: Path) -> tuple[list[Document], dict[str, Any]]:
    """Every document of every source, validated; plus a report (counts, corpus version).

    :raises CorpusError: on the first invalid file or a duplicate id across sources.
    """
    if not corpus_dir.is_dir():
        raise CorpusError("corpus directory not found", path=corpus_dir)
    return collect_documents(build_loaders(corpus_dir), corpus_dir)


__all__ = [
    "SOURCE_DIRS",
    "Corpus",
    "build_loaders",
    "corpus_version",
    "curated_service_keys",
    "curated_service_names",
    "load_all_documents",
    "load_corpus",
    "replaced_keys",
]
