"""The flat tree walk gives scikit-learn's raw scores bit for bit, and the scorer uses it."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from assistant.understand.forest import FlatTrees
from assistant.understand.model import CalibratedScorer


@pytest.fixture(scope="module")
def trees():  # -> HistGradientBoostingClassifier
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(5)
    x = rng.normal(size=(3000, 8))
    x[rng.random(x.shape) < 0.05] = np.nan  # missing values: the trees learn a side for them
    y = ((np.nan_to_num(x[:, 0]) + 0.5 * np.nan_to_num(x[:, 3]) ** 2 - np.isnan(x[:, 5])) > 0.3).astype(int)
    return HistGradientBoostingClassifier(max_iter=60, max_leaf_nodes=15, random_state=0).fit(x, y)


def test_flat_trees_give_the_same_raw_scores(trees) -> None:
    flat = FlatTrees.from_classifier(trees)
    assert flat is not None
    rng = np.random.default_rng(9)
    thresholds = np.concatenate([p[0].nodes["num_threshold"] for p in trees._predictors])  # noqa: SLF001
    for rows in (1, 7, 30, 200):
        x = rng.normal(scale=2.0, size=(rows, 8)).astype(np.float32)
        x[rng.random(x.shape) < 0.1] = np.nan
        exact = rng.random(x.shape) < 0.2  # values exactly on a threshold go left
        x[exact] = rng.choice(thresholds, size=int(exact.sum()))
        assert np.array_equal(flat.decision_function(x), trees.decision_function(x))


def test_flat_trees_only_for_binary_numeric_trees() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 3))
    three = HistGradientBoostingClassifier(max_iter=5).fit(x, rng.integers(0, 3, 300))
    assert FlatTrees.from_classifier(three) is None
    categories = np.column_stack([rng.integers(0, 4, 300), x[:, 1]])
    categorical = HistGradientBoostingClassifier(max_iter=5, categorical_features=[0]).fit(
        categories, (categories[:, 0] == 2).astype(int)
    )
    assert FlatTrees.from_classifier(categorical) is None
    assert FlatTrees.from_classifier(object()) is None


def test_scorer_uses_the_flat_walk_and_pickles_without_it(trees) -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(2)
    x = rng.normal(size=(50, 8))
    calibrator = LogisticRegression().fit(
        trees.decision_function(x).reshape(-1, 1), (x[:, 0] > 0).astype(int)
    )
    scorer = CalibratedScorer(trees, calibrator)
    expected = calibrator.predict_proba(trees.decision_function(x).reshape(-1, 1))
    assert np.array_equal(scorer.predict_proba(x), expected)
    assert isinstance(scorer.__dict__["_flat"], FlatTrees)
    again = pickle.loads(pickle.dumps(scorer))
    assert "_flat" not in again.__dict__ and np.array_equal(again.predict_proba(x), expected)


@pytest.mark.parametrize("classes", [2, 6])
def test_logistic_probabilities_equal_scikit_learns(classes: int) -> None:
    """The decision layer's logistic regressions are evaluated as a matrix product, with scikit-learn's numbers."""
    from sklearn.linear_model import LogisticRegression

    from assistant.understand.model import logistic_proba

    rng = np.random.default_rng(7)
    x = rng.normal(size=(200, 12)).astype(np.float32)
    y = rng.integers(0, classes, size=200)
    model = LogisticRegression(max_iter=500).fit(x, y)
    probe = rng.normal(size=(9, 12)).astype(np.float32) * 3
    for rows in (probe, probe[:1], probe.astype(np.float64)):
        assert np.array_equal(logistic_proba(model, rows), model.predict_proba(rows))


def test_flat_trees_round_trip_through_json_keeps_scores_and_types(trees) -> None:
    import json

    flat = FlatTrees.from_classifier(trees)
    assert flat is not None
    loaded = FlatTrees.from_dict(json.loads(json.dumps(flat.to_dict(), allow_nan=False)), 8)
    assert loaded == flat and loaded != object()
    for name in FlatTrees._ARRAYS:  # noqa: SLF001
        assert getattr(loaded, name).dtype == getattr(flat, name).dtype, name
    assert np.isinf(
        flat.threshold
    ).any()  # the fixture's missing values give splits that send all numbers one way
    x = np.random.default_rng(3).normal(size=(20, 8))
    x[::4, 2] = np.nan
    x[1::4] = np.inf  # stored as the largest float, read back as infinity: infinite inputs go the same way
    x[2::4] = -np.inf
    assert np.array_equal(loaded.decision_function(x), flat.decision_function(x))
    assert np.array_equal(loaded.decision_function(x), trees.decision_function(x))


def test_flat_trees_from_a_damaged_file_fail_on_loading(trees) -> None:
    flat = FlatTrees.from_classifier(trees)
    assert flat is not None
    with pytest.raises(ValueError):
        FlatTrees.from_dict(flat.to_dict(), 3)  # splits on features the rows do not have
    for name, value in (("left", 10**6), ("feature", -1)):
        data = flat.to_dict()
        data[name][0] = value
        with pytest.raises(ValueError):
            FlatTrees.from_dict(data, 8)
    data = flat.to_dict()
    data["value"] = data["value"][:-1]
    with pytest.raises(ValueError):
        FlatTrees.from_dict(data, 8)
    for name, value in (("baseline", float("nan")), ("depth", -1), ("offsets", []), ("offsets", [0, 0])):
        data = {**flat.to_dict(), name: value}  # loads as JSON, would score nonsense
        with pytest.raises(ValueError):
            FlatTrees.from_dict(data, 8)
    data = flat.to_dict()
    data["value"][3] = float("nan")
    with pytest.raises(ValueError):
        FlatTrees.from_dict(data, 8)
    with pytest.raises(KeyError):
        FlatTrees.from_dict({"feature": [0]}, 8)
