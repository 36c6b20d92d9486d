"""Fixtures for the reliability suite: one warmed app per module, and a real ``serve`` subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from benchmarks.engines_http import stop
from benchmarks.http_latency import free_port

REPO = Path(__file__).resolve().parents[2]


class SharedLifespan:
    """Passes requests to ``app`` but answers lifespan events itself.

    schemathesis enters a fresh ``TestClient`` per call, which would run the app's lifespan (load corpora,
    open and close the index) every time; the fixture runs the real lifespan once instead.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await self.app(scope, receive, send)


def service_env(settings: object, **extra: str) -> dict[str, str]:
    """The environment for a ``serve`` or ``index`` subprocess on ``settings``' data directory and model."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LSA_")}
    env.update(
        LSA_DATA_DIR=str(settings.data_dir),  # type: ignore[attr-defined]
        LSA_EMBEDDING_MODEL=str(settings.embedding_model),  # type: ignore[attr-defined]
        LSA_CORPUS_DIR=str(settings.corpus_dir),  # type: ignore[attr-defined]
        LSA_DECISION_TRAINING_LIMIT=str(settings.decision_training_limit),  # type: ignore[attr-defined]
        LSA_DECISION_SEED=str(settings.decision_seed),  # type: ignore[attr-defined]
        LSA_DECISION_BLIND_TRAINING=str(settings.decision_blind_training).lower(),  # type: ignore[attr-defined]
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        HAYSTACK_TELEMETRY_ENABLED="False",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from cli.main import main; sys.exit(main())", *args]


@contextmanager
def running_service(env: dict[str, str], log_path: Path, timeout: float = 120) -> Iterator[tuple[str, int]]:
    """``lsa-assistant serve`` on a free 127.0.0.1 port; yields (base URL, pid); its log goes to ``log_path``."""
    port = free_port()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cli("serve", "--host", "127.0.0.1", "--port", str(port)),
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"serve exited: {log_path.read_text(errors='replace')[-2000:]}")
                try:
                    if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"serve not ready: {log_path.read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
            yield base, proc.pid
        finally:
            stop(proc)


@pytest.fixture
def served(tiny_index, tmp_path: Path):  # noqa: ANN201 - a factory
    """``served(name, **env) -> context manager`` yielding (base URL, pid, log path, settings)."""

    @contextmanager
    def factory(name: str, **extra: str) -> Iterator[tuple[str, int, Path, object]]:
        settings = tiny_index(name)
        log_path = tmp_path / f"{name}.log"
        with running_service(service_env(settings, **extra), log_path) as (base, pid):
            yield base, pid, log_path, settings

    return factory
