"""The learned decision layer: an intent/aspect classifier and a calibrated candidate scorer (scikit-learn).

* intent and aspect: multinomial logistic regression on the e5 query embedding plus the question-form cues;
* candidate relevance: gradient-boosted trees on the candidate features, calibrated on out-of-fold scores of
  real (gold) questions so that ``probability`` reads as "how often a candidate scored like this was the right
  subject" for questions as people ask them, not as the generator writes them.

Trained deterministically (fixed seeds) by :mod:`assistant.understand.training.train`; saved beside the index
with its metadata (:mod:`assistant.understand.store`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from assistant.understand.features import ASPECTS, CANDIDATE_FEATURES, INTENTS
from assistant.understand.forest import FlatTrees

MODEL_VERSION = 2


def single_thread_sklearn() -> None:
    """Run scikit-learn's OpenMP runtime and numpy's / scipy's BLAS with one thread, for the rest of the process.

    Where torch is loaded too (the index job, tests), two OpenMP runtimes spin against each other and a tree fit
    or prediction that takes a second alone takes minutes; on a busy machine an idle BLAS worker thread can stall
    a tiny matrix product for a second. The decision layer's inputs (one question, a few dozen candidates) gain
    nothing from threads. torch's own runtimes are left as they are.
    """
    ours = ("scikit_learn", "numpy.libs", "scipy.libs")
    for lib in _thread_pools():
        if any(name in lib.filepath for name in ours):
            lib.set_num_threads(1)
    _here.single = True


def single_thread_here() -> None:
    """:func:`single_thread_sklearn` for the calling thread: OpenMP's thread count is a per-thread setting.

    The service predicts in its request threads, where OpenMP starts with one thread per core; a tree prediction
    for ~30 candidates then took ~11 ms instead of ~0.8 ms (a thread team per call). Every OpenMP runtime of the
    process is set, for this thread only: where torch is loaded first, scikit-learn's code runs on torch's runtime.
    Cheap after the first call in a thread.
    """
    if not getattr(_here, "single", False):
        for lib in _thread_pools():
            if lib.user_api == "openmp":
                lib.set_num_threads(1)
        _here.single = True


_here = threading.local()


@lru_cache(maxsize=1)
def _thread_pools() -> tuple[Any, ...]:
    """The process's OpenMP and BLAS runtimes, found once (looking takes milliseconds)."""
    import sklearn.ensemble  # noqa: F401 - loads scikit-learn's OpenMP runtime, so it can be found below
    from threadpoolctl import ThreadpoolController

    return tuple(lib for lib in ThreadpoolController().lib_controllers if lib.user_api in ("openmp", "blas"))


def logistic_proba(model: Any, matrix: np.ndarray) -> np.ndarray:
    """``model.predict_proba(matrix)`` of a fitted scikit-learn ``LogisticRegression``, as one matrix product: its
    input checks cost far more than the product, and a question makes three calls (docs/benchmarks.md, round 12).
    Two classes: the logistic function; more: the softmax (multinomial, scikit-learn's only multi-class mode for
    lbfgs)."""
    scores = np.asarray(matrix) @ model.coef_.T + model.intercept_
    if scores.shape[1] == 1:
        from scipy.special import expit  # scikit-learn's own logistic function (loaded with it)

        positive = expit(scores[:, 0])
        return np.column_stack([1.0 - positive, positive])
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class CalibratedScorer:
    """Boosted trees whose raw scores are mapped to probabilities by a logistic calibrator fitted on questions
    the trees did not see (Platt scaling on out-of-fold scores of real questions)."""

    trees: Any  # fitted HistGradientBoostingClassifier
    calibrator: Any  # fitted LogisticRegression on the trees' decision function

    def raw_scores(self, matrix: np.ndarray) -> np.ndarray:
        """The trees' decision function, walked as flat arrays (:mod:`assistant.understand.forest`; the same
        numbers as scikit-learn's) where the trees allow it."""
        flat = self.__dict__.get("_flat")
        if flat is None:  # made on first use, not stored with the model
            flat = self.__dict__["_flat"] = FlatTrees.from_classifier(self.trees) or False
        return flat.decision_function(matrix) if flat else self.trees.decision_function(matrix)

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        return logistic_proba(self.calibrator, self.raw_scores(matrix).reshape(-1, 1))

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key != "_flat"}


@dataclass
class DecisionModel:
    intent: Any  # fitted LogisticRegression over INTENTS
    aspect: Any  # fitted LogisticRegression over ASPECTS
    scorer: Any  # a fitted :class:`CalibratedScorer` (binary: relevant subject)
    features: tuple[str, ...] = CANDIDATE_FEATURES
    meta: dict[str, Any] = field(default_factory=dict)
    version: int = MODEL_VERSION

    def intent_probabilities(self, vector: np.ndarray) -> dict[str, float]:
        probs = logistic_proba(self.intent, vector.reshape(1, -1))[0]
        return {str(label): float(p) for label, p in zip(self.intent.classes_, probs, strict=True)}

    def aspect_probabilities(self, vector: np.ndarray) -> dict[str, float]:
        probs = logistic_proba(self.aspect, vector.reshape(1, -1))[0]
        return {str(label): float(p) for label, p in zip(self.aspect.classes_, probs, strict=True)}

    def relevance(self, matrix: np.ndarray) -> np.ndarray:
        """Calibrated probability per candidate row that it is the subject the question means."""
        if matrix.shape[0] == 0:
            return np.zeros(0)
        single_thread_here()
        return self.scorer.predict_proba(matrix)[:, 1]

    def check(self) -> None:
        """:raises ValueError: the model was built for other features or intents than this code's."""
        if self.version != MODEL_VERSION or tuple(self.features) != CANDIDATE_FEATURES:
            raise ValueError("decision model was trained for other features; retrain it")
        if not set(self.intent.classes_) <= set(INTENTS) or not set(self.aspect.classes_) <= set(ASPECTS):
            raise ValueError("decision model knows other intents or aspects; retrain it")
