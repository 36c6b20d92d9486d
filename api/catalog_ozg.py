"""Where a service sits in the OZG-Umsetzungskatalog: OZG-Leistung, Lebenslage, Themenfeld (for list rows)."""

from __future__ import annotations

from assistant.knowledge import KnowledgeBase


def ozg_fields(kb: KnowledgeBase, key: str) -> dict[str, str | None]:
    """OZG-Leistung, Lebenslage and Themenfeld of a catalogue key or curated service (None where unplaced)."""
    ozg = kb.ozg
    empty: dict[str, str | None] = {"ozg_leistung": None, "lebenslage": None, "themenfeld": None}
    if ozg is None:
        return empty
    placements = ozg.placements.get(key, [])
    leistung_id = placements[0].leistung_id if placements else ozg.key_to_leistung.get(key)
    leistung = ozg.leistungen.get(leistung_id or "")
    if leistung is None:
        return empty
    lebenslage = ozg.lebenslagen[leistung.lebenslage_id]
    themenfeld = ozg.themenfeld_of(lebenslage)
    return {
        "ozg_leistung": leistung.name,
        "lebenslage": lebenslage.name,
        "themenfeld": themenfeld.name if themenfeld else None,
    }
