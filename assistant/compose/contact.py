"""Contact details the sources rarely hold: an answer says so first instead of leaving the question unanswered.

The FIM descriptions and the authority records name offices, but almost never a single office's telephone number,
e-mail address or opening hours. A question for one of these ("Welche Telefonnummer hat die Zulassungsstelle in
Halle?") used to get the office and its service text, with the question itself silently unanswered. Now, when the
composed answer holds no such datum (a hotline such as 116 116 is quoted where a source has it), its first line says
plainly that the sources do not give it and where an official directory does.

This decides nothing about the subject; it only words the answer to what was asked. How well the question check
reads unseen wording is measured on sets written without the code (``tests/eval/contact/README.md``).
"""

from __future__ import annotations

import re

from assistant.compose.draft import BUS_URL, OFFICE_DIRECTORY
from indexing.nlp.normalize import fold

_DAY = r"(wann|bis wie ?viel uhr|bis wann|heute|morgen|montags?|dienstags?|mittwochs?|donnerstags?|freitags?|samstags?)"
#: (what was asked for, how a question asks for it, how an answer that gives it looks). Questions are folded
#: ("oeffnungszeiten", "strasse") and read as citizens type them: abbreviations ("Tel.-Nr."), fragments ("email
#: adresse bürgeramt halle"), separable verbs ("wen ruf ich an", "hat … auf"), typos near the key word.
_DETAILS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "Telefonnummer",
        re.compile(
            r"telefon|\btel\b|\btel\.|telnr|rufnummer|servicenummer|durchwahl|hotline|\banrufen\b"
            r"|\b(rufe?|ruft|rufen)\b[^.?!]{0,40}\ban\b|\bphone\b|\bcall\b"
        ),
        re.compile(r"\d[\d /()-]{4,}\d"),
    ),
    (
        "E-Mail-Adresse",
        re.compile(
            r"mail-?adresse|e-?mail address|(e-?mail|\bmail\b)[ -]?(adresse|kontakt|\bvo[mn]\b|\bder\b|\bdes\b)"
            r"|(e-?mail|\bmail\b)[^.?!]{0,40}adresse"
            r"|(kontakt|wohin|an wen|an welche|suche|finde?|erreich\w*)[^.?!]{0,60}(e-?mail|\bmail\b|\bmailen\b)"
        ),
        re.compile(r"[\w.+-]+@[\w-]+\.\w"),
    ),
    (
        "Öffnungszeiten",
        re.compile(
            r"o(e)?ff?n\w{0,3}g?s?zeit|sprechzeit|sprechstunde|geoffnet|geoeffnet|opening hours|\bopen\b"
            rf"|{_DAY}[^.?!]{{0,60}}\b(offen|auf)\b(?! \w)|\b(offen|auf)\b[^.?!]{{0,30}}{_DAY}"
        ),
        re.compile(r"\b\d{1,2}([.:]\d{2})?\s*(bis|-|–)\s*\d{1,2}([.:]\d{2})?\s*uhr\b", re.I),
    ),
)
#: The citizen's own details ("meine Telefonnummer ändern"), or applying through a channel ("per E-Mail
#: beantragen"): no office's contact detail is asked for.
_NOT_ASKED = re.compile(
    r"\bmein(e|en|er)?\b[^.?!]{0,20}(telefon|nummer|e-?mail|mail|adresse)"
    r"|(telefonisch|per (e-?)?mail|per telefon|online|by e-?mail|by phone)\s+(?!erreich)\w+"
)


def missing_contact_details(question: str, answer: str) -> list[str]:
    """The contact details ``question`` asks for that ``answer`` does not give, in a fixed order."""
    folded = fold(question)
    if _NOT_ASKED.search(folded):
        return []
    return [name for name, asked, given in _DETAILS if asked.search(folded) and not given.search(answer)]


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
    # the note says where the office's details are listed: the closing line that says it too goes
    return "\n".join(
        [contact_note(missing), *(line for line in answer.splitlines() if line != OFFICE_DIRECTORY)]
    )
