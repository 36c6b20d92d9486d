"""Intent and aspect: what kind of answer the question wants, from cue phrases and the linked entities.

Cues are regular expressions over the *folded* question (lower case, ä → ae, ß → ss), so "Zuständig",
"zustaendig" and "ZUSTÄNDIG" meet; they are few and about the question form, not the domain.

Priority when several cues fire (tested in ``tests/assistant/test_analysis_intent.py``):

1. smalltalk — a greeting or thanks and nothing from the domain (weakly linked words don't count);
2. out_of_scope — no entity and no domain word (unless the turn is an ellipsis of the previous one);
3. responsibility, *strong* cue ("zuständig", "wer erteilt …", "welches Ministerium", "an wen");
4. legal — a cited norm (unless fees/documents are asked), or a legal cue ("muss eine Behörde",
   "Pflicht", "regelt") without a service;
5. service — a fee, document or deadline cue ("kostet", "Unterlagen", "Frist"); so "Wo beantrage
   ich einen Personalausweis und was kostet er?" is service/kosten: the service answer names the
   office anyway, the costs only it can give;
6. responsibility, *weak* cue ("wo beantrage ich", "bei wem", "wohin"); it outranks the softer
   aspects, so "Wo stelle ich den BAföG-Antrag?" asks for the office;
7. service — a procedure, requirements or legal-basis cue ("wie beantrage ich", "Voraussetzungen");
8. definition ("Was ist …", "Was bedeutet …", "Was macht …");
9. the previous turn's intent for an ellipsis ("Und für Reisepass?");
10. by entity: a service → service; a legal cue → legal; a norm → legal; an organisation, role,
    topic or area → responsibility; a domain word alone ("Bürgeramt", "OZG") → definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models import Aspect, EntityRef, Intent
from indexing.nlp.normalize import fold


def _re(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


SMALLTALK = _re(
    r"^(hallo|hi|hey|moin|servus|huhu|gruss gott|gruess gott|guten (morgen|tag|abend)|na du)\b",
    r"\b(danke|dankeschoen|vielen dank|merci|tschuess|tschau|ciao|auf wiedersehen|bis bald|bis dann)\b",
    r"\bwie geht('?s| es (dir|ihnen))\b|\bwer bist du\b|\bwas kannst du\b|\bbist du ein (bot|mensch)\b",
    r"^(kannst du|koennen sie) (mir )?helfen\b|^can you help\b",
    r"^(hello|hi there|good (morning|evening)|thanks|thank you|bye|goodbye|how are you)\b",
    r"^(ok|okay|super|prima|toll|alles klar|cool)\W*$",
)
STRONG_RESPONSIBILITY = _re(
    r"zustaendig",
    # "Wer erteilt / zahlt / stellt … aus": any verb but those asking who *may* or *must* ("Wer kann …").
    r"\bwer (?!(kann|koennen|darf|duerfen|bekommt|bekommen|erhaelt|muss|muessen|hat anspruch|soll|wird)\b)"
    r"[a-z]{3,}",
    r"\ban wen\b|\bwen (muss|kann|soll) ich\b",
    r"\bwelche[rsmn]? (behoerde|amt|aemter|ministerium|ressort|dienststelle|verwaltung|institution|"
    r"einrichtung|landesbehoerde|ansprechpartner)",
    r"verantwortlich|federfuehr|ansprechp(artner|erson)",
    r"\bwho (?!(can|may|must|gets|receives|is eligible)\b)[a-z]{2,}|\bresponsib",
    r"\bwhich (authority|ministry|office|agency)",
)
WEAK_RESPONSIBILITY = _re(
    r"\bwo (kann|muss|soll|beantrage|melde|bekomme|erhalte|stelle|gibt es|reiche|mache|lasse|finde|krieg)",
    r"\bwo (\w+ )?(ich|man|wir)\b",
    r"\bwo$|\bbei wem\b|\bwohin (muss|kann|soll|wende)\b",
    r"\bwo\b.*\b(hin|beantragen|anmelden|abmelden|melden)\b",
    r"\bwhere (do|can|should|must) i\b|\bwhere to\b",
    r"\bwelche[rn]? (stelle|stellen)\b",
)
LEGAL = _re(
    r"\b(muss|muessen|darf|duerfen|soll|sollen) (eine |die |jede |der |alle )?(landes)?"
    r"(behoerde|verwaltung|stelle|kommune|gemeinde|land|ministeri)",
    r"pflicht|verpflicht|\bgeltungsbereich|anwendungsbereich|anwendbar|\bgilt (das|der|die|fuer)\b",
    r"\bregel(t|n|ung)\b|\bsteht (in|im)\b|\bbesagt\b|\bvorschrift|\bgesetz|\bparagra|§|\bab wann\b",
    r"\brecht(lich|e und pflichten)\b|\bausgenommen\b|\bausnahme",
    r"\b(darf|duerfen)\b.*\b(verarbeit|gespeichert|speicher|erhoben|genutzt|weitergegeben)",
    r"vertrauensniveau|datenschutz|datenverarbeitung|personenbezogen",
    r"\b(must|obliged|obligation|law|act|section|statute|legal)\b",
)
ASPECTS: tuple[tuple[Aspect, re.Pattern[str]], ...] = (
    (
        "kosten",
        _re(
            # "Kosten" as a plain noun ("kann die Kosten für das Heim nicht bezahlen") asks about no fee.
            r"\bkoste(t)?\b|\b(was|welche|wie hoch sind die|wie viel|wieviel) kosten\b|kostenlos|kostenfrei",
            r"\bkosten (an|entstehen)|entstehen\b.*\bkosten\b|\bkosten\b.*\b(entstehen|anfallen)\b",
            r"gebuehr|\bpreis|\bteuer|\bwie ?viel\b.*\b(zahl|bezahl|euro)|\beuro\b",
            r"\bhow much\b|\bcosts?\b|\bfees?\b",
        ),
    ),
    (
        "unterlagen",
        _re(
            r"unterlage|dokument|\bnachweis|mitbring|mitnehm|\bwelche papiere\b",
            r"\bwas (brauch|benoetig)|\b(brauche|benoetige) ich\b|\bdocuments?\b|what do i need",
        ),
    ),
    (
        "fristen",
        _re(
            r"\bfrist|\bwie lange\b|\bdauer|bearbeitungszeit|(?<!seit )\bwann\b",
            r"\bwie (schnell|zuegig|bald)\b",
            # "innerhalb von zwei Wochen", not "innerhalb der Stadt"
            r"\binnerhalb (von|welche|eine|\d)|\bspaetestens\b|\bin welchem zeitraum\b",
            r"\bhow long\b|\bdeadline|\bwhen\b|\bhow (soon|quickly)\b",
        ),
    ),
    (
        "voraussetzungen",
        _re(r"voraussetzung|\bbedingung|\bwer (kann|darf)\b|berechtigt|\banspruch\b", r"requirement|eligib"),
    ),
    ("rechtsgrundlagen", _re(r"rechtsgrundlage|gesetzliche grundlage|\bwelches gesetz\b|legal basis")),
    (
        "ablauf",
        _re(
            r"\bwie (beantrage|bekomme|erhalte|melde|kann ich|funktioniert|laeuft|geht (das|man)|mache)",
            r"\bwie stelle\b|\bablauf|\bschritte\b|\bvorgehen|\bonline\b|\bantrag\b|\bverfahren\b",
            r"\bwas (muss ich|ist zu) tun",
            r"\bhow (do|can|to)\b|\bprocedure",
        ),
    ),
)
DEFINITION = _re(
    r"^(und )?(was (genau )?(ist|sind|bedeutet|bedeuten|heisst|meint|versteht man|macht|tut))",
    r"^(und )?(erklaer|definier|definition)",
    r"^(what (is|are|does)|explain|define)\b",
)
NOT_DEFINITION = re.compile(r"\bzu (tun|beachten)\b|\b(noetig|notwendig|erforderlich|los)\b")
#: Words that place a question in the domain even without a named entity.
DOMAIN = _re(
    r"behoerde|\bamt\b|aemter|verwaltung|\bantrag|beantrag|gesetz|egovg|\bozg\b|e-government|digital|"
    r"minister|zustaendig|\bleistung|formular|\bbuerger|kommun|gemeinde|landkreis|"
    r"\bfim\b|leika|portal|§|paragra|government|authority|ministry|\boffice\b",
    # what one asks an authority for: "… muss ich das anzeigen?", "Brauche ich eine Genehmigung?"
    r"\banzeig|genehmig|erlaubnis|bescheinigung",
)
#: A request to write or translate a text ("Schreib mir eine Pressemitteilung …", "Übersetz mir den Bescheid …",
#: "Kannst du mir einen Brief ans Amt schreiben?"): answers here are composed from sources, no text is written to
#: order, however much of the request's vocabulary the corpus shares. Read on the folded text with its punctuation
#: (a clause ends at a comma); writing counts only with a text to write ("Schreib mir auf, welche Unterlagen …" and
#: "Kannst du mir die Adresse schreiben?" ask for information).
_GREETING = r"^(?:(?:hallo|hi|hey|moin|servus|guten (?:morgen|tag|abend))\W+)?(?:bitte\s+)?"
_TEXTS = (
    r"(?:\w*(?:brief|schreiben|text|mitteilung|mail|gedicht|rede|widerspruch|anschreiben|kuendigung|bewerbung"
    r"|antrag|einladung|artikel|aufsatz|entwurf|letter|poem|speech|essay|release|complaint|message)|beitrag|post)\b"
)
#: What one asks to be told, not written: a list, an overview, an answer ("Schreib mir eine Liste der Unterlagen").
_TOLD = r"(?!(?:[\w-]+\s+)?(?:liste|uebersicht|ueberblick|zusammenfassung|antwort|nachricht|info)\b)"
#: "a …" to write is a text ("Schreib mir einen kurzen Absatz"); "the …" only when it names one ("die Adresse").
_OBJECT = (
    r"(?:(?:ein|eine|einen|ne|nen)\s+" + _TOLD + r"[\w-]+"
    r"|(?:den|die|das|unseren|unsere|unser|meinen|meine|mein)\s+(?:[\w-]+\s+){0,2}?" + _TEXTS + r")"
)
#: Words between the object and the verb of "Kannst du mir … schreiben?" that make it a question about someone who
#: writes ("… eine Stelle nennen, die Urkunden übersetzen kann"), and the modal verb after such an infinitive.
_GAP = r"(?:\s+(?!(?:wo|wie|was|wer|ob|dass|nennen|geben|empfehlen|sagen|zeigen)\b)[\w-]+){0,8}?"
_NOT_MODAL = r"(?!\s+(?:kann|kannst|koennen|soll|sollte|muss|darf|will)\b)"
_WRITE = r"(?:schreiben|verfassen|formulieren|entwerfen)"
_ASKING = r"(?:kannst du|koenntest du|koennen sie|koennten sie|wuerdest du|wuerden sie)"
COMPOSE = _re(
    # "Schreib mir einen Brief …" (not the formal "Schreiben Sie mir …?", asked of an office), not "… auf"
    _GREETING
    + r"(?![^,.;:!?]*\bauf\s*(?:[,.;:!?]|$))"
    + r"(?:schreibe?|verfasse?|verfassen sie|formuliere?|formulieren sie|entwirf|entwerfen sie)\s+"
    + r"(?:(?:mir|uns|bitte|mal|kurz)\s+)*"
    + _OBJECT,
    _GREETING + r"uebersetz(?:e|en sie)?\s+(?:(?:mir|uns|bitte|mal)\b\s*)*"
    r"(?::|(?:den|die|das|diesen|diese|dieses|unseren|unsere|unser|meinen|meine|mein|ein|eine|einen)\b)",
    _GREETING
    + _ASKING
    + r"(?:\s+(?:mir|uns|fuer mich|fuer uns|bitte|mal|kurz))*\s+"
    + _OBJECT
    + _GAP
    + r"\s+"
    + _WRITE
    + r"\b"
    + _NOT_MODAL,
    _GREETING + _ASKING + r"(?:\s+(?:mir|uns|fuer mich|fuer uns|bitte|mal))*\s+"
    r"(?:den|die|das|diesen|diese|dieses|unseren|unsere|meinen|meine|ein|eine|einen)\b"
    + _GAP
    + r"\s+uebersetzen\b"
    + _NOT_MODAL,
    r"^(?:please\s+)?(?:(?:can|could) you\s+)?(?:write|draft|compose)\s+(?:me\s+|us\s+)?(?:a|an|the|my|our)\s+"
    r"(?:[\w-]+\s+){0,2}?" + _TEXTS,
    r"^(?:please\s+)?(?:(?:can|could) you\s+)?translate\s+(?:this|the|my|our|a)\b",
)


@dataclass
class Cues:
    """Which cue families fire; computed once per question, reused by the follow-up logic."""

    smalltalk: bool
    strong_responsibility: bool
    weak_responsibility: bool
    legal: bool
    definition: bool
    aspect: Aspect | None
    domain: bool
    #: a request to write or translate a text (:data:`COMPOSE`)
    compose: bool = False

    @property
    def any_question_cue(self) -> bool:
        return any(
            (
                self.strong_responsibility,
                self.weak_responsibility,
                self.legal,
                self.definition,
                self.aspect is not None,
            )
        )


def fold_question(text: str) -> str:
    """Folded, punctuation-free, single-spaced: what the cue patterns read."""
    return " ".join(re.sub(r"[^\w§'\-]+", " ", fold(text)).split())


def find_cues(text: str) -> Cues:
    folded = fold_question(text)
    aspect = next((name for name, pattern in ASPECTS if pattern.search(folded)), None)
    return Cues(
        smalltalk=bool(SMALLTALK.search(folded)),
        strong_responsibility=bool(STRONG_RESPONSIBILITY.search(folded)),
        weak_responsibility=bool(WEAK_RESPONSIBILITY.search(folded)),
        legal=bool(LEGAL.search(folded)),
        definition=bool(DEFINITION.search(folded)) and not NOT_DEFINITION.search(folded),
        aspect=aspect,
        domain=bool(DOMAIN.search(folded)) or "§" in text,
        compose=bool(COMPOSE.search(fold(text).strip())),
    )


def classify(
    cues: Cues,
    entities: list[EntityRef],
    *,
    fallback: tuple[Intent, Aspect] | None = None,
    elliptic: bool = False,
) -> tuple[Intent, Aspect]:
    """Intent and aspect by the priority rules of this module's docstring.

    :param cues: The question's cue families.
    :param entities: Linked (possibly carried-over) entities, best first.
    :param fallback: The previous turn's intent and aspect, used for an ellipsis without cues.
    :param elliptic: The question is a fragment that only makes sense with the previous turn.
    """
    kinds = {e.kind for e in entities}
    services = "service" in kinds
    # Citations score >= 0.85; a norm found only through its § title (0.75 at most) is no citation.
    cited_norm = any(e.kind == "norm" and e.score >= 0.85 for e in entities)
    # A norm of another law ("Artikel 17 der DSGVO") alone does not place a question in the domain.
    in_domain = any(e.kind != "norm" or e.id.startswith("egovg-lsa") for e in entities) or cues.domain
    weak_only = all(e.score < 0.8 for e in entities)  # "Danke für die Hilfe" names no service
    if cues.smalltalk and not cues.domain and (not entities or (weak_only and not cues.any_question_cue)):
        return "smalltalk", "allgemein"
    if not in_domain and not elliptic:
        return "out_of_scope", "allgemein"
    if cues.strong_responsibility:
        return "responsibility", "zustaendigkeit"
    if cited_norm and cues.aspect not in ("kosten", "unterlagen"):
        return "legal", "allgemein"
    if cues.legal and not services and cues.aspect not in ("kosten", "unterlagen", "fristen"):
        return "legal", "allgemein"
    # Fees, documents and deadlines outrank "wo …?"; a procedure cue ("Antrag") does not.
    service_ok = services or not cues.legal or elliptic
    if cues.aspect in ("kosten", "unterlagen", "fristen") and service_ok:
        return "service", cues.aspect
    if cues.weak_responsibility:
        return "responsibility", "zustaendigkeit"
    if cues.aspect is not None and service_ok:
        return "service", cues.aspect
    if cues.definition:
        return "definition", "allgemein"
    if fallback is not None and elliptic:
        return fallback
    if services:
        return "service", "allgemein"
    if cues.legal:
        return "legal", "allgemein"
    if kinds & {"norm"} and not kinds - {"norm", "area"}:
        return "legal", "allgemein"
    if kinds:
        return "responsibility", "zustaendigkeit"
    if cues.smalltalk:
        return "smalltalk", "allgemein"
    # In the domain but neither named nor asked in a known form: explain from the sources.
    return ("out_of_scope", "allgemein") if not cues.domain else ("definition", "allgemein")
