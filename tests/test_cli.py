"""The command line: fast help, honest 'not built yet', errors as messages with exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import build_parser, main

HEAVY = ("torch", "sentence_transformers", "haystack", "spacy", "onnxruntime", "qdrant_client", "sklearn")


def test_cli_help_lists_commands_and_is_fast() -> None:
    """--help stays fast because the CLI module imports no heavy library (a module check, not a wall-clock
    one: the time depends on the machine's load)."""
    out = subprocess.run([sys.executable, "-m", "cli", "--help"], capture_output=True, text=True, check=True)
    for command in ("index", "serve", "ask", "search", "eval", "validate"):
        assert command in out.stdout
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, cli.main; cli.main.build_parser(); print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]


def test_cli_turns_haystack_telemetry_off_before_haystack_is_imported() -> None:
    """haystack reads HAYSTACK_TELEMETRY_ENABLED once, at import: set later, it would phone home all the same."""
    code = (
        "import os, sys\n"
        "os.environ.pop('HAYSTACK_TELEMETRY_ENABLED', None)\n"
        "from cli.main import main\n"
        "try:\n"
        "    main(['index', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "import haystack.telemetry._telemetry as telemetry\n"
        "print(telemetry.telemetry is None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[-1] == "True"


@pytest.mark.parametrize("argv", [["search", "x", "--k", "0"], ["search", "x", "--k", "51"], ["nope"]])
def test_cli_rejects_bad_arguments(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(argv)
    assert exc.value.code == 2


def test_cli_search_without_index_reports_error(make_settings, monkeypatch, capsys) -> None:
    settings = make_settings()
    monkeypatch.setenv("LSA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LSA_EMBEDDING_MODEL", settings.embedding_model)
    assert main(["search", "Wohnsitz"]) == 1
    err = capsys.readouterr().err
    assert "[E301]" in err and "lsa-assistant index" in err


@pytest.mark.slow
def test_cli_index_on_broken_corpus_fails_cleanly_and_keeps_nothing(
    make_settings, monkeypatch, capsys, tmp_path
) -> None:
    import shutil

    from lsa_assistant.settings import default_corpus_dir

    corpus = tmp_path / "corpus"
    shutil.copytree(default_corpus_dir(), corpus)
    broken = corpus / "fim" / "leistungen-a.xml"
    broken.write_text(broken.read_text(encoding="utf-8")[:5000], encoding="utf-8")  # truncated XML
    settings = make_settings()
    monkeypatch.setenv("LSA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LSA_EMBEDDING_MODEL", settings.embedding_model)
    monkeypatch.setenv("LSA_CORPUS_DIR", str(corpus))
    assert main(["index", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "[E100]" in err and "leistungen-a.xml" in err and "Traceback" not in err
    assert not (settings.data_dir / "index" / "CURRENT.json").exists()
    builds = settings.data_dir / "index" / "builds"
    assert not builds.exists() or not any(builds.iterdir())


@pytest.mark.parametrize(("returncode", "served"), [(0, True), (1, False)])
def test_serve_builds_a_missing_index_in_a_child_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, returncode: int, served: bool
) -> None:
    """The job needs torch and leaves its model memory behind: it runs as ``lsa-assistant index`` of its own."""
    import argparse
    import types

    import uvicorn

    import api.app
    import cli.main as cli
    import indexing.store

    jobs: list[list[str]] = []
    runs: list[object] = []
    backend = types.SimpleNamespace(active_info=lambda: None, close=lambda: None)
    monkeypatch.setenv("LSA_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(indexing.store, "open_backend", lambda settings: backend)
    monkeypatch.setattr(api.app, "create_app", lambda settings: "app")
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: runs.append(app))
    monkeypatch.setattr(
        cli.subprocess,
        "run",
        lambda argv, **kwargs: jobs.append(argv) or subprocess.CompletedProcess(argv, returncode),
    )
    expected = cli.EXIT_OK if served else cli.EXIT_ERROR
    assert cli.cmd_serve(argparse.Namespace(host="127.0.0.1", port=8123)) == expected
    assert jobs == [[sys.executable, "-m", "cli", "index"]]
    assert runs == (["app"] if served else [])


def test_torch_hidden_refuses_torch_inside_and_restores_it_after() -> None:
    code = (
        "import sys\n"
        "from lsa_assistant.imports import torch_hidden\n"
        "with torch_hidden():\n"
        "    try:\n"
        "        import torch\n"
        "    except ImportError:\n"
        "        print('hidden')\n"
        "print('torch' in sys.modules)\n"
        "import torch\n"
        "print(torch.tensor([1]).item())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["hidden", "False", "1"]


@pytest.mark.slow
def test_service_modules_import_without_torch() -> None:
    """What ``serve`` imports and warms runs on ONNX Runtime; torch (~2 s, ~180 MiB) must not creep back in."""
    code = (
        "import sys\n"
        "from lsa_assistant.imports import torch_hidden\n"
        "with torch_hidden():\n"
        "    import api.app, indexing.store, assistant.answering, assistant.analysis, assistant.retrieval\n"
        "    import indexing.components.query_embedder, indexing.components.sparse_embedder\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'sentence_transformers')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_index_prepares_answering_on_the_new_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """After indexing, the start-up caches and the decision model are derived at once (not on the first question)."""
    import types

    import assistant.answering
    import indexing.job

    prepared: list[object] = []
    summary = types.SimpleNamespace(render=lambda: "ok")
    monkeypatch.setenv("LSA_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(indexing.job, "run_index_job", lambda settings, **kwargs: summary)
    monkeypatch.setattr(
        assistant.answering, "prepare_answering", lambda settings, corpus=None: prepared.append(settings)
    )
    assert main(["index", "--quiet"]) == 0
    assert len(prepared) == 1
