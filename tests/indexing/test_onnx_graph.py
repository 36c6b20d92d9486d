"""The directly written BERT graph: the torch export's fused operators and outputs, without torch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from indexing.models import onnx_export
from indexing.models.onnx_graph import ALIGN, bert_config, write_bert_graph


def _session(graph: Path):  # -> onnxruntime.InferenceSession
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])


def _inputs(vocab: int) -> list[dict[str, np.ndarray]]:
    rng = np.random.default_rng(7)
    batches = []
    for rows, width in ((1, 9), (3, 17), (4, 5)):
        ids = rng.integers(4, vocab, (rows, width)).astype(np.int64)
        mask = np.ones_like(ids)
        mask[-1, width // 2 :] = 0  # a padded row
        batches.append({"input_ids": ids, "attention_mask": mask})
    return batches


def test_written_graph_equals_the_torch_export(tiny_model_dir: Path, tmp_path: Path) -> None:
    import onnx
    import torch
    from transformers import BertModel

    written, exported = tmp_path / "written" / "model.onnx", tmp_path / "exported" / "model.onnx"
    written.parent.mkdir()
    assert write_bert_graph(tiny_model_dir, written)
    onnx_export._export_with_torch(tiny_model_dir, exported)  # noqa: SLF001
    ops = lambda path: sorted(n.op_type for n in onnx.load(str(path), load_external_data=False).graph.node)  # noqa: E731
    fused = {"EmbedLayerNormalization", "Attention", "SkipLayerNormalization", "BiasGelu", "MatMul"}
    assert fused <= set(ops(written)) and fused <= set(ops(exported))
    assert [o for o in ops(written) if o in fused] == [o for o in ops(exported) if o in fused]
    model = BertModel.from_pretrained(str(tiny_model_dir), attn_implementation="eager").eval()
    for batch in _inputs(model.config.vocab_size):
        ours = _session(written).run(None, batch)[0]
        theirs = _session(exported).run(None, batch)[0]
        with torch.inference_mode():
            reference = model(
                input_ids=torch.from_numpy(batch["input_ids"]),
                attention_mask=torch.from_numpy(batch["attention_mask"]),
            ).last_hidden_state.numpy()
        assert np.abs(ours - theirs).max() < 1e-5
        valid = batch["attention_mask"].astype(bool)
        assert np.abs(ours - reference)[valid].max() < 1e-4  # padded positions are masked out by pooling


def test_written_graph_keeps_large_weights_aligned_beside_it(tiny_model_dir: Path, tmp_path: Path) -> None:
    import onnx

    graph = tmp_path / "model.onnx"
    assert write_bert_graph(tiny_model_dir, graph)
    model = onnx.load(str(graph), load_external_data=False)
    external = [t for t in model.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    assert external and all(
        int({e.key: e.value for e in t.external_data}["offset"]) % ALIGN == 0 for t in external
    )
    data = graph.with_name("model.onnx.data")
    last = max(external, key=lambda t: int({e.key: e.value for e in t.external_data}["offset"]))
    info = {e.key: e.value for e in last.external_data}
    assert data.stat().st_size == int(info["offset"]) + int(info["length"])


@pytest.mark.parametrize(
    "change",
    [{"model_type": "roberta"}, {"position_embedding_type": "relative_key"}, {"hidden_act": "relu"}],
)
def test_other_models_go_through_the_torch_export(tiny_model_dir: Path, tmp_path: Path, change: dict) -> None:
    model = tmp_path / "model"
    shutil.copytree(tiny_model_dir, model)
    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    (model / "config.json").write_text(json.dumps({**config, **change}), encoding="utf-8")
    assert bert_config(model) is None
    assert not write_bert_graph(model, tmp_path / "model.onnx") and not (tmp_path / "model.onnx").exists()


def test_export_of_a_bert_does_not_import_torch(tiny_model_dir: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    model = tmp_path / "model"
    shutil.copytree(tiny_model_dir, model)
    probe = (
        "import sys; from pathlib import Path; from indexing.models.onnx_export import ensure_onnx_model; "
        f"ensure_onnx_model(Path({str(model)!r})); print('torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "False"
