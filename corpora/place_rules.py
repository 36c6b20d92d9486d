"""Where each authority type sits for a place: the sentences its record carries and the rules that check them.

The record of an authority type (``org/authority/<id>``) states its place rule in words ("Örtlich zuständig ist
der Landkreis, für kreisfreie Städte die Stadt."); the resolver in ``assistant.places`` quotes exactly these
sentences, so they are built here once. The checks need the place directory as well as the organisations, so
the registry runs them: E116 every authority type says where it sits, fitting its level; E117 every special
case names Gemeinden or Kreise that exist.
"""

from __future__ import annotations

from pathlib import Path

from corpora.organization_models import PLACE_LEVELS_OF, OrganizationData, PlaceException, PlaceRule
from corpora.places import PlaceData
from corpora.rules import DataRuleError

PLACE_LEVEL_TEXT: dict[str, str] = {
    "gemeinde": "Örtlich zuständig ist die Gemeinde oder Stadt selbst, auch wenn sie einer Verbandsgemeinde angehört.",
    "verbandsgemeinde": (
        "Örtlich zuständig ist für die Mitgliedsgemeinden einer Verbandsgemeinde die Verbandsgemeinde, sonst die "
        "Gemeinde oder Stadt selbst."
    ),
    "kreis": "Örtlich zuständig ist der Landkreis, für kreisfreie Städte die Stadt.",
    "land": "Zuständig ist eine Behörde des Landes Sachsen-Anhalt, nicht die Gemeinde oder der Landkreis.",
    "bund": "Zuständig ist eine Stelle des Bundes, nicht das Land oder die Kommune.",
    "none": "Welche Stelle zuständig ist, richtet sich nicht nach dem Wohnort.",
}
#: Added to a place rule or special case that is not sourced (its note follows in the record).
PLACE_UNCERTAIN = "Diese örtliche Zuordnung ist nicht sicher belegt."


def place_rule_text(rule: PlaceRule) -> str:
    """The general rule as the record states it (quoted whole by the resolver)."""
    text = PLACE_LEVEL_TEXT[rule.level]
    if rule.legal_basis:
        text = f"{text} Grundlage: {rule.legal_basis}."
    return f"{text} {PLACE_UNCERTAIN}" if rule.certainty != "sourced" else text


def exception_text(exception: PlaceException) -> str:
    """A special case as the record states it (quoted whole by the resolver)."""
    return f"{exception.text} {PLACE_UNCERTAIN}" if exception.certainty != "sourced" else exception.text


def place_rule_sourced(rule: PlaceRule | None) -> bool:
    """True when the rule and every special case are sourced (the record then needs no caveat for places)."""
    return rule is None or all(s.certainty == "sourced" for s in (rule, *rule.exceptions))


def place_paragraph(rule: PlaceRule | None) -> str | None:
    """Everything the record says about places: rule, notes, special cases."""
    if rule is None:
        return None
    parts = [place_rule_text(rule)]
    if rule.note:
        parts.append(f"Hinweis zur örtlichen Zuständigkeit: {rule.note}")
    for exception in rule.exceptions:
        parts.append(exception_text(exception))
        if exception.note:
            parts.append(f"Hinweis: {exception.note}")
    return " ".join(parts)


def check_place_rules(organizations: OrganizationData, places: PlaceData, path: Path) -> None:
    """[E116] every authority type has a place rule fitting its level; [E117] special cases name known places.

    :param path: the organisations file, named in the error.
    """
    for a in organizations.authority_types:
        where = f"authority_types id={a.id}"
        if a.place is None:
            raise DataRuleError(
                "E116", "the authority type does not say where it sits ('place')", path=path, where=where
            )
        allowed = PLACE_LEVELS_OF.get(a.level)
        if allowed is not None and a.place.level not in allowed:
            raise DataRuleError(
                "E116",
                f"place level {a.place.level!r} does not fit level {a.level!r} (allowed: {', '.join(sorted(allowed))})",
                path=path,
                where=where,
            )
        for exception in a.place.exceptions:
            unknown = [
                ars for ars in exception.ars if ars not in places.kreise and ars not in places.gemeinden
            ]
            if unknown:
                raise DataRuleError(
                    "E117", f"special case names unknown places {unknown}", path=path, where=f"{where} place"
                )
