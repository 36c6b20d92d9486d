"""Tuggener's German character n-gram probabilities (``compound-split``) for the compound splitter.

The package ships them as three Python dicts of 1.87 million entries in all: importing them takes about 1.4 s
and 200 MB in every process that splits a word. :func:`ensure_ngram_tables` writes the same numbers once
into a model cache directory as marisa tries (the keys, 4 MB) and float64 arrays (the values, 15 MB);
:func:`use_ngram_tables` memory-maps them, so a process holds only the pages it reads and the operating
system shares them between processes. Every source gives the same numbers, so splits do not depend on
which one a process uses (a test checks both against each other).

A process uses one source, chosen at its first split: the tables made current by :func:`use_ngram_tables`
(the index job and the query pipeline call it with their settings' model cache), else the package's dicts.
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import shutil
import tempfile
import threading
from array import array
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

import marisa_trie

log = logging.getLogger(__name__)
TABLES = ("prefix", "infix", "suffix")
#: The three n-gram kinds' stored form; a new layout gets a new number (and a new directory).
FORMAT = 1
_MIN_INFIX = 3
_lock = threading.RLock()
_current: NgramTables | None = None


class NgramTables(Protocol):
    """The probabilities the splitter asks for; absent n-grams get the package's defaults."""

    def prefix(self, ngram: str) -> float:
        """How likely ``ngram`` starts a word (-1 when unknown)."""

    def suffix(self, ngram: str) -> float:
        """How likely ``ngram`` ends a word (-1 when unknown)."""

    def infix_min(self, tail: str) -> float:
        """The lowest in-word probability of the n-grams of three or more letters that start ``tail`` (1 if none)."""


class PackageTables:
    """The package's own dicts (imported on first use)."""

    def __init__(self) -> None:
        from compound_split import de_ngram_probs

        self._prefix = de_ngram_probs.prefix
        self._infix = de_ngram_probs.infix
        self._suffix = de_ngram_probs.suffix

    def prefix(self, ngram: str) -> float:
        return self._prefix.get(ngram, -1)

    def suffix(self, ngram: str) -> float:
        return self._suffix.get(ngram, -1)

    def infix_min(self, tail: str) -> float:
        infix = self._infix
        return min(infix.get(tail[:k], 1) for k in range(len(tail), _MIN_INFIX - 1, -1))


@dataclass
class _Table:
    trie: marisa_trie.Trie
    values: memoryview
    _file: mmap.mmap = field(repr=False)

    @classmethod
    def open(cls, directory: Path, name: str) -> _Table:
        trie = marisa_trie.Trie()
        trie.mmap(str(directory / f"{name}.marisa"))
        with open(directory / f"{name}.f64", "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        values = memoryview(mapped).cast("d")
        if len(values) != len(trie):
            raise ValueError(f"{directory}: {name} has {len(trie)} keys but {len(values)} values")
        return cls(trie, values, mapped)


class MappedTables:
    """The tables of :func:`ensure_ngram_tables`, memory-mapped."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._prefix, self._infix, self._suffix = (_Table.open(directory, name) for name in TABLES)

    def prefix(self, ngram: str) -> float:
        key = self._prefix.trie.get(ngram)
        return -1 if key is None else self._prefix.values[key]

    def suffix(self, ngram: str) -> float:
        key = self._suffix.trie.get(ngram)
        return -1 if key is None else self._suffix.values[key]

    def infix_min(self, tail: str) -> float:
        # every probability is at most 1, so the package's default of 1 for absent n-grams never wins
        values = self._infix.values
        found = [
            values[key]
            for ngram, key in self._infix.trie.iter_prefixes_with_ids(tail)
            if len(ngram) >= _MIN_INFIX
        ]
        return min(found, default=1)


def tables_dir(cache_dir: Path) -> Path:
    """Where :func:`ensure_ngram_tables` keeps the tables of the installed ``compound-split``."""
    return Path(cache_dir) / f"compound-ngrams-{version('compound-split')}-f{FORMAT}"


def ensure_ngram_tables(cache_dir: Path) -> Path:
    """The tables' directory under ``cache_dir``, written first when missing (a few seconds, once)."""
    target = tables_dir(cache_dir)
    if (target / "meta.json").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    from compound_split import de_ngram_probs

    staging = Path(tempfile.mkdtemp(prefix=".compound-ngrams-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a service may run as another user than the index job
    try:
        counts = {}
        for name in TABLES:
            probabilities: dict[str, float] = getattr(de_ngram_probs, name)
            trie = marisa_trie.Trie(probabilities.keys())
            values = array("d", bytes(8 * len(trie)))
            for ngram, probability in probabilities.items():
                values[trie[ngram]] = probability
            trie.save(str(staging / f"{name}.marisa"))
            (staging / f"{name}.f64").write_bytes(values.tobytes())
            counts[name] = len(trie)
        meta = {
            "source": "compound-split",
            "version": version("compound-split"),
            "format": FORMAT,
            "entries": counts,
        }
        (staging / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        try:
            os.replace(staging, target)
        except OSError:  # another process wrote them first: theirs are the same
            if not (target / "meta.json").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def use_ngram_tables(cache_dir: Path, *, build: bool = True) -> NgramTables:
    """Make the memory-mapped tables under ``cache_dir`` this process's source, unless it already has one.

    :param build: write the tables when missing; ``False`` leaves a missing directory to the package's dicts.
    """
    global _current
    with _lock:
        if _current is None:
            try:
                directory = ensure_ngram_tables(cache_dir) if build else tables_dir(cache_dir)
                if (directory / "meta.json").is_file():
                    _current = MappedTables(directory)
            except (OSError, ValueError) as e:  # a read-only or damaged cache costs memory, not the service
                log.warning(
                    "compound n-gram tables under %s not usable (%s); using the package's dicts", cache_dir, e
                )
        return _current if _current is not None else ngram_tables()


def ngram_tables() -> NgramTables:
    """This process's tables: those made current by :func:`use_ngram_tables`, else the package's dicts."""
    global _current
    if _current is None:
        with _lock:
            if _current is None:
                _current = PackageTables()
    return _current
