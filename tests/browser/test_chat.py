"""The citizens' chat at ``/`` in a real browser: keyboard use, citations, follow-ups, feedback, escaping,
accessibility (axe-core, 320 px width) and the screenshot for the docs.

The page always runs under a strict Content-Security-Policy (the service's, else the documented one is
added), so any inline script or style the page relied on would fail here (and show up in
``page.js_errors``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import run_axe

pytestmark = pytest.mark.browser

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "chat.png"
WOHNSITZ = "Wo melde ich meinen Wohnsitz an?"
MELDEBEHOERDE = "Meldebehörde der Gemeinde bzw. Verbandsgemeinde"
MI = "Ministerium für Inneres und Sport"
XSS = '<img src=x onerror="window.__xss=1">Hallo'


@pytest.fixture
def chat(page: Page, live_server: str) -> Iterator[Page]:
    """The chat page under a strict CSP: the service's own, or the documented one where it sends none."""

    def with_csp(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, headers={"content-security-policy": CSP, **response.headers})

    page.route(live_server + "/", with_csp)
    page.goto("/")
    expect(page.locator("h1")).to_have_count(1)
    yield page
    assert page.js_errors == []  # type: ignore[attr-defined]


def ask(page: Page, question: str) -> dict[str, object]:
    """Type the question, press Enter, wait for the rendered answer; returns the Answer JSON received."""
    turns = page.locator(".turn .answer")
    before = turns.count()
    page.locator("#question").fill(question)
    with page.expect_response("**/v1/chat") as info:
        page.locator("#question").press("Enter")
    expect(turns).to_have_count(before + 1)
    return dict(info.value.json())


def focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def test_chat_keyboard_only_question_answer_and_single_announcement(chat: Page) -> None:
    chat.evaluate(
        """() => {
            window.__announced = [];
            const region = document.getElementById('announcer');
            new MutationObserver((records) => records.forEach(() => window.__announced.push(region.textContent)))
                .observe(region, {childList: true, characterData: true, subtree: true});
        }"""
    )
    for _ in range(15):
        chat.keyboard.press("Tab")
        if focused_id(chat) == "question":
            break
    assert focused_id(chat) == "question", "Tab never reached the question field"
    chat.keyboard.type("Wo melde ich")
    chat.keyboard.press("Shift+Enter")  # a newline, not a submit
    assert chat.locator("#question").input_value() == "Wo melde ich\n"
    assert chat.locator(".turn").count() == 0
    chat.keyboard.press("Backspace")
    chat.keyboard.type(" meinen Wohnsitz an?")
    with chat.expect_response("**/v1/chat"):
        chat.keyboard.press("Enter")

    card = chat.locator(".turn .card").first
    expect(card).to_contain_text(MELDEBEHOERDE)
    expect(card).to_contain_text(f"Fachlich verantwortlich: {MI} (MI)")
    expect(card.locator(".card-kind")).to_have_text("Behördentyp (Stelle vor Ort)")
    expect(chat.locator("#announcer")).to_contain_text("Antwort erhalten: Zuständig")
    chat.wait_for_timeout(300)  # a second announcement would arrive within this time
    announced = [text for text in chat.evaluate("window.__announced") if text]
    assert len(announced) == 1
    assert announced[0].startswith(
        f"Antwort erhalten: Zuständig für „Wohnsitz anmelden“ ist: {MELDEBEHOERDE}."
    )
    assert "[1]" not in announced[0]
    assert focused_id(chat) == "question"
    assert chat.locator("#question").input_value() == ""
    assert chat.locator(".conversation").get_attribute("aria-live") is None
    expect(chat.locator("#busy")).to_be_hidden()
    expect(chat.locator(".turn h2.question")).to_have_text(f"Ihre Frage: {WOHNSITZ}")


def test_chat_citation_opens_by_keyboard_and_escape_returns_focus(chat: Page) -> None:
    answer = ask(chat, WOHNSITZ)
    first = answer["citations"][0]  # type: ignore[index]
    marker = chat.locator(".answer-text .cite").first
    expect(marker).to_have_text("[1]")
    marker.focus()
    chat.keyboard.press("Enter")

    dialog = chat.locator("#citation-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#citation-quote")).to_have_text(first["quote"])
    expect(dialog.locator("#citation-label")).to_have_text(first["label"])
    assert first["quote"] == "Zuständige Stelle: Meldebehörde der Gemeinde bzw. Verbandsgemeinde"
    link = dialog.locator("a")
    expect(link).to_have_attribute("href", first["url"])
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    assert focused_id(chat) == "citation-close"

    chat.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert marker.evaluate("el => document.activeElement === el")
    # The numbered source list under the answer names every citation with its official link.
    sources = chat.locator(".source-list li")
    expect(sources).to_have_count(len(answer["citations"]))  # type: ignore[arg-type]
    expect(sources.first).to_contain_text(first["label"])
    expect(sources.first.locator("a")).to_have_attribute("href", first["url"])


@pytest.mark.parametrize("how", ["typed", "suggestion"])
def test_chat_follow_up_keeps_the_service_and_new_question_clears(chat: Page, how: str) -> None:
    first = ask(chat, WOHNSITZ)
    with chat.expect_request("**/v1/chat") as request:
        if how == "typed":
            chat.locator("#question").fill("Was kostet das?")
            chat.locator("#question").press("Enter")
        else:
            suggestion = chat.locator(".suggestions button", has_text="Was kostet")
            expect(suggestion).to_have_text(first["suggestions"][0])  # type: ignore[index]
            suggestion.click()
    sent = request.value.post_data_json["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[1]["content"] == first["answer"]
    second = chat.locator(".turn .answer").nth(1)
    expect(second.locator(".answer-text")).to_contain_text("Wohnsitz anmelden")
    expect(second.locator(".answer-text")).to_contain_text("gebührenfrei")
    assert focused_id(chat) == "question"

    chat.get_by_role("button", name="Neue Frage").click()
    expect(chat.locator(".turn")).to_have_count(0)
    assert focused_id(chat) == "question"
    with chat.expect_request("**/v1/chat") as request:
        chat.locator("#question").fill("Wer ist für die Bezahlplattform zuständig?")
        chat.locator("#question").press("Enter")
    assert len(request.value.post_data_json["messages"]) == 1
    expect(chat.locator(".turn .card")).to_contain_text("Ministerium für Infrastruktur und Digitales (MID)")


def test_chat_feedback_sends_rating_and_comment(chat: Page) -> None:
    answer = ask(chat, WOHNSITZ)
    down = chat.get_by_role("button", name="Antwort nicht hilfreich")
    up = chat.get_by_role("button", name="Antwort hilfreich", exact=True)
    down.click()
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_attribute("aria-pressed", "false")
    comment = chat.get_by_label("Kommentar (freiwillig)")
    expect(chat.locator(".feedback-form .hint")).to_have_text("Bitte keine persönlichen Daten eingeben.")
    comment.fill("Die Öffnungszeiten fehlen.")
    with chat.expect_request("**/v1/feedback") as info:
        chat.get_by_role("button", name="Rückmeldung senden").click()
    request = info.value
    assert request.method == "POST"
    assert request.post_data_json == {
        "answer_id": answer["answer_id"],
        "rating": "down",
        "comment": "Die Öffnungszeiten fehlen.",
    }
    response = request.response()
    assert response is not None
    status = chat.locator(".feedback-status")
    if response.status == 201:
        expect(status).to_have_text("Vielen Dank für Ihre Rückmeldung.")
    else:  # the feedback endpoint is not there (yet): a friendly message, no crash
        expect(status).to_contain_text("Ihre Rückmeldung konnte nicht gesendet werden")
        chat.js_errors.clear()  # type: ignore[attr-defined]  # the browser logs the failed request


def test_chat_question_markup_is_shown_as_text(chat: Page) -> None:
    ask(chat, XSS)
    expect(chat.locator(".turn h2.question")).to_have_text(f"Ihre Frage: {XSS}")
    assert chat.locator("main img").count() == 0
    assert chat.evaluate("typeof window.__xss") == "undefined"


def test_chat_answer_data_is_never_markup(chat: Page) -> None:
    """A hostile or broken API answer cannot inject markup or javascript: links."""
    evil = '<img src=x onerror="window.__xss=1">'
    fake = {
        "answer_id": "0" * 32,
        "answer": f"Text {evil} [1] siehe javascript:alert(1) und https://example.org/a?b=1. Ende [9].",
        "intent": "service",
        "no_answer": False,
        "responsible": [
            {
                "id": "x",
                "name": evil,
                "abbreviation": "<b>X</b>",
                "kind": "authority",
                "role": evil,
                "citations": [1],
            }
        ],
        "citations": [
            {
                "id": 1,
                "label": evil,
                "title": evil,
                "source": evil,
                "url": "javascript:window.__xss=1",
                "document_id": "d",
                "quote": evil,
            }
        ],
        "clarification": [evil],
        "suggestions": [evil],
    }

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(fake))

    chat.route("**/v1/chat", fulfil)
    ask(chat, "Test")
    chat.locator(".answer-text .cite").first.click()
    expect(chat.locator("#citation-quote")).to_have_text(evil)
    chat.keyboard.press("Escape")
    assert chat.locator("img").count() == 0
    assert chat.evaluate("typeof window.__xss") == "undefined"
    hrefs = chat.locator(".answer a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://example.org/a?b=1"]  # the trailing full stop stays text
    expect(chat.locator(".answer-text")).to_contain_text("Ende [9].")  # unknown markers stay text
    expect(chat.locator(".card-name")).to_have_text(f"{evil} (<b>X</b>)")


def fake_answer(text: str, **fields: object) -> dict[str, object]:
    answer: dict[str, object] = {
        "answer_id": "f" * 32,
        "answer": text,
        "intent": "service",
        "no_answer": False,
    }
    answer.update({"responsible": [], "citations": [], "clarification": [], "suggestions": []} | fields)
    return answer


def test_chat_card_says_how_firmly_a_responsibility_is_backed(chat: Page) -> None:
    """The authority card shows "abgeleitet aus den Aufgabenbereichen" / "nicht sicher belegt" in words."""
    citation = {
        "id": 1,
        "label": "L",
        "title": None,
        "source": "fim",
        "url": None,
        "document_id": "d",
        "quote": "q",
    }
    responsible = [
        {"id": "pflegekasse", "name": "Pflegekasse", "kind": "authority_type", "role": "zuständige Stelle",
         "certainty": "uncertain", "source_url": "https://www.gesetze-im-internet.de/sgb_11/__37.html",
         "citations": [1]},
        {"id": "MID", "name": "Ministerium für Infrastruktur und Digitales", "abbreviation": "MID",
         "kind": "ministry", "role": "fachlich verantwortlich", "certainty": "derived",
         "source_url": "https://mid.sachsen-anhalt.de/", "citations": [1]},
    ]  # fmt: skip
    body = fake_answer("Zuständig ist die Pflegekasse [1].", responsible=responsible, citations=[citation])
    chat.route("**/v1/chat", lambda route: route.fulfill(status=200, content_type="application/json",
                                                        body=json.dumps(body)))  # fmt: skip
    ask(chat, "Wer zahlt das Pflegegeld?")
    card = chat.locator(".turn .card").first
    own = card.locator(".card-certainty[data-certainty=uncertain]")
    expect(own).to_contain_text("nicht sicher belegt")
    expect(own).to_contain_text("Diese Zuständigkeit:")
    ministry = card.locator(".card-certainty[data-certainty=derived]")
    expect(ministry).to_contain_text("abgeleitet aus den Aufgabenbereichen")
    expect(ministry).to_contain_text("Das Ministerium:")
    assert run_axe(chat) == []


def test_chat_place_chip_shows_the_place_and_can_be_removed(chat: Page) -> None:
    """The recognised place is a chip (kept in the page only); removing it sends place "" with the next question."""
    wernigerode = {
        "ars": "150850370370",
        "name": "Wernigerode, Stadt",
        "kind": "gemeinde",
        "kreis": "Landkreis Harz",
    }
    replies = [fake_answer("Für Wernigerode zuständig: Zulassungsbehörde des Landkreises Harz.", place=wernigerode),
               fake_answer("Gut."), fake_answer("Gut.")]  # fmt: skip
    bodies: list[dict[str, object]] = []

    def reply(route: Route) -> None:
        bodies.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(json=replies.pop(0))

    chat.route("**/v1/chat", reply)
    ask(chat, "Ich wohne in Wernigerode. Wo melde ich mein Auto an?")
    chip = chat.locator("#place")
    expect(chip).to_be_visible()
    expect(chip).to_contain_text("Ihr Ort: Wernigerode, Stadt (Landkreis Harz)")
    assert run_axe(chat) == []
    ask(chat, "Und wo beantrage ich einen Personalausweis?")
    assert bodies[1]["place"] == "150850370370"  # the chip's place travels with the next question
    chat.get_by_role("button", name="Ort entfernen").click()
    expect(chip).to_be_hidden()
    expect(chat.locator("#announcer")).to_contain_text("Ort entfernt")
    ask(chat, "Und wo melde ich mich an?")
    assert bodies[2]["place"] == ""  # removed: earlier places no longer apply
    assert "place" not in bodies[0]


def test_chat_clarification_buttons_ask_that_question(chat: Page) -> None:
    options = ["Personalausweis beantragen", "Reisepass beantragen"]
    replies = [fake_answer("Welche Leistung meinen Sie?", clarification=options), fake_answer("Gut.")]
    chat.route("**/v1/chat", lambda route: route.fulfill(json=replies.pop(0)))
    ask(chat, "Ausweis")
    box = chat.locator(".clarification")
    expect(box.locator("h4")).to_have_text("Meinten Sie:")
    expect(box.get_by_role("button")).to_have_text(options)
    with chat.expect_request("**/v1/chat") as request:
        box.get_by_role("button", name="Reisepass beantragen").click()
    assert request.value.post_data_json["messages"][-1] == {"role": "user", "content": "Reisepass beantragen"}
    expect(chat.locator(".turn h2.question").nth(1)).to_have_text("Ihre Frage: Reisepass beantragen")
    assert focused_id(chat) == "question"


def test_chat_long_conversation_is_trimmed_to_the_api_limits(chat: Page) -> None:
    """At most 30 messages of at most 1000 characters: the oldest go first, long answers are cut."""
    bodies: list[dict[str, list[dict[str, str]]]] = []

    def fulfil(route: Route) -> None:
        bodies.append(route.request.post_data_json)
        route.fulfill(json=fake_answer("Lang. " + "x" * 1500))

    chat.route("**/v1/chat", fulfil)
    for n in range(1, 18):
        ask(chat, f"Frage {n}")
    messages = bodies[-1]["messages"]
    assert len(messages) == 30
    assert messages[-1] == {"role": "user", "content": "Frage 17"}
    assert messages[0] == {"role": "assistant", "content": ("Lang. " + "x" * 1500)[:1000]}
    assert all(len(m["content"]) <= 1000 for m in messages)
    assert [len(b["messages"]) for b in bodies[:3]] == [1, 3, 5]


@pytest.mark.parametrize(
    ("status", "headers", "message"),
    [
        (429, {"Retry-After": "7"}, "Zu viele Anfragen, bitte warten Sie 7 Sekunden."),
        (503, {}, "Der Dienst ist gerade nicht bereit"),
        (500, {}, "Fehler 500"),
    ],
)
def test_chat_errors_are_friendly_and_keep_the_question(
    chat: Page, status: int, headers: dict[str, str], message: str
) -> None:
    def fulfil(route: Route) -> None:
        problem = {"title": "Problem", "detail": "internal detail", "status": status}
        route.fulfill(
            status=status, headers=headers, content_type="application/problem+json", body=json.dumps(problem)
        )

    chat.route("**/v1/chat", fulfil)
    chat.locator("#question").fill(WOHNSITZ)
    chat.locator("#question").press("Enter")
    alert = chat.locator(".turn [role=alert]")
    expect(alert).to_contain_text(message)
    assert "internal detail" not in alert.inner_text()
    expect(chat.locator("#question")).to_have_value(WOHNSITZ)  # ready to try again
    expect(chat.get_by_role("button", name="Fragen")).to_be_enabled()
    chat.js_errors.clear()  # type: ignore[attr-defined]  # the browser logs the failed request itself


def test_chat_busy_state_blocks_double_submit(chat: Page) -> None:
    sent: list[str] = []
    chat.on("request", lambda r: sent.append(r.url) if r.url.endswith("/v1/chat") else None)
    held: list[Route] = []
    chat.route("**/v1/chat", lambda route: held.append(route))
    chat.locator("#question").fill(WOHNSITZ)
    chat.locator("#question").press("Enter")
    expect(chat.locator("#busy")).to_have_text("Antwort wird erstellt …")
    expect(chat.locator("#conversation")).to_have_attribute("aria-busy", "true")
    expect(chat.get_by_role("button", name="Fragen")).to_be_disabled()
    chat.locator("#question").fill("Noch eine Frage?")
    chat.locator("#question").press("Enter")
    chat.wait_for_timeout(200)
    assert len(sent) == 1 and len(held) == 1
    held[0].continue_()
    expect(chat.locator(".turn .answer")).to_have_count(1)
    expect(chat.locator("#busy")).to_be_hidden()
    expect(chat.locator("#conversation")).to_have_attribute("aria-busy", "false")


def test_chat_empty_question_gets_a_field_error(chat: Page) -> None:
    chat.get_by_role("button", name="Fragen").click()
    expect(chat.locator("#question-error")).to_have_text("Bitte geben Sie eine Frage ein.")
    expect(chat.locator("#question")).to_have_attribute("aria-invalid", "true")
    assert focused_id(chat) == "question"
    assert chat.locator(".turn").count() == 0


def test_chat_no_answer_is_an_honest_notice(chat: Page) -> None:
    answer = ask(chat, "Wie wird das Wetter morgen?")
    assert answer["no_answer"] is True
    notice = chat.locator(".turn .answer.notice")
    expect(notice.locator("h3")).to_have_text("Hinweis")
    expect(notice.locator("a")).to_have_attribute("href", "https://www.buerger.sachsen-anhalt.de/")
    assert chat.locator(".turn [role=alert]").count() == 0


def test_chat_accessibility_axe_and_narrow_viewport(chat: Page) -> None:
    assert run_axe(chat) == []
    chat.locator(".example").first.click()
    expect(chat.locator(".turn .answer")).to_have_count(1)
    chat.locator(".answer-text .cite").first.click()
    expect(chat.locator("#citation-dialog")).to_be_visible()
    assert run_axe(chat) == []
    chat.keyboard.press("Escape")

    chat.set_viewport_size({"width": 320, "height": 640})
    assert no_horizontal_scroll(chat)
    chat.locator(".answer-text .cite").first.click()
    assert no_horizontal_scroll(chat)
    chat.keyboard.press("Escape")
    chat.get_by_role("button", name="Neue Frage").click()
    assert no_horizontal_scroll(chat)
    assert run_axe(chat) == []


def test_chat_skip_link_and_footer(chat: Page) -> None:
    chat.keyboard.press("Tab")
    skip = chat.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    chat.keyboard.press("Enter")
    assert focused_id(chat) == "main"
    footer = chat.locator("footer")
    expect(footer).to_contain_text("Verbindlich sind die zuständigen Stellen.")
    expect(footer.get_by_role("link", name="Für Verwaltungsmitarbeitende")).to_have_attribute(
        "href", "/staff"
    )
    expect(footer.get_by_role("link", name="API")).to_have_attribute("href", "/docs")
    assert chat.evaluate("document.documentElement.lang") == "de"


def test_chat_screenshot(chat: Page) -> None:
    chat.set_viewport_size({"width": 1280, "height": 900})
    ask(chat, WOHNSITZ)
    chat.locator("#question").blur()
    chat.evaluate("window.scrollTo(0, 0)")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    chat.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
