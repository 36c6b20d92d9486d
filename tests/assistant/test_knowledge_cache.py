"""The start-up cache: a hit skips the corpora, a stale or corrupt file is rebuilt, cached equals fresh."""

from __future__ import annotations

import copy
import logging
import pickle
from pathlib import Path

import pytest

import assistant.knowledge as knowledge_module
from assistant.analysis import QueryAnalyzer
from assistant.analysis.analyzer import CACHE_FILE as ANALYSIS_FILE
from assistant.analysis.catalogue import CatalogueLinker
from assistant.analysis.entities import EntityLinker
from assistant.knowledge import (
    CACHE_FILE,
    KnowledgeBase,
    load_knowledge,
    load_knowledge_base,
)
from assistant.knowledge_cache import read_cache, source_fingerprint, write_cache
from assistant.models import Message
from lsa_assistant.settings import Settings, default_corpus_dir
from tests.assistant.analysis_helpers import analyzer, knowledge

QUESTIONS = (
    "Was kostet ein Personalausweis?",
    "Wer ist für die Bezahlplattform zuständig?",
    "Wie melde ich eine Spielhalle an?",
    "Was regelt § 9 EGovG LSA?",
)


@pytest.fixture
def fake_load(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Loading the corpora returns (a copy of) the session's fresh knowledge base and is counted."""
    calls: list[Path] = []
    fresh = knowledge()

    def load(corpus_dir: Path, corpus: object = None) -> KnowledgeBase:
        calls.append(corpus_dir)
        return copy.copy(fresh)

    monkeypatch.setattr(knowledge_module, "_load_from_corpora", load)
    return calls


@pytest.fixture(scope="module")
def cached_knowledge(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The shipped corpora loaded once fresh into a cache, then read back from it."""
    cache_dir = tmp_path_factory.mktemp("cache")
    loaded = load_knowledge_base(default_corpus_dir(), cache_dir=cache_dir)
    cached = read_cache(cache_dir / CACHE_FILE, loaded.fingerprint)
    assert isinstance(cached, KnowledgeBase)
    return cached


def test_knowledge_cache_hit_skips_the_corpora(tmp_path: Path, fake_load: list[Path]) -> None:
    first = load_knowledge_base(default_corpus_dir(), cache_dir=tmp_path)
    assert fake_load == [default_corpus_dir()] and (tmp_path / CACHE_FILE).is_file()
    second = load_knowledge_base(default_corpus_dir(), cache_dir=tmp_path)
    assert fake_load == [default_corpus_dir()]  # not loaded again
    assert second.fingerprint == first.fingerprint == source_fingerprint(default_corpus_dir())
    assert second.corpus_version == first.corpus_version


def test_knowledge_without_cache_dir_writes_nothing(tmp_path: Path, fake_load: list[Path]) -> None:
    loaded = load_knowledge(Settings(data_dir=tmp_path, startup_cache=False))
    assert loaded.fingerprint == "" and not (tmp_path / "cache").exists()
    load_knowledge(Settings(data_dir=tmp_path))
    assert (tmp_path / "cache" / CACHE_FILE).is_file() and len(fake_load) == 2


def test_knowledge_cache_stale_is_rebuilt_and_rewritten(
    tmp_path: Path, fake_load: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    write_cache(tmp_path / CACHE_FILE, "another-corpus", copy.copy(knowledge()))
    with caplog.at_level(logging.INFO, logger="assistant.knowledge_cache"):
        loaded = load_knowledge_base(default_corpus_dir(), cache_dir=tmp_path)
    assert len(fake_load) == 1 and "is stale" in caplog.text
    assert read_cache(tmp_path / CACHE_FILE, loaded.fingerprint) is not None


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps((1, "k"))[:-3]])
def test_knowledge_cache_corrupt_file_is_ignored_and_rebuilt(
    tmp_path: Path, fake_load: list[Path], caplog: pytest.LogCaptureFixture, garbage: bytes
) -> None:
    (tmp_path / CACHE_FILE).write_bytes(garbage)
    with caplog.at_level(logging.WARNING, logger="assistant.knowledge_cache"):
        loaded = load_knowledge_base(default_corpus_dir(), cache_dir=tmp_path)
    assert len(fake_load) == 1
    assert "unreadable" in caplog.text and "rebuilding" in caplog.text
    assert isinstance(read_cache(tmp_path / CACHE_FILE, loaded.fingerprint), KnowledgeBase)


def test_knowledge_cache_unwritable_dir_is_logged_not_raised(
    tmp_path: Path, fake_load: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory should be")
    with caplog.at_level(logging.WARNING, logger="assistant.knowledge_cache"):
        loaded = load_knowledge_base(default_corpus_dir(), cache_dir=blocked)
    assert loaded.fingerprint and "could not write" in caplog.text


def test_source_fingerprint_follows_every_corpus_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpora"
    (corpus / "pages").mkdir(parents=True)
    (corpus / "pages" / "a.md").write_text("Stand 2024", encoding="utf-8")
    before = source_fingerprint(corpus)
    assert source_fingerprint(corpus) == before
    (corpus / "pages" / "a.md").write_text("Stand 2025", encoding="utf-8")
    changed = source_fingerprint(corpus)
    (corpus / "pages" / "b.md").write_text("", encoding="utf-8")
    assert len({before, changed, source_fingerprint(corpus)}) == 3


def test_cached_chunks_equal_fresh_chunks_byte_for_byte(cached_knowledge: KnowledgeBase) -> None:
    """Citations are checked against these texts: the cache must give exactly what a fresh chunking gives."""
    fresh = knowledge()
    assert list(cached_knowledge.chunks) == list(fresh.chunks) and len(fresh.chunks) > 5000
    for chunk_id, chunk in fresh.chunks.items():
        cached = cached_knowledge.chunks[chunk_id]
        assert (cached.content or "").encode() == (chunk.content or "").encode(), chunk_id
        assert cached.meta == chunk.meta and cached.id == chunk.id, chunk_id
    assert cached_knowledge.corpus_version == fresh.corpus_version
    assert cached_knowledge.chunks_by_parent == fresh.chunks_by_parent


def test_cached_knowledge_equals_fresh_knowledge(cached_knowledge: KnowledgeBase) -> None:
    fresh = knowledge()
    assert cached_knowledge.law == fresh.law
    assert cached_knowledge.services == fresh.services
    assert cached_knowledge.organizations == fresh.organizations
    assert cached_knowledge.catalogue == fresh.catalogue
    assert cached_knowledge.services_by_key == fresh.services_by_key
    assert cached_knowledge.catalogue_by_key == fresh.catalogue_by_key


def test_analyzer_lexicons_cached_analyse_like_fresh_ones(
    tmp_path: Path, cached_knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = analyzer()  # built before the lexicon builders are refused below
    QueryAnalyzer(cached_knowledge, cache_dir=tmp_path).warm_up()
    assert (tmp_path / ANALYSIS_FILE).is_file()

    def refuse(self: object) -> None:
        raise AssertionError("the lexicons should come from the cache")

    monkeypatch.setattr(CatalogueLinker, "warm_up", refuse)
    monkeypatch.setattr(EntityLinker, "warm_up", refuse)
    restored = QueryAnalyzer(cached_knowledge, cache_dir=tmp_path)
    restored.warm_up()
    for question in QUESTIONS:
        messages = [Message(role="user", content=question)]
        assert restored.analyze(messages) == fresh.analyze(messages), question


def test_analyzer_rebuilds_lexicons_that_do_not_fit(
    tmp_path: Path, cached_knowledge: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    write_cache(tmp_path / ANALYSIS_FILE, cached_knowledge.fingerprint, {"catalogue": {}, "entities": {}})
    with caplog.at_level(logging.WARNING, logger="assistant.analysis.analyzer"):
        built = QueryAnalyzer(cached_knowledge, cache_dir=tmp_path)
        built.warm_up()
    assert "do not fit" in caplog.text
    messages = [Message(role="user", content=QUESTIONS[0])]
    assert built.analyze(messages) == analyzer().analyze(messages)
    assert isinstance(read_cache(tmp_path / ANALYSIS_FILE, cached_knowledge.fingerprint)["catalogue"], dict)
