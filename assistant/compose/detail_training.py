"""Training the detail selector: questions whose answering sentence is known, from the gold *train* split and
the retired blind sets (listed in ``tests/eval/blind/retired.yaml``,
:func:`~assistant.evaluation.blind.retired_questions`; a set is retired once its failures have been
read, and a fresh one is written). Held-out blind sets and the gold dev and test splits are never read here.

A question's answering sentences are the sentences of its expected service that contain its expected fact
verbatim; questions whose fact lies in no sentence of the service's detail modules teach nothing and are left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.compose.detail_selector import FEATURES, DetailSelector, sentence_features
from assistant.models import Message

#: Blind question kinds whose fact belongs to one service (a multi-part question's fact to one of its parts).
SINGLE_KINDS_EXCLUDED = frozenset({"multi_part"})


@dataclass(frozen=True)
class KnownAnswer:
    messages: tuple[Message, ...]
    service_key: str
    fact: str


def gold_answers(questions: Iterable[object]) -> list[KnownAnswer]:
    """Gold *train* questions with a fact in a service description (``fim/<key>/<module>`` documents)."""
    out = []
    for q in questions:
        if getattr(q, "split", None) != "train" or not getattr(q, "expected_fact", None):
            continue
        keys = [d.split("/")[1] for d in q.expected_documents if d.startswith("fim/")]  # type: ignore[attr-defined]
        if keys:
            out.append(KnownAnswer(tuple(q.messages), keys[0], q.expected_fact))  # type: ignore[attr-defined]
    return out


def retired_answers(root: Path | None = None) -> list[KnownAnswer]:
    """Questions of the retired blind sets that expect one service and a fact."""
    from assistant.evaluation.blind import retired_questions

    out = []
    for q in retired_questions(root) if root is not None else retired_questions():
        services, fact = q.expect.services, q.expect.fact
        if q.kind not in SINGLE_KINDS_EXCLUDED and services and fact:
            out.append(KnownAnswer(tuple(q.messages), services[0], fact))
    return out


def fingerprint(answers: Sequence[KnownAnswer], vectors_stamp: str) -> str:
    """What a selector learns from: the known answers, the sentence vectors and the features' code."""
    digest = hashlib.sha256(vectors_stamp.encode())
    digest.update("\x00".join(FEATURES).encode())
    for a in answers:
        digest.update("\x00".join([a.service_key, a.fact, *(m.content for m in a.messages)]).encode())
    here = Path(__file__).resolve().parent
    for name in ("detail_selector.py", "detail_words.py", "detail_training.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def train_selector(
    answers: Sequence[KnownAnswer],
    finder: object,
    question_of: Callable[[list[Message]], str],
    embed_queries: Callable[[list[str]], np.ndarray],
    stamp: str = "",
) -> DetailSelector | None:
    """Fit the selector on ``answers`` (None when too few of them locate their sentence)."""
    knowledge = finder.knowledge  # type: ignore[attr-defined]
    usable = []
    for a in answers:
        service = knowledge.service(a.service_key)
        if service is None:
            continue
        items = finder.sentences_of(service)  # type: ignore[attr-defined]
        labels = np.asarray([a.fact in sentence for _, sentence, _ in items], dtype=int)
        if len(items) >= 3 and labels.any():
            usable.append((service, items, labels, question_of(list(a.messages))))
    if len(usable) < 20:
        return None
    vectors = embed_queries([u[3] for u in usable])
    groups = []
    for (service, items, labels, question), vector in zip(usable, vectors, strict=True):
        scores = finder.vectors.scores(service.key, vector)  # type: ignore[attr-defined]
        if scores is None or len(scores) != len(items):
            continue
        features = sentence_features(items, scores, question, service.name, finder.weight)  # type: ignore[attr-defined]
        groups.append((features, labels))
    return DetailSelector.fit(groups, stamp) if len(groups) >= 20 else None
