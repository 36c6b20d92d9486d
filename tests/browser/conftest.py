"""Browser tests: the real service on 127.0.0.1 (shipped corpus, tiny model) driven by Debian's chromium.

Chromium comes from apt (``/usr/bin/chromium``) and axe-core from npm (``tests/browser/node_modules``); both
are installed by ``.ci/run``. Without them the tests skip, unless ``LSA_REQUIRE_BROWSER=1`` (CI) makes a
missing browser a failure. Never ``playwright install``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("LSA_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DOCS = Path(__file__).resolve().parents[2] / "docs"


def _require(ok: bool, why: str) -> None:
    if ok:
        return
    if os.environ.get("LSA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test prerequisites missing: {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def live_server(tiny_index) -> Iterator[str]:
    """The full app (index built from the shipped corpora, catalogue included) served by uvicorn in a thread."""
    from api.app import create_app
    from tests.serving import serve_in_thread

    settings = tiny_index("browser", catalogue=True, rate_limit_per_minute=10_000)
    with serve_in_thread(create_app(settings)) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require(CHROMIUM.is_file(), f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object, live_server: str) -> Iterator[object]:
    """A fresh page (German locale, phone-sized first: the pages are mobile first)."""
    context = browser.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 900}, base_url=live_server
    )  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def run_axe(page: object) -> list[dict[str, object]]:
    """axe-core's serious and critical violations on the current page (WCAG 2.0/2.1 A and AA rules).

    The script is evaluated through the DevTools protocol, so the page's CSP (no inline scripts) stays on.
    """
    _require(AXE_JS.is_file(), f"{AXE_JS} missing (npm ci --prefix tests/browser)")
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;0")  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}))
              .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => ({id: v.id, impact: v.impact, help: v.help,
                          nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"""
    )
    return list(result)
