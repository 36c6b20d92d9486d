"""The arithmetic floor of the e5 encoder: FLOPs per token and this machine's rates for large matrix products.

A floor is what the matrix products alone would take at the rate the machine reaches on large, well-shaped ones;
real passes stay above it (small matrices, attention, LayerNorms, memory traffic). Benchmarks report the ratio.
"""

from __future__ import annotations

import time


def matmul_gflops(seconds: float = 3.0, threads: int = 0) -> float:
    """Sustained fp32 matmul rate with torch (the ceiling for an fp32 BERT forward pass); ``threads`` 0: torch's
    default (all cores)."""
    import torch

    before = torch.get_num_threads()
    if threads:
        torch.set_num_threads(threads)
    try:
        a, b = torch.randn(384, 1536), torch.randn(1536, 384)
        x = torch.randn(2048, 384)
        flops, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            x @ a @ b
            flops += 2 * 2048 * 384 * 1536 * 2
        return flops / (time.perf_counter() - started) / 1e9
    finally:
        torch.set_num_threads(before)


def int8_gops(seconds: float = 3.0, threads: int = 0) -> float:
    """Sustained rate of ONNX Runtime's int8 ``DynamicQuantizeMatMul`` (the int8 variant's projections and
    feed-forward) on the feed-forward's shapes, activations quantized per call as in the model."""
    import numpy as np
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    rows, inner, outer = 2048, 384, 1536
    weights = rng.integers(-127, 128, (inner, outer)).astype(np.int8)
    graph = helper.make_graph(
        [helper.make_node("DynamicQuantizeMatMul", ["a", "w", "s"], ["y"], domain="com.microsoft")],
        "int8-rate",
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, [None, inner])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, outer])],
        [
            numpy_helper.from_array(weights, "w"),
            numpy_helper.from_array(np.full(outer, 0.01, np.float32), "s"),
        ],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    )
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    a = rng.standard_normal((rows, inner)).astype(np.float32)
    session.run(None, {"a": a})
    ops, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        session.run(None, {"a": a})
        ops += 2 * rows * inner * outer
    return ops / (time.perf_counter() - started) / 1e9


def flops_per_token(
    layers: int = 12, hidden: int = 384, ffn: int = 1536, tokens: int = 128, split: bool = False
) -> float | tuple[float, float]:
    """Forward FLOPs per token of a BERT encoder: projections and feed-forward (``linear``), and the attention
    scores and weighted sums over ``tokens`` positions (``attention``).

    :returns: their sum, or ``(linear, attention)`` with ``split``.
    """
    linear = layers * 2 * (4 * hidden * hidden + 2 * hidden * ffn)
    attention = layers * 2 * 2 * tokens * hidden
    return (float(linear), float(attention)) if split else float(linear + attention)
