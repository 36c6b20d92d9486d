"""How Gemeinden, Verbandsgemeinden and Kreise are named in German sentences: one owner for every form.

The Gemeindeverzeichnis spells names the statistical way ("Quedlinburg, Welterbestadt", Kreis "Harz"); people
and letters say "Welterbestadt Quedlinburg", "Landkreis Harz", "Zulassungsbehörde des Landkreises Harz",
"Meldebehörde der Verbandsgemeinde Beetzendorf-Diesdorf". The place records of the index, the responsibility
resolver and the API all build these forms here, so a quote and a name always agree.
"""

from __future__ import annotations

#: Kreis types of the Gemeindeverzeichnis (column ``kreis_typ``).
LANDKREIS = "Landkreis"
KREISFREIE_STADT = "Kreisfreie Stadt"


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def sort_key(name: str) -> str:
    """German order for lists of names ("Dähre" before "Diesdorf"): umlauts as ae/oe/ue, case folded."""
    return name.translate(_FOLD).casefold()


def base_name(official: str) -> str:
    """The name without the designation the Gemeindeverzeichnis appends: "Quedlinburg, Welterbestadt" ->
    "Quedlinburg"."""
    return official.split(", ", 1)[0]


def designation(official: str) -> str | None:
    """The appended designation ("Stadt", "Hansestadt", "Flecken", …), None for a plain Gemeinde."""
    _, sep, rest = official.partition(", ")
    return rest if sep else None


def gemeinde_title(official: str) -> str:
    """ "Tangerhütte, Stadt" -> "Stadt Tangerhütte"; "Barleben" -> "Gemeinde Barleben"."""
    return f"{designation(official) or 'Gemeinde'} {base_name(official)}"


def kreis_title(official: str, kreis_typ: str) -> str:
    """ "Harz" -> "Landkreis Harz"; names that already say Kreis stay ("Burgenlandkreis", "Altmarkkreis
    Salzwedel"); a kreisfreie Stadt is named as the town ("Landeshauptstadt Magdeburg")."""
    if kreis_typ == KREISFREIE_STADT:
        return gemeinde_title(official)
    if "kreis" in official.split(" ")[0].lower():
        return official
    return f"{LANDKREIS} {official}"


def verband_title(name: str) -> str:
    return f"Verbandsgemeinde {name}"


def _masculine(title: str) -> bool:
    """A title headed by a Kreis ("Landkreis", "Burgenlandkreis") or "Flecken"; every other head is feminine
    ("Stadt", "Hansestadt", "Gemeinde", "Verbandsgemeinde")."""
    head = title.split(" ", 1)[0]
    return head.endswith("kreis") or head == "Flecken"


def genitive(title: str) -> str:
    """With article: "des Landkreises Harz", "des Burgenlandkreises", "des Fleckens Diesdorf", "der Stadt Zeitz"."""
    head, _, rest = title.partition(" ")
    if _masculine(title):
        inflected = head + ("es" if head.endswith("kreis") else "s")
        return f"des {inflected} {rest}".rstrip()
    return f"der {title}"


def accusative(title: str) -> str:
    """With article: "den Landkreis Harz", "den Flecken Diesdorf", "die Stadt Zeitz"."""
    return f"{'den' if _masculine(title) else 'die'} {title}"


def dative_in(title: str) -> str:
    """ "im Landkreis Harz", "im Burgenlandkreis", "in der Verbandsgemeinde Vorharz"."""
    return f"im {title}" if _masculine(title) else f"in der {title}"


def fill_office(office: str | None, title: str) -> str:
    """A concrete office name from an authority type's pattern and the responsible body's title.

    ``office`` is a role ("Zulassungsbehörde" -> "Zulassungsbehörde des Landkreises Harz") or a pattern with
    ``{nom}``, ``{gen}`` or ``{akk}`` ("Jobcenter für {akk}", "{nom} als Schulträger"); None names the body
    itself ("Landeshauptstadt Magdeburg").
    """
    if office is None:
        return title
    if "{" in office:
        return office.format(nom=title, gen=genitive(title), akk=accusative(title))
    return f"{office} {genitive(title)}"
