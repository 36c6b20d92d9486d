"""Training the detail selector: the known answers it learns from (the gold train split and the retired blind sets
only, questions without a fact as groups without an answering sentence), the minimum to learn from, the fingerprint
and the stored selector (synthetic vectors: no model needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.compose.detail import DetailFinder
from assistant.compose.detail_selector import sentence_features
from assistant.compose.detail_training import gold_answers, retired_answers, train_selector
from assistant.knowledge import KnowledgeBase
from assistant.models import Message

BAFOEG = "99022001017003"


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
    selector_finder: DetailFinder, kb: KnowledgeBase
) -> None:
    from assistant.compose.detail_training import KnownAnswer

    answers = [
        KnownAnswer(
            (Message(role="user", content=f"Frage {i}: bin ich mit {40 + i} zu alt?"),), BAFOEG, "45 Jahre"
        )
        for i in range(25)
    ]
    answers.append(KnownAnswer((Message(role="user", content="x"),), BAFOEG, "steht nirgends"))

    batches: list[int] = []

    def embed(texts: list[str]) -> np.ndarray:
        batches.append(len(texts))
        return np.tile(np.eye(8, dtype=np.float32)[0], (len(texts), 1))

    selector = train_selector(answers, selector_finder, lambda m: m[-1].content, embed, "s")
    assert selector is not None and selector.fingerprint == "s"
    # each question alone, as served: the int8 model's vector of a question depends on its batch
    assert batches and set(batches) == {1}
    service = kb.service(BAFOEG)
    assert service is not None and selector_finder.vectors is not None
    items = selector_finder.sentences_of(service)
    question = "bin ich mit 47 zu alt?"
    scores = selector_finder.vectors.scores(service.key, embed([question])[0])
    assert scores is not None
    best = int(
        np.argmax(
            selector.probabilities(
                sentence_features(items, scores, question, service.name, selector_finder.weight)
            )
        )
    )
    assert "45 Jahre" in items[best][1]  # it learned which sentence answers
    assert (
        train_selector(answers[:5], selector_finder, lambda m: m[-1].content, embed) is None
    )  # too few to learn from


def test_questions_without_a_fact_teach_that_nothing_is_quoted(
    selector_finder: DetailFinder, kb: KnowledgeBase
) -> None:
    """A question that expects the service and no fact is a group without an answering sentence; only questions
    that locate their sentence count towards the minimum."""
    from assistant.compose.detail_training import MIN_ANSWERS, KnownAnswer, blind_answers
    from assistant.evaluation.blind import BlindQuestion

    service = kb.service(BAFOEG)
    assert service is not None
    sentences = [s for _, s, _ in selector_finder.sentences_of(service)]
    assert not KnownAnswer((), BAFOEG, "").labels(sentences).any()
    assert KnownAnswer((), BAFOEG, "45 Jahre").labels(sentences).sum() >= 1  # every sentence that carries it

    def embed(texts: list[str]) -> np.ndarray:
        return np.tile(np.eye(8, dtype=np.float32)[0], (len(texts), 1))

    located = [
        KnownAnswer((Message(role="user", content=f"Frage {i}?"),), BAFOEG, "45 Jahre") for i in range(19)
    ]
    none = [KnownAnswer((Message(role="user", content=f"Wo {i}?"),), BAFOEG, "") for i in range(30)]
    assert (
        MIN_ANSWERS == 20
        and train_selector([*located, *none], selector_finder, lambda m: m[-1].content, embed) is None
    )
    questions = [
        BlindQuestion.model_validate(
            {
                "id": f"q-{n}",
                "kind": kind,
                "messages": [{"role": "user", "content": "Frage?"}],
                "expect": expect,
            }
        )
        for n, (kind, expect) in enumerate(
            [
                ("service", {"outcome": "answer", "services": [BAFOEG]}),
                ("service", {"outcome": "decline"}),
                ("multi_part", {"outcome": "answer", "services": [BAFOEG], "fact": "45 Jahre"}),
            ]
        )
    ]
    assert [(a.service_key, a.fact) for a in blind_answers(questions)] == [(BAFOEG, "")]


def test_fingerprint_follows_the_answers_and_the_vectors() -> None:
    from assistant.compose.detail_training import KnownAnswer, fingerprint

    one = [KnownAnswer((Message(role="user", content="Frage?"),), BAFOEG, "45 Jahre")]
    other = [KnownAnswer((Message(role="user", content="Frage?"),), BAFOEG, "Formblatt 1")]
    assert fingerprint(one, "v") == fingerprint(list(one), "v")
    assert fingerprint(one, "v") != fingerprint(other, "v")
    assert fingerprint(one, "v") != fingerprint(one, "w")


def test_load_or_train_stores_then_reads_and_survives_broken_training_data(
    selector_finder: DetailFinder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.compose import detail_training

    def embed(texts: list[str]) -> np.ndarray:
        return np.tile(np.eye(8, dtype=np.float32)[0], (len(texts), 1))

    calls: list[int] = []

    def question_of(messages: list[Message]) -> str:
        calls.append(1)
        return messages[-1].content

    first = detail_training.load_or_train_selector(tmp_path, "v", selector_finder, question_of, embed)
    assert first is not None and (tmp_path / "detail_selector.json").exists()
    trained = len(calls)
    again = detail_training.load_or_train_selector(tmp_path, "v", selector_finder, question_of, embed)
    assert again == first and len(calls) == trained  # read, not trained again

    def broken() -> list[object]:
        raise ValueError("unreadable listing")

    monkeypatch.setattr(detail_training, "retired_answers", broken)
    assert detail_training.load_or_train_selector(tmp_path, "v", selector_finder, question_of, embed) is None
