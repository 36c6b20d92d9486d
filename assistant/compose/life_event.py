"""Life-event answers: what belongs to a Lebenslage (or an OZG-Leistung) and who does it in Sachsen-Anhalt.

The OZG-Umsetzungskatalog groups services by life event; it names no authority. So the answer first cites the
Lebenslage card for the grouping, then lists the services described for Sachsen-Anhalt with the executing
authority from their own service card and the deadline from their own Fristen module, then OZG-Leistungen
without such a description, named with a catalogue entry and its key from the OZG-Leistung card — each line
cited — and points to the Zuständigkeitsfinder. The authorities of the listed services are the answer's
``responsible``, each with the certainty and source of its relation (the same findings a question about the
service alone gets), so a portal reads them as data.
"""

from __future__ import annotations

import re

from assistant.citations import MAX_QUOTE, lead, shorten
from assistant.compose.draft import BUS_URL, Draft
from assistant.knowledge import KnowledgeBase
from assistant.responsibility import ResponsibilityResolver
from corpora.fim_models import Service
from corpora.ids import lebenslage_chunk_id, ozg_leistung_chunk_id, service_card_id
from corpora.ozg_models import CATALOGUE_NAME, Lebenslage, OzgLeistung
from indexing.nlp.normalize import fold

#: Lines of services described for Sachsen-Anhalt, and of further OZG-Leistungen, at most.
MAX_CURATED = 8
#: Other services of the Lebenslage named beside a service answer to "Was muss ich alles erledigen?".
MAX_ALSO = 4
#: Catalogue groupings that are no life event ("Querschnitt Bürger", "Weitere Leistungen"): never pointed to.
_NOT_EVENTS = ("Querschnitt", "Weitere Leistungen")
#: "Was muss ich alles erledigen?", "Was steht mir zu?", "Welche Schritte …?": the question asks for everything a
#: situation brings, not one service's module (folded text)
_EVERYTHING = re.compile(
    r"\b(?:was|welche \w+) (?:muss|muessen|sollte|sollten|kann|koennen) (?:ich|wir|man|er|sie|du)\b[^?.!]{0,60}"
    r"\b(?:alles|erledigen|beantragen|anmelden|beachten|tun|kuemmern)\b"
    r"|\bworauf (?:muss|muessen|sollte|sollten) (?:ich|wir|man|er|sie|du)\b[^?.!]{0,40}\bachten\b"
    r"|\bwas steht (?:mir|uns) (?:jetzt )?zu\b|\bwelche schritte\b|\bbehoerdengaenge?\b|\bworan muss\b"
    r"|\bgibt(?:s| es) (?:irgend)?(?:was|etwas)\b[^?.!]{0,40}\bbeantrag|\bwas (?:ist|gibt es) (?:jetzt )?zu tun\b"
)


def is_life_event(knowledge: KnowledgeBase, lebenslage_id: str) -> bool:
    """A Lebenslage that is a situation of life, not a catalogue grouping ("Querschnitt Bürger")."""
    lebenslage = knowledge.ozg.lebenslagen.get(lebenslage_id) if knowledge.ozg is not None else None
    return lebenslage is not None and not lebenslage.name.startswith(_NOT_EVENTS)


def asks_everything(question: str) -> bool:
    """The question asks what a situation brings with it, so the services that belong with it help too."""
    return bool(_EVERYTHING.search(fold(question)))


MAX_FURTHER = 6
#: A deadline line longer than this is no line of a list (the service's own answer quotes it).
MAX_DEADLINE = 220


def _line(knowledge: KnowledgeBase, unit_id: str, prefix: str) -> tuple[str, str] | None:
    """(chunk id, the line starting with ``prefix``) of a card, looking into split parts too."""
    for chunk_id in [unit_id, *sorted(knowledge.chunks_by_parent.get(unit_id, []))]:
        chunk = knowledge.chunks.get(chunk_id)
        if chunk is None:
            continue
        for line in (chunk.content or "").splitlines():
            if line.startswith(prefix):
                return chunk_id, line
    return None


def compose_lebenslage(
    draft: Draft, knowledge: KnowledgeBase, lebenslage_id: str, resolver: ResponsibilityResolver | None = None
) -> bool:
    ozg = knowledge.ozg
    if ozg is None or lebenslage_id not in ozg.lebenslagen:
        return False
    lebenslage = ozg.lebenslagen[lebenslage_id]
    card = lebenslage_chunk_id(lebenslage_id)
    found = _line(knowledge, card, "OZG-Leistungen dieser Lebenslage:")
    if found is None:
        return False
    chunk_id, line = found
    themenfeld = ozg.themenfeld_of(lebenslage)
    where = f" (Themenfeld „{themenfeld.name}“)" if themenfeld else ""
    if (
        draft.claim(
            f"Zur Lebenslage „{lebenslage.name}“{where} gehören laut {CATALOGUE_NAME} diese Leistungsbündel",
            chunk_id,
            shorten(line),
        )
        is None
    ):
        return False
    placements = ozg.services_of(lebenslage_id)
    _curated(draft, knowledge, [p.service_key for p in placements], resolver)
    placed = {p.leistung_id for p in placements}
    further = [x for x in ozg.leistungen_of(lebenslage_id) if x.id not in placed]
    _further(draft, knowledge, further)
    _referral(draft)
    return True


#: The Themenfeld of the Lebenslagen of businesses: named for a service only when no Lebenslage of citizens has it.
BUSINESS_THEMENFELD = "14"


def _own_lebenslagen(knowledge: KnowledgeBase, key: str) -> list[tuple[str, OzgLeistung]]:
    """(Lebenslage id, OZG-Leistung) pairs a curated service (its placements) or a catalogue Leistung (its own key)
    belongs to, life events only."""
    ozg = knowledge.ozg
    if ozg is None:
        return []
    ids = [p.leistung_id for p in ozg.placements.get(key, [])]
    if not ids and key in ozg.key_to_leistung:
        ids = [ozg.key_to_leistung[key]]
    first: dict[str, OzgLeistung] = {}  # a Lebenslage with the first of its OZG-Leistungen the key has
    for i in ids:
        if i in ozg.leistungen:
            first.setdefault(ozg.leistungen[i].lebenslage_id, ozg.leistungen[i])
    return [(g, leistung) for g, leistung in first.items() if is_life_event(knowledge, g)]


def _ranked(knowledge: KnowledgeBase, own: list[str], preferred: list[str] | None) -> list[str]:
    """The likeliest Lebenslage candidates first, then those of citizens before those of businesses."""
    assert knowledge.ozg is not None
    business = [i for i in own if knowledge.ozg.lebenslagen[i].themenfeld_id.strip() == BUSINESS_THEMENFELD]
    return [i for i in preferred or [] if i in own] or [i for i in own if i not in business] + business


def _stretch(line: str, needle: str) -> str | None:
    """The part of a card line up to and including ``needle`` (from the item's start when that is too long)."""
    end = line.find(needle)
    if end < 0:
        return None
    end += len(needle)
    if end <= MAX_QUOTE:
        return line[:end]
    start = line.rfind("; ", 0, end - len(needle))
    return line[start + 2 if start >= 0 else end - len(needle) : end]


#: The line :func:`compose_lebenslage_line` writes, as a merged multi-part answer recognises it (said once).
LEBENSLAGE_LINE = re.compile(r"gehört zur (?:OZG-Leistung „[^“]*“ der )?Lebenslage „")


def compose_lebenslage_line(
    draft: Draft, knowledge: KnowledgeBase, key: str, name: str, preferred: list[str] | None = None
) -> Lebenslage | None:
    """ "„Hund zur Hundesteuer anmelden“ gehört zur Lebenslage „Tierhaltung“": the situation a service is part of,
    so a reader can ask what else it brings; once per answer. Each claim quotes its evidence: for a described
    service the Lebenslage card's list of services described for Sachsen-Anhalt, for a catalogue Leistung the
    card of its OZG-Leistung, which names both."""
    own = dict(_own_lebenslagen(knowledge, key))
    if not own or knowledge.ozg is None:
        return None
    said = "\n".join(draft.lines)
    for lebenslage_id in _ranked(knowledge, list(own), preferred):
        lebenslage = knowledge.ozg.lebenslagen[lebenslage_id]
        if f"Lebenslage „{lebenslage.name}“" in said:
            return None
        if knowledge.service(key) is not None:  # a described service: listed on the Lebenslage's card
            found = _line(
                knowledge, lebenslage_chunk_id(lebenslage.id), "Für Sachsen-Anhalt beschriebene Leistungen:"
            )
            quote = _stretch(found[1], name) if found is not None else None
            text = f"„{name}“ gehört zur Lebenslage „{lebenslage.name}“ ({CATALOGUE_NAME})"
        else:  # a catalogue Leistung: its OZG-Leistung's card names the Leistung and the Lebenslage
            leistung = own[lebenslage_id]
            card = ozg_leistung_chunk_id(leistung.id)
            found = _line(knowledge, card, "OZG-Leistung:")
            content = (knowledge.chunks[found[0]].content or "") if found is not None else ""
            quote = lead(content, 2) if found is not None and f"({key})" in content else None
            text = (
                f"„{name}“ gehört zur OZG-Leistung „{leistung.name}“ der Lebenslage „{lebenslage.name}“ "
                f"({CATALOGUE_NAME})"
            )
        if found is not None and quote and draft.claim(text, found[0], quote) is not None:
            return lebenslage
    return None


def compose_lebenslage_pointer(
    draft: Draft,
    knowledge: KnowledgeBase,
    service: Service,
    resolver: ResponsibilityResolver | None = None,
    preferred: list[str] | None = None,
) -> bool:
    """After a service answer to "Was muss ich alles erledigen?": the Lebenslage the service belongs to (the most
    likely one of ``preferred`` where it is one of them) and the other services described for it, each with its
    authority and cited."""
    ozg = knowledge.ozg
    own = [g for g, _ in _own_lebenslagen(knowledge, service.key)]
    if ozg is None or not own:
        return False
    lebenslage = ozg.lebenslagen[_ranked(knowledge, own, preferred)[0]]
    others = [p.service_key for p in ozg.services_of(lebenslage.id) if p.service_key != service.key]
    if (
        not others
        or compose_lebenslage_line(draft, knowledge, service.key, service.name, [lebenslage.id]) is None
    ):
        return False
    return _curated(draft, knowledge, others, resolver, limit=MAX_ALSO, lead="Dazu gehören auch:")


def compose_ozg_leistung(
    draft: Draft, knowledge: KnowledgeBase, leistung_id: str, resolver: ResponsibilityResolver | None = None
) -> bool:
    ozg = knowledge.ozg
    if ozg is None or leistung_id not in ozg.leistungen:
        return False
    leistung = ozg.leistungen[leistung_id]
    card = ozg_leistung_chunk_id(leistung_id)
    found = _line(knowledge, card, "OZG-Leistung:")
    listed = _line(knowledge, card, "Leistungen im Leistungskatalog:")
    if found is None:
        return False
    lebenslage = ozg.lebenslagen[leistung.lebenslage_id]
    draft.claim(
        f"„{leistung.name}“ ist eine OZG-Leistung der Lebenslage „{lebenslage.name}“", found[0], found[1]
    )
    keys = [p.service_key for ps in ozg.placements.values() for p in ps if p.leistung_id == leistung_id]
    if not _curated(draft, knowledge, keys, resolver) and listed is not None:
        draft.claim("Dazu gehören im Leistungskatalog", listed[0], shorten(listed[1]))
    _referral(draft)
    return True


def _curated(
    draft: Draft,
    knowledge: KnowledgeBase,
    service_keys: list[str],
    resolver: ResponsibilityResolver | None = None,
    limit: int = MAX_CURATED,
    lead: str = "Für Sachsen-Anhalt beschrieben sind:",
) -> bool:
    """One cited line per curated service: its name and the executing authority from its card, which (with
    ``resolver``) is listed under ``responsible`` too."""
    said = False
    seen: list[str] = []
    for key in service_keys:
        service = knowledge.service(key)
        if service is None or service.key in seen or len(seen) >= limit:
            continue
        seen.append(service.key)
        card = service_card_id(service.key)
        found = _line(knowledge, card, "Zuständige Stelle:")
        if found is None:
            continue
        authority = found[1].removeprefix("Zuständige Stelle:").strip()
        if not said:
            draft.say(lead)
        claimed = draft.claim(f"„{service.name}“ – zuständig: {authority}", found[0], found[1]) is not None
        said |= claimed
        if claimed and (deadline := _deadline(knowledge, service)) is not None:
            draft.claim(f"  Frist: {deadline[1]}", deadline[0], deadline[1])  # what a citizen must not miss
        if claimed and resolver is not None:
            for finding in resolver.for_service(service):
                if finding.kind == "authority_type":
                    draft.add_finding(finding)  # the card line cited above: the same citation, no new line
    return said


def _deadline(knowledge: KnowledgeBase, service: Service) -> tuple[str, str] | None:
    """(chunk id, first line) of the service's deadline module, when it has a short one."""
    for chunk_id in knowledge.service_chunk_ids(service, "fristen"):
        line = next(
            (x.strip() for x in (knowledge.chunks[chunk_id].content or "").splitlines() if x.strip()), ""
        )
        if line and len(line) <= MAX_DEADLINE:
            return chunk_id, line
    return None


def _further(draft: Draft, knowledge: KnowledgeBase, leistungen: list[OzgLeistung]) -> None:
    """OZG-Leistungen without a Sachsen-Anhalt description, each named with its first catalogue entry."""
    said = 0
    for leistung in leistungen:
        if said >= MAX_FURTHER:
            break
        found = _line(knowledge, ozg_leistung_chunk_id(leistung.id), "Leistungen im Leistungskatalog:")
        if found is None:
            continue
        first = found[1].removeprefix("Leistungen im Leistungskatalog:").split(";")[0].strip().rstrip(".")
        if not said:
            draft.say("Weitere Leistungen dieser Lebenslage (nur im Leistungskatalog verzeichnet):")
        if draft.claim(f"„{leistung.name}“, z. B. {first}", found[0], shorten(found[1])) is not None:
            said += 1
    rest = len(leistungen) - said
    if said and rest > 0:
        draft.say(f"… und {rest} weitere.")


def _referral(draft: Draft) -> None:
    draft.say(
        "Welche Stelle an Ihrem Wohnort zuständig ist, zeigt der Zuständigkeitsfinder des BUS LSA unter "
        f"{BUS_URL}."
    )
