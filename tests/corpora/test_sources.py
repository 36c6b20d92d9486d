"""``SOURCE_KINDS`` is the one list of sources: every per-source table and loader follows it."""

from __future__ import annotations

from corpora.base import SOURCE_KINDS
from corpora.ids import ID_PREFIX
from corpora.registry import build_loaders
from corpora.sources import SOURCE_DIRS
from lsa_assistant.settings import default_corpus_dir


def test_sources_tables_cover_exactly_the_source_kinds() -> None:
    assert set(SOURCE_DIRS) == set(SOURCE_KINDS)
    assert set(ID_PREFIX) == set(SOURCE_KINDS)


def test_sources_one_loader_per_source_kind() -> None:
    assert sorted(str(loader.source) for loader in build_loaders(default_corpus_dir())) == sorted(
        SOURCE_KINDS
    )
