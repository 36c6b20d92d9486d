"""Server back-end: a Qdrant server or cluster by URL; builds are collections behind one alias."""

from __future__ import annotations

from typing import Any

from indexing.store.base import ClientFactory, IndexInfo, StoreBackend, make_document_store
from lsa_assistant.errors import IndexMissingError, StoreUnavailableError
from lsa_assistant.settings import Settings


class ServerBackend(StoreBackend):
    def __init__(self, settings: Settings, client_factory: ClientFactory | None = None) -> None:
        self.settings = settings
        self.alias = settings.qdrant_collection
        self._factory = client_factory or self._default_factory
        self._client_obj: Any = None

    def _default_factory(self) -> Any:
        from qdrant_client import QdrantClient

        return QdrantClient(
            url=self.settings.qdrant_url,
            api_key=self.settings.qdrant_api_key or None,
            timeout=int(self.settings.qdrant_timeout_s),
        )

    @property
    def client(self) -> Any:
        if self._client_obj is None:
            try:
                self._client_obj = self._factory()
            except Exception as e:  # noqa: BLE001 - any connection problem is "unavailable"
                raise StoreUnavailableError(
                    f"cannot reach Qdrant at {self.settings.qdrant_url!r}: {e}"
                ) from e
        return self._client_obj

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (ConnectionError, TimeoutError, OSError) as e:
            raise StoreUnavailableError(f"Qdrant at {self.settings.qdrant_url!r} unavailable: {e}") from e
        except Exception as e:
            if type(e).__name__ in {
                "ResponseHandlingException",
                "ConnectError",
                "ConnectTimeout",
                "ReadTimeout",
            }:
                raise StoreUnavailableError(f"Qdrant at {self.settings.qdrant_url!r} unavailable: {e}") from e
            raise

    def collection_for(self, build_id: str) -> str:
        return f"{self.alias}__{build_id}"

    def active_collection(self) -> str | None:
        aliases = self._call(self.client.get_aliases).aliases
        for alias in aliases:
            if alias.alias_name == self.alias:
                return str(alias.collection_name)
        return None

    def active_info(self) -> IndexInfo | None:
        collection = self.active_collection()
        if collection is None:
            return None
        metadata = self._call(self.client.get_collection, collection).config.metadata
        return IndexInfo.from_metadata(collection, metadata)

    def open_active(self, dimension_hint: int | None = None) -> tuple[Any, IndexInfo]:
        info = self.active_info()
        if info is None:
            raise IndexMissingError(
                f"Qdrant at {self.settings.qdrant_url!r} has no alias {self.alias!r}; run 'lsa-assistant index'"
            )
        store = make_document_store(
            self.client, info.collection, info.dimension, create=False, settings=self.settings
        )
        return store, info

    def begin_build(self, info: IndexInfo, *, incremental: bool, progress: bool = False) -> Any:
        current = self.active_collection() if incremental else None
        if current is not None:
            info.collection = current
            return make_document_store(
                self.client, current, info.dimension, create=False, settings=self.settings, progress=progress
            )
        info.collection = self.collection_for(info.build_id)
        return self._call(
            make_document_store,
            self.client,
            info.collection,
            info.dimension,
            create=True,
            settings=self.settings,
            metadata=info.to_metadata(),
            progress=progress,
        )

    def update_metadata(self, info: IndexInfo) -> None:
        self._call(self.client.update_collection, info.collection, metadata=info.to_metadata())

    def commit_build(self, info: IndexInfo) -> None:
        from qdrant_client import models

        self.update_metadata(info)
        previous = self.active_collection()
        if previous == info.collection:
            return
        operations: list[Any] = []
        if previous is not None:
            operations.append(
                models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=self.alias))
            )
        operations.append(
            models.CreateAliasOperation(
                create_alias=models.CreateAlias(collection_name=info.collection, alias_name=self.alias)
            )
        )
        # one call: readers see the old collection or the new one, never none
        self._call(self.client.update_collection_aliases, change_aliases_operations=operations)
        if previous is not None:
            self._call(self.client.delete_collection, previous)

    def abort_build(self, info: IndexInfo) -> None:
        if info.collection and info.collection != self.active_collection():
            self._call(self.client.delete_collection, info.collection)

    def close(self) -> None:
        if self._client_obj is not None:
            self._client_obj.close()
            self._client_obj = None
