"""The int8 variant: its own model id and directory, made once, verified, re-made when broken, ONNX only."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from indexing.models.manifest import MANIFEST, ModelSpec
from indexing.models.onnx_export import ensure_onnx_model, is_onnx_directory, onnx_file_for
from indexing.models.quantize import apply_precision, ensure_int8_model, int8_model_id
from indexing.models.resolve import load_directory_spec
from lsa_assistant.errors import ModelError


@pytest.fixture(scope="module")
def fp32_spec(tiny_model_dir: Path) -> ModelSpec:
    return load_directory_spec(tiny_model_dir)


@pytest.fixture(scope="module")
def int8_spec(fp32_spec: ModelSpec) -> ModelSpec:
    return ensure_int8_model(fp32_spec)


def test_quantize_variant_has_its_own_id_and_directory(fp32_spec: ModelSpec, int8_spec: ModelSpec) -> None:
    assert int8_spec.model_id == int8_model_id(fp32_spec.model_id) == fp32_spec.model_id + "+onnx-int8-v1"
    assert (int8_spec.precision, fp32_spec.precision) == ("int8", "fp32")
    assert (int8_spec.dimension, int8_spec.prompts) == (fp32_spec.dimension, fp32_spec.prompts)
    assert (
        int8_spec.path.parent == onnx_file_for(fp32_spec.path).parent
    )  # beside the fp32 export, not in the model
    assert is_onnx_directory(int8_spec.path) and not is_onnx_directory(fp32_spec.path)
    assert ensure_onnx_model(int8_spec.path) == int8_spec.path / "model.onnx"  # used as it is, never exported
    manifest = json.loads((int8_spec.path / MANIFEST).read_text())
    assert manifest["variant"]["base_model_id"] == fp32_spec.model_id
    ops = {node.op_type for node in _graph(int8_spec.path / "model.onnx").node}
    assert {"QAttention", "DynamicQuantizeLinear"} <= ops and "Attention" not in ops


def _graph(path: Path):  # -> onnx.GraphProto
    import onnx

    return onnx.load(str(path), load_external_data=False).graph


def test_quantize_fp32_export_is_fused(fp32_spec: ModelSpec) -> None:
    ops = {node.op_type for node in _graph(ensure_onnx_model(fp32_spec.path)).node}
    assert {"Attention", "SkipLayerNormalization", "EmbedLayerNormalization"} <= ops


def test_quantize_vectors_stay_close_to_fp32(fp32_spec: ModelSpec, int8_spec: ModelSpec) -> None:
    from indexing.models.onnx_query import OnnxQueryEncoder

    texts = ["query: Wohnsitz anmelden", "passage: Die Behörde ist zuständig für das Gesetz."]
    fp32 = OnnxQueryEncoder(fp32_spec.path).encode_batch(texts)
    int8 = OnnxQueryEncoder(int8_spec.path).encode_batch(texts)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    assert (fp32 * int8).sum(axis=1).min() > 0.95  # a random 1-layer model; the real one: docs/benchmarks.md


def test_quantize_is_made_once_and_remade_when_broken(fp32_spec: ModelSpec, int8_spec: ModelSpec) -> None:
    graph = int8_spec.path / "model.onnx"
    mtime = graph.stat().st_mtime_ns
    assert ensure_int8_model(fp32_spec) == int8_spec and graph.stat().st_mtime_ns == mtime
    (int8_spec.path / "tokenizer.json").write_text("{}")
    again = ensure_int8_model(fp32_spec)
    assert again.model_id == int8_spec.model_id and (again.path / "tokenizer.json").read_text() != "{}"


def test_quantize_apply_precision(fp32_spec: ModelSpec, int8_spec: ModelSpec) -> None:
    assert apply_precision(fp32_spec, "fp32") is fp32_spec
    assert apply_precision(fp32_spec, "int8").model_id == int8_spec.model_id
    assert apply_precision(int8_spec, "int8") == int8_spec
    with pytest.raises(ModelError, match="LSA_EMBEDDING_PRECISION=int8"):
        apply_precision(int8_spec, "fp32")  # its fp32 weights are not in it


def test_quantize_variant_is_onnx_only(int8_spec: ModelSpec) -> None:
    from indexing.components.query_embedder import FastQueryEmbedder

    with pytest.raises(ModelError, match="ONNX-only"):
        FastQueryEmbedder(model=str(int8_spec.path), backend="torch").warm_up()
    onnx = FastQueryEmbedder(model=str(int8_spec.path), cache_size=0)
    onnx.warm_up()
    assert onnx._onnx is not None  # noqa: SLF001
    options = onnx._onnx.session.get_session_options()  # noqa: SLF001
    assert options.intra_op_num_threads == 1  # one question, one thread (threads=0: automatic)
