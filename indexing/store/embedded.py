"""Embedded back-end: one qdrant-client local-mode directory per build, an atomic pointer to the active one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from indexing.store.base import IndexInfo, StoreBackend, make_document_store, read_json, remove_tree
from lsa_assistant.errors import IndexMissingError, StoreUnavailableError
from lsa_assistant.files import write_json_atomic
from lsa_assistant.settings import Settings

#: Builds kept besides the active one (a fallback for an operator; older ones are removed).
KEEP_PREVIOUS_BUILDS = 1


class EmbeddedBackend(StoreBackend):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root: Path = settings.index_dir
        self.collection = settings.qdrant_collection
        self._clients: dict[str, Any] = {}

    # -- paths ---------------------------------------------------------------------------------
    @property
    def pointer(self) -> Path:
        return self.root / "CURRENT.json"

    def build_dir(self, build_id: str) -> Path:
        return self.root / "builds" / build_id

    def _client(self, build_id: str) -> Any:
        if build_id not in self._clients:
            from qdrant_client import QdrantClient

            path = self.build_dir(build_id)
            try:
                self._clients[build_id] = QdrantClient(path=str(path))
            except (RuntimeError, OSError, ValueError) as e:
                raise StoreUnavailableError(f"cannot open embedded index at {path}: {e}") from e
        return self._clients[build_id]

    def _release(self, build_id: str) -> None:
        client = self._clients.pop(build_id, None)
        if client is not None:
            client.close()

    # -- reading -------------------------------------------------------------------------------
    def active_build_id(self) -> str | None:
        data = read_json(self.pointer)
        if not data:
            return None
        build_id = str(data.get("build_id", ""))
        if not build_id or not self.build_dir(build_id).is_dir():
            raise IndexMissingError(
                f"{self.pointer} names build {build_id!r}, but {self.build_dir(build_id)} does not exist; "
                "run 'lsa-assistant index --rebuild'"
            )
        return build_id

    def active_info(self) -> IndexInfo | None:
        """Read from the pointer file, not the build: a serving process holds the build's directory lock."""
        build_id = self.active_build_id()
        if build_id is None:
            return None
        pointer = read_json(self.pointer) or {}
        if "metadata" in pointer:
            return IndexInfo.from_metadata(self.collection, pointer["metadata"])
        return self._info_from_collection(build_id)

    def _info_from_collection(self, build_id: str) -> IndexInfo:
        client = self._client(build_id)
        if not client.collection_exists(self.collection):
            raise IndexMissingError(
                f"embedded index {self.build_dir(build_id)} has no collection {self.collection!r}; "
                "run 'lsa-assistant index --rebuild'"
            )
        metadata = client.get_collection(self.collection).config.metadata
        return IndexInfo.from_metadata(self.collection, metadata)

    def open_active(self, dimension_hint: int | None = None) -> tuple[Any, IndexInfo]:
        build_id = self.active_build_id()
        if build_id is None:
            raise IndexMissingError(f"no index at {self.root}; build it with 'lsa-assistant index'")
        # the collection's own metadata is the truth; the pointer copy only spares the indexer the lock
        info = self._info_from_collection(build_id)
        store = make_document_store(
            self._client(info.build_id), self.collection, info.dimension, create=False, settings=self.settings
        )
        return store, info

    # -- writing -------------------------------------------------------------------------------
    #: Lock files a build copy leaves behind (the copy must not inherit the running service's lock).
    LOCK_PATTERNS: tuple[str, ...] = (".lock",)

    def _prepare_build_dir(self, build_id: str, incremental: bool) -> bool:
        """Empty directory for ``build_id``; for an incremental run a copy of the active build (True when copied).

        Copy-on-write: the running service keeps the old directory (and its lock) untouched.
        """
        target = self.build_dir(build_id)
        remove_tree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        current = self.active_build_id() if incremental else None
        if current is None:
            return False
        shutil.copytree(self.build_dir(current), target, ignore=shutil.ignore_patterns(*self.LOCK_PATTERNS))
        return True

    def begin_build(self, info: IndexInfo, *, incremental: bool, progress: bool = False) -> Any:
        # an incremental build continues a copy of the active collection; a new one is created with its metadata
        continued = self._prepare_build_dir(info.build_id, incremental)
        return make_document_store(
            self._client(info.build_id),
            self.collection,
            info.dimension,
            create=not continued,
            settings=self.settings,
            metadata=None if continued else info.to_metadata(),
            progress=progress,
        )

    def update_metadata(self, info: IndexInfo) -> None:
        self._client(info.build_id).update_collection(self.collection, metadata=info.to_metadata())

    def commit_build(self, info: IndexInfo) -> None:
        self.update_metadata(info)
        self._release(info.build_id)
        previous = self.active_build_id()
        write_json_atomic(
            self.pointer,
            {"build_id": info.build_id, "collection": self.collection, "metadata": info.to_metadata()},
        )
        self._collect_garbage(keep={info.build_id, previous} if previous else {info.build_id})

    def abort_build(self, info: IndexInfo) -> None:
        self._release(info.build_id)
        remove_tree(self.build_dir(info.build_id))

    def _collect_garbage(self, keep: set[str | None]) -> None:
        builds = sorted(p for p in (self.root / "builds").iterdir() if p.is_dir())
        for path in builds:
            if path.name not in keep:
                remove_tree(path)

    def close(self) -> None:
        for build_id in list(self._clients):
            self._release(build_id)
