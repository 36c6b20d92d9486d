"""Training the decision layer: observe every example exactly as the service would, then fit the models.

Deterministic: fixed seeds for the generator and the folds, trees without a random validation split, examples in
a fixed order, so the same corpus, index and code give the same model. The intent probabilities that feed the
candidate scorer during training are out-of-fold predictions (the scorer must not learn from an intent model that
saw the question).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.understand.candidates import Candidate
from assistant.understand.features import ASPECTS, INTENTS
from assistant.understand.model import CalibratedScorer, DecisionModel, single_thread_sklearn
from assistant.understand.training.generate import Example
from assistant.understand.understander import Understander, Understanding

log = logging.getLogger(__name__)
SEED = 13
INTENT_C = 2.0
FOLDS = 5
#: Weight of a real question's rows (gold, retired blind) against a generated one's.
REAL_WEIGHT = 3.0
#: Fewer real questions than this: calibrate on all (a corpus without a gold set or blind sets).
MIN_REAL = 30


@dataclass
class Observed:
    example: Example
    understanding: Understanding


@dataclass
class TrainingData:
    observed: list[Observed] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def vectors(self) -> np.ndarray:
        return np.stack([o.understanding.vector for o in self.observed])

    @property
    def intents(self) -> np.ndarray:
        return np.asarray([o.example.intent for o in self.observed])

    @property
    def aspects(self) -> np.ndarray:
        return np.asarray([o.example.aspect for o in self.observed])


def observe_all(understander: Understander, examples: list[Example]) -> TrainingData:
    """Run the understanding path (without a model) over every example that has an intent we learn."""
    started = time.perf_counter()
    data = TrainingData()
    for example in examples:
        unknown = not example.intent and not example.aspect  # a blind question: it teaches the scorer only
        if not unknown and (example.intent not in INTENTS or example.aspect not in ASPECTS):
            continue
        understanding = understander.observe(example.messages)
        if understanding.vector is None:
            continue
        data.observed.append(Observed(example, understanding))
    data.seconds = time.perf_counter() - started
    return data


#: The label of a candidate whose kind the example does not label (:attr:`Example.labelled`): left out of the fits.
UNLABELLED = -1


def labels_of(candidates: list[Candidate], example: Example) -> np.ndarray:
    return np.asarray(
        [
            (1 if c.subject in example.subjects else 0) if example.is_labelled(c.subject) else UNLABELLED
            for c in candidates
        ],
        dtype=np.int8,
    )


def fit(understander: Understander, data: TrainingData, seed: int = SEED, jobs: int = 1) -> DecisionModel:
    """Fit the intent and aspect classifiers and the calibrated candidate scorer.

    :param jobs: worker processes for the fits that do not depend on each other (the intent model's folds, the
        scorer's calibration folds and its final trees); 0: one per core (at most :data:`MAX_JOBS`). Every fit
        runs single-threaded wherever it runs, so the model does not depend on ``jobs`` (tested).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    single_thread_sklearn()
    jobs = resolve_jobs(jobs)
    vectors, intents, aspects = data.vectors, data.intents, data.aspects
    known = intents != ""  # examples of unknown intent (retired blind questions) teach the scorer only
    intent_model = LogisticRegression(C=INTENT_C, max_iter=2000)
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    with _single_threaded_workers():
        out_of_fold = cross_val_predict(
            intent_model, vectors[known], intents[known], cv=folds, method="predict_proba", n_jobs=jobs
        )
    intent_model.fit(vectors[known], intents[known])
    aspect_model = _classifier(aspects[known]).fit(vectors[known], aspects[known])
    intent_rows = np.zeros((len(intents), len(intent_model.classes_)))
    intent_rows[known] = out_of_fold
    if not known.all():  # the intent model never saw these: its own prediction is out of fold
        intent_rows[~known] = intent_model.predict_proba(vectors[~known])
    matrices: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    for observed, probs in zip(data.observed, intent_rows, strict=True):
        intent_probs = {str(c): float(p) for c, p in zip(intent_model.classes_, probs, strict=True)}
        matrices.append(understander.featurize(observed.understanding, intent_probs))
        labels.append(labels_of(observed.understanding.candidates, observed.example))
    real = [o.example.source.startswith(("gold", "blind")) for o in data.observed]
    scorer = fit_scorer(matrices, labels, real, seed, jobs)
    meta: dict[str, Any] = {
        "seed": seed,
        "examples": len(data.observed),
        "examples_by_source": _count(o.example.source.split("-")[0] for o in data.observed),
        "candidate_rows": int(sum(m.shape[0] for m in matrices)),
        "positive_rows": int(sum(int((y == 1).sum()) for y in labels)),
        "unlabelled_rows": int(sum(int((y == UNLABELLED).sum()) for y in labels)),
        "observe_seconds": round(data.seconds, 1),
    }
    return DecisionModel(intent=intent_model, aspect=aspect_model, scorer=scorer, meta=meta)


def _classifier(labels: np.ndarray) -> Any:
    """Logistic regression; a constant answer when the training data knows only one class."""
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression

    if len(set(labels.tolist())) < 2:
        return DummyClassifier(strategy="most_frequent")
    return LogisticRegression(C=INTENT_C, max_iter=2000)


def _trees(seed: int) -> Any:
    """Without early stopping: on the shipped corpus it never stopped the trees before ``max_iter``, but its
    validation split kept a random tenth of the rows, another tenth per seed, out of the fit."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=150,
        learning_rate=0.1,
        max_leaf_nodes=15,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=seed,
    )


def fit_scorer(
    matrices: list[np.ndarray], labels: list[np.ndarray], real: list[bool], seed: int, jobs: int = 1
) -> CalibratedScorer:
    """Trees on every question (real ones weigh :data:`REAL_WEIGHT`), calibrated on out-of-fold scores of the
    real questions (of all questions when there are too few real ones). The three fold fits and the final fit
    are independent: with ``jobs`` > 1 they run side by side."""
    from joblib import Parallel, delayed
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    held = [i for i, r in enumerate(real) if r and matrices[i].shape[0]]
    if len(held) < MIN_REAL:
        held = [i for i, m in enumerate(matrices) if m.shape[0]]
    held_out = [
        sorted(held[i] for i in test_part)
        for _train_part, test_part in KFold(n_splits=3, shuffle=True, random_state=seed).split(held)
    ]
    parts = [[i for i in range(len(matrices)) if i not in excluded] for excluded in map(set, held_out)]
    parts.append(list(range(len(matrices))))  # the final trees, on everything
    jobs = resolve_jobs(jobs)
    with _single_threaded_workers():
        *folds, final = Parallel(n_jobs=jobs)(
            delayed(_fit_trees)(ids, matrices, labels, real, seed) for ids in parts
        )
    if jobs > 1:
        _stop_workers()
    raw: list[np.ndarray] = []
    truth: list[np.ndarray] = []
    for trees, test_ids in zip(folds, held_out, strict=True):
        scores = CalibratedScorer(trees, None).raw_scores  # the trees' scores as the service computes them
        for i in test_ids:
            labelled = labels[i] != UNLABELLED
            raw.append(scores(matrices[i])[labelled])
            truth.append(labels[i][labelled])
    calibrator = LogisticRegression(C=1.0).fit(np.concatenate(raw).reshape(-1, 1), np.concatenate(truth))
    return CalibratedScorer(final, calibrator)


#: More processes than the scorer's four tree fits gain nothing.
MAX_JOBS = 4


def resolve_jobs(jobs: int) -> int:
    """``jobs``, or for 0 one per core (at most :data:`MAX_JOBS`)."""
    import os

    return jobs if jobs > 0 else max(1, min(MAX_JOBS, os.cpu_count() or 1))


def _stop_workers() -> None:
    """End joblib's worker processes now: they would otherwise idle for minutes beside a service that just
    trained its model, each holding its own copy of numpy and scikit-learn."""
    from joblib.externals.loky import get_reusable_executor

    get_reusable_executor().shutdown(wait=True)


def _single_threaded_workers() -> Any:
    """joblib's worker processes with one OpenMP/BLAS thread each, as the fits in this process
    (:func:`single_thread_sklearn`): a tree fit on several threads may round its sums differently."""
    from joblib import parallel_config

    return parallel_config(backend="loky", inner_max_num_threads=1)


def _fit_trees(
    ids: list[int], matrices: list[np.ndarray], labels: list[np.ndarray], real: list[bool], seed: int
) -> Any:
    ids = [i for i in ids if matrices[i].shape[0]]
    x = np.concatenate([matrices[i] for i in ids])
    y = np.concatenate([labels[i] for i in ids])
    w = np.concatenate([np.full(matrices[i].shape[0], REAL_WEIGHT if real[i] else 1.0) for i in ids])
    labelled = y != UNLABELLED
    return _trees(seed).fit(x[labelled], y[labelled], sample_weight=w[labelled])


def _count(items: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return dict(sorted(counts.items()))
