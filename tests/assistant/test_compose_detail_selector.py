"""The detail selector: features per sentence, a deterministic fit that is stored and reloaded by fingerprint, and
the finder quoting its pick (synthetic vectors: no model needed; its training: test_compose_detail_training.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.compose.detail import SELECT_MIN, DetailFinder
from assistant.compose.detail_selector import FEATURES, DetailSelector, sentence_features
from assistant.knowledge import KnowledgeBase

BAFOEG = "99022001017003"
AGE = "höchstens 45 Jahre"


def _groups(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Questions whose answering sentence has the highest cosine and carries the asked words."""
    rng = np.random.default_rng(seed)
    groups = []
    for _ in range(100):
        x = rng.normal(size=(10, len(FEATURES)))
        y = np.zeros(10, dtype=int)
        y[0] = 1
        x[0, FEATURES.index("cosine")] += 3.0
        x[0, FEATURES.index("asked_weight")] += 3.0
        groups.append((x, y))
    return groups


def test_selector_fit_is_deterministic_and_ranks_the_answering_sentence_first() -> None:
    first, again = DetailSelector.fit(_groups(1), "f"), DetailSelector.fit(_groups(1), "f")
    assert first == again
    x, _ = _groups(2)[0]
    assert int(np.argmax(first.probabilities(x))) == 0


def test_selector_round_trip_and_fingerprint(tmp_path: Path) -> None:
    selector = DetailSelector.fit(_groups(1), "abc")
    assert DetailSelector.from_dict(selector.to_dict()) == selector
    x, _ = _groups(3)[0]
    reloaded = DetailSelector.from_dict(json.loads(json.dumps(selector.to_dict())))
    assert np.array_equal(reloaded.probabilities(x), selector.probabilities(x))  # not only equal lists
    selector.save(tmp_path)
    assert DetailSelector.load(tmp_path, "abc") == selector
    assert DetailSelector.load(tmp_path, "other") is None  # trained on something else: train again
    (tmp_path / "detail_selector.json").write_text("{not json")
    assert DetailSelector.load(tmp_path, "abc") is None
    damaged = selector.to_dict()
    damaged["trees"]["feature"][0] = len(FEATURES) + 5  # parseable, but walks out of the rows
    (tmp_path / "detail_selector.json").write_text(json.dumps(damaged))
    assert DetailSelector.load(tmp_path, "abc") is None  # trained again, not failing on a request


def test_selector_refuses_a_file_of_other_features() -> None:
    data = DetailSelector.fit(_groups(1)).to_dict()
    data["features"] = ["cosine"]
    with pytest.raises(ValueError):
        DetailSelector.from_dict(data)


def test_features_see_the_asked_words_and_a_yes_no_question(
    selector_finder: DetailFinder, kb: KnowledgeBase
) -> None:
    service = kb.service(BAFOEG)
    assert service is not None
    items = selector_finder.sentences_of(service)
    scores = np.zeros(len(items))
    x = sentence_features(
        items,
        scores,
        "Bekomme ich mit 47 noch BAföG, gibt es eine Altersgrenze?",
        service.name,
        selector_finder.weight,
    )
    assert x.shape == (len(items), len(FEATURES))
    age = next(i for i, (_, s, _) in enumerate(items) if AGE in s)
    other = next(i for i, (_, s, _) in enumerate(items) if "Kontoverbindung" in s)
    assert x[age, FEATURES.index("yes_no")] == 1.0
    assert x[age, FEATURES.index("restricts_yes_no")] == 1.0  # "höchstens"
    assert x[other, FEATURES.index("restricts_yes_no")] == 0.0
    best = int(np.argmax(x[:, FEATURES.index("asked_weight")]))  # against the service's other sentences:
    assert (
        x[best, FEATURES.index("asked_weight_gap")] == 0.0
        and x[best, FEATURES.index("asked_weight_rank")] == 1.0
    )
    assert (x[:, FEATURES.index("asked_weight_gap")] <= 0).all() and x[
        other, FEATURES.index("position")
    ] <= 1.0


def test_finder_quotes_the_selectors_pick(selector_finder: DetailFinder, kb: KnowledgeBase) -> None:
    from assistant.citations import shorten

    service = kb.service(BAFOEG)
    assert service is not None and selector_finder.vectors is not None
    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("restricts_yes_no")] = 4.0
    weights[FEATURES.index("log_length")] = 1.0
    n = len(FEATURES)
    selector_finder.selector = _Linear(weights, -8.0)  # type: ignore[assignment]
    question, vector = "Bekomme ich in meinem Alter noch Förderung?", [1.0] + [0.0] * 7
    items = selector_finder.sentences_of(service)
    scores = selector_finder.vectors.scores(service.key, vector)
    assert scores is not None
    probabilities = selector_finder.selector.probabilities(
        sentence_features(items, scores, question, service.name, selector_finder.weight)
    )
    best = shorten(items[int(np.argmax(probabilities))][1])
    assert best in [d.sentence for d in selector_finder.find(service, question, "", "allgemein", vector)]
    assert best not in [
        d.sentence for d in selector_finder.find(service, question, best, "allgemein", vector)
    ]  # quoted
    selector_finder.selector = _Linear(np.zeros(n), -10.0)  # type: ignore[assignment]  # never likely enough
    assert best not in [d.sentence for d in selector_finder.find(service, question, "", "allgemein", vector)]


class _Linear:
    """A selector stand-in with chosen weights: the finder's use of a selector, apart from any training."""

    def __init__(self, weights: np.ndarray, intercept: float) -> None:
        self.weights, self.intercept = weights, intercept

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(features @ self.weights + self.intercept)))


class _Fixed:
    """A selector stand-in that finds the first sentences likely with the given probabilities."""

    def __init__(self, *top: float) -> None:
        self.top = top

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        p = np.zeros(features.shape[0])
        p[: len(self.top)] = self.top
        return p


@pytest.mark.parametrize(
    ("top", "picked"),
    [
        ((0.8, 0.4), 1),  # sure of the best: that one
        ((0.45, 0.35), 2),  # unsure between two likely ones: both, rather than a guess
        ((0.45, 0.1), 1),  # the next one is not likely enough
        ((SELECT_MIN - 0.01, 0.1), 0),  # nothing likely enough
        ((SELECT_MIN, 0.1), 1),  # just likely enough
        ((0.45, 0.35, 0.3), 2),  # two at most
    ],
)
def test_finder_quotes_the_next_pick_while_the_best_is_unsure(
    selector_finder: DetailFinder, kb: KnowledgeBase, top: tuple[float, ...], picked: int
) -> None:
    from assistant.citations import shorten

    service = kb.service(BAFOEG)
    assert service is not None and selector_finder.vectors is not None
    selector_finder.selector = _Fixed(*top)  # type: ignore[assignment]
    vector = [1.0] + [0.0] * 7
    scores = selector_finder.vectors.scores(service.key, vector)
    items = selector_finder.sentences_of(service)
    chosen = selector_finder._selected(service, "Bekomme ich noch Förderung?", scores, "")  # noqa: SLF001
    assert [d.sentence for d in chosen] == [shorten(s) for _, s, _ in items[:picked]]
    if picked:  # a sentence already quoted gives way to the next one; a sure one quoted lets in one, not two
        again = selector_finder._selected(service, "Bekomme ich noch Förderung?", scores, chosen[0].sentence)  # noqa: SLF001
        assert chosen[0].sentence not in [d.sentence for d in again]
        assert len(again) <= (1 if top[0] >= 0.5 else 2)


def test_finder_adds_sentences_by_words_only_below_the_cap(
    selector_finder: DetailFinder, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With three sentences chosen by meaning (the one that stands out, the selector's two), words add none; with
    one, they fill up to two."""
    from assistant.compose.detail import MAX_DETAILS, Detail

    service = kb.service(BAFOEG)
    assert service is not None and selector_finder.vectors is not None
    by_words = [Detail("x", f"Satz {n} nach Wörtern.", 9.0 - n) for n in range(3)]
    monkeypatch.setattr(selector_finder, "_by_words", lambda *_: by_words)
    monkeypatch.setattr(selector_finder, "_closest", lambda *_: Detail("y", "Steht heraus.", 0.9))
    vector = [1.0] + [0.0] * 7
    selector_finder.selector = _Fixed(0.45, 0.35)  # type: ignore[assignment]
    three = selector_finder.find(service, "Bekomme ich noch Förderung?", "", "allgemein", vector)
    assert len(three) == 3 and not any(d.sentence.startswith("Satz") for d in three)
    monkeypatch.setattr(selector_finder, "_closest", lambda *_: None)
    selector_finder.selector = _Fixed(0.8)  # type: ignore[assignment]
    one = selector_finder.find(service, "Bekomme ich noch Förderung?", "", "allgemein", vector)
    assert len(one) == MAX_DETAILS and one[1].sentence == "Satz 0 nach Wörtern."


def test_features_do_not_depend_on_the_order_words_come_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """The asked words come from sets, whose order changes with the process's hash seed; their weights are summed
    exactly, so two processes rank (and quote) alike: 0.1 + 0.2 + 0.3 differs from 0.3 + 0.2 + 0.1 in floats."""
    from assistant.compose import detail_selector

    weights = {"alpha": 0.1, "beta": 0.2, "gamma": 0.3}
    items = [("fim/1/volltext", "alpha beta gamma", set(weights)), *(("fim/1/kurztext", "x", set()),) * 2]
    rows = []
    for order in (("alpha", "beta", "gamma"), ("gamma", "beta", "alpha")):
        monkeypatch.setattr(detail_selector, "asked_words", lambda *_, o=order: {k: weights[k] for k in o})
        monkeypatch.setattr(
            detail_selector, "carried", lambda asked, words, o=order: [k for k in o if k in words]
        )
        rows.append(sentence_features(items, np.zeros(3), "Frage?", "Dienst", lambda _: 1.0))
    assert rows[0].tobytes() == rows[1].tobytes()
    assert rows[0][0, FEATURES.index("asked_weight")] == 0.6  # the correctly rounded sum, in either order


def test_word_scores_do_not_depend_on_the_order_words_come_in(
    selector_finder: DetailFinder, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The finder's own word scores (sentences found by their words) are summed exactly too."""
    from assistant.compose import detail

    service = kb.service(BAFOEG)
    assert service is not None
    weights = {"zuschuss": 1.1, "staatsdarlehen": 3.5, "hälfte": 2.3}  # 6.8999999999999995 or 6.9 in floats
    found = []
    for order in (tuple(weights), tuple(reversed(weights))):
        monkeypatch.setattr(detail, "asked_words", lambda *_, o=order: {k: weights[k] for k in o})
        monkeypatch.setattr(  # matched words in this order, as a set-like view
            detail, "carried", lambda asked, words, o=order: dict.fromkeys(k for k in o if k in words).keys()
        )
        found.append(
            [(d.sentence, d.weight) for d in selector_finder._by_words_of(service, "Frage?", "allgemein")]
        )  # noqa: SLF001
    assert found[0] == found[1] and found[0]
