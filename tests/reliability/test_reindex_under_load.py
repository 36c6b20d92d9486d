"""``index`` and ``index --rebuild`` (and a SIGKILLed rebuild) while 16 clients query a running service.

Embedded mode: the service keeps the build it opened (local mode locks the directory) and answers from
it while builds come and go; ``POST /v1/admin/reload`` then switches it to the active build atomically.
Every response names its build (``X-Index-Build``); a text changed in the corpus shows up only in
answers of the new build, never in the old one: no response mixes old and new chunks.
"""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from benchmarks.load import run_load
from tests.reliability.conftest import REPO, cli, service_env
from tests.shipped import corpus_without_catalogue

pytestmark = [pytest.mark.slow, pytest.mark.load]
MARKER = "Zuverlässigkeitsprobe"
OLD = "(1) Dieses Gesetz gilt für die öffentlich-rechtliche Verwaltungstätigkeit der Stellen der Landesverwaltung."
ADMIN = {"X-API-Key": "admin-key"}


def active_build(settings) -> str:  # noqa: ANN001
    return json.loads((settings.index_dir / "CURRENT.json").read_text(encoding="utf-8"))["build_id"]


def marker_hits(base: str) -> tuple[str, bool]:
    """(build that answered, whether any hit carries the changed text) for a search aimed at the change."""
    response = httpx.get(base + "/v1/search", params={"q": f"{MARKER} Geltungsbereich", "k": 50}, timeout=60)
    assert response.status_code == 200, response.text
    return response.headers["x-index-build"], any(MARKER in hit["text"] for hit in response.json()["hits"])


def test_reindex_under_load_no_failures_no_mixed_builds(served, tmp_path: Path) -> None:
    corpus = corpus_without_catalogue(tmp_path / "corpus")  # the corpus of the tiny index it serves
    extra = {
        "LSA_CORPUS_DIR": str(corpus),
        "LSA_RATE_LIMIT_PER_MINUTE": "100000",
        "LSA_API_KEYS": "admin-key",
    }
    with served("reindex", **extra) as (base, pid, _, settings):
        old_build = active_build(settings)
        law = corpus / "egovg-lsa" / "egovg-lsa.md"
        text = law.read_text(encoding="utf-8")
        assert OLD in text
        law.write_text(text.replace(OLD, OLD[:-1] + f" ({MARKER})."), encoding="utf-8")
        env = service_env(settings, **extra)
        stop = threading.Event()
        results: dict[str, dict] = {}
        load = threading.Thread(
            target=lambda: results.update(load=run_load(base, clients=16, seconds=900, stop=stop, pid=pid))
        )
        load.start()
        try:
            time.sleep(2)
            update = subprocess.run(
                cli("index", "--quiet", "--json"), cwd=REPO, env=env, capture_output=True, timeout=600
            )
            assert update.returncode == 0, update.stderr[-2000:]
            summary = json.loads(update.stdout)
            assert summary["switched"] and summary["changed"] >= 1, summary
            rebuild = subprocess.run(
                cli("index", "--rebuild", "--quiet", "--json"),
                cwd=REPO,
                env=env,
                capture_output=True,
                timeout=600,
            )
            assert rebuild.returncode == 0, rebuild.stderr[-2000:]
            new_build = json.loads(rebuild.stdout)["build_id"]
            assert active_build(settings) == new_build
            killed = subprocess.Popen(cli("index", "--rebuild", "--quiet"), cwd=REPO, env=env)
            time.sleep(3)
            killed.send_signal(signal.SIGKILL)
            assert killed.wait(timeout=30) == -signal.SIGKILL
            assert active_build(settings) == new_build  # the killed build never became active
            assert marker_hits(base) == (old_build, False)  # still the old build, all of it
            reload = httpx.post(base + "/v1/admin/reload", headers=ADMIN, timeout=300)
            assert reload.status_code == 200, reload.text
            assert reload.json()["build_id"] == new_build and reload.json()["previous_build_id"] == old_build
            assert marker_hits(base) == (new_build, True)
            time.sleep(3)
        finally:
            stop.set()
            load.join(timeout=120)
    result = results["load"]
    print(f"\nreindex under load: { {k: v for k, v in result.items() if k != 'records'} }")
    assert result["errors"] == 0, result["statuses"]
    assert set(result["builds"]) == {old_build, new_build}, result["builds"]
