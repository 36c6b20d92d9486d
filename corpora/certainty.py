"""How firmly a fact is backed: one vocabulary for every responsibility, fee and deadline.

A citizen reading "zuständig ist das MID" cannot tell a sourced statement from one an editor inferred from the
ministry's areas; staff deciding on it need to. So certainty is data, not a comment in the XML: every
responsibility (executing authority and ministry) and every dated fact carries one of three values, and every
surface that shows the fact (chat card, staff page, CSV, API) shows the value and its explanation from here.
"""

from __future__ import annotations

from typing import Literal, get_args

#: ``sourced``: a source states it; ``derived``: inferred from a ministry's areas (Ressortzuschnitt), not stated;
#: ``uncertain``: a weak, old or editor-supplied source, or not checked.
Certainty = Literal["sourced", "derived", "uncertain"]
CERTAINTIES: tuple[Certainty, ...] = get_args(Certainty)

#: How sure the project is that a LeiKa key belongs to the service (the source collection's own grading).
LeikaConfidence = Literal["hoch", "mittel", "niedrig"]
LEIKA_CONFIDENCES: tuple[LeikaConfidence, ...] = get_args(LeikaConfidence)

#: Short German marker, as shown beside a responsibility (chat card, staff page, CSV).
CERTAINTY_LABELS: dict[Certainty, str] = {
    "sourced": "belegt",
    "derived": "abgeleitet aus den Aufgabenbereichen",
    "uncertain": "nicht sicher belegt",
}

#: One sentence that says what the marker means, for tooltips, legends and the API documentation.
CERTAINTY_EXPLANATIONS: dict[Certainty, str] = {
    "sourced": "Eine Quelle nennt diese Zuständigkeit ausdrücklich.",
    "derived": (
        "Keine Quelle nennt diese Zuständigkeit ausdrücklich; sie ist aus den Aufgabenbereichen "
        "(dem Ressortzuschnitt) des Ministeriums abgeleitet."
    ),
    "uncertain": (
        "Die Angabe stützt sich auf eine schwache, ältere oder vom Bearbeiter ergänzte Quelle oder ist "
        "nicht geprüft; verbindlich ist die Auskunft der zuständigen Stelle."
    ),
}


def weakest(values: list[Certainty]) -> Certainty:
    """The least firm of several certainties (``sourced`` for none): a chain is only as firm as its weakest link."""
    order = {c: i for i, c in enumerate(CERTAINTIES)}
    return max(values, key=order.__getitem__) if values else "sourced"
