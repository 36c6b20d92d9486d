"""Start-up caches: what the service derives from the corpora, pickled under the data directory.

Loading and chunking the corpora (~3 s) and building the analyser's phrase lexicons (~1–5 s with the LeiKa
catalogue) gave the same result at every start. Both are now read from ``<data_dir>/cache/`` when the cache was
derived from exactly the files in use: its key (:func:`source_fingerprint`) covers the bytes of every corpus
file, the source of the packages that read, chunk and analyse them, and the versions of the libraries they use.
Anything else — a missing, stale, truncated or unreadable file — is logged and rebuilt from the corpora, and
the cache is written anew, so the service never serves knowledge other than a fresh load would give.

The files are pickles: the data directory is trusted as much as the index in it (only this program writes it).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from lsa_assistant.files import atomic_open

log = logging.getLogger(__name__)

#: Bump when the layout of a cached object changes in a way the source fingerprint would not notice.
CACHE_FORMAT = 1
_ROOT = Path(__file__).resolve().parent.parent
#: Packages whose code decides what is cached: loaders, chunker and German NLP, knowledge base and analysis.
CODE_PACKAGES = ("corpora", "indexing", "assistant")
#: Libraries whose behaviour shapes the cached objects (parsing, documents, lemmas, compound splits, lexicons).
LIBRARIES = ("haystack-ai", "pydantic", "PyYAML", "lxml", "spacy", "simplemma", "compound-split", "rapidfuzz")


def source_fingerprint(corpus_dir: Path) -> str:
    """A digest of everything a cached knowledge base and its lexicons are derived from.

    Reads about 2.5 MB (corpus files and source code): a few milliseconds.

    :param corpus_dir: the corpus directory in use (every file below it counts, manifests included).
    """
    digest = hashlib.sha256(f"format={CACHE_FORMAT}\npython={sys.version}\n".encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\n".encode())
    for label, base, pattern in [
        *((f"code:{package}", _ROOT / package, "*.py") for package in CODE_PACKAGES),
        ("corpus", corpus_dir, "*"),
    ]:
        for path in sorted(p for p in base.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{label}/{path.relative_to(base).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def read_cache(path: Path, key: str) -> Any | None:
    """The object cached under ``key`` in ``path``, or None (missing, stale or unreadable: the caller rebuilds).

    The file holds two pickles: ``(CACHE_FORMAT, key)``, then the object, so a stale file is recognised without
    unpickling its content.
    """
    try:
        with path.open("rb") as f:
            header = pickle.load(f)
            if header != (CACHE_FORMAT, key):
                log.info("start-up cache %s is stale (other corpora or code); rebuilding it", path.name)
                return None
            return pickle.load(f)
    except FileNotFoundError:
        log.info("no start-up cache %s yet; building it", path.name)
    except Exception as e:  # noqa: BLE001 - truncated, corrupt or from incompatible code: rebuild, never fail
        log.warning("start-up cache %s is unreadable (%s: %s); rebuilding it", path, type(e).__name__, e)
    return None


def write_cache(path: Path, key: str, value: Any) -> None:
    """Write ``value`` under ``key`` atomically (temporary file + rename); a failure is logged, not raised.

    A read-only data directory only costs the next start the rebuild.
    """
    try:
        with atomic_open(path) as f:
            pickle.dump((CACHE_FORMAT, key), f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as e:
        log.warning("could not write start-up cache %s (%s: %s)", path, type(e).__name__, e)
