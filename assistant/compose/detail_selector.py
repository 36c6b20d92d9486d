"""Which sentence of a service answers the question: learned from questions whose answering sentence is known.

"Bekomme ich in meinem Alter noch BAföG?" is answered by "Zu Beginn der Ausbildung darf man in der Regel
höchstens 45 Jahre alt sein." Closeness in meaning alone ranks that sentence low among the service's twenty; the
words the question asks beyond the service's name, the kind of answer it wants (a period, a sum), whether it is a
yes/no question and a sentence that restricts ("nur", "höchstens"), and the module a sentence comes from are
signs too, and each counts most against the service's other sentences (how far a sentence lies behind the best
one, its rank). Boosted trees weigh them, so a sign can count differently beside another (the asked words of a
yes/no question); they are trained on the gold *train* split and the retired blind sets (their ``fact`` lies in
one sentence of the expected service; a question that expects the service and no fact marks none of its sentences,
so that not every question finds some sentence likely), deterministically, and stored beside the sentence vectors
as plain arrays. Only the chosen service's sentences are ranked: the selector never changes the subject of an
answer.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.special import expit

from assistant.compose.detail_words import DETAIL_MODULES, GIVES, WANTS, asked_words, carried
from assistant.multipart import story_and_question
from assistant.understand.forest import FlatTrees
from lsa_assistant.files import write_bytes_atomic

log = logging.getLogger(__name__)
FILE = "detail_selector.json"
#: Signs that count against the service's other sentences: how far behind the best one, and the rank.
_AGAINST_OTHERS = ("asked_weight", "asked_share", "question_weight", "question_share")
#: The boosted trees' settings (no early stopping: it would hold out a random part and break determinism).
TREES = {
    "max_iter": 100,
    "learning_rate": 0.1,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
    "early_stopping": False,
    "random_state": 0,
}
FEATURES = (
    "cosine",
    "cosine_z",
    "inverse_rank",
    "asked_weight",
    "asked_share",
    "asked_count",
    "question_weight",
    "question_share",
    "gives_wanted",
    "log_length",
    "restricts_yes_no",
    "yes_no",
    "list_item",
    "step",
    *(f"module_{m}" for m in DETAIL_MODULES),
    *(f"{name}_{how}" for name in _AGAINST_OTHERS for how in ("gap", "rank")),
    "cosine_gap",
    "position",
    "log_sentences",
    "asked_total",
)
#: Where the signs of :data:`_AGAINST_OTHERS` stand in a row (looked up once, not per answer).
_AGAINST_COLUMNS = tuple(FEATURES.index(name) for name in _AGAINST_OTHERS)
#: A yes/no question starts with its verb ("Bekomme ich …?", "Muss ich …?").
_YES_NO = re.compile(
    r"^\W*(?:ist|sind|bin|kann|darf|muss|müssen|bekomm\w*|gilt|brauch\w*|hab\w*|werd\w*|soll\w*|wird|gibt|geht"
    r"|reicht|zählt|zahlt)\b",
    re.I,
)
#: Words by which a sentence limits who or what qualifies: the usual answer to a yes/no question.
_RESTRICTS = re.compile(
    r"\b(?:nur|nicht|kein\w*|höchstens|mindestens|spätestens|frühestens|müssen|muss|bis zu|erst|ohne|auch)\b",
    re.I,
)
#: (chunk id, sentence, its words), as the detail finder splits a service's texts.
Sentence = tuple[str, str, set[str]]


def sentence_features(
    items: Sequence[Sentence],
    scores: np.ndarray,
    question: str,
    service_name: str,
    weight: Callable[[str], float],
) -> np.ndarray:
    """One row of :data:`FEATURES` per sentence of the service, for ``question`` (cosines in ``scores``); the
    last column says how much the question asks beyond the service at all (the same in every row)."""
    if not len(items):
        return np.empty((0, len(FEATURES)))
    story, asked_part = story_and_question(question)
    focus = asked_part if story else question
    whole, asked_total = _asked_words(items, question, service_name, weight)
    part = _asked_words(items, focus, service_name, weight)[0] if story else whole
    wants = {kind for kind, cue in WANTS.items() if cue.search(question)}
    spread = float(scores.std()) or 1.0
    z = (scores - float(scores.mean())) / spread
    inverse_rank = _inverse_rank(scores)
    yes_no = 1.0 if _YES_NO.match(focus) else 0.0
    rows = []
    for i, (chunk_id, sentence, _) in enumerate(items):
        module = chunk_id.rsplit("/", 1)[-1]
        rows.append(
            [
                float(scores[i]),
                float(z[i]),
                float(inverse_rank[i]),
                *whole[i],
                *part[i][:2],
                float(any(GIVES[kind].search(sentence) for kind in wants)),
                math.log(len(sentence) + 1),
                yes_no * float(bool(_RESTRICTS.search(sentence))),
                yes_no,
                float(sentence.startswith("-")),
                float(bool(re.match(r"\d+\.", sentence))),
                *(float(module == m) for m in DETAIL_MODULES),
            ]
        )
    x = np.asarray(rows, dtype=np.float64)
    return np.hstack([x, _against_others(x, scores), np.full((len(x), 1), asked_total)])


def _against_others(x: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Per sentence: each of :data:`_AGAINST_OTHERS` as its gap to the best sentence and its inverse rank, the
    cosine's gap to the best, the sentence's place among the service's sentences and their number (log)."""
    n = len(x)
    columns = []
    for index in _AGAINST_COLUMNS:
        column = x[:, index]
        columns += [column - column.max(), _inverse_rank(column)]
    columns += [scores - scores.max(), np.arange(n) / max(n - 1, 1), np.full(n, math.log(n))]
    return np.column_stack(columns)


def _inverse_rank(values: np.ndarray) -> np.ndarray:
    """1 / rank, equal values sharing the better rank (a question that asks nothing beyond the service gives every
    sentence the same zero: none of them may rank first by its place in the text)."""
    return 1.0 / (1.0 + (values[None, :] > values[:, None]).sum(axis=1))


def _asked_words(
    items: Sequence[Sentence], question: str, service_name: str, weight: Callable[[str], float]
) -> tuple[list[tuple[float, float, float]], float]:
    """Per sentence: the rarity-weighted sum of the asked words it carries, their share, and their count; and the
    weight of all asked words."""
    asked = asked_words(question, service_name, weight)
    # sums over sets of words: fsum is exact, so the order a set iterates in (which changes with the process's
    # hash seed) cannot tip two equal weights apart, a rank, a tree's split or the quoted sentence
    total = math.fsum(asked.values())
    out = []
    for _, _, sentence_words in items:
        matched = carried(asked, sentence_words)
        weight_carried = math.fsum(asked[a] for a in matched)
        out.append((weight_carried, weight_carried / (total or 1.0), float(len(matched))))
    return out, total


@dataclass(frozen=True, eq=False)
class DetailSelector:
    """Boosted trees over :data:`FEATURES`, walked as flat arrays; ``fingerprint`` names what they were trained on."""

    trees: FlatTrees
    fingerprint: str = ""

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """The probability that each sentence answers the question."""
        return expit(self.trees.decision_function(features))

    @classmethod
    def fit(cls, groups: Sequence[tuple[np.ndarray, np.ndarray]], fingerprint: str = "") -> DetailSelector:
        """Fit on (features, labels) per question; deterministic (fixed seed, no sampling)."""
        from sklearn.ensemble import HistGradientBoostingClassifier

        x = np.vstack([g[0] for g in groups])
        y = np.concatenate([g[1] for g in groups])
        trees = FlatTrees.from_classifier(HistGradientBoostingClassifier(**TREES).fit(x, y))
        if trees is None:
            raise ValueError("the detail selector's trees cannot be walked as flat arrays")
        return cls(trees, fingerprint)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DetailSelector):
            return NotImplemented
        return (self.fingerprint, self.trees) == (other.fingerprint, other.trees)

    __hash__ = None  # type: ignore[assignment]  # equal by value, like its trees

    def to_dict(self) -> dict[str, object]:
        return {"features": list(FEATURES), "trees": self.trees.to_dict(), "fingerprint": self.fingerprint}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> DetailSelector:
        if data.get("features") != list(FEATURES):
            raise ValueError("detail selector stored for other features")
        trees = FlatTrees.from_dict(data["trees"], len(FEATURES))  # type: ignore[arg-type]
        return cls(trees, str(data.get("fingerprint", "")))

    def save(self, directory: Path) -> None:
        write_bytes_atomic(directory / FILE, json.dumps(self.to_dict()).encode())

    @classmethod
    def load(cls, directory: Path, fingerprint: str) -> DetailSelector | None:
        """The stored selector, if it was trained on what ``fingerprint`` names."""
        path = directory / FILE
        if not path.exists():
            return None
        try:
            selector = cls.from_dict(json.loads(path.read_text()))
            # a damaged file fails here, not on a request
            selector.probabilities(np.zeros((1, len(FEATURES))))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
            log.warning("detail selector %s unreadable (%s); training it again", path, e)
            return None
        return selector if selector.fingerprint == fingerprint else None
