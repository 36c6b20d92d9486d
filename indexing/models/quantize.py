"""The int8 variant of an embedding model: ONNX Runtime's dynamic quantization of the fused fp32 export.

Why: on two cores the dense passage embedding is ~90 % of an index build and the query embedding most of a
search. int8 weights with per-call uint8 activations let ONNX Runtime use integer dot products (AVX-512 VNNI /
AVX-VNNI here), about twice as fast as fp32 for passages and questions alike, at a measured cost to dense
retrieval on the gold set within the issue's 0.01 bound (``docs/benchmarks.md``, ``benchmarks/dense_quality.py``).

The recipe (:data:`INT8_RECIPE`): symmetric per-channel int8 weights of every ``MatMul`` and of the fused
``Attention`` projections (becoming ``QAttention``); activations quantized per call; the embedding table,
LayerNorms, softmax and GELU stay fp32. Per-tensor weights were measurably worse (cosine to fp32 0.985 instead of
0.996). On CPUs without VNNI ONNX Runtime's u8s8 kernels may saturate; vectors of an index and its questions still
come from the same kernels when both are computed on one machine.

The variant is a model directory of its own (graph, its weights, the tokenizer and the pooling configuration,
a checksummed manifest) inside the fp32 export's directory, with its own model id (``<fp32 id>+onnx-int8-v1``):
the index records which variant built it, so a service configured for the other precision refuses that index
(``IndexMismatchError``) and ``lsa-assistant index`` rebuilds it. torch cannot load it.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from indexing.models.manifest import (
    MANIFEST,
    ModelSpec,
    discard_directory,
    publish_model_dir,
    spec_from_manifest,
)
from lsa_assistant.errors import ModelError

log = logging.getLogger(__name__)

Precision = Literal["fp32", "int8"]
#: Bump when the quantization changes: vectors change, so the model id (and every index built with it) does.
INT8_RECIPE = 1
VARIANT_DIR = f"int8-v{INT8_RECIPE}"
#: What the ONNX encoder reads besides the graph (tokenizer, truncation, prompts, pooling).
_COPIED = (
    "tokenizer.json",
    "tokenizer_config.json",
    "sentence_bert_config.json",
    "config.json",
    "config_sentence_transformers.json",
    "modules.json",
    "1_Pooling/config.json",
)


def int8_model_id(base_model_id: str) -> str:
    return f"{base_model_id}+onnx-int8-v{INT8_RECIPE}"


def apply_precision(spec: ModelSpec, precision: str, *, verify: bool = True) -> ModelSpec:
    """``spec`` in ``precision``: itself for fp32, its int8 variant (made once) for int8.

    :raises ModelError: an int8 directory asked for in fp32 (its fp32 weights are not in it), or the variant
        cannot be made.
    """
    if spec.precision == precision:
        return spec
    if precision != "int8" or spec.precision != "fp32":
        raise ModelError(
            f"{spec.path} holds the {spec.precision} variant of {spec.model_id}; point LSA_EMBEDDING_MODEL at the "
            f"fp32 model or set LSA_EMBEDDING_PRECISION={spec.precision}",
            path=str(spec.path),
        )
    return ensure_int8_model(spec, verify=verify)


def ensure_int8_model(spec: ModelSpec, *, verify: bool = True) -> ModelSpec:
    """The int8 variant of the fp32 model ``spec``: verified when present, else quantized now (~5–15 s, once).

    Exports the fp32 graph first when it is missing (``indexing.models.onnx_export``; needs torch once).
    """
    from indexing.models.onnx_export import ONNX_FILE, ensure_onnx_model, is_onnx_directory, onnx_file_for

    # where the fp32 graph lives or will live: a valid variant beside it needs nothing of it (nor the onnx import)
    planned = spec.path / ONNX_FILE if is_onnx_directory(spec.path) else onnx_file_for(spec.path)
    target = planned.parent / VARIANT_DIR
    expected_id = int8_model_id(spec.model_id)
    if (target / MANIFEST).is_file():
        try:
            variant = spec_from_manifest(target, verify=verify)
            if variant.model_id == expected_id:
                return variant
            log.warning("%s was made from another model (%s); quantizing again", target, variant.model_id)
        except ModelError as e:
            log.warning("int8 model in %s is invalid (%s); quantizing again", target, e.detail)
        discard_directory(target)
    elif target.exists():
        discard_directory(target)
    fp32_graph = ensure_onnx_model(spec.path)
    _quantize_into(target, spec, fp32_graph, expected_id)
    return spec_from_manifest(target, verify=True)


def _quantize_into(target: Path, spec: ModelSpec, fp32_graph: Path, model_id: str) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=target.parent))
    try:
        started = time.perf_counter()
        with (
            _quiet_root_logger()
        ):  # the quantizer advises "pre-processing" on the root logger: not for this graph
            quantize_dynamic(
                str(fp32_graph),
                str(tmp / "model.onnx"),
                op_types_to_quantize=["MatMul", "Attention"],
                per_channel=True,
                weight_type=QuantType.QInt8,
                use_external_data_format=True,
                # the fused contrib ops have no ONNX shape inference; their outputs are float
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
        for name in _COPIED:
            if (spec.path / name).is_file():
                (tmp / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(spec.path / name, tmp / name)
        manifest = {
            "model_id": model_id,
            "dimension": spec.dimension,
            "prompts": spec.prompts,
            "variant": {
                "precision": "int8",
                "recipe": INT8_RECIPE,
                "base_model_id": spec.model_id,
                "method": "onnxruntime quantize_dynamic: per-channel QInt8 weights of MatMul and Attention",
            },
            "weights": {"file": "model.onnx.data", "dtype": "int8"},
        }
        if publish_model_dir(tmp, target, manifest):
            log.info("quantized %s to int8 in %.1f s", spec.model_id, time.perf_counter() - started)
    except OSError as e:
        raise ModelError(f"cannot write the int8 model into {target}: {e}", path=str(target)) from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def _quiet_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)
