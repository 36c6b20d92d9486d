"""The assembled pipeline: components in order, cached per vocabulary, vocabulary files."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from indexing.nlp import PIPE_NAMES, build_german_nlp, get_compound_splitter, load_vocabulary


def test_pipeline_components_in_order() -> None:
    assert tuple(build_german_nlp().pipe_names) == PIPE_NAMES


def test_pipeline_cached_per_vocabulary() -> None:
    assert build_german_nlp() is build_german_nlp(None)
    assert build_german_nlp({"Quaxel"}) is build_german_nlp(["quaxel"])
    assert build_german_nlp({"Quaxel"}) is not build_german_nlp()


def test_pipeline_load_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# corpus words\nQuaxel\n\n  Flurm \n", encoding="utf-8")
    assert load_vocabulary(path) == frozenset({"Quaxel", "Flurm"})


def test_pipeline_load_vocabulary_missing(tmp_path: Path) -> None:
    with pytest.raises(OSError, match=r"\[N002\]"):
        load_vocabulary(tmp_path / "missing.txt")


def test_pipeline_compound_splitter_required() -> None:
    with pytest.raises(ValueError, match=r"\[N004\]"):
        get_compound_splitter(spacy.blank("de"))
