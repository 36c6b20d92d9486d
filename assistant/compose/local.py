"""The concrete authority for the place a question is asked for: "Zulassungsbehörde des Landkreises Harz".

An answer names authority *types* ("Zulassungsbehörde des Landkreises bzw. der kreisfreien Stadt"); with a place
known, each becomes the office of that place (``assistant.places.resolve_authority``), cited twice: the rule of the
authority type and the place's record of the Gemeindeverzeichnis. Where the rule is not sure, the answer says so.
No address, phone number or link of the local office is named: the Zuständigkeitsfinder has those.
"""

from __future__ import annotations

from assistant.compose.draft import OFFICE_DIRECTORY, Draft
from assistant.knowledge import KnowledgeBase
from assistant.models import PlaceRef, Responsible
from assistant.places import Place, resolve_authority
from assistant.places.conversation import PlaceContext
from assistant.places.models import LocalAuthority
from corpora.certainty import weakest
from lsa_assistant.errors import PlaceAmbiguousError

#: The line of a service answer that points to the Zuständigkeitsfinder for want of a place.
GENERAL_POINTER = "Die konkrete Stelle an Ihrem Wohnort"
#: How many Gemeinden a question back names at most (a shared PLZ, a Kreis asked for a Gemeinde task).
MAX_CHOICES = 6


def place_ref(place: Place, knowledge: KnowledgeBase) -> PlaceRef:
    directory = knowledge.places
    kreis = directory.by_ars(place.kreis_ars) if directory is not None else None
    return PlaceRef(ars=place.ars, name=place.name, kind=place.kind, kreis=kreis.short if kreis else None)


def outside_text(place: str) -> str:
    """What the assistant says for a place in another Land (the sources cover Sachsen-Anhalt only)."""
    return (
        f"{place} liegt nicht in Sachsen-Anhalt. Ich kenne die Zuständigkeiten in Sachsen-Anhalt; die zuständige "
        "Stelle dort nennt Ihnen die Behördennummer 115."
    )


def localize(draft: Draft, knowledge: KnowledgeBase, context: PlaceContext) -> None:
    """Turn the draft's authority types into the offices of ``context.place`` (or say why not)."""
    local_types = [r for r in draft.responsible if r.kind == "authority_type"]
    if not local_types or knowledge.places is None:
        return
    if context.outside:
        draft.say(outside_text(context.outside))
        return
    if context.place is None and context.candidates:
        if not _same_office_everywhere(draft, knowledge, local_types, context.candidates):
            _ask_which(draft, context.candidates)
        return
    place = context.place
    if place is None:
        return
    said = False
    for responsible in local_types:
        try:
            local = resolve_authority(knowledge.places, knowledge.organizations, responsible.id, place)
        except PlaceAmbiguousError as e:
            _ask_which(draft, list(getattr(e, "candidates", []) or []), place)
            return
        if local is not None:
            said |= _state_office(
                draft, knowledge, responsible, local, [local], f"Für {_for(place)} zuständig:"
            )
    if said:
        _point_to_directory(draft)


def _same_office_everywhere(
    draft: Draft, knowledge: KnowledgeBase, local_types: list[Responsible], candidates: list[Place]
) -> bool:
    """A PLZ or name shared by several Gemeinden needs no question back when every one of them has the same
    office ("39524": Gemeinden of one Landkreis, whose Wohngeldbehörde serves them all). Each office is cited
    with its rule and the record of every Gemeinde it serves here; False (nothing said) when any type differs."""
    assert knowledge.places is not None
    offices: list[tuple[Responsible, list[LocalAuthority]]] = []
    for responsible in local_types:
        try:
            found = [
                resolve_authority(knowledge.places, knowledge.organizations, responsible.id, c)
                for c in candidates[:MAX_CHOICES]
            ]
        except PlaceAmbiguousError:
            return False
        if (
            any(f is None for f in found)
            or len({f.name for f in found}) != 1
            or len(candidates) > MAX_CHOICES
        ):
            return False
        offices.append((responsible, [f for f in found if f is not None]))
    for responsible, found in offices:
        names = ", ".join(c.short for c in candidates[: len(found)])
        lead = f"Für alle Gemeinden, die in Frage kommen ({names}), zuständig:"
        if _state_office(draft, knowledge, responsible, found[0], found, lead):
            responsible.place = None  # several Gemeinden: the office, not one place
    _point_to_directory(draft)
    return True


def _state_office(
    draft: Draft,
    knowledge: KnowledgeBase,
    responsible: Responsible,
    local: LocalAuthority,
    served: list[LocalAuthority],
    lead: str,
) -> bool:
    """Say the office with its rule and the record of each place it serves here, mark a weak assignment, and
    make the ``responsible`` entry that office; False (nothing said) when a quote does not verify."""
    rule = draft.cite(local.rule_document_id, local.rule_quote)
    wheres = [draft.cite(f.place_document_id, f.place_quote) for f in served]
    if rule is None or any(w is None for w in wheres):
        return False
    numbers = [rule, *(w for w in wheres if w is not None)]
    draft.say(f"{lead} {local.name} {''.join(f'[{n}]' for n in numbers)}.")
    if local.certainty != "sourced":
        draft.say(f"Diese Zuordnung ist nicht sicher belegt{': ' + local.note if local.note else '.'}")
    elif local.note and local.name == knowledge.organizations.authority_type_names().get(
        local.authority_type
    ):
        # only the type, no office of the place ("Finanzamt"): the record's note says why ("Welches Finanzamt
        # für einen Ort zuständig ist, nennen die gesammelten Quellen nicht.")
        draft.say(local.note)
    _update(responsible, local, knowledge, numbers)
    return True


def _point_to_directory(draft: Draft) -> None:
    """The general pointer to the Zuständigkeitsfinder gives way to the concrete office and where to find it."""
    draft.lines = [line for line in draft.lines if not line.startswith(GENERAL_POINTER)]
    draft.say(OFFICE_DIRECTORY)


def _for(place: Place) -> str:
    """ "Wernigerode", "Oschersleben (Bode)", "den Salzlandkreis", "den Landkreis Harz": the place after "für";
    a Gemeinde by its official name without the designation, which tells "Oschersleben (Bode)" from others."""
    if place.kind == "kreis":
        return f"den {place.short}"
    return place.name.split(",")[0].strip() if place.kind == "gemeinde" else place.short


def _update(
    responsible: Responsible, local: LocalAuthority, knowledge: KnowledgeBase, numbers: list[int]
) -> None:
    responsible.name = local.name
    responsible.level = local.level
    responsible.place = place_ref(local.place, knowledge)
    kreis = local.kreis
    responsible.kreis = kreis.short if kreis is not None else None
    responsible.certainty = weakest([responsible.certainty, local.certainty])
    responsible.citations = sorted(set(responsible.citations) | set(numbers))


def _ask_which(draft: Draft, candidates: list, asked: Place | None = None) -> None:
    names = [c.short if isinstance(c, Place) else str(c["short"]) for c in candidates][:MAX_CHOICES]
    if not names:
        return
    lead = (
        f"{asked.short} umfasst mehrere Gemeinden" if asked is not None else "Das passt zu mehreren Gemeinden"
    )
    draft.say(f"{lead}. Für welche möchten Sie die zuständige Stelle wissen: " + ", ".join(names) + "?")
    draft.clarification = names
