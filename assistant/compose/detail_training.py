"""Training the detail selector: questions whose answering sentence is known, from the gold *train* split and
the retired blind sets (listed in ``tests/eval/blind/retired.yaml``,
:func:`~assistant.evaluation.blind.retired_questions`; a set is retired once its failures have been
read, and a fresh one is written). Held-out blind sets and the gold dev and test splits are never read here.

A question's answering sentences are the sentences of its expected service that contain its expected fact
verbatim; questions whose fact lies in no sentence of the service's detail modules teach nothing and are left out.
A question that expects the service and no fact ("Wer ist für BAföG zuständig?") teaches that none of its
sentences needs quoting: without such questions the selector would find some sentence likely for every question.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.compose.detail_selector import FEATURES, DetailSelector, sentence_features
from assistant.evaluation.blind import BLIND_ROOT, retired_questions
from assistant.models import Message

if TYPE_CHECKING:
    from assistant.compose.detail import DetailFinder
    from assistant.evaluation.blind import BlindQuestion
    from assistant.evaluation.gold import GoldQuestion
    from corpora.fim_models import Service

log = logging.getLogger(__name__)

#: Blind question kinds left out: a multi-part question's fact belongs to one of its parts, not to the question.
EXCLUDED_KINDS = frozenset({"multi_part"})
#: Below this many questions that locate their answering sentence, no selector is trained.
MIN_ANSWERS = 20


@dataclass(frozen=True)
class KnownAnswer:
    messages: tuple[Message, ...]
    service_key: str
    fact: str  # "" when the question asks nothing beyond the service

    def labels(self, sentences: Sequence[str]) -> np.ndarray:
        """1 for each sentence that carries the fact."""
        return np.asarray([bool(self.fact) and self.fact in s for s in sentences], dtype=int)


def gold_answers(questions: Iterable[GoldQuestion]) -> list[KnownAnswer]:
    """Gold *train* questions answered from a service description (``fim/<key>/<module>`` documents), with their
    fact or none."""
    out = []
    for q in questions:
        if q.split != "train" or q.no_answer:
            continue
        keys = [d.split("/")[1] for d in q.expected_documents if d.startswith("fim/")]
        if keys:
            out.append(KnownAnswer(tuple(q.messages), keys[0], q.expected_fact or ""))
    return out


def retired_answers(root: Path = BLIND_ROOT) -> list[KnownAnswer]:
    """Questions of the retired blind sets answered about a service, with their fact or none."""
    return blind_answers(retired_questions(root))


def blind_answers(questions: Iterable[BlindQuestion]) -> list[KnownAnswer]:
    """Blind questions answered about a service (a multi-part question's fact belongs to one of its parts)."""
    out = []
    for q in questions:
        services = q.expect.services
        if q.kind not in EXCLUDED_KINDS and services and q.expect.outcome == "answer":
            out.append(KnownAnswer(tuple(q.messages), services[0], q.expect.fact or ""))
    return out


def fingerprint(answers: Sequence[KnownAnswer], vectors_stamp: str) -> str:
    """What a selector learns from: the known answers, the sentence vectors and the features' code."""
    digest = hashlib.sha256(vectors_stamp.encode())
    digest.update("\x00".join(FEATURES).encode())
    for a in answers:
        digest.update("\x00".join([a.service_key, a.fact, *(m.content for m in a.messages)]).encode())
    import sklearn

    digest.update(sklearn.__version__.encode())
    root = Path(__file__).resolve().parents[1]
    # the features' code, the sentence splitting and rarity (detail.py), the story split (multipart.py) and the
    # analysis that resolves a follow-up's question
    files = [
        *(
            root / "compose" / name
            for name in ("detail_selector.py", "detail_words.py", "detail_training.py")
        ),
        root / "compose" / "detail.py",
        root / "understand" / "forest.py",  # how the trees are converted and stored
        root / "multipart.py",
        *sorted((root / "analysis").glob("*.py")),
    ]
    for path in files:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class TrainingGroup:
    """One known answer ready to learn from: its service's sentences as features, 1 where the fact stands."""

    service: Service
    question: str
    scores: np.ndarray  # cosine of each sentence with the question
    features: np.ndarray
    labels: np.ndarray


def training_groups(
    answers: Sequence[KnownAnswer],
    finder: DetailFinder,
    question_of: Callable[[list[Message]], str],
    embed_queries: Callable[[list[str]], np.ndarray],
) -> list[TrainingGroup]:
    """The answers whose service has at least three sentences and that locate their fact in one (or expect none),
    with the features the selector reads.

    Each question is embedded alone, as it is when answered: the int8 query model quantises its activations over
    the whole batch, so a question embedded among others gets a slightly different vector than when it is served.
    """
    usable = []
    for a in answers:
        service = finder.knowledge.service(a.service_key)
        if service is None:
            continue
        items = finder.sentences_of(service)
        labels = a.labels([sentence for _, sentence, _ in items])
        if len(items) >= 3 and (labels.any() or not a.fact):
            usable.append((service, items, labels, question_of(list(a.messages))))
    if not usable:
        return []
    groups = []
    vectors = [embed_queries([u[3]])[0] for u in usable]
    for (service, items, labels, question), vector in zip(usable, vectors, strict=True):
        scores = finder.vectors.scores(service.key, vector) if finder.vectors is not None else None
        if scores is None or len(scores) != len(items) or not np.isfinite(scores).all():
            continue  # a broken vector teaches nothing (and quotes nothing when answering)
        features = sentence_features(items, scores, question, service.name, finder.weight)
        groups.append(TrainingGroup(service, question, scores, features, labels))
    return groups


def train_selector(
    answers: Sequence[KnownAnswer],
    finder: DetailFinder,
    question_of: Callable[[list[Message]], str],
    embed_queries: Callable[[list[str]], np.ndarray],
    stamp: str = "",
) -> DetailSelector | None:
    """Fit the selector on ``answers`` (None when too few of them locate their sentence)."""
    groups = training_groups(answers, finder, question_of, embed_queries)
    located = _located([g.labels for g in groups])
    if located < MIN_ANSWERS:
        log.warning("detail selector not trained: %d questions locate their answering sentence", located)
        return None
    return DetailSelector.fit([(g.features, g.labels) for g in groups], stamp)


def _located(labels: Iterable[np.ndarray]) -> int:
    """How many questions mark an answering sentence (those without a fact mark none)."""
    return sum(1 for group in labels if group.any())


def load_or_train_selector(
    directory: Path | None,
    vectors_stamp: str,
    finder: DetailFinder,
    question_of: Callable[[list[Message]], str],
    embed_queries: Callable[[list[str]], np.ndarray],
) -> DetailSelector | None:
    """The stored selector for these answers and vectors, or one trained now and stored; None (the finder then
    works without it) when the training data cannot be read: a broken file must not stop the service."""
    from assistant.evaluation.gold import DEFAULT_GOLD_PATH, GoldError, load_gold

    try:
        gold = gold_answers(load_gold()) if DEFAULT_GOLD_PATH.exists() else []
        answers = [*gold, *retired_answers()]
    except (GoldError, OSError, ValueError, AttributeError, TypeError) as e:
        log.warning("detail selector not trained: its training questions are unreadable (%s)", e)
        return None
    stamp = fingerprint(answers, vectors_stamp)
    stored = DetailSelector.load(directory, stamp) if directory is not None else None
    if stored is not None:
        return stored
    selector = train_selector(answers, finder, question_of, embed_queries, stamp)
    if selector is not None and directory is not None:
        selector.save(directory)
    return selector
