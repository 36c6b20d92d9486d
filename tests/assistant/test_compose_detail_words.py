"""The asked words a sentence carries: set look-ups that give what the word-by-word test gives."""

from __future__ import annotations

import random

from assistant.compose.detail_words import carried, same


def _by_pairs(asked: dict[str, float], sentence_words: set[str]) -> set[str]:
    return {a for a in asked if any(same(a, w) for w in sentence_words)}


def test_carried_equals_the_word_by_word_test() -> None:
    rng = random.Random(3)
    stems = [
        "finder",
        "finderlohn",
        "fundsache",
        "lohn",
        "jagd",
        "jagdschein",
        "jahresjagdschein",
        "gebühr",
        "gebühren",
    ]
    stems += [
        "monat",
        "monate",
        "wohngeld",
        "geld",
        "ausweis",
        "personalausweis",
        "abs",
        "kosten",
        "kostenlos",
    ]
    for _ in range(500):
        asked = {w: 1.0 for w in rng.sample(stems, rng.randint(0, 6))}
        sentence = set(rng.sample(stems, rng.randint(0, 8)))
        assert carried(asked, sentence) == _by_pairs(asked, sentence)
    assert carried({"finderlohn": 1.0, "jagd": 1.0}, {"fundsache", "finderlohns"}) == {"finderlohn"}
    assert carried({"lohn": 1.0}, {"finderlohn"}) == set()  # shorter than a common start: equal words only
