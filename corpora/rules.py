"""The corpus' data rules: a numbered catalogue, one error class, and what an editor reads when one fails.

Schema errors (a missing field, a malformed key) stay ``[E100]``; the rules here check what makes the data
*trustworthy* across records and files — that one source of truth decides responsibility, that facts carry
a date and a source, that a citizen is sent to an official page. Each rule has its own code so that tests,
``lsa-assistant validate`` and ``docs/operations.md`` can name it; every failure names file and element.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsa_assistant.errors import CorpusError


@dataclass(frozen=True)
class Rule:
    """One data rule: stable code, a German title for people, what it protects against."""

    code: str
    title: str
    why: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "E110",
            "Ministerium widerspricht der Zuordnung",
            "A FIM role-02 ministry must be the ministry of the relation for the service's (first) executing "
            "authority type; where the relation names none, the service names none.",
        ),
        Rule(
            "E111",
            "Landesministerium bei Bundes- oder Versicherungsleistung",
            "A service executed by a federal body or a social insurer has no Land ministry, unless a source "
            "names one as Rechtsaufsicht (basis 'Rechtsaufsicht', ministry_certainty 'sourced').",
        ),
        Rule(
            "E112",
            "Zuständigkeit ohne Zuordnung",
            "Every executing authority type of a service is covered by a relation for that service, so its "
            "certainty and source come from one place.",
        ),
        Rule(
            "E113",
            "Betrag oder Frist ohne Stand und Quelle",
            "A fee amount or a deadline with a duration carries lsa:beleg with 'stand' and 'quelle' (or "
            "sicherheit='uncertain' with a note saying why it could not be verified).",
        ),
        Rule(
            "E114",
            "LeiKa-Schlüssel ohne Konfidenz",
            "Every referenzLeiKa carries lsa:beleg with konfidenz hoch | mittel | niedrig.",
        ),
        Rule(
            "E115",
            "Kein amtlicher Link",
            "A service's primary link (the one citizens open) is an official page: the Land, a Kreis or "
            "Gemeinde in Sachsen-Anhalt, a federal authority, or gesetze-im-internet.de.",
        ),
        Rule(
            "E116",
            "Behördentyp ohne örtliche Ebene",
            "Every authority type says where it sits for a place (Gemeinde, Verbandsgemeinde, Kreis, Land, Bund or "
            "not by residence), fitting its level, with a source; otherwise no answer can name the office in a town.",
        ),
        Rule(
            "E117",
            "Sonderfall mit unbekanntem Ort",
            "A special case of a place rule names Gemeinden or Kreise of the place directory (ARS), so that the "
            "town it means is the town an answer names.",
        ),
    )
}


class DataRuleError(CorpusError):
    """A broken data rule; ``code`` is the rule's (``E110`` …), the message names file and element."""

    def __init__(self, code: str, detail: str, *, path: object = None, where: str | None = None) -> None:
        rule = RULES[code]
        super().__init__(f"{detail} ({rule.title})", path=path, where=where)
        self.code = code
        self.title = rule.title
