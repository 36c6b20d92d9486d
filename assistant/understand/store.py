"""Where the decision model lives: beside the index, one per index build, with its metadata.

``<data_dir>/decision/<build_id>/model.pickle`` and ``meta.json`` (seed, example counts, training time, versions
of scikit-learn and of the model format). A model belongs to the build its candidate features were observed on;
a service opening another build trains (or finds) that build's model. Old models are pruned.
"""

from __future__ import annotations

import json
import logging
import pickle
import shutil
import time
from pathlib import Path
from typing import Any

from assistant.understand.model import DecisionModel
from lsa_assistant.files import write_bytes_atomic

log = logging.getLogger(__name__)
MODEL_FILE = "model.pickle"
META_FILE = "meta.json"
KEEP = 3


def model_dir(data_dir: Path, build_id: str) -> Path:
    return data_dir / "decision" / build_id


def save_model(model: DecisionModel, directory: Path) -> None:
    """Write model and metadata atomically (a reader sees the old or the new files, never half of one)."""
    import sklearn

    directory.mkdir(parents=True, exist_ok=True)
    model.meta.setdefault("sklearn", sklearn.__version__)
    model.meta.setdefault("saved_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    for name, payload in (
        (MODEL_FILE, pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)),
        (META_FILE, json.dumps({"version": model.version, **model.meta}, indent=2).encode()),
    ):
        write_bytes_atomic(directory / name, payload)
    _prune(directory.parent, keep=directory.name)


def load_model(directory: Path, fingerprint: str | None = None) -> DecisionModel | None:
    """The saved model, or None (with a log line) when it is missing, unreadable or built for other code.

    :param fingerprint: what the model must have been trained from (``training_fingerprint()``); None: any.
    """
    path = directory / MODEL_FILE
    if not path.exists():
        return None
    try:
        model = pickle.loads(path.read_bytes())  # noqa: S301 - our own file under the data directory
        if not isinstance(model, DecisionModel):
            raise TypeError(type(model).__name__)
        model.check()
        import sklearn

        if model.meta.get("sklearn") != sklearn.__version__:
            raise ValueError(f"trained with scikit-learn {model.meta.get('sklearn')}")
        if fingerprint is not None and model.meta.get("fingerprint") != fingerprint:
            raise ValueError("trained from another gold set or code")
    except Exception as e:  # noqa: BLE001 - any unusable model is retrained, never half-used
        log.warning("decision model %s is not usable (%s); it will be retrained", path, e)
        return None
    return model


def read_meta(directory: Path) -> dict[str, Any]:
    try:
        return json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _prune(root: Path, keep: str) -> None:
    builds = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in builds[KEEP:]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
