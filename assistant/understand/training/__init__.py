"""Training the decision layer from the gold train/dev splits, questions generated from the corpus and (the
service's default, ``LSA_DECISION_BLIND_TRAINING``; ``blind=True`` here) the retired blind sets' answered
questions."""

from __future__ import annotations

import hashlib
import logging
import random
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

from assistant.evaluation.blind import retired_files, retired_questions
from assistant.understand.model import DecisionModel
from assistant.understand.training.dataset import blind_examples, gold_examples
from assistant.understand.training.generate import Example, QuestionGenerator
from assistant.understand.training.train import SEED, fit, observe_all

log = logging.getLogger(__name__)


def training_fingerprint(seed: int = SEED, limit: int = 0, blind: bool = False) -> str:
    """Changes whenever what a model learns from changes: the gold set, the retired blind sets where they train
    it, the understanding and analysis code, the retrieval code (its ranked lists are features), and the seed and
    the number of generated questions."""
    from assistant.evaluation.gold import DEFAULT_GOLD_PATH

    digest = hashlib.sha256(f"seed={seed}\nlimit={limit}\nblind={blind}\n".encode())
    root = Path(__file__).resolve().parents[2]
    files = [
        DEFAULT_GOLD_PATH,
        *(retired_files() if blind else ()),
        *(root / "evaluation" / name for name in ("gold.py", "blind.py")),  # how both are read and labelled
        root.parent / "corpora" / "ids.py",
        *sorted((root / "understand").rglob("*.py")),
        *sorted((root / "analysis").rglob("*.py")),
        root / "retrieval.py",
    ]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()[:16]


def training_examples(
    knowledge: Any, seed: int = SEED, limit: int = 0, blind: bool = False, without: Collection[str] = ()
) -> list[Example]:
    """What the model learns from: generated questions (a seeded sample of ``limit`` of them, or all), the gold
    train/dev splits and, with ``blind`` and without a limit, the retired blind sets' questions (but the sets
    named in ``without``)."""
    from assistant.evaluation.gold import GoldError, load_gold

    examples = QuestionGenerator(knowledge, seed=seed).generate()
    if 0 < limit < len(examples):
        examples = random.Random(seed).sample(examples, limit)
    try:
        examples += gold_examples(load_gold())
        if blind and not limit:  # a small model (tests) learns from the generated and gold questions only
            examples += blind_examples(retired_questions(without=without), knowledge)
    except GoldError as e:  # an installation without the test tree trains on generated questions only
        log.warning("gold set or retired blind sets not available for training (%s)", e)
    return examples


def train_decision_model(
    knowledge: Any,
    understander: Any,
    seed: int = SEED,
    limit: int = 0,
    jobs: int = 1,
    blind: bool = False,
    without: Collection[str] = (),
) -> DecisionModel:
    """Generate and observe the training questions on the open index, then fit (deterministic per seed).

    :param limit: use only this many generated questions (a seeded sample) and no retired blind questions; 0: all.
    :param jobs: processes for the independent fits (see :func:`~assistant.understand.training.train.fit`).
    :param blind: the retired blind sets' questions train the candidate scorer too (``LSA_DECISION_BLIND_TRAINING``).
    :param without: retired sets left out of that (``benchmarks/decision_thresholds.py`` measures on them); such a
        model is not the shipped one, and its fingerprint says so.
    """
    started = time.perf_counter()
    # of the code that trains, even if a file changes while it runs
    fingerprint = training_fingerprint(seed, limit, blind)
    if without:
        fingerprint += "-without-" + "-".join(sorted(without))
    examples = training_examples(knowledge, seed, limit, blind, without)
    model = fit(understander, observe_all(understander, examples), seed=seed, jobs=jobs)
    model.meta["train_seconds"] = round(time.perf_counter() - started, 1)
    model.meta["fingerprint"] = fingerprint
    log.info("decision model trained: %s", model.meta)
    return model


__all__ = ["train_decision_model", "training_examples", "training_fingerprint"]
