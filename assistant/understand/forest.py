"""Boosted trees as flat arrays, walked for all trees and rows at once with numpy (the candidate scorer's, and the
detail selector's, which stores them as JSON).

Why: scikit-learn predicts a ``HistGradientBoostingClassifier`` tree by tree, each call entering an OpenMP region
for a few dozen rows. For one question's ~30 candidates and 150 trees that is ~2 ms of call overhead on one
thread, and far more where another OpenMP runtime (torch's) serves the region with a thread team. Walking every
tree one level per step with array indexing takes the same decisions (``x <= threshold``, missing values to the
side the tree learned) and adds the leaf values tree by tree in scikit-learn's order, so the raw scores are the
same to the last bit (tested against ``decision_function``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, eq=False)
class FlatTrees:
    """Every tree's nodes in one array each (tree ``t``'s node ``i`` at ``offsets[t] + i``); a leaf's children
    are the leaf itself, so a row that has reached its leaf stays there while deeper trees are still walked."""

    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    offsets: np.ndarray
    depth: int
    baseline: float

    @classmethod
    def from_classifier(cls, model: Any) -> FlatTrees | None:
        """The flat form of a fitted binary ``HistGradientBoostingClassifier``; ``None`` for any other model
        (several classes, categorical features), which then predicts through scikit-learn."""
        predictors = getattr(model, "_predictors", None)
        if not predictors or any(len(per_iteration) != 1 for per_iteration in predictors):
            return None
        nodes = [per_iteration[0].nodes for per_iteration in predictors]
        if any(n["is_categorical"].any() for n in nodes):
            return None
        sizes = np.asarray([len(n) for n in nodes])
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        every = np.concatenate(nodes)
        leaf = every["is_leaf"].astype(bool)
        own = np.arange(len(every))
        shift = np.repeat(offsets, sizes)  # child indices are per tree: make them global
        return cls(
            feature=every["feature_idx"].astype(np.intp),
            threshold=every["num_threshold"].astype(np.float64),
            missing_left=every["missing_go_to_left"].astype(bool),
            left=np.where(leaf, own, every["left"].astype(np.intp) + shift),
            right=np.where(leaf, own, every["right"].astype(np.intp) + shift),
            value=every["value"].astype(np.float64),
            offsets=offsets,
            depth=int(every["depth"].max()),
            baseline=float(np.asarray(model._baseline_prediction).ravel()[0]),  # noqa: SLF001
        )

    def decision_function(self, matrix: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds) per row, as ``HistGradientBoostingClassifier.decision_function``."""
        x = np.asarray(matrix, dtype=np.float64)
        n_rows, n_features = x.shape
        flat_x = x.ravel()
        row_start = (np.arange(n_rows) * n_features)[None, :]
        node = np.repeat(self.offsets[:, None], n_rows, axis=1)  # (trees, rows): every walk at its root
        missing = bool(np.isnan(flat_x).any())
        for _ in range(self.depth):
            data = flat_x.take(row_start + self.feature.take(node))
            go_left = data <= self.threshold.take(node)  # NaN compares False
            if missing:
                go_left |= np.isnan(data) & self.missing_left.take(node)
            step = np.where(go_left, self.left.take(node), self.right.take(node))
            if np.array_equal(step, node):
                break  # every walk is at a leaf
            node = step
        raw = np.full(n_rows, self.baseline)
        for tree_values in self.value.take(node):  # tree by tree, as scikit-learn adds them
            raw += tree_values
        return raw

    _ARRAYS = ("feature", "threshold", "missing_left", "left", "right", "value", "offsets")
    #: JSON has no infinity: a threshold of +/-inf (scikit-learn's split that sends every number one way and
    #: missing values the other) is stored as the largest float and read back as infinity; scikit-learn's ordinary
    #: thresholds lie between two seen values, never at the largest float
    _BIG = float(np.finfo(np.float64).max)

    def to_dict(self) -> dict[str, Any]:
        """Plain lists (standard JSON): a small model is stored readably and loads without scikit-learn."""
        out: dict[str, Any] = {name: getattr(self, name).tolist() for name in self._ARRAYS}
        out["threshold"] = np.clip(self.threshold, -self._BIG, self._BIG).tolist()
        return {**out, "depth": self.depth, "baseline": self.baseline}

    @classmethod
    def from_dict(cls, data: dict[str, Any], n_features: int) -> FlatTrees:
        """The trees :meth:`to_dict` wrote, for rows of ``n_features`` values.

        :raises KeyError, TypeError, ValueError: not such arrays, or values that would walk out of them or score
            nonsense (a damaged file must fail here, not on a request).
        """
        types = {"threshold": np.float64, "value": np.float64, "missing_left": bool}
        arrays = {name: np.asarray(data[name], dtype=types.get(name, np.intp)) for name in cls._ARRAYS}
        nodes, depth, baseline = len(arrays["feature"]), int(data["depth"]), float(data["baseline"])
        if any(arrays[n].ndim != 1 or len(arrays[n]) != nodes for n in cls._ARRAYS if n != "offsets"):
            raise ValueError("flat trees of unequal arrays")
        offsets, threshold = arrays["offsets"], arrays["threshold"]
        inside = [(arrays["feature"], n_features), (arrays["left"], nodes), (arrays["right"], nodes)]
        if not nodes or any(a.min() < 0 or a.max() >= bound for a, bound in inside):
            raise ValueError("flat trees with indices out of range")
        if offsets.ndim != 1 or not offsets.size or offsets[0] != 0 or (np.diff(offsets) <= 0).any():
            raise ValueError("flat trees with offsets out of order")
        if offsets[-1] >= nodes or not 0 <= depth <= nodes:
            raise ValueError("flat trees with offsets or depth out of range")
        if not (
            np.isfinite(threshold).all() and np.isfinite(arrays["value"]).all() and np.isfinite(baseline)
        ):
            raise ValueError("flat trees with numbers that are not finite")
        arrays["threshold"] = np.where(
            np.abs(threshold) == cls._BIG, np.copysign(np.inf, threshold), threshold
        )
        return cls(**arrays, depth=depth, baseline=baseline)

    def __eq__(self, other: object) -> bool:
        """Equal trees, array by array (the generated equality cannot compare arrays)."""
        if not isinstance(other, FlatTrees):
            return NotImplemented
        return (self.depth, self.baseline) == (other.depth, other.baseline) and all(
            getattr(self, n).dtype == getattr(other, n).dtype
            and np.array_equal(getattr(self, n), getattr(other, n))
            for n in self._ARRAYS
        )

    __hash__ = None  # type: ignore[assignment]  # equal by value, and arrays are mutable
