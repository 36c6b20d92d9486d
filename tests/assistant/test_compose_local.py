"""The office at a named place: a type the sources cannot make concrete says why (no concrete office invented)."""

from __future__ import annotations

from assistant.compose.draft import Draft
from assistant.compose.local import localize
from assistant.knowledge import KnowledgeBase
from assistant.places.conversation import PlaceContext
from assistant.responsibility import ResponsibilityResolver


def _localized(kb: KnowledgeBase, service_key: str, type_id: str, place_ars: str) -> str:
    assert kb.places is not None
    draft = Draft(kb, "responsibility")
    service = kb.service(service_key)
    assert service is not None
    for finding in ResponsibilityResolver(kb).for_service(service):
        if finding.id == type_id:
            draft.add_finding(finding)
    localize(draft, kb, PlaceContext(place=kb.places.by_ars(place_ars)))
    return "\n".join(draft.lines)


def test_a_land_office_the_sources_do_not_name_says_so(kb: KnowledgeBase) -> None:
    text = _localized(kb, "99102036011007", "finanzamt", "150850135135")  # Steuerklasse, Halberstadt
    assert "Für Halberstadt zuständig: Finanzamt" in text
    assert "Welches Finanzamt für einen Ort zuständig ist, nennen die gesammelten Quellen nicht." in text


def test_a_concrete_office_carries_no_such_note(kb: KnowledgeBase) -> None:
    text = _localized(kb, "99036020001000", "zulassungsbehoerde", "150850370370")  # Zulassung, Wernigerode
    assert "Zulassungsbehörde des Landkreises Harz" in text
    assert "nennen die gesammelten Quellen nicht" not in text
