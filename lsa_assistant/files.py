"""Atomic file writes: the one write-then-rename rule every stage uses for files other processes read.

A reader (the service, a second worker, the next start) sees the old file or the new one, never a torn one: the
content goes to a temporary file next to the target (same file system, so the rename is atomic) and
``os.replace`` puts it in place. The temporary name carries the process id, so two writers never share one.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def temporary_path(path: Path) -> Path:
    """The temporary file a write to ``path`` goes through (``<name>.tmp<pid>`` beside it)."""
    return path.with_name(f"{path.name}.tmp{os.getpid()}")


@contextlib.contextmanager
def atomic_open(path: Path, *, text: bool = False, fsync: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file for writing that replaces ``path`` when the block ends without an error.

    :param text: open in UTF-8 text mode instead of binary.
    :param fsync: flush the data to disk before the rename (for pointers that must survive a power cut).
    :raises OSError: the directory cannot be written; the temporary file is removed and ``path`` is untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(path)
    try:
        with tmp.open("w" if text else "wb", **({"encoding": "utf-8"} if text else {})) as fh:
            yield fh
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes, *, fsync: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_open`)."""
    with atomic_open(path, fsync=fsync) as fh:
        fh.write(data)


def write_json_atomic(path: Path, data: dict[str, Any], *, fsync: bool = True) -> None:
    """Write ``data`` as indented UTF-8 JSON to ``path`` atomically, synced to disk by default."""
    with atomic_open(path, text=True, fsync=fsync) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
