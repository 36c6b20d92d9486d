"""English questions: detect them and gloss their administrative terms into German.

The corpus is German, so "identity card" has to become "Personalausweis" before entity linking.
``GLOSSARY`` is the **one hand-written list** of the analysis (about 50 administrative terms);
everything else is derived from the corpus. Multi-word entries are replaced before single words.
"""

from __future__ import annotations

import re

GLOSSARY: dict[str, str] = {
    "identity card": "Personalausweis",
    "id card": "Personalausweis",
    "national id": "Personalausweis",
    "passport": "Reisepass",
    "driving licence": "Führerschein",
    "driving license": "Führerschein",
    "driver's license": "Führerschein",
    "drivers license": "Führerschein",
    "international driving permit": "internationaler Führerschein",
    "register my residence": "Wohnsitz anmelden",
    "register my address": "Wohnsitz anmelden",
    "registration certificate": "Meldebescheinigung",
    "residence": "Wohnsitz",
    "address": "Adresse",
    "move": "Umzug",
    "register a car": "Fahrzeug zulassen",
    "register my car": "Fahrzeug zulassen",
    "car registration": "Kfz-Zulassung",
    "vehicle": "Fahrzeug",
    "car": "Auto",
    "number plate": "Kennzeichen",
    "license plate": "Kennzeichen",
    "building permit": "Baugenehmigung",
    "business registration": "Gewerbeanmeldung",
    "register a business": "Gewerbe anmelden",
    "business": "Gewerbe",
    "marriage": "Eheschließung",
    "get married": "heiraten",
    "birth certificate": "Geburtsurkunde",
    "death certificate": "Sterbeurkunde",
    "housing benefit": "Wohngeld",
    "parental allowance": "Elterngeld",
    "child benefit": "Kindergeld",
    "citizen's income": "Bürgergeld",
    "naturalisation": "Einbürgerung",
    "naturalization": "Einbürgerung",
    "citizenship": "Einbürgerung",
    "residence permit": "Aufenthaltserlaubnis",
    "certificate of good conduct": "Führungszeugnis",
    "criminal record": "Führungszeugnis",
    "dog tax": "Hundesteuer",
    "fishing licence": "Fischereischein",
    "fishing license": "Fischereischein",
    "hunting licence": "Jagdschein",
    "hunting license": "Jagdschein",
    "tax return": "Einkommensteuererklärung",
    "tax id": "Steuer-ID",
    "payment platform": "Bezahlplattform",
    "epayment": "Bezahlplattform",
    "user account": "Nutzerkonto",
    "citizen account": "Nutzerkonto",
    "electronic mailbox": "elektronisches Postfach",
    "state network": "Landesnetz",
    "information security": "Informationssicherheit",
    "registration office": "Meldebehörde",
    "registry office": "Standesamt",
    "ministry of the interior": "Ministerium für Inneres und Sport",
    "interior ministry": "Innenministerium",
    "ministry of finance": "Finanzministerium",
    "ministry of justice": "Ministerium für Justiz und Verbraucherschutz",
    "justice ministry": "Justizministerium",
    "ministry of education": "Ministerium für Bildung",
    "education ministry": "Bildungsministerium",
    "education": "Bildung",
    "schools": "Schulische Bildung",
    "school": "Schulische Bildung",
    "digitalisation": "Digitalisierung",
    "digitalization": "Digitalisierung",
    "e-government act": "EGovG LSA",
    "e-government law": "EGovG LSA",
    "subsection": "Abs.",
    "section": "§",
    "apply for": "beantragen",
    "register": "anmelden",
    "deregister": "abmelden",
    "costs": "Kosten",
    "cost": "Kosten",
    "fee": "Gebühr",
    "fees": "Gebühren",
    "documents": "Unterlagen",
}
_GLOSSARY_RE = re.compile(
    r"(?<![\w'])(" + "|".join(re.escape(k) for k in sorted(GLOSSARY, key=len, reverse=True)) + r")(?![\w'])",
    re.I,
)
_ENGLISH = frozenset(
    "the a an is are do does i my me you your who what where when which how can could should "
    "for of to in with responsible need get apply much long it this that please".split()
)
_GERMAN = frozenset(
    "der die das ist sind ich wer was wo wie welche welcher welches für mein meine ein eine und "
    "kann muss brauche zuständig bei mit den dem nicht".split()
)


def detect_language(text: str) -> str:
    """``"en"`` when English function words outnumber German ones, else ``"de"``."""
    words = re.findall(r"[a-zäöüß']+", text.lower())
    english = sum(w in _ENGLISH for w in words)
    german = sum(w in _GERMAN for w in words)
    return "en" if english >= 2 and english > german else "de"


def gloss(text: str) -> str:
    """Replace known English administrative terms by their German equivalents."""
    return _GLOSSARY_RE.sub(lambda m: GLOSSARY[m.group(1).lower()], text)
