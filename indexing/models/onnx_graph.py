"""The fused ONNX graph of a BERT encoder, written straight from its weights (no torch, no tracing).

Why: exporting through torch (``torch.onnx.export``, then ONNX Runtime's transformer optimiser to fuse each layer)
costs about half a minute on two cores, most of it importing torch and sentence-transformers, tracing and
pattern-matching a graph whose shape is known beforehand: a BERT layer is always attention, projection, residual
LayerNorm, feed-forward with GELU, residual LayerNorm. This module writes that graph directly with ONNX Runtime's
fused operators (``EmbedLayerNormalization``, ``Attention``, ``SkipLayerNormalization``, ``BiasGelu``), the same
operators and weights the optimiser produces, in a few seconds. A model it does not recognise (another
architecture, relative positions, an activation other than exact GELU) returns ``False`` and goes through the
torch export instead (``indexing.models.onnx_export``).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

#: ONNX opset of the graph (as the torch export) and the version of ONNX Runtime's contrib operators.
OPSET = 17
WEIGHTS_FILE = "model.safetensors"
#: Tensors at least this large go to ``<graph>.data`` (as ``onnx.save_model`` with external data does), each at an
#: offset aligned to :data:`ALIGN` so that ONNX Runtime can memory-map them.
SIZE_THRESHOLD = 1024
ALIGN = 4096


def bert_config(model_path: Path) -> dict[str, Any] | None:
    """The model's ``config.json`` when this module can write its graph, else ``None``."""
    file = model_path / "config.json"
    if not file.is_file() or not (model_path / WEIGHTS_FILE).is_file():
        return None
    config = json.loads(file.read_text(encoding="utf-8"))
    supported = (
        config.get("model_type") == "bert"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and config.get("hidden_act", "gelu") == "gelu"
        and int(config.get("hidden_size", 0)) % max(1, int(config.get("num_attention_heads", 1))) == 0
    )
    return config if supported else None


def write_bert_graph(model_path: Path, out: Path) -> bool:
    """Write the fused graph of the BERT in ``model_path`` to ``out`` (weights in ``<out>.data``).

    :returns: ``False`` (nothing written) when the model is not a BERT this module knows how to write.
    """
    config = bert_config(model_path)
    if config is None:
        return False
    weights = _load_weights(model_path / WEIGHTS_FILE)
    if weights is None:
        return False
    import onnx

    nodes, tensors = _layers(config, weights)
    initializers = _write_external_data(tensors, out.with_name(out.name + ".data"))
    onnx.save_model(_model(config, nodes, initializers), str(out))
    return True


def _write_external_data(tensors: list[tuple[str, np.ndarray]], data: Path) -> list[Any]:
    """Write the large tensors into ``data`` and return every tensor as an initializer (the large ones pointing
    into ``data``): the bytes are written once, not copied into protobuf messages first."""
    from onnx import TensorProto

    if sys.byteorder != "little":  # pragma: no cover - ONNX stores raw tensors little-endian
        raise OSError("writing ONNX weights needs a little-endian machine")
    initializers = []
    with data.open("wb") as file:
        for name, value in tensors:
            tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=list(value.shape))
            value = np.ascontiguousarray(value, dtype="<f4")
            if value.nbytes < SIZE_THRESHOLD:
                tensor.raw_data = value.tobytes()
            else:
                offset = -(-file.tell() // ALIGN) * ALIGN
                file.write(b"\0" * (offset - file.tell()))
                value.tofile(file)
                tensor.data_location = TensorProto.EXTERNAL
                for key, text in (("location", data.name), ("offset", offset), ("length", value.nbytes)):
                    entry = tensor.external_data.add()
                    entry.key, entry.value = key, str(text)
            initializers.append(tensor)
    return initializers


def _load_weights(file: Path) -> dict[str, np.ndarray] | None:
    """The tensors by their ``BertModel`` names (without a ``bert.`` / ``model.`` prefix), as float32."""
    from safetensors.numpy import load_file

    tensors = load_file(str(file))
    weights: dict[str, np.ndarray] = {}
    for name, value in tensors.items():
        for prefix in ("bert.", "model."):
            if name.startswith(prefix):
                name = name[len(prefix) :]
        weights[name] = np.ascontiguousarray(value, dtype=np.float32)
    if "embeddings.word_embeddings.weight" not in weights:
        log.info("%s holds no BERT embeddings; exporting through torch instead", file)
        return None
    return weights


def _layers(
    config: dict[str, Any], w: dict[str, np.ndarray]
) -> tuple[list[Any], list[tuple[str, np.ndarray]]]:
    """The nodes of the fused encoder and the weights they read (by initializer name)."""
    from onnx import TensorProto, helper

    heads = int(config["num_attention_heads"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    layers = int(config["num_hidden_layers"])
    tensors: list[tuple[str, np.ndarray]] = []

    def init(name: str, value: np.ndarray) -> str:
        tensors.append((name, value))
        return name

    def ms(op: str, inputs: list[str], outputs: list[str], name: str, **attrs: Any) -> Any:
        return helper.make_node(op, inputs, outputs, name=name, domain="com.microsoft", **attrs)

    nodes = [
        helper.make_node("Cast", ["input_ids"], ["input_ids_int32"], to=TensorProto.INT32, name="cast_ids"),
        helper.make_node("Cast", ["attention_mask"], ["mask_int32"], to=TensorProto.INT32, name="cast_mask"),
        helper.make_node("Shape", ["input_ids"], ["ids_shape"], name="ids_shape"),
        helper.make_node(
            "ConstantOfShape",
            ["ids_shape"],
            ["segment_ids"],
            value=helper.make_tensor("zero", TensorProto.INT32, [1], [0]),
            name="segment_ids",
        ),
        ms(
            "EmbedLayerNormalization",
            [
                "input_ids_int32",
                "segment_ids",
                init("word_embeddings", w["embeddings.word_embeddings.weight"]),
                init("position_embeddings", w["embeddings.position_embeddings.weight"]),
                init("token_type_embeddings", w["embeddings.token_type_embeddings.weight"]),
                init("embeddings_ln_weight", w["embeddings.LayerNorm.weight"]),
                init("embeddings_ln_bias", w["embeddings.LayerNorm.bias"]),
                "mask_int32",
            ],
            ["hidden_0", "mask_index"],
            "embeddings",
            epsilon=eps,
        ),
    ]
    hidden = "hidden_0"

    def matmul(x: str, weight: str, out: str) -> Any:
        """x @ W^T: torch keeps a Linear layer's weight as (out, in)."""
        return helper.make_node(
            "MatMul", [x, init(f"{out}_weight", w[weight + ".weight"].T)], [out], name=out
        )

    def skip_norm(x: str, skip: str, norm: str, bias: str, out: str, name: str) -> Any:
        """LayerNorm(x + bias + skip): the residual connection after a sublayer."""
        return ms(
            "SkipLayerNormalization",
            [
                x,
                skip,
                init(f"{name}_weight", w[norm + ".weight"]),
                init(f"{name}_bias", w[norm + ".bias"]),
                init(f"{x}_bias", w[bias + ".bias"]),
            ],
            [out],
            name,
            epsilon=eps,
        )

    for i in range(layers):
        p = f"encoder.layer.{i}."
        qkv = [p + f"attention.self.{part}" for part in ("query", "key", "value")]
        out = "last_hidden_state" if i == layers - 1 else f"hidden_{i + 1}"
        weight = np.concatenate([w[n + ".weight"].T for n in qkv], axis=1)  # (hidden, 3 * hidden): Q | K | V
        bias = np.concatenate([w[n + ".bias"] for n in qkv])
        nodes += [
            ms(
                "Attention",
                [hidden, init(f"l{i}_qkv_weight", weight), init(f"l{i}_qkv_bias", bias), "mask_index"],
                [f"l{i}_context"],
                f"l{i}_attention",
                num_heads=heads,
            ),
            matmul(f"l{i}_context", p + "attention.output.dense", f"l{i}_ao"),
            skip_norm(
                f"l{i}_ao",
                hidden,
                p + "attention.output.LayerNorm",
                p + "attention.output.dense",
                f"l{i}_attended",
                f"l{i}_aln",
            ),
            matmul(f"l{i}_attended", p + "intermediate.dense", f"l{i}_fi"),
            ms(
                "BiasGelu",
                [f"l{i}_fi", init(f"l{i}_fi_bias", w[p + "intermediate.dense.bias"])],
                [f"l{i}_act"],
                f"l{i}_gelu",
            ),
            matmul(f"l{i}_act", p + "output.dense", f"l{i}_fo"),
            skip_norm(
                f"l{i}_fo", f"l{i}_attended", p + "output.LayerNorm", p + "output.dense", out, f"l{i}_oln"
            ),
        ]
        hidden = out
    return nodes, tensors


def _model(config: dict[str, Any], nodes: list[Any], initializers: list[Any]) -> Any:
    from onnx import TensorProto, helper

    dims = ["batch", "sequence"]
    graph = helper.make_graph(
        nodes,
        "bert",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, dims),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, dims),
        ],
        [
            helper.make_tensor_value_info(
                "last_hidden_state", TensorProto.FLOAT, [*dims, int(config["hidden_size"])]
            )
        ],
        initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
        producer_name="lsa-assistant",
    )
    model.ir_version = 8
    return model
