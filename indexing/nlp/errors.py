"""Numbered messages for the errors the German NLP code raises (spaCy's catalogue style).

Tests assert the code in brackets, never the wording. The codes are local to ``indexing.nlp`` and
its sparse embedders (prefix ``N``) and do not collide with the service-level ``E`` codes of
:mod:`lsa_assistant.errors`.
"""

from __future__ import annotations


class Errors:
    """Message catalogue; use as ``ValueError(Errors.N001.format(...))``."""

    N001 = (
        "[N001] Component '{name}': invalid compound settings min_part_length={min_part_length} (>= 2), "
        "min_word_length={min_word_length} (>= 4), max_candidates={max_candidates} (>= 1)."
    )
    N002 = "[N002] Vocabulary file '{path}' cannot be read: {reason}"
    N003 = "[N003] Invalid BM25 setting {setting}={value}: {rule}."
    N004 = "[N004] The pipeline has no component '{name}'; build it with build_german_nlp()."
