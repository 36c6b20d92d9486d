"""Service and responsibility answers: the asked module of a FIM service, who executes it, which ministry.

Module texts are quoted whole (they are short lists: fees, documents, deadlines), so every line the answer
repeats is inside the quote; responsibility statements come from :class:`ResponsibilityResolver` findings.
"""

from __future__ import annotations

from assistant.compose.detail import DetailFinder
from assistant.compose.draft import Draft, match_score, terms
from assistant.compose.legal import best_sentence
from assistant.compose.office import compose_office
from assistant.knowledge import KnowledgeBase
from assistant.models import Aspect
from assistant.responsibility import Finding, ResponsibilityResolver
from corpora.fim_models import Service

#: aspect -> (module of the service, how the answer introduces it)
MODULES: dict[str, tuple[str, str]] = {
    "kosten": ("kosten", "Kosten"),
    "unterlagen": ("unterlagen", "Erforderliche Unterlagen"),
    "fristen": ("fristen", "Fristen"),
    "voraussetzungen": ("voraussetzungen", "Voraussetzungen"),
    "ablauf": ("verfahrensablauf", "Ablauf"),
    "rechtsgrundlagen": ("rechtsgrundlagen", "Rechtsgrundlagen"),
    "allgemein": ("kurztext", "Kurz gesagt"),
}
MAX_MODULE_QUOTE = 700
#: Words that name a module outright, for a question that asks for more than one (stricter than
#: :data:`ASPECT_WORDS`, which guesses the one module of a question that names none).
NAMED_ASPECTS: dict[str, tuple[str, ...]] = {
    "kosten": ("kostet", "kosten", "gebühr", "teuer", "how much", "cost", "fee"),
    "unterlagen": ("unterlagen", "dokumente", "mitbringen", "documents"),
    "fristen": ("frist", "bis wann", "spätestens", "deadline"),
    "voraussetzungen": ("voraussetzung", "anspruch", "berechtigt"),
}
MAX_FURTHER_ASPECTS = 2
#: Words that name a module when the analysis left the aspect open ("wie viel kost der perso").
ASPECT_WORDS: dict[str, tuple[str, ...]] = {
    # checked in this order: deadline cues first ("Für welchen Zeitraum wird … gezahlt?")
    "fristen": (
        "frist",
        "bis wann",
        "wann",
        "rückwirkend",
        "fällig",
        "zeitraum",
        "wie lange",
        "wie schnell",
        "innerhalb von",
        "sommer",
        "winter",
        "frühjahr",
        "herbst",
        "jahreszeit",
        "how far back",
        "deadline",
        "spätestens",
        "frühestens",
        "wie alt",
        "verboten",
    ),
    "kosten": ("kost", "gebühr", "teuer", "zahlt man", "zahlen", "preis", "cost", "fee", "€", "euro"),
    "unterlagen": ("unterlagen", "dokument", "mitbringen", "nachweis", "documents"),
    "voraussetzungen": ("voraussetzung", "wer darf", "anspruch", "berechtigt"),
    "ablauf": ("ablauf", "wie beantrage", "schritte", "vorgehen"),
}


def guess_aspect(knowledge: KnowledgeBase, service: Service, question: str) -> str:
    """The module a question without a recognised aspect asks for: by cue words, else by word overlap."""
    folded = question.casefold()
    for aspect, words in ASPECT_WORDS.items():
        module = MODULES[aspect][0]
        if any(w in folded for w in words) and knowledge.service_chunk_ids(service, module):
            return aspect
    rest = " ".join(w for w in question.split() if w[:5].casefold() not in terms(service.name))
    # The short text wins ties: a question that asks for no module in particular gets the overview.
    best, best_score = (
        "allgemein",
        max(
            (
                match_score(rest, knowledge.chunks[cid].content or "")
                for cid in knowledge.service_chunk_ids(service, "kurztext")
            ),
            default=0,
        ),
    )
    for aspect, (module, _title) in MODULES.items():
        for cid in knowledge.service_chunk_ids(service, module):
            score = match_score(rest, knowledge.chunks[cid].content or "")
            if score > best_score:
                best, best_score = aspect, score
    return best


def compose_service(
    draft: Draft,
    knowledge: KnowledgeBase,
    resolver: ResponsibilityResolver,
    service: Service,
    aspect: Aspect,
    question: str = "",
    details: DetailFinder | None = None,
) -> None:
    """The asked module, a detail sentence the question asks beyond it, then the executing authority."""
    if aspect == "zustaendigkeit":
        compose_service_responsibility(draft, resolver, service, knowledge=knowledge)
        compose_further_aspects(draft, knowledge, service, question, aspect)
        compose_detail(draft, details, service, question, aspect)
        return
    if aspect == "allgemein" and question:
        aspect = guess_aspect(knowledge, service, question)  # type: ignore[assignment]
    title = MODULES.get(aspect, MODULES["allgemein"])[1]
    cited = _quote_module(draft, knowledge, service, aspect, question)
    if cited:
        compose_further_aspects(draft, knowledge, service, question, aspect)
    else:  # no such module: another text of the service may still give the asked period or sum
        cited = _module_elsewhere(draft, details, service, question, aspect, title)
    if not cited:  # any other detail sentence alone does not make an answer: the subject may be the wrong one
        draft.no_answer = True
        draft.say(f"Zu „{service.name}“ nennen die Quellen keine Angaben zu {title}.")
        draft.say("Die zuständige Stelle kann Ihnen dazu Auskunft geben.")
    compose_detail(draft, details, service, question, aspect)
    for finding in resolver.for_service(service):
        if finding.kind == "authority_type":
            draft.add_finding(finding, text=f"Zuständig ist: {finding.name}")
    compose_office(draft, knowledge, service)
    draft.suggestions += suggestions_for(service, aspect)


def _module_elsewhere(
    draft: Draft, details: DetailFinder | None, service: Service, question: str, aspect: str, title: str
) -> bool:
    """ "Wie lange gilt der Jahresjagdschein?" where the service has no Fristen module but its full text says "drei
    Jagdjahre": the detail sentence that gives a period (a sum, for costs) answers the module."""
    if details is None or not question:
        return False
    for detail in details.find(service, question, "\n".join(draft.lines), aspect, draft.query_vector):
        if details.gives(aspect, detail.sentence):
            text = f"{title} für „{service.name}“: „{detail.sentence}“"
            return draft.claim(text, detail.chunk_id, detail.sentence) is not None
    # "Sind Geschwister berechtigt?" without a Voraussetzungen module: the sentence that is closest in meaning
    # and carries the asked words answers it
    if (detail := details.confirmed(service, question, aspect, draft.query_vector)) is not None:
        text = f"{title} für „{service.name}“: „{detail.sentence}“"
        return draft.claim(text, detail.chunk_id, detail.sentence) is not None
    return False


def _quote_module(
    draft: Draft, knowledge: KnowledgeBase, service: Service, aspect: str, question: str
) -> bool:
    """Quote the service's module of ``aspect`` (a long one: the sentence that matches the question)."""
    module, title = MODULES.get(aspect, MODULES["allgemein"])
    cited = False
    for cid in knowledge.service_chunk_ids(service, module):
        content = (knowledge.chunks[cid].content or "").strip()
        intro = f"{title} für „{service.name}“:" if module != "kurztext" else f"„{service.name}“:"
        if len(content) > MAX_MODULE_QUOTE:  # a long text: the sentence that matches the question
            quote = best_sentence(content, question)
            cited |= draft.claim(f"{intro} „{quote}“", cid, quote) is not None
            continue
        number = draft.cite(cid, content)
        if number is not None:
            draft.say(f"{intro} [{number}]")
            draft.say(content)
            cited = True
    return cited


def asked_aspects(question: str) -> list[str]:
    """The modules a question asks for by name, in a fixed order ("Was kostet das und welche Unterlagen …")."""
    folded = question.casefold()
    return [aspect for aspect, cues in NAMED_ASPECTS.items() if any(c in folded for c in cues)]


def compose_further_aspects(
    draft: Draft, knowledge: KnowledgeBase, service: Service, question: str, answered: str
) -> bool:
    """The other modules the question names besides the one answered: "Welche Unterlagen brauche ich und was
    kostet es?" gets both, "Wo beantrage ich das und was kostet es?" the office and the fee."""
    said = False
    for aspect in asked_aspects(question)[:MAX_FURTHER_ASPECTS]:
        if aspect != answered:
            said |= _quote_module(draft, knowledge, service, aspect, question)
    return said


def compose_detail(
    draft: Draft, details: DetailFinder | None, service: Service, question: str, aspect: str
) -> bool:
    """Quote the sentences that answer what the question asks beyond the module ("wie viel Finderlohn")."""
    if details is None or not question:
        return False
    said = False
    quoted = "\n".join(draft.lines)
    for detail in details.find(service, question, quoted, aspect, draft.query_vector):
        text = f"Dazu heißt es: „{detail.sentence}“"
        said |= draft.claim(text, detail.chunk_id, detail.sentence) is not None
    return said


def compose_service_responsibility(
    draft: Draft,
    resolver: ResponsibilityResolver,
    service: Service,
    *,
    knowledge: KnowledgeBase,
    digitalisation: bool = False,
) -> bool:
    """Who executes the service (its authority type, the description's own words on the office) and which
    ministry is responsible for it; with ``digitalisation``, who is responsible for putting it online."""
    findings = resolver.digitalisation(service) if digitalisation else resolver.for_service(service)
    if digitalisation:
        compose_principle(draft, resolver)
    said = False
    for finding in findings:
        if finding.kind == "authority_type":
            said |= (
                draft.add_finding(finding, text=f"Zuständig für „{service.name}“ ist: {finding.name}")
                is not None
            )
            if not digitalisation:
                compose_office(draft, knowledge, service)
        else:
            lead_in = (
                "Für die Digitalisierung zuständig ist deshalb"
                if digitalisation
                else "Fachlich verantwortlich ist"
            )
            said |= draft.add_finding(finding, text=f"{lead_in} {nominative(finding)}") is not None
    if said and not digitalisation:
        draft.say(
            "Die konkrete Stelle an Ihrem Wohnort finden Sie im Zuständigkeitsfinder des BUS LSA unter "
            "https://www.buerger.sachsen-anhalt.de."
        )
    draft.suggestions += suggestions_for(service, "zustaendigkeit")
    return said


def compose_principle(draft: Draft, resolver: ResponsibilityResolver) -> bool:
    found = False
    for doc, quote in resolver.principle()[:1]:
        found |= (
            draft.claim(
                "Es gilt der Leitsatz „Die Digitalisierungsverantwortung folgt der "
                "Fachverantwortung“: Wer fachlich für eine Leistung zuständig ist, ist auch für "
                "deren Digitalisierung zuständig",
                doc,
                quote,
            )
            is not None
        )
    return found


def compose_findings(draft: Draft, findings: list[Finding], subject: str | None = None) -> bool:
    """Responsibility from organisation records (OZG role, relation, authority type, ministry)."""
    said = False
    ordered = sorted(findings, key=lambda f: f.kind == "authority_type")  # ministry first for OZG roles
    for finding in ordered:
        if finding.kind == "authority_type":
            text = f"Zuständige Stelle{f' für {subject}' if subject else ''} ist: {finding.name}"
        elif finding.role and "fachlich verantwortlich" in finding.role:
            text = f"Fachlich verantwortlich ist {nominative(finding)}"
        else:
            what = f" für {subject}" if subject else ""
            text = f"Zuständig{what} ist {nominative(finding)}"
        said |= draft.add_finding(finding, text=text) is not None
    return said


def suggestions_for(service: Service, aspect: str) -> list[str]:
    options = {
        "kosten": f"Was kostet „{service.name}“?",
        "unterlagen": f"Welche Unterlagen brauche ich für „{service.name}“?",
        "zustaendigkeit": f"Wer ist für „{service.name}“ zuständig?",
        "fristen": f"Welche Fristen gelten für „{service.name}“?",
    }
    return [q for a, q in options.items() if a != aspect][:3]


def nominative(finding: Finding) -> str:
    """The finding's organisation as the subject of a sentence ("das Ministerium der Finanzen (MF)")."""
    label = f"{finding.name} ({finding.abbreviation})" if finding.abbreviation else finding.name
    if finding.kind == "staatskanzlei":
        return f"die {label}"
    if finding.kind == "ministry":
        return f"das {label}"
    return label
