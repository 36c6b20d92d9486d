"""The compound splitter's n-gram tables: memory-mapped tries give the package's numbers exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexing.nlp import ngrams
from indexing.nlp.ngrams import MappedTables, PackageTables, ensure_ngram_tables, tables_dir

WORDS = ["Personalausweisbehörde", "Leistungsbeschreibungen", "beantragen", "Rathaus", "Bibliotheksausweis"]
WORDS += ["Einwohnermeldeamt", "Quaxelbehörde", "xyzzyqwrtp", "Straßenverkehrsbehörde", "Schöffenamt"]


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[PackageTables, MappedTables]:
    from tests.conftest import shared_model_cache

    return PackageTables(), MappedTables(ensure_ngram_tables(shared_model_cache()))


def test_ngrams_mapped_tables_hold_every_entry(tables: tuple[PackageTables, MappedTables]) -> None:
    package, mapped = tables
    for name in ngrams.TABLES:
        source = getattr(package, f"_{name}")
        table = getattr(mapped, f"_{name}")
        assert len(table.trie) == len(source)
        for ngram in list(source)[::997]:
            assert table.values[table.trie[ngram]] == source[ngram]  # float64: exact


@pytest.mark.parametrize("word", WORDS)
def test_ngrams_mapped_and_package_tables_agree(
    tables: tuple[PackageTables, MappedTables], word: str
) -> None:
    package, mapped = tables
    word = word.lower()
    for n in range(len(word)):
        for piece in (word[:n], word[n:], word[n:] + "q"):
            assert mapped.prefix(piece) == package.prefix(piece)
            assert mapped.suffix(piece) == package.suffix(piece)
        if len(word) - n >= 3:
            assert mapped.infix_min(word[n:]) == package.infix_min(word[n:])


def test_ngrams_written_once_and_reused(tmp_path: Path) -> None:
    directory = ensure_ngram_tables(tmp_path)
    assert directory == tables_dir(tmp_path)
    stamp = (directory / "meta.json").stat().st_mtime_ns
    assert ensure_ngram_tables(tmp_path) == directory
    assert (directory / "meta.json").stat().st_mtime_ns == stamp
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".compound-ngrams-")]  # no staging left


def test_ngrams_mismatched_values_are_refused(tmp_path: Path) -> None:
    directory = ensure_ngram_tables(tmp_path)
    (directory / "infix.f64").write_bytes(b"\0" * 16)
    with pytest.raises(ValueError, match="infix"):
        MappedTables(directory)


def test_ngrams_a_process_with_mapped_tables_never_loads_the_package_dicts() -> None:
    """The point of the tables: a service that splits words holds no 200 MB of n-gram dicts."""
    from tests.conftest import run_fresh_python, shared_model_cache

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from indexing.nlp.ngrams import use_ngram_tables, ngram_tables, MappedTables\n"
        f"use_ngram_tables(Path({str(shared_model_cache())!r}))\n"
        "from indexing.nlp import build_german_nlp, get_compound_splitter\n"
        "parts = get_compound_splitter(build_german_nlp()).split('Personalausweisbehörde')[1]\n"
        "assert parts == ('personalausweis', 'behörde'), parts\n"
        "assert isinstance(ngram_tables(), MappedTables)\n"
        "assert 'compound_split.de_ngram_probs' not in sys.modules\n"
    )
    run_fresh_python(code)


def test_ngrams_an_unusable_cache_falls_back_to_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache directory that cannot be written (a read-only deployment) costs memory, never the service."""
    monkeypatch.setattr(ngrams, "_current", None)
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x", encoding="utf-8")
    assert isinstance(ngrams.use_ngram_tables(blocked / "models"), PackageTables)
    assert (tables_dir(tmp_path) / "meta.json").exists() is False


def test_ngrams_written_tables_are_readable_by_others(tmp_path: Path) -> None:
    assert ensure_ngram_tables(tmp_path).stat().st_mode & 0o005 == 0o005
