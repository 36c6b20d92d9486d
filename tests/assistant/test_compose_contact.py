"""Contact details the sources do not give: the answer says so first (and only then)."""

from __future__ import annotations

import pytest

from assistant.compose.contact import contact_note, missing_contact_details, with_contact_note
from assistant.compose.draft import OFFICE_DIRECTORY

OFFICE = f"Zuständig ist: Zulassungsbehörde [1].\n{OFFICE_DIRECTORY}"


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("Welche Telefonnummer hat das Bürgerbüro in Wernigerode?", ["Telefonnummer"]),
        ("Wen rufe ich an, wenn mein Ausweis weg ist?", ["Telefonnummer"]),
        ("Wie erreiche ich das Standesamt Dessau-Roßlau per E-Mail?", ["E-Mail-Adresse"]),
        (
            "Wann hat die Zulassungsstelle geöffnet und wie ist die Rufnummer?",
            ["Telefonnummer", "Öffnungszeiten"],
        ),
        ("What are the opening hours of the registration office?", ["Öffnungszeiten"]),
        ("Kann ich das Elterngeld telefonisch beantragen?", []),  # a channel, not a number
        ("Kann ich den Antrag per E-Mail schicken?", []),
        ("Wo melde ich mein Auto an?", []),
    ],
)
def test_contact_details_asked_for(question: str, missing: list[str]) -> None:
    assert missing_contact_details(question, OFFICE) == missing


def test_contact_detail_given_by_a_source_needs_no_note() -> None:
    answer = "Den Verlust melden Sie auch beim Sperr-Notruf 116 116 [1]."
    assert missing_contact_details("Wen rufe ich an, wenn mein Ausweis weg ist?", answer) == []
    assert with_contact_note("Welche Telefonnummer hat der Sperr-Notruf?", answer) == answer
    hours = "Sprechzeiten: Montag 8 bis 12 Uhr [1]."
    assert missing_contact_details("Wann hat das Amt geöffnet?", hours) == []


def test_contact_note_leads_and_replaces_the_closing_pointer() -> None:
    noted = with_contact_note("Welche Telefonnummer hat die Zulassungsstelle in Halle?", OFFICE)
    first, *rest = noted.splitlines()
    assert first == contact_note(["Telefonnummer"]) and first.startswith("Eine Telefonnummer")
    assert "https://www.buerger.sachsen-anhalt.de" in first
    assert rest == [
        "Zuständig ist: Zulassungsbehörde [1]."
    ]  # the office stays, the pointer is not said twice
    assert contact_note(["Öffnungszeiten"]).startswith("Öffnungszeiten der einzelnen Stelle stehen nicht")
    assert with_contact_note("Wo melde ich mein Auto an?", OFFICE) == OFFICE


def test_contact_questions_of_the_opened_set_are_recognised() -> None:
    """Set A (tests/eval/contact/, written without the code; opened, so a regression guard, not a measure)."""
    from pathlib import Path

    import yaml

    names = {"phone": "Telefonnummer", "email": "E-Mail-Adresse", "hours": "Öffnungszeiten"}
    data = yaml.safe_load(
        (Path(__file__).parents[1] / "eval" / "contact" / "2026-12-03-a.yaml").read_text("utf-8")
    )
    found = [
        q for q in data["asks_contact"] if names[q["kind"]] in missing_contact_details(q["question"], "")
    ]
    noted = [q for q in data["no_contact"] if missing_contact_details(q["question"], "")]
    assert len(found) >= 38 and len(noted) <= 1, ([q for q in data["asks_contact"] if q not in found], noted)
