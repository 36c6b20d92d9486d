"""Which sentence of a service answers the question: learned from questions whose answering sentence is known.

"Bekomme ich in meinem Alter noch BAföG?" is answered by "Zu Beginn der Ausbildung darf man in der Regel
höchstens 45 Jahre alt sein." Closeness in meaning alone ranks that sentence low among the service's twenty; the
words the question asks beyond the service's name, the kind of answer it wants (a period, a sum), whether it is a
yes/no question and a sentence that restricts ("nur", "höchstens"), and the module a sentence comes from are
signs too. A logistic regression weighs them; it is trained on the gold *train* split and the retired blind sets
(their ``fact`` lies in one sentence of the expected service), deterministically, and stored beside the sentence
vectors. Only the chosen service's sentences are ranked: the selector never changes the subject of an answer.
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

from assistant.compose.detail_words import DETAIL_MODULES, GIVES, WANTS, asked_words, carried
from assistant.multipart import story_and_question
from lsa_assistant.files import write_bytes_atomic

log = logging.getLogger(__name__)
FILE = "detail_selector.json"
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
)
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
    """One row of :data:`FEATURES` per sentence of the service, for ``question`` (cosines in ``scores``)."""
    story, asked_part = story_and_question(question)
    focus = asked_part if story else question
    whole = _asked_words(items, question, service_name, weight)
    part = _asked_words(items, focus, service_name, weight) if story else whole
    wants = {kind for kind, cue in WANTS.items() if cue.search(question)}
    spread = float(scores.std()) or 1.0
    z = (scores - float(scores.mean())) / spread
    rank = np.empty(len(scores))
    rank[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    yes_no = 1.0 if _YES_NO.match(focus) else 0.0
    rows = []
    for i, (chunk_id, sentence, _) in enumerate(items):
        module = chunk_id.rsplit("/", 1)[-1]
        rows.append(
            [
                float(scores[i]),
                float(z[i]),
                1.0 / rank[i],
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
    return np.asarray(rows, dtype=np.float64)


def _asked_words(
    items: Sequence[Sentence], question: str, service_name: str, weight: Callable[[str], float]
) -> list[tuple[float, float, float]]:
    """Per sentence: the rarity-weighted sum of the asked words it carries, their share, and their count."""
    asked = asked_words(question, service_name, weight)
    total = sum(asked.values()) or 1.0
    out = []
    for _, _, sentence_words in items:
        matched = carried(asked, sentence_words)
        weight_carried = sum(asked[a] for a in matched)
        out.append((weight_carried, weight_carried / total, float(len(matched))))
    return out


@dataclass(frozen=True)
class DetailSelector:
    """A standardised logistic regression over :data:`FEATURES`; ``fingerprint`` names what it was trained on."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    fingerprint: str = ""

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """The probability that each sentence answers the question."""
        x = (features - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-(x @ np.asarray(self.coef) + self.intercept)))

    @classmethod
    def fit(cls, groups: Sequence[tuple[np.ndarray, np.ndarray]], fingerprint: str = "") -> DetailSelector:
        """Fit on (features, labels) per question; deterministic (lbfgs from zero, no sampling)."""
        from sklearn.linear_model import LogisticRegression

        x = np.vstack([g[0] for g in groups])
        y = np.concatenate([g[1] for g in groups])
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=1.0, max_iter=5000).fit((x - mean) / scale, y)
        return cls(
            tuple(mean.tolist()),
            tuple(scale.tolist()),
            tuple(model.coef_[0].tolist()),
            float(model.intercept_[0]),
            fingerprint,
        )

    def to_dict(self) -> dict[str, object]:
        return {"features": list(FEATURES), **self.__dict__}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> DetailSelector:
        if data.get("features") != list(FEATURES):
            raise ValueError("detail selector stored for other features")
        return cls(
            tuple(data["mean"]),  # type: ignore[arg-type]
            tuple(data["scale"]),  # type: ignore[arg-type]
            tuple(data["coef"]),  # type: ignore[arg-type]
            float(data["intercept"]),  # type: ignore[arg-type]
            str(data.get("fingerprint", "")),
        )

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
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            log.warning("detail selector %s unreadable (%s); training it again", path, e)
            return None
        return selector if selector.fingerprint == fingerprint else None
