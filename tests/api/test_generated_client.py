"""A portal developer's view: generate a Python client from /openapi.json and call the running service with it.

openapi-python-client (test extra) generates into a temporary folder, offline; the client then calls search, chat,
resolveResponsibility and gets a 422 as a parsed ``Problem`` with its ``candidates``.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serving import serve_in_thread

pytestmark = pytest.mark.slow


def _generate(spec: dict, folder: Path) -> str:
    pytest.importorskip("openapi_python_client")
    (folder / "openapi.json").write_text(json.dumps(spec), encoding="utf-8")
    (folder / "config.yaml").write_text("post_hooks: []\n", encoding="utf-8")  # no formatter needed
    result = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(folder / "openapi.json"),
         "--output-path", str(folder / "lsa_client"), "--meta", "none", "--config", str(folder / "config.yaml")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_generated_client_calls_search_chat_and_routing(tiny_index, tmp_path: Path) -> None:
    from api.app import create_app

    settings = tiny_index("client", rate_limit_per_minute=10_000)
    app = create_app(settings)
    with serve_in_thread(app) as base:
        spec = app.openapi()
        output = _generate(spec, tmp_path)
        assert "WARNING" not in output and "Cannot parse" not in output, output  # nothing dropped
        sys.path.insert(0, str(tmp_path))
        try:
            client_module = importlib.import_module("lsa_client")
            api = importlib.import_module("lsa_client.api")
            models = importlib.import_module("lsa_client.models")
            search = importlib.import_module("lsa_client.api.search.search")
            chat = importlib.import_module("lsa_client.api.chat.chat")
            routing = importlib.import_module("lsa_client.api.responsibility.resolve_responsibility")
            assert api is not None
            client = client_module.Client(base_url=base, raise_on_unexpected_status=True, timeout=60)

            hits = search.sync(client=client, q="Wohnsitz anmelden", k=5)
            assert isinstance(hits, models.SearchResponse) and hits.hits

            question = models.Message(
                role=models.MessageRole.USER, content="Wo melde ich meinen Wohnsitz an?"
            )
            answer = chat.sync(client=client, body=models.ChatRequest(messages=[question]))
            assert isinstance(answer, models.Answer) and answer.answer

            routed = routing.sync(client=client, service="99036020001000", place="Wernigerode")
            assert isinstance(routed, models.ResponsibilityResponse)
            assert routed.authorities[0].name == "Zulassungsbehörde des Landkreises Harz"
            assert routed.authorities[0].level == models.AuthorityLevel.KREIS

            problem = routing.sync(client=client, service="99115005104000", plz="06386")
            assert isinstance(problem, models.Problem) and problem.code == "E440" and problem.status == 422
            assert [c.short for c in problem.candidates] == [
                "Aken (Elbe)",
                "Osternienburger Land",
                "Südliches Anhalt",
            ]

            outside = routing.sync(client=client, service="99115005104000", place="Leipzig")
            assert (
                isinstance(outside, models.Problem)
                and outside.code == "E441"
                and outside.outside == "Leipzig"
            )
        finally:
            sys.path.remove(str(tmp_path))
            for name in [m for m in sys.modules if m == "lsa_client" or m.startswith("lsa_client.")]:
                del sys.modules[name]
