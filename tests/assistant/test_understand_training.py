"""Training the decision layer: deterministic per seed, saved beside the index, retrained when stale."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from assistant.models import Message, QueryAnalysis
from assistant.understand.candidates import Candidate
from assistant.understand.features import CANDIDATE_FEATURES, INTENTS
from assistant.understand.lexical import Terms
from assistant.understand.store import load_model, model_dir, read_meta, save_model
from assistant.understand.training.dataset import gold_examples
from assistant.understand.training.generate import Example, QuestionGenerator
from assistant.understand.training.train import Observed, TrainingData, fit
from assistant.understand.understander import Understanding
from corpora.ids import SubjectRef
from tests.assistant.analysis_helpers import knowledge

DIM = 8


class StubUnderstander:
    """Features without an index: the right subject's row carries a signal, the others noise."""

    def featurize(self, understanding: Understanding, intents: dict[str, float]) -> np.ndarray:
        rng = np.random.default_rng(len(understanding.analysis.text))
        rows = rng.random((len(understanding.candidates), len(CANDIDATE_FEATURES))).astype(np.float32)
        for row, candidate in zip(rows, understanding.candidates, strict=True):
            row[0] = 1.0 if candidate.subject.id == understanding.analysis.text else 0.0
        return rows


def _data(n: int = 240) -> TrainingData:
    rng = random.Random(1)
    data = TrainingData()
    for i in range(n):
        intent = INTENTS[i % len(INTENTS)]
        right = f"s{rng.randrange(6)}"
        candidates = [Candidate(SubjectRef("service", f"s{k}")) for k in range(6)]
        analysis = QueryAnalysis(
            text=right if intent != "out_of_scope" else "none", resolved_text="", intent="service"
        )
        understanding = Understanding(analysis, None, candidates, Terms(frozenset()))
        vector = np.zeros(DIM, dtype=np.float32)
        vector[INTENTS.index(intent)] = 1.0
        vector[-1] = rng.random()
        understanding.vector = vector
        subjects = frozenset() if intent == "out_of_scope" else frozenset({SubjectRef("service", right)})
        example = Example(
            f"e{i}",
            [Message(role="user", content="q")],
            intent,
            "allgemein",
            subjects,
            source="gold-train" if i % 3 == 0 else "generated",
        )
        data.observed.append(Observed(example, understanding))
    return data


@pytest.fixture(scope="module")
def fitted():  # noqa: ANN201 - a DecisionModel
    """One fit on the stub data with seed 5 (seconds), shared by the tests that only read the model."""
    return fit(StubUnderstander(), _data(), seed=5)


def test_training_is_deterministic_per_seed(fitted) -> None:  # noqa: ANN001
    probe = np.random.default_rng(7).random((20, len(CANDIDATE_FEATURES))).astype(np.float32)
    first, second = fitted, fit(StubUnderstander(), _data(), seed=5)
    assert np.array_equal(first.relevance(probe), second.relevance(probe))
    vector = np.eye(DIM, dtype=np.float32)[0]
    assert first.intent_probabilities(vector) == second.intent_probabilities(vector)
    assert first.meta["candidate_rows"] == 240 * 6 and first.meta["examples_by_source"]["gold"] == 80


@pytest.mark.slow
def test_training_gives_the_same_model_in_worker_processes(fitted) -> None:  # noqa: ANN001
    """``jobs`` only spreads the independent fits over processes: every number, the same model."""
    import pickle

    parallel = fit(StubUnderstander(), _data(), seed=5, jobs=2)
    for name in ("intent", "aspect"):
        assert pickle.dumps(getattr(parallel, name)) == pickle.dumps(getattr(fitted, name))
    trees = zip(parallel.scorer.trees._predictors, fitted.scorer.trees._predictors, strict=True)
    assert all(np.array_equal(ours[0].nodes, theirs[0].nodes) for ours, theirs in trees)
    assert np.array_equal(parallel.scorer.calibrator.coef_, fitted.scorer.calibrator.coef_)
    probe = np.random.default_rng(3).random((50, len(CANDIDATE_FEATURES))).astype(np.float32)
    assert np.array_equal(parallel.relevance(probe), fitted.relevance(probe))


def test_training_scorer_learns_the_signal_and_is_calibrated(fitted) -> None:  # noqa: ANN001
    model = fitted
    rows = np.zeros((2, len(CANDIDATE_FEATURES)), dtype=np.float32)
    rows[0, 0] = 1.0
    relevant, other = model.relevance(rows)
    assert relevant > 0.5 > other
    model.check()


def test_training_model_store_round_trip_and_staleness(tmp_path: Path) -> None:
    model = fit(StubUnderstander(), _data(120), seed=5)
    model.meta["fingerprint"] = "abc"
    directory = model_dir(tmp_path, "20261203T000000000000")
    save_model(model, directory)
    assert read_meta(directory)["fingerprint"] == "abc" and read_meta(directory)["sklearn"]
    assert load_model(directory, "abc") is not None
    assert load_model(directory, "other") is None  # trained from another gold set or code: retrain
    (directory / "model.pickle").write_bytes(b"not a pickle")
    assert load_model(directory, "abc") is None
    assert load_model(tmp_path / "missing") is None


def test_training_fingerprint_follows_the_seed_and_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.understand.training import training_fingerprint
    from assistant.understand.training.train import SEED
    from lsa_assistant.settings import Settings

    assert training_fingerprint(SEED, 0) == training_fingerprint()
    seen = {
        training_fingerprint(13, 0),
        training_fingerprint(14, 0),
        training_fingerprint(13, 500),
        training_fingerprint(13, 0, blind=True),
    }
    assert len(seen) == 4  # a model of another seed, size or data is another model: never loaded for this one
    monkeypatch.delenv("LSA_DECISION_SEED", raising=False)
    assert Settings().decision_seed == SEED
    monkeypatch.setenv("LSA_DECISION_SEED", "14")
    assert Settings().decision_seed == 14


def test_training_generator_is_seeded_and_covers_every_kind() -> None:
    kb = knowledge()
    first = QuestionGenerator(kb, seed=3, catalogue_sample=50).generate()
    second = QuestionGenerator(kb, seed=3, catalogue_sample=50).generate()
    assert [e.text for e in first] == [e.text for e in second]
    kinds = {ref.kind for e in first for ref in e.subjects}
    assert {"service", "catalogue", "lebenslage", "ozg_leistung", "area", "ozg_role", "ministry"} <= kinds
    assert {"authority_type", "norm"} <= kinds
    assert any(e.intent == "out_of_scope" and not e.subjects for e in first)
    # near misses: administrative verbs about private matters are generated as out of scope, without subject
    near = [e for e in first if "kündigen" in e.text or "Stimmen" in e.text]
    assert near and all(e.intent == "out_of_scope" and not e.subjects for e in near)


def test_training_gold_test_split_never_trains() -> None:
    from assistant.evaluation.gold import load_gold

    questions = load_gold()
    examples = gold_examples(questions)
    test_ids = {q.id for q in questions if q.split == "test"}
    assert examples and not test_ids & {e.id for e in examples}
    with pytest.raises(ValueError, match="test split"):
        gold_examples(questions, frozenset({"train", "test"}))


def test_training_retired_blind_questions_label_only_what_they_state() -> None:
    from assistant.evaluation.blind import BlindQuestion, retired_questions
    from assistant.understand.training.dataset import blind_examples

    kb = knowledge()
    ask = [{"role": "user", "content": "Frage"}]
    questions = [
        BlindQuestion.model_validate(
            {"id": "s", "kind": "service", "messages": ask, "expect": {"services": ["99115005104000"]}}
        ),
        BlindQuestion.model_validate(
            {"id": "m", "kind": "ministry", "messages": ask, "expect": {"ministries": ["MI"]}}
        ),
        BlindQuestion.model_validate(
            {"id": "o", "kind": "out_of_scope", "messages": ask, "expect": {"outcome": "decline"}}
        ),
        BlindQuestion.model_validate(
            {"id": "l", "kind": "place", "messages": ask, "expect": {"outcome": "decline"}}
        ),
        BlindQuestion.model_validate(
            {"id": "p", "kind": "multi_part", "messages": ask, "parts": [{"ministries": ["MI"]}]}
        ),
        BlindQuestion.model_validate(
            {"id": "e", "kind": "life_event", "messages": ask, "expect": {"services": ["99115005104000"]}}
        ),
    ]
    examples = {e.id: e for e in blind_examples(questions, kb)}
    # a declined place, a multi-part and a life event say no single right subject; an out-of-scope decline is
    # left out (it made the scorer decline answerable questions)
    assert set(examples) == {"s", "m"}
    service = examples["s"]
    assert service.intent == "" and service.source == "blind" and service.labelled == {"service", "catalogue"}
    wohnsitz = kb.service("99115005104000")
    assert wohnsitz is not None and service.subjects == {SubjectRef("service", wohnsitz.key)}
    assert service.is_labelled(SubjectRef("catalogue", "99001009000000")) and not service.is_labelled(
        SubjectRef("topic", "x")
    )
    ministry = examples["m"]
    assert (
        SubjectRef("ministry", "MI") in ministry.subjects
        and SubjectRef("area", "MI/area/1") in ministry.subjects
    )
    assert not any(ref.id.startswith("MF") for ref in ministry.subjects)
    shipped = blind_examples(retired_questions(), kb)
    assert shipped and all(e.subjects for e in shipped)  # each names a right subject: none says "all wrong"


def test_training_right_subjects_of_blind_questions_exist() -> None:
    from assistant.evaluation.blind import retired_questions
    from assistant.understand.training.dataset import blind_examples
    from corpora.ids import subject_of

    kb = knowledge()
    cards = {ref for chunk_id in kb.chunks if (ref := subject_of(chunk_id)) is not None}
    named = {ref for e in blind_examples(retired_questions(), kb) for ref in e.subjects}
    assert named and named <= cards  # a ministry's areas, roles and agencies are numbered as their cards


def test_training_examples_take_blind_questions_only_when_asked_and_without_a_limit() -> None:
    from assistant.understand.training import training_examples

    kb = knowledge()
    small = {e.source.split("-")[0] for e in training_examples(kb, limit=40, blind=True)}
    full = {e.source.split("-")[0] for e in training_examples(kb, blind=True)}
    default = {e.source.split("-")[0] for e in training_examples(kb)}
    assert small == default == {"generated", "gold"} and full == {"generated", "gold", "blind"}


def test_training_examples_leave_out_the_named_retired_sets() -> None:
    """``benchmarks/decision_thresholds.py`` trains without some retired sets to measure on them out of sample."""
    from assistant.evaluation.blind import retired_files, retired_questions
    from assistant.understand.training import training_examples

    kb = knowledge()
    last = retired_files()[-1].parent.name
    kept = {q.id for q in retired_questions(without={last})}
    held_back = {q.id for q in retired_questions()} - kept
    assert held_back and kept
    assert not held_back & {e.id for e in training_examples(kb, blind=True, without={last})}
    assert held_back & {e.id for e in training_examples(kb, blind=True)}


def test_training_without_sets_passes_them_on_and_marks_the_fingerprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import assistant.understand.training as training
    from assistant.understand.model import DecisionModel

    seen: list[object] = []
    monkeypatch.setattr(training, "training_examples", lambda *args: seen.append(args[-1]) or [])
    monkeypatch.setattr(training, "observe_all", lambda understander, examples: None)
    monkeypatch.setattr(training, "fit", lambda *a, **k: DecisionModel(None, None, None))
    shipped = training.train_decision_model(None, None, blind=True)
    held_back = training.train_decision_model(None, None, blind=True, without=["b", "a"])
    assert seen == [(), ["b", "a"]]
    assert held_back.meta["fingerprint"] == shipped.meta["fingerprint"] + "-without-a-b"


def test_training_trees_fit_every_row() -> None:
    """No early stopping: its random validation split would keep a tenth of the rows out of the fit."""
    from assistant.understand.training.train import _trees

    assert _trees(13).get_params()["early_stopping"] is False


def test_training_observes_blind_questions_but_no_unknown_intent() -> None:
    from assistant.understand.training.train import observe_all

    class Observer:
        def observe(self, messages: list[Message]) -> Understanding:
            analysis = QueryAnalysis(text=messages[-1].content, resolved_text="", intent="service")
            understanding = Understanding(analysis, None, [], Terms(frozenset()))
            understanding.vector = np.ones(DIM, dtype=np.float32)
            return understanding

    ask = [Message(role="user", content="q")]
    examples = [
        Example("known", ask, "service", "allgemein"),
        Example("blind", ask, "", "", source="blind", labelled=frozenset({"service"})),
        Example("smalltalk", ask, "smalltalk", "allgemein"),  # no intent the model learns
        Example("half", ask, "service", ""),  # an aspect must be known where the intent is
    ]
    kept = [o.example.id for o in observe_all(Observer(), examples).observed]  # type: ignore[arg-type]
    assert kept == ["known", "blind"]


def test_training_fingerprint_follows_the_retired_sets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import assistant.understand.training as training

    listing = tmp_path / "retired.yaml"
    listing.write_text("sets: [a]\n", encoding="utf-8")
    monkeypatch.setattr(training, "retired_files", lambda: [listing])
    before, without = training.training_fingerprint(blind=True), training.training_fingerprint()
    listing.write_text("sets: [a, b]\n", encoding="utf-8")
    assert training.training_fingerprint(blind=True) != before  # a newly retired set retrains the model
    assert training.training_fingerprint() == without  # unless the blind sets do not train it


def test_training_unlabelled_candidates_and_unknown_intents_stay_out_of_the_fits() -> None:
    data = _data()
    # like blind questions: unknown intent, and their candidates of a kind they do not label
    for observed in data.observed[1::4]:
        observed.example.intent, observed.example.aspect = "", ""
        observed.example.labelled = frozenset({"catalogue"})
    model = fit(StubUnderstander(), data, seed=5)
    assert model.meta["unlabelled_rows"] == 60 * 6 and model.meta["positive_rows"] < 240
    assert "" not in {str(c) for c in model.intent.classes_} | {str(c) for c in model.aspect.classes_}
    rows = np.zeros((2, len(CANDIDATE_FEATURES)), dtype=np.float32)
    rows[0, 0] = 1.0
    relevant, other = model.relevance(rows)
    assert relevant > 0.5 > other


_TRAIN_AND_DESCRIBE = """
import hashlib, pickle, sys
from pathlib import Path
from lsa_assistant.settings import Settings
from assistant.answering import Assistant
settings = Settings.model_validate_json(sys.argv[1])
assistant = Assistant(settings)
assistant.warm_up()  # no model beside the index: trains one
model = assistant.understander.model
digest = hashlib.sha256()
for predictor in model.scorer.trees._predictors:
    digest.update(predictor[0].nodes.tobytes())
for part in (model.scorer.calibrator.coef_, model.intent.coef_, model.aspect.coef_):
    digest.update(part.tobytes())
print(digest.hexdigest())
assistant.close()
"""


@pytest.mark.slow
def test_training_gives_the_same_model_under_another_string_hash_seed(tiny_index) -> None:  # noqa: ANN001
    """Python salts string hashes per process, which reorders sets of words: the features (and so the trees) must
    not depend on that order, or two index jobs on the same data train different models."""
    import shutil
    import subprocess
    import sys

    settings = tiny_index("hash-seed")
    digests = []
    for seed in ("1", "2"):
        shutil.rmtree(settings.data_dir / "decision", ignore_errors=True)
        env = {**__import__("os").environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", _TRAIN_AND_DESCRIBE, settings.model_dump_json()],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert out.returncode == 0, out.stderr[-2000:]
        digests.append(out.stdout.strip().splitlines()[-1])
    assert digests[0] == digests[1]


def test_model_predicts_single_threaded_in_any_thread(fitted) -> None:  # noqa: ANN001
    """OpenMP's thread count is per thread: a request thread must not start a thread team for every prediction
    (measured: ~11 ms instead of ~1 ms for 30 candidates where torch's runtime serves scikit-learn)."""
    import threading

    from sklearn.utils._openmp_helpers import _openmp_effective_n_threads

    seen: list[int] = []
    probe = np.random.default_rng(11).random((30, len(CANDIDATE_FEATURES))).astype(np.float32)
    expected = fitted.relevance(probe)

    def predict() -> None:
        assert np.array_equal(fitted.relevance(probe), expected)
        seen.append(_openmp_effective_n_threads())

    worker = threading.Thread(target=predict)
    worker.start()
    worker.join()
    assert seen == [1]


def test_threshold_benchmark_measures_each_threshold_and_each_band() -> None:
    """A threshold keeps the shipped band above it (none where it reaches the band's top); a band is measured
    at the shipped threshold; a pair asked twice is measured once."""
    from benchmarks.decision_thresholds import bounds_of

    shipped = (0.35, 0.45)
    assert bounds_of([0.35, 0.55], [0.35, 0.6, 0.45], shipped) == [
        (0.35, 0.35),
        (0.35, 0.45),
        (0.35, 0.6),
        (0.55, 0.55),
    ]
