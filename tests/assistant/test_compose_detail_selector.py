"""The detail selector: features per sentence, a deterministic fit that is stored and reloaded by fingerprint,
training data from the gold train split and the retired blind sets only, and the finder quoting its pick
(synthetic vectors: no model needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.compose.detail import DetailFinder
from assistant.compose.detail_selector import FEATURES, DetailSelector, sentence_features
from assistant.compose.detail_training import gold_answers, retired_answers, train_selector
from assistant.compose.sentence_vectors import SentenceVectors
from assistant.knowledge import KnowledgeBase
from assistant.models import Message

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
    selector.save(tmp_path)
    assert DetailSelector.load(tmp_path, "abc") == selector
    assert DetailSelector.load(tmp_path, "other") is None  # trained on something else: train again
    (tmp_path / "detail_selector.json").write_text("{not json")
    assert DetailSelector.load(tmp_path, "abc") is None


def test_selector_refuses_a_file_of_other_features() -> None:
    data = DetailSelector.fit(_groups(1)).to_dict()
    data["features"] = ["cosine"]
    with pytest.raises(ValueError):
        DetailSelector.from_dict(data)


@pytest.fixture
def finder(kb: KnowledgeBase) -> DetailFinder:
    finder = DetailFinder(kb)
    rng = np.random.default_rng(0)

    def embed(texts: list[str]) -> np.ndarray:
        m = rng.normal(size=(len(texts), 8)).astype(np.float32)
        return m / np.linalg.norm(m, axis=1, keepdims=True)

    finder.vectors = SentenceVectors.build(finder.sentence_table(), embed)
    return finder


def test_features_see_the_asked_words_and_a_yes_no_question(finder: DetailFinder, kb: KnowledgeBase) -> None:
    service = kb.service(BAFOEG)
    assert service is not None
    items = finder.sentences_of(service)
    scores = np.zeros(len(items))
    x = sentence_features(
        items,
        scores,
        "Bekomme ich mit 47 noch BAföG, gibt es eine Altersgrenze?",
        service.name,
        finder.weight,
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


def test_finder_quotes_the_selectors_pick(finder: DetailFinder, kb: KnowledgeBase) -> None:
    from assistant.citations import shorten

    service = kb.service(BAFOEG)
    assert service is not None and finder.vectors is not None
    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("restricts_yes_no")] = 4.0
    weights[FEATURES.index("log_length")] = 1.0
    n = len(FEATURES)
    finder.selector = _Linear(weights, -8.0)  # type: ignore[assignment]
    question, vector = "Bekomme ich in meinem Alter noch Förderung?", [1.0] + [0.0] * 7
    items = finder.sentences_of(service)
    scores = finder.vectors.scores(service.key, vector)
    assert scores is not None
    probabilities = finder.selector.probabilities(
        sentence_features(items, scores, question, service.name, finder.weight)
    )
    best = shorten(items[int(np.argmax(probabilities))][1])
    assert best in [d.sentence for d in finder.find(service, question, "", "allgemein", vector)]
    assert best not in [
        d.sentence for d in finder.find(service, question, best, "allgemein", vector)
    ]  # quoted
    finder.selector = _Linear(np.zeros(n), -10.0)  # type: ignore[assignment]  # never likely enough
    assert best not in [d.sentence for d in finder.find(service, question, "", "allgemein", vector)]


def test_training_data_reads_only_the_train_split_and_the_retired_sets(tmp_path: Path) -> None:
    from assistant.evaluation.gold import load_gold

    gold = load_gold()
    answers = gold_answers(gold)
    train_ids = {tuple(m.content for m in q.messages) for q in gold if q.split == "train"}
    assert answers and all(tuple(m.content for m in a.messages) in train_ids for a in answers)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "questions.yaml").write_text(
        "- id: x-1\n  kind: service\n  messages: [{role: user, content: 'Frage?'}]\n"
        "  expect: {outcome: answer, services: ['99022001017003'], fact: '45 Jahre'}\n"
        "- id: x-2\n  kind: multi_part\n  messages: [{role: user, content: 'a) b)'}]\n"
        "  expect: {outcome: answer, services: ['99022001017003'], fact: '45 Jahre'}\n",
        encoding="utf-8",
    )
    (tmp_path / "held-out").mkdir()
    (tmp_path / "held-out" / "questions.yaml").write_text(
        "- id: h-1\n  kind: service\n  messages: [{role: user, content: 'Geheim?'}]\n"
        "  expect: {outcome: answer, services: ['99022001017003'], fact: '45 Jahre'}\n",
        encoding="utf-8",
    )
    assert retired_answers(tmp_path) == []  # no listing: nothing is retired
    (tmp_path / "retired.yaml").write_text('sets: ["x"]\n', encoding="utf-8")
    assert [(a.service_key, a.fact) for a in retired_answers(tmp_path)] == [(BAFOEG, "45 Jahre")]


def test_training_fits_on_questions_whose_fact_lies_in_a_sentence(
    finder: DetailFinder, kb: KnowledgeBase
) -> None:
    from assistant.compose.detail_training import KnownAnswer

    answers = [
        KnownAnswer(
            (Message(role="user", content=f"Frage {i}: bin ich mit {40 + i} zu alt?"),), BAFOEG, "45 Jahre"
        )
        for i in range(25)
    ]
    answers.append(KnownAnswer((Message(role="user", content="x"),), BAFOEG, "steht nirgends"))

    def embed(texts: list[str]) -> np.ndarray:
        return np.tile(np.eye(8, dtype=np.float32)[0], (len(texts), 1))

    selector = train_selector(answers, finder, lambda m: m[-1].content, embed, "s")
    assert selector is not None and selector.fingerprint == "s"
    service = kb.service(BAFOEG)
    assert service is not None and finder.vectors is not None
    items = finder.sentences_of(service)
    question = "bin ich mit 47 zu alt?"
    scores = finder.vectors.scores(service.key, embed([question])[0])
    assert scores is not None
    best = int(
        np.argmax(
            selector.probabilities(sentence_features(items, scores, question, service.name, finder.weight))
        )
    )
    assert "45 Jahre" in items[best][1]  # it learned which sentence answers
    assert (
        train_selector(answers[:5], finder, lambda m: m[-1].content, embed) is None
    )  # too few to learn from


def test_fingerprint_follows_the_answers_and_the_vectors() -> None:
    from assistant.compose.detail_training import KnownAnswer, fingerprint

    one = [KnownAnswer((Message(role="user", content="Frage?"),), BAFOEG, "45 Jahre")]
    other = [KnownAnswer((Message(role="user", content="Frage?"),), BAFOEG, "Formblatt 1")]
    assert fingerprint(one, "v") == fingerprint(list(one), "v")
    assert fingerprint(one, "v") != fingerprint(other, "v")
    assert fingerprint(one, "v") != fingerprint(one, "w")


def test_load_or_train_stores_then_reads_and_survives_broken_training_data(
    finder: DetailFinder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.compose import detail_training

    def embed(texts: list[str]) -> np.ndarray:
        return np.tile(np.eye(8, dtype=np.float32)[0], (len(texts), 1))

    calls: list[int] = []

    def question_of(messages: list[Message]) -> str:
        calls.append(1)
        return messages[-1].content

    first = detail_training.load_or_train_selector(tmp_path, "v", finder, question_of, embed)
    assert first is not None and (tmp_path / "detail_selector.json").exists()
    trained = len(calls)
    again = detail_training.load_or_train_selector(tmp_path, "v", finder, question_of, embed)
    assert again == first and len(calls) == trained  # read, not trained again

    def broken() -> list[object]:
        raise ValueError("unreadable listing")

    monkeypatch.setattr(detail_training, "retired_answers", broken)
    assert detail_training.load_or_train_selector(tmp_path, "v", finder, question_of, embed) is None


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
        ((0.12, 0.1), 0),  # nothing likely enough
        ((0.45, 0.35, 0.3), 2),  # two at most
    ],
)
def test_finder_quotes_the_next_pick_while_the_best_is_unsure(
    finder: DetailFinder, kb: KnowledgeBase, top: tuple[float, ...], picked: int
) -> None:
    from assistant.citations import shorten

    service = kb.service(BAFOEG)
    assert service is not None and finder.vectors is not None
    finder.selector = _Fixed(*top)  # type: ignore[assignment]
    vector = [1.0] + [0.0] * 7
    scores = finder.vectors.scores(service.key, vector)
    items = finder.sentences_of(service)
    chosen = finder._selected(service, "Bekomme ich noch Förderung?", scores, "")  # noqa: SLF001
    assert [d.sentence for d in chosen] == [shorten(s) for _, s, _ in items[:picked]]
    if picked:  # a sentence already quoted gives way to the next one; a sure one quoted lets in one, not two
        again = finder._selected(service, "Bekomme ich noch Förderung?", scores, chosen[0].sentence)  # noqa: SLF001
        assert chosen[0].sentence not in [d.sentence for d in again]
        assert len(again) <= (1 if top[0] >= 0.5 else 2)


def test_finder_adds_sentences_by_words_only_below_the_cap(
    finder: DetailFinder, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With three sentences chosen by meaning (the one that stands out, the selector's two), words add none; with
    one, they fill up to two."""
    from assistant.compose.detail import MAX_DETAILS, Detail

    service = kb.service(BAFOEG)
    assert service is not None and finder.vectors is not None
    by_words = [Detail("x", f"Satz {n} nach Wörtern.", 9.0 - n) for n in range(3)]
    monkeypatch.setattr(finder, "_by_words", lambda *_: by_words)
    monkeypatch.setattr(finder, "_closest", lambda *_: Detail("y", "Steht heraus.", 0.9))
    vector = [1.0] + [0.0] * 7
    finder.selector = _Fixed(0.45, 0.35)  # type: ignore[assignment]
    three = finder.find(service, "Bekomme ich noch Förderung?", "", "allgemein", vector)
    assert len(three) == 3 and not any(d.sentence.startswith("Satz") for d in three)
    monkeypatch.setattr(finder, "_closest", lambda *_: None)
    finder.selector = _Fixed(0.8)  # type: ignore[assignment]
    one = finder.find(service, "Bekomme ich noch Förderung?", "", "allgemein", vector)
    assert len(one) == MAX_DETAILS and one[1].sentence == "Satz 0 nach Wörtern."
