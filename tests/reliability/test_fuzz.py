"""schemathesis against the app's own OpenAPI: every operation, valid and invalid data, fixed seed.

Per operation and generation mode, ``MAX_EXAMPLES`` cases (derandomized: the same cases every run) go
through ``call_and_validate`` with schemathesis' default checks: no server error; status code, content
type, headers and body as the schema documents them; valid data accepted and invalid data refused
(``negative_data_rejection``: no validation bypass).

Documented exceptions: semantic rules that JSON Schema cannot express answer 400 ``E400`` to schema-valid data
(text of only whitespace or with a NUL byte, a conversation whose last message is not the user's, a routing
request with no place or two); only those operations may do that, and only with that code. The routing may also
ask back with 422 ``E440`` when a valid PLZ or name fits several places – never with another 422.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import create_app
from lsa_assistant.settings import Settings
from tests.reliability.conftest import SharedLifespan

pytestmark = pytest.mark.slow
MAX_EXAMPLES = 30
SEMANTIC_400 = {"/v1/search", "/v1/chat", "/v1/responsibility", "/v1/places"}
#: Operations that may ask back (422 ``E440``) on schema-valid data: the place is not unique.
ASKS_BACK = {"/v1/responsibility"}
_OPENAPI = create_app(Settings()).openapi()  # building the document needs no index
OPERATIONS = [
    pytest.param(method.upper(), path, mode, id=f"{method.upper()} {path} {mode.value}")
    for path, item in _OPENAPI["paths"].items()
    for method, operation in item.items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    # an operation without parameters or body has no invalid input to generate
    if mode is GenerationMode.POSITIVE or operation.get("parameters") or "requestBody" in operation
]
CONFIG = {
    "generation": {"deterministic": True},
    "checks": {
        "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "404"]},
    },
}


@pytest.fixture(scope="module")
def api_schema(tiny_index):  # noqa: ANN201
    app = create_app(tiny_index("fuzz", rate_limit_per_minute=100_000))
    with TestClient(app):  # the real lifespan, once for all cases
        yield schemathesis.openapi.from_asgi(
            "/openapi.json", SharedLifespan(app), config=SchemathesisConfig.from_dict(CONFIG)
        )


@pytest.mark.parametrize(("method", "path", "mode"), OPERATIONS)
def test_fuzz_operation(api_schema, method: str, path: str, mode: GenerationMode) -> None:  # noqa: ANN001
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case) -> None:  # noqa: ANN001
        excluded = [positive_data_acceptance] if path in ASKS_BACK else []
        response = case.call_and_validate(excluded_checks=excluded)
        if mode is GenerationMode.POSITIVE and path in ASKS_BACK:
            assert response.status_code < 300 or response.status_code in (400, 401, 404, 422), (
                case.as_curl_command()
            )
            if response.status_code == 422:
                assert response.json()["code"] == "E440", case.as_curl_command()
        if mode is GenerationMode.POSITIVE and response.status_code == 400:
            assert path in SEMANTIC_400, f"schema-valid request refused with 400: {case.as_curl_command()}"
            assert response.json()["code"] == "E400"

    run()


def test_fuzz_document_declares_problems_everywhere() -> None:
    """Each /v1 operation documents its refusals as problem+json (what the checks above rely on)."""
    for path, item in _OPENAPI["paths"].items():
        for operation in item.values():
            if not path.startswith("/v1/"):
                continue
            for status in ("400", "401", "429"):
                content = operation["responses"][status]["content"]
                assert list(content) == ["application/problem+json"], (path, status)
