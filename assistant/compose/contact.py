"""Contact details the sources rarely hold: an answer says so first instead of leaving the question unanswered.

The FIM descriptions and the authority records name offices, but almost never a single office's telephone number,
e-mail address or opening hours. A question for one of these ("Welche Telefonnummer hat die Zulassungsstelle in
Halle?") used to get the office and its service text, with the question itself silently unanswered. Now, when the
composed answer holds no such datum (a hotline such as 116 116 is quoted where a source has it), its first line says
plainly that the sources do not give it and where an official directory does.

This decides nothing about the subject; it only words the answer to what was asked.
"""

from __future__ import annotations

import re

from assistant.compose.draft import BUS_URL

#: (what was asked for, how a question asks for it, how an answer that gives it looks).
_DETAILS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "Telefonnummer",
        re.compile(
            r"telefonnummer|rufnummer|hotline|\banrufen\b|\b(rufe|ruft|rufen)\b[^.?!]{0,40}\ban\b"
            r"|telefonisch erreich|\bphone number|\bcall\b",
            re.I,
        ),
        re.compile(r"\d[\d /()-]{4,}\d"),
    ),
    (
        "E-Mail-Adresse",
        re.compile(
            r"e-?mail-?adresse|mailadresse|\bemail address|\bper e-?mail erreich|erreich\w*\b[^.?!]{0,60}\be-?mail",
            re.I,
        ),
        re.compile(r"[\w.+-]+@[\w-]+\.\w"),
    ),
    (
        "Öffnungszeiten",
        re.compile(r"öffnungszeit|sprechzeit|sprechstunde|geöffnet|\bopening hours|\bopen on\b", re.I),
        re.compile(r"\b\d{1,2}([.:]\d{2})?\s*(bis|-|–)\s*\d{1,2}([.:]\d{2})?\s*uhr\b", re.I),
    ),
)
#: The closing pointer other composers add (``assistant.compose.local``), made redundant by the note.
_POINTER = re.compile(r"^Anschrift und Öffnungszeiten nennt der Zuständigkeitsfinder.*$\n?", re.M)


def missing_contact_details(question: str, answer: str) -> list[str]:
    """The contact details ``question`` asks for that ``answer`` does not give, in a fixed order."""
    return [name for name, asked, given in _DETAILS if asked.search(question) and not given.search(answer)]


def contact_note(missing: list[str]) -> str:
    """One sentence: the asked details are not in the sources, and where an official directory lists them."""
    if len(missing) == 1:
        asked = f"Eine {missing[0]}" if missing[0] != "Öffnungszeiten" else "Öffnungszeiten"
    else:
        asked = ", ".join(missing[:-1]) + " und " + missing[-1]
    verb = "steht" if len(missing) == 1 and missing[0] != "Öffnungszeiten" else "stehen"
    return (
        f"{asked} der einzelnen Stelle {verb} nicht in meinen Quellen; Anschrift, Telefon und Öffnungszeiten "
        f"nennt der Zuständigkeitsfinder des BUS LSA unter {BUS_URL}."
    )


def with_contact_note(question: str, answer: str) -> str:
    """``answer`` led by :func:`contact_note` when the question asks for contact details it does not give."""
    missing = missing_contact_details(question, answer)
    if not missing:
        return answer
    return contact_note(missing) + "\n" + _POINTER.sub("", answer).rstrip()
