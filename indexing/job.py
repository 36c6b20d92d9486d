"""The indexing job behind ``lsa-assistant index``: incremental by default, atomic rebuild on request."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from haystack.core.errors import PipelineRuntimeError

from indexing.store import IndexInfo, StoreBackend, new_build_id, open_backend
from lsa_assistant.errors import IndexMismatchError, LsaError
from lsa_assistant.settings import Settings

if TYPE_CHECKING:
    from corpora.corpus import Corpus

log = logging.getLogger(__name__)

#: Pipeline component names in the order they run, with the words the summary uses.
STAGES = {
    "loader": "Korpora laden",
    "chunker": "Chunking",
    "changes": "Änderungen erkennen",
    "sparse": "Sparse (BM25)",
    "dense": "Dense (e5)",
    "writer": "Schreiben",
    "remover": "Löschen",
}


@dataclass
class IndexSummary:
    """What one run did; printed by the CLI and recorded in the index metadata."""

    mode: str
    build_id: str
    model_id: str
    documents: int = 0
    documents_per_source: dict[str, int] = field(default_factory=dict)
    chunks: int = 0
    new: int = 0
    changed: int = 0
    deleted: int = 0
    unchanged: int = 0
    corpus_version: str = ""
    seconds_per_stage: dict[str, float] = field(default_factory=dict)
    seconds_total: float = 0.0
    switched: bool = False
    note: str = ""

    @property
    def embedded_per_second(self) -> float:
        seconds = self.seconds_per_stage.get("dense", 0.0) + self.seconds_per_stage.get("sparse", 0.0)
        return (self.new + self.changed) / seconds if seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["chunks_per_second"] = round(self.embedded_per_second, 2)
        return data

    def render(self) -> str:
        lines = [
            f"Index {self.mode}: build {self.build_id} ({'aktiviert' if self.switched else 'unverändert'})",
            f"  Modell:     {self.model_id}",
            f"  Dokumente:  {self.documents} ("
            + ", ".join(f"{k} {v}" for k, v in self.documents_per_source.items())
            + ")",
            f"  Chunks:     {self.chunks} — neu {self.new}, geändert {self.changed}, gelöscht {self.deleted}, "
            f"unverändert {self.unchanged}",
            f"  Korpus:     Version {self.corpus_version}",
            "  Zeiten:     "
            + ", ".join(f"{STAGES.get(k, k)} {v:.1f}s" for k, v in self.seconds_per_stage.items()),
            f"  Gesamt:     {self.seconds_total:.1f}s; {self.embedded_per_second:.1f} Chunks/s eingebettet",
        ]
        if self.note:
            lines.append(f"  Hinweis:    {self.note}")
        return "\n".join(lines)


def run_index_job(
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: bool = True,
    backend: StoreBackend | None = None,
    corpus: Corpus | None = None,
) -> IndexSummary:
    """Build or update the index; the active index is replaced only by a complete build.

    :param backend: an already opened store back-end (tests inject the server path on local mode).
    :param corpus: the corpus of ``settings.corpus_dir`` when the caller shares it (with the knowledge base).
    :raises LsaError: corpus, model or store problems (the active index stays as it was).
    """
    from indexing.models.resolve import resolve_embedding_model
    from indexing.pipeline import build_indexing_pipeline
    from indexing.timing import timed_stages

    started = time.perf_counter()
    say = _say if progress else _quiet
    say("Modell vorbereiten … (beim ersten Mal: umwandeln, nach ONNX exportieren, quantisieren; ~15 s)")
    spec = resolve_embedding_model(settings)
    say(
        f"Modell bereit nach {time.perf_counter() - started:.1f}s: {spec.model_id} ({_engine(settings, spec)})"
    )
    backend = backend or open_backend(settings)
    note = ""
    try:
        active: IndexInfo | None
        try:
            active = backend.active_info()
        except IndexMismatchError as e:
            if not rebuild:
                raise
            active, note = None, f"vorheriger Index unbrauchbar ({e.detail}); neu aufgebaut"
        if active is not None and not rebuild:
            try:
                active.check_compatible(spec.model_id, spec.dimension)
            except IndexMismatchError as e:
                rebuild, note = True, f"Modell/Schema geändert ({e.detail}); vollständiger Neuaufbau"
        incremental = active is not None and not rebuild
        info = IndexInfo(
            build_id=new_build_id(),
            collection=settings.qdrant_collection,
            model_id=spec.model_id,
            dimension=spec.dimension,
        )
        store = backend.begin_build(info, incremental=incremental, progress=progress)
        summary = IndexSummary(
            mode="inkrementell" if incremental else "Neuaufbau",
            build_id=info.build_id,
            model_id=spec.model_id,
            note=note,
        )
        try:
            pipe = build_indexing_pipeline(settings, store, str(spec.path), progress=progress, corpus=corpus)
            say(f"Index {summary.mode}: Korpora laden, zerlegen, einbetten …")
            with timed_stages(on_stage=lambda name, s: say(f"  {STAGES.get(name, name)}: {s:.1f}s")) as timer:
                try:
                    result = pipe.run({}, include_outputs_from={"loader", "changes"})
                except PipelineRuntimeError as e:
                    # Haystack wraps component errors; ours carry the code and message the user needs
                    if isinstance(e.__cause__, LsaError):
                        raise e.__cause__ from None
                    raise
            report = result["loader"]["report"]
            stats = result["changes"]["stats"]
            summary.documents = report["documents"]
            summary.documents_per_source = report["documents_per_source"]
            summary.corpus_version = report["corpus_version"]
            summary.chunks = stats["chunks"]
            summary.new, summary.changed = stats["new"], stats["changed"]
            summary.deleted, summary.unchanged = stats["deleted"], stats["unchanged"]
            summary.seconds_per_stage = {k: round(timer.seconds.get(k, 0.0), 3) for k in STAGES}
            nothing_changed = incremental and not (summary.new or summary.changed or summary.deleted)
            if nothing_changed and active is not None and active.corpus_version == summary.corpus_version:
                backend.abort_build(info)
                summary.build_id = active.build_id
            else:
                info.corpus_version = summary.corpus_version
                info.extra = {
                    "chunks": summary.chunks,
                    "indexed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "mode": summary.mode,
                    "changes": {"new": summary.new, "changed": summary.changed, "deleted": summary.deleted},
                    "seconds_per_stage": summary.seconds_per_stage,
                }
                backend.commit_build(info)
                summary.switched = True
        except BaseException:
            backend.abort_build(info)
            raise
    finally:
        backend.close()
    if summary.switched and settings.query_embedding_backend == "onnx":
        _export_query_model(spec.path)
    summary.seconds_total = round(time.perf_counter() - started, 2)
    log.info("index %s: %s", summary.mode, summary.to_dict())
    return summary


def _engine(settings: Settings, spec: Any) -> str:
    """How passages are embedded, in words for the progress output."""
    if settings.document_embedding_backend == "torch" and spec.precision == "fp32":
        return "fp32, torch"
    threads = settings.embedding_threads or "alle Kerne"
    return f"{spec.precision}, ONNX Runtime, Threads: {threads}"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _quiet(text: str) -> None:
    """No progress output (``--quiet``, tests)."""


def _export_query_model(model_path: Any) -> None:
    """Export the query encoder to ONNX now, so a service starting on this index does not pay for it."""
    from indexing.models.onnx_query import ensure_onnx_model, onnx_available

    if not onnx_available():
        return
    try:
        ensure_onnx_model(model_path)
    except Exception as e:  # noqa: BLE001 - the service falls back to torch; the index itself is fine
        log.warning("ONNX export of %s failed (%s); queries will use torch", model_path, e)


__all__ = ["IndexSummary", "LsaError", "run_index_job"]
