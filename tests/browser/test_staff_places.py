"""The staff page's places in a real browser: the place selector, the office at that place, the Kreis view."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import run_axe

pytestmark = pytest.mark.browser


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def choose(page: Any, typed: str, option: str) -> None:
    """Type into the place selector and take a suggestion with the keyboard."""
    field = page.locator("#ort-q")
    field.fill(typed)
    expect(page.locator("#ort-liste [role=option]").first).to_contain_text(option)
    expect(field).to_have_attribute("aria-expanded", "true")
    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", "ort-option-0")
    field.press("Enter")
    expect(page.locator("#ort-gewaehlt")).to_contain_text(option)
    expect(field).to_have_attribute("aria-expanded", "false")


def test_staff_places_service_detail_shows_the_office_at_the_chosen_place(page: Any) -> None:
    page.goto("/staff#/leistung/fahrzeug-zulassen")
    section = page.locator(".place-responsibility")
    expect(section).to_contain_text("Wählen Sie oben einen Ort")
    choose(page, "Wernige", "Stadt Wernigerode")
    expect(section.locator("h3")).to_have_text("Zuständig in Stadt Wernigerode")
    expect(section.locator(".card-title")).to_have_text("Zulassungsbehörde des Landkreises Harz")
    expect(section).to_contain_text("Örtlich zuständig ist der Landkreis")  # the quoted rule
    expect(section).to_contain_text(
        "Wernigerode, Stadt – Gemeinde im Landkreis Harz"
    )  # the quoted place record
    expect(section.get_by_role("link", name="Zuständigkeitsfinder des BUS LSA")).to_be_visible()
    assert run_axe(page) == []
    # the place stays for the next service (this tab only)
    page.goto("/staff#/leistung/wohnsitz-anmelden")
    expect(page.locator(".place-responsibility .card-title")).to_have_text(
        "Meldebehörde der Stadt Wernigerode"
    )
    assert page.js_errors == []


def test_staff_places_a_landkreis_for_a_gemeinde_task_offers_its_gemeinden(page: Any) -> None:
    page.goto("/staff#/leistung/wohnsitz-anmelden")
    choose(page, "Landkreis Harz", "Landkreis Harz")
    section = page.locator(".place-responsibility")
    expect(section).to_contain_text("Bitte die Gemeinde angeben")
    section.get_by_role("button", name="Quedlinburg").click()
    expect(section.locator(".card-title")).to_have_text("Meldebehörde der Welterbestadt Quedlinburg")
    expect(page.locator("#ort-gewaehlt")).to_contain_text("Quedlinburg")
    page.locator("#ort-gewaehlt").get_by_role("button", name="Ort entfernen").click()
    expect(section).to_contain_text("Wählen Sie oben einen Ort")


def test_staff_places_kreis_view_lists_verbandsgemeinden_and_gemeinden(page: Any) -> None:
    page.goto("/staff#/orte")
    expect(page.locator("#orte-kreise-caption")).to_have_text("Kreise (14)")
    page.get_by_role("link", name="Landkreis Harz").click()
    expect(page.locator("#ansicht-titel")).to_have_text("Landkreis Harz")
    expect(page.locator("#ort-verbaende-caption")).to_have_text("Verbandsgemeinden (1)")
    expect(page.locator("#ort-gemeinden-caption")).to_have_text("Gemeinden (20)")
    expect(page.locator(".views-nav a[aria-current=page]")).to_have_text("Orte")
    assert run_axe(page) == []
    page.get_by_role("link", name="Verbandsgemeinde Vorharz").first.click()
    expect(page.locator("#ansicht-titel")).to_have_text("Verbandsgemeinde Vorharz")
    expect(page.locator("#ort-gemeinden-caption")).to_have_text("Mitgliedsgemeinden (7)")
    page.get_by_role("button", name="Diesen Ort wählen").click()
    expect(page.locator("#ort-gewaehlt")).to_contain_text("Verbandsgemeinde Vorharz")


def test_staff_places_selector_keyboard_and_axe_with_open_list(page: Any) -> None:
    page.goto("/staff#/leistungen")
    field = page.locator("#ort-q")
    field.fill("391")
    expect(page.locator("#ort-liste [role=option]").first).to_contain_text("Magdeburg")
    assert run_axe(page) == []
    field.press("Escape")
    expect(page.locator("#ort-liste")).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")
    field.fill("Gibtsnichtheim")
    expect(page.locator("#ort-status")).to_have_text("Kein Ort gefunden.")


def test_staff_places_no_horizontal_scroll_at_320px(page: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/staff#/ort/15085")
    expect(page.locator("#ansicht-titel")).to_have_text("Landkreis Harz")
    page.locator("#ort-q").fill("Halle")
    expect(page.locator("#ort-liste [role=option]").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
