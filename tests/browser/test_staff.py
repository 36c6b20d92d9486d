"""The staff lookup page (/staff) in a real browser: list, filters, paging, CSV, detail views, keyboard, axe.

Expected counts come from the API itself (``page.request``) where the exact number is a property of the
corpus rather than of the page; the 74 curated services and "Wohnsitz anmelden" (MI) are fixed facts. The list
shows curated services and catalogue entries together by default; the curated-only view is ``quelle=kuratiert``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from corpora.certainty import CERTAINTY_LABELS
from tests.browser.conftest import DOCS, run_axe

pytestmark = pytest.mark.browser

WEB = Path(__file__).resolve().parents[2] / "api" / "web"
WOHNSITZ = "99115005104000"
ELTERNGELD = "99041006017000"  # its ministry is only derived from the MS's areas
XSS = "<img src=x onerror=alert(1)>"


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def api_total(page: Any, query: str) -> int:
    response = page.request.get(f"/v1/services?{query}")
    assert response.ok, response.text()
    return int(response.json()["total"])


def count_text(total: int) -> str:
    german = f"{total:,}".replace(",", ".")  # the page formats numbers for de-DE: 4.835
    return {0: "Keine Leistungen gefunden", 1: "1 Leistung gefunden"}.get(
        total, f"{german} Leistungen gefunden"
    )


def open_list(page: Any, fragment: str = "#/leistungen") -> None:
    page.goto(f"/staff{fragment}")
    expect(page.locator("#ergebnis-status")).to_contain_text("gefunden")


def result_rows(page: Any) -> Any:
    return page.locator("#ergebnis tbody tr")


def script_errors(page: Any) -> list[str]:
    """Console errors other than the browser's own note on an expected 4xx response."""
    return [e for e in page.js_errors if not e.startswith("Failed to load resource")]


def no_page_scroll_x(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


# --- 1. list, search, filters, paging --------------------------------------------------------------


def test_staff_list_shows_all_services_with_known_row(page: Any) -> None:
    response = page.goto("/staff")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    open_list(page)
    everything = api_total(page, "")
    assert everything > 4000  # curated services and the whole catalogue
    expect(page.locator("#ergebnis-status")).to_have_text(count_text(everything))
    open_list(page, "#/leistungen?quelle=kuratiert")
    expect(page.locator("#ergebnis-status")).to_have_text("74 Leistungen gefunden")
    expect(page.locator("h1")).to_have_text("Zuständigkeiten und Leistungen – Nachschlagen")
    expect(result_rows(page)).to_have_count(50)
    expect(page.locator("#seite-bereich")).to_have_text("1–50 von 74")
    page.get_by_role("button", name="Weiter").click()  # sorted by name: "W…" is on the second page
    row = result_rows(page).filter(has_text=WOHNSITZ)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_contain_text("Wohnsitz anmelden")
    expect(row.locator("td").nth(3).get_by_role("link")).to_have_text("MI")
    expect(row.locator("td").nth(3).get_by_role("link")).to_have_attribute("href", "#/organisation/MI")
    assert page.js_errors == []


def test_staff_search_narrows_the_table(page: Any) -> None:
    open_list(page)
    expected = api_total(page, "q=Wohnsitz")
    assert 0 < expected < 50
    page.get_by_label("Suchbegriff").fill("Wohnsitz")
    page.get_by_label("Suchbegriff").press("Enter")
    expect(page.locator("#ergebnis-status")).to_have_text(count_text(expected))
    expect(result_rows(page)).to_have_count(expected)
    expect(result_rows(page).filter(has_text="Wohnsitz anmelden")).to_have_count(1)
    assert "q=Wohnsitz" in page.evaluate("location.hash")
    assert page.js_errors == []


def test_staff_typing_updates_after_a_pause(page: Any) -> None:
    open_list(page)
    expected = api_total(page, "q=Wohnsitz")
    history = page.evaluate("history.length")
    page.get_by_label("Suchbegriff").press_sequentially("Wohnsitz", delay=20)
    expect(page.locator("#ergebnis-status")).to_have_text(count_text(expected))
    expect(page.get_by_label("Suchbegriff")).to_be_focused()
    assert "q=Wohnsitz" in page.evaluate("location.hash")
    assert page.evaluate("history.length") == history  # typing replaces the entry, one per word is noise


def test_staff_ministry_filter_shows_only_its_rows(page: Any) -> None:
    open_list(page)
    expected = api_total(page, "ministry=MI")
    assert 0 < expected < 74
    page.get_by_label("Zuständiges Ministerium").select_option("MI")
    expect(page.locator("#ergebnis-status")).to_have_text(count_text(expected))
    expect(result_rows(page)).to_have_count(min(expected, 50))
    ministries = page.locator("#ergebnis tbody tr td:nth-child(4) a").all_inner_texts()
    assert ministries and set(ministries) == {"MI"}
    assert "ministerium=MI" in page.evaluate("location.hash")


@pytest.mark.parametrize(
    ("label", "value", "fragment", "query"),
    [
        ("Quelle", "kuratiert", "quelle=kuratiert", "source=curated"),
        ("Quelle", "katalog", "quelle=katalog", "source=catalogue"),
        ("Typisierung", "4", "typisierung=4", "typisierung=4"),
        ("Typisierung", "2/3", "typisierung=2%2F3", "typisierung=2/3"),
    ],
)
def test_staff_select_filters_update_on_change(
    page: Any, label: str, value: str, fragment: str, query: str
) -> None:
    open_list(page)
    expected = api_total(page, query)
    page.get_by_label(label, exact=True).select_option(value)
    expect(page.locator("#ergebnis-status")).to_have_text(count_text(expected))
    expect(result_rows(page)).to_have_count(min(expected, 50) or 1)
    assert fragment in page.evaluate("location.hash")
    expect(page.get_by_role("link", name="CSV exportieren")).to_have_attribute(
        "href", re.compile(re.escape(query.replace("/", "%2F")))
    )


def test_staff_paging_shows_the_second_page(page: Any) -> None:
    open_list(page, "#/leistungen?quelle=kuratiert")
    expect(page.get_by_role("button", name="Zurück")).to_be_disabled()
    first_page = set(page.locator("#ergebnis tbody td:first-child").all_inner_texts())
    page.get_by_role("button", name="Weiter").click()
    expect(page.locator("#seite-bereich")).to_have_text("51–74 von 74")
    expect(result_rows(page)).to_have_count(24)
    expect(page.get_by_role("button", name="Weiter")).to_be_disabled()
    assert "seite=2" in page.evaluate("location.hash")
    second_page = set(page.locator("#ergebnis tbody td:first-child").all_inner_texts()) - {"–"}
    assert second_page and not second_page & first_page
    page.go_back()
    expect(page.locator("#seite-bereich")).to_have_text("1–50 von 74")


# --- 2. CSV export -----------------------------------------------------------------------------------


def test_staff_csv_export_has_only_the_filtered_rows(page: Any) -> None:
    open_list(page, "#/leistungen?ministerium=MI")
    expected = api_total(page, "ministry=MI")
    expect(page.locator("#ergebnis-status")).to_have_text(count_text(expected))
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV exportieren").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["LeiKa-Schlüssel", "LeiKa-Konfidenz", "Leistung"]
    assert len(body) == expected
    ministry = header.index("Zuständiges Ministerium")
    assert all(row[ministry].endswith("(MI)") for row in body)
    certainty = header.index("Sicherheit Ministerium")
    assert {row[certainty] for row in body} <= {"belegt", "abgeleitet aus den Aufgabenbereichen"}
    assert any(row[0] == WOHNSITZ for row in body)


# --- 3. service detail ---------------------------------------------------------------------------------


def test_staff_service_detail_and_back_navigation(page: Any) -> None:
    open_list(page, "#/leistungen?ministerium=MI")
    page.get_by_role("link", name="Wohnsitz anmelden").click()
    heading = page.locator("h2", has_text="Wohnsitz anmelden")
    expect(heading).to_be_focused()
    content = page.locator("#ansicht-inhalt")
    expect(content).to_contain_text(WOHNSITZ)
    expect(content).to_contain_text("Leistung 99115005104000 – Wohnsitz anmelden")
    expect(content).to_contain_text("Meldebehörde")
    responsibilities = content.locator("section", has=page.locator("h3", has_text="Zuständigkeiten"))
    expect(responsibilities.locator("li.card").first).to_be_visible()
    expect(content.get_by_role("link", name=re.compile(r"\(MI\)"))).to_have_attribute(
        "href", "#/organisation/MI"
    )
    expect(content.locator("h4", has_text="Kurztext")).to_be_visible()

    page.get_by_role("link", name="Zurück zur Liste").click()
    expect(page.get_by_label("Zuständiges Ministerium")).to_have_value("MI")
    assert "ministerium=MI" in page.evaluate("location.hash")
    page.go_back()
    expect(page.locator("h2", has_text="Wohnsitz anmelden")).to_be_visible()
    page.go_back()
    expect(page.get_by_label("Zuständiges Ministerium")).to_have_value("MI")
    expect(page.locator("#ansicht-leistungen")).to_be_visible()
    assert page.js_errors == []


def test_staff_uncertain_responsibility_is_marked(page: Any) -> None:
    page.goto(f"/staff#/leistung/{ELTERNGELD}")
    uncertain = page.locator("#ansicht-inhalt .card-uncertain")
    expect(uncertain.first).to_contain_text(CERTAINTY_LABELS["derived"])


def test_staff_certainty_marker_in_list_with_legend(page: Any) -> None:
    """A derived ministry carries a visible marker in the list, explained by the legend it points to."""
    open_list(page, "#/leistungen?q=Fahrerlaubnis%20erstmals&quelle=kuratiert")
    row = result_rows(page).filter(has_text="Fahrerlaubnis erstmals beantragen")
    marker = row.locator(".certainty[data-certainty=derived]")
    expect(marker).to_have_text(CERTAINTY_LABELS["derived"])
    legend_id = marker.get_attribute("aria-describedby")
    legend = page.locator(f"#{legend_id}")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("aus den Aufgabenbereichen des Ministeriums abgeleitet")
    open_list(page, "#/leistungen?q=Kindergeld&quelle=kuratiert")
    kindergeld = result_rows(page).filter(has_text="Kindergeld beantragen")
    expect(kindergeld.locator("td").nth(3)).to_have_text("kein Landesministerium")
    assert run_axe(page) == []


def test_staff_certainty_marker_in_detail_with_explanation_and_sources(page: Any) -> None:
    page.goto("/staff#/leistung/99108047001001")  # Fahrerlaubnis: ministry derived from the MID's areas
    content = page.locator("#ansicht-inhalt")
    ministry = content.locator("dd", has=page.locator(".certainty[data-certainty=derived]")).first
    expect(ministry).to_contain_text("Ministerium für Infrastruktur und Digitales (MID)")
    expect(ministry).to_contain_text("Keine Quelle nennt diese Zuständigkeit ausdrücklich")
    expect(content.locator("dd", has_text="Konfidenz")).to_have_text("99108047001001 – Konfidenz mittel")
    assert run_axe(page) == []
    page.goto("/staff#/leistung/99008001012000")  # Personalausweis: fees with Stand and source
    facts = page.locator("#ansicht-inhalt .dated-facts li")
    expect(facts.first).to_contain_text("46,00 €")
    expect(facts.first).to_contain_text("Stand: 3.12.2026")
    page.goto("/staff#/leistung/99107023037000")  # Wohngeld: a newspaper is provenance, not the link
    sources = page.locator("#ansicht-inhalt section", has=page.locator("h3", has_text="Quellen"))
    expect(sources.locator("p", has_text="Amtliche Seite").get_by_role("link")).to_have_attribute(
        "href", re.compile(r"^https://www\.gesetze-im-internet\.de/")
    )
    expect(sources.locator("li", has_text="welt.de").locator(".tag")).to_have_text("nicht amtlich")
    assert run_axe(page) == []
    assert script_errors(page) == []


def test_staff_inferred_successor_key_is_marked(page: Any) -> None:
    page.goto("/staff#/leistung/99012008001000")  # Baugenehmigung (catalogue ~2019): successor only inferred
    replaced = page.locator("#ansicht-inhalt dd", has_text="99012070006001")
    expect(replaced).to_have_text("99012070006001 (vermutet, von der Quelle nicht ausdrücklich genannt)")


def test_staff_relevance_and_sort_by_name(page: Any) -> None:
    open_list(page, "#/leistungen?q=Wohngeld")
    expect(result_rows(page).first.locator("td").nth(1)).to_contain_text("Wohngeld beantragen")
    page.get_by_label("Sortierung").select_option("name")
    expect(result_rows(page).first.locator("td").nth(1)).to_contain_text("Pflegewohngeld")
    assert "sortierung=name" in page.evaluate("location.hash")
    assert "sort=name" in (page.locator("#csv-export").get_attribute("href") or "")


def test_staff_unknown_service_shows_german_error(page: Any) -> None:
    page.goto("/staff#/leistung/00000000000000")
    expect(page.get_by_role("alert")).to_contain_text("nicht gefunden")
    expect(page.locator("#ansicht-titel")).to_have_text("Leistung nicht verfügbar")
    assert script_errors(page) == []


# --- 4. organisations ----------------------------------------------------------------------------------


def test_staff_organisation_page_lists_areas_roles_and_services(page: Any) -> None:
    page.goto("/staff#/organisationen")
    page.get_by_role("link", name="Ministerium für Infrastruktur und Digitales").click()
    expect(page.locator("#ansicht-titel")).to_have_text("Ministerium für Infrastruktur und Digitales (MID)")
    content = page.locator("#ansicht-inhalt")
    areas = content.locator("section", has=page.locator("h3", has_text="Aufgabenbereiche"))
    roles = content.locator("section", has=page.locator("h3", has_text="OZG-Rollen"))
    expect(areas.locator("li.card").first).to_be_visible()
    expect(roles.locator("li.card").first).to_be_visible()
    assert areas.locator("li.card").count() >= 2
    assert roles.locator("li.card").count() >= 2
    services = content.locator("section", has=page.locator("h3", has_text="Leistungen")).get_by_role("link")
    name = services.first.inner_text()
    services.first.click()
    expect(page.locator("#ansicht-titel")).to_have_text(name)
    assert page.evaluate("location.hash").startswith("#/leistung/")
    assert page.js_errors == []


# --- 5. norms -------------------------------------------------------------------------------------------


def test_staff_norm_page_shows_absaetze_and_gaps(page: Any) -> None:
    page.goto("/staff#/norm/egovg-lsa/9")
    expect(page.locator("h3", has_text="§ 9 Abs. 1 EGovG LSA")).to_be_visible()
    expect(page.locator(".gap-notice")).to_contain_text("Nicht im erfassten Text enthalten")
    page.goto("/staff#/normen")
    expect(page.get_by_role("link", name="§ 9 EGovG LSA")).to_be_visible()
    expect(page.locator(".gap-notice")).to_contain_text("Text und Überschrift fehlen")


def test_staff_missing_paragraph_gets_honest_notice(page: Any) -> None:
    page.goto("/staff#/norm/egovg-lsa/5")
    expect(page.locator(".gap-notice")).to_contain_text("Nicht im erfassten Text enthalten")
    expect(page.locator(".gap-notice")).to_contain_text("Text und Überschrift fehlen")


def test_staff_norm_overview_links_to_paragraphs(page: Any) -> None:
    page.goto("/staff#/normen")
    incomplete = page.locator(".norm-list li", has_text="unvollständig erfasst")
    expect(incomplete.first).to_be_visible()
    page.get_by_role("link", name="§ 9 EGovG LSA").click()
    expect(page.locator("#ansicht-titel")).to_contain_text("§ 9 EGovG LSA")
    expect(page.locator("#ansicht-titel")).to_be_focused()
    page.go_back()
    expect(page.locator("#ansicht-titel")).to_have_text(re.compile("E-Government-Gesetz"))


# --- 6. keyboard -----------------------------------------------------------------------------------------


def test_staff_keyboard_reaches_controls_with_visible_focus(page: Any) -> None:
    open_list(page)
    wanted = {"suche-q", "suche-ministerium", "suche-quelle", "suche-typisierung", "table-link"}
    reached: set[str] = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const e = document.activeElement, s = getComputedStyle(e);
                return {id: e.id, link: e.matches('#ergebnis a'), style: s.outlineStyle, width: s.outlineWidth};
            }"""
        )
        name = "table-link" if focused["link"] else focused["id"]
        if name in wanted:
            assert focused["style"] != "none" and focused["width"] != "0px", focused
            reached.add(name)
        if reached == wanted:
            break
    assert reached == wanted


# --- 7. accessibility and narrow screens -------------------------------------------------------------------

VIEWS = [
    "#/leistungen",
    f"#/leistung/{WOHNSITZ}",
    "#/organisationen",
    "#/organisation/MID",
    "#/normen",
    "#/norm/egovg-lsa/9",
]


@pytest.mark.parametrize("fragment", VIEWS)
def test_staff_axe_finds_no_serious_violations(page: Any, fragment: str) -> None:
    page.goto(f"/staff{fragment}")
    expect(page.locator("#ansicht-titel, #ergebnis-status").filter(visible=True).first).not_to_be_empty()
    page.wait_for_load_state("networkidle")
    assert run_axe(page) == []
    assert page.js_errors == []


@pytest.mark.parametrize("fragment", VIEWS)
def test_staff_no_horizontal_page_scroll_at_320px(page: Any, fragment: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/staff{fragment}")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#ansicht-titel, #ergebnis-status").filter(visible=True).first).not_to_be_empty()
    assert no_page_scroll_x(page)


# --- 8. errors and escaping -----------------------------------------------------------------------------------


def test_staff_search_input_is_shown_as_text(page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_list(page)
    page.get_by_label("Suchbegriff").fill(XSS)
    page.get_by_label("Suchbegriff").press("Enter")
    expect(page.locator("#ergebnis-status")).to_have_text("Keine Leistungen gefunden")
    expect(page.locator("#ergebnis tbody")).to_contain_text(XSS)
    page.goto(f"/staff#/leistung/{XSS}")
    expect(page.get_by_role("alert")).to_contain_text(XSS)
    assert page.locator("main img").count() == 0
    assert dialogs == []
    assert script_errors(page) == []


def test_staff_sources_use_no_html_injection_or_inline_code() -> None:
    # staff.js and the modules it imports (staff-*.js, common.js shared with the chat page).
    scripts = sorted((WEB / "static").glob("staff*.js")) + [WEB / "static" / "common.js"]
    assert WEB / "static" / "staff.js" in scripts and len(scripts) > 2
    for path in scripts:
        script = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in script, f"{sink} in {path.name}"
    html = (WEB / "staff.html").read_text(encoding="utf-8")
    assert " style=" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "/static/base.css" in html and html.index("/static/base.css") < html.index("/static/staff.css")


# --- 9. screenshot ---------------------------------------------------------------------------------------------


def test_staff_screenshot_of_the_list(page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    open_list(page)
    page.wait_for_load_state("networkidle")
    target = DOCS / "screenshots" / "staff.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000


def test_staff_catalogue_entry_detail_is_honest(page: Any) -> None:
    """A catalogue-only service: its facts and the referral, no authority the data does not name."""
    response = page.request.get("/v1/services?q=Hundesteuer&source=catalogue")
    item = response.json()["items"][0]
    page.goto(f"/staff#/leistung/{item['leika_key']}")
    expect(page.locator("#ansicht-titel")).to_have_text(item["name"])
    main = page.locator("main")
    expect(main).to_contain_text("Leistungskatalog")
    expect(main).to_contain_text("Zuständigkeitsfinder")
    expect(main).to_contain_text(item["typisierung_text"])
    expect(main).to_contain_text("Keine Zuständigkeit erfasst.")
    assert script_errors(page) == []
