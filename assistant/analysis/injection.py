"""Prompt-injection phrases: noted (``QueryAnalysis.injection``), cut out, and otherwise ignored.

There is no generative model to hijack, but an injected instruction must neither change the answer
nor pollute entity linking ("du bist jetzt ein Pirat" is no service). The domain question around
it is analysed as if the instruction were not there.
"""

from __future__ import annotations

import re

_INJECTION = re.compile(
    r"(?:ignorier|vergiss|missacht|uebergeh|überspring|überseh|übergeh)\w*\s+(?:\w+\s+){0,3}?"
    r"(?:anweisung|instruktion|regel|vorgabe|befehl|prompt|richtlinie|quelle)\w*"
    r"|ignore\s+(?:\w+\s+){0,3}?(?:instructions?|rules|prompts?|guidelines)"
    r"|disregard\s+(?:\w+\s+){0,3}?(?:instructions?|rules)"
    r"|forget\s+(?:\w+\s+){0,3}?(?:instructions?|rules)"
    r"|(?:du bist|sie sind) (?:ab )?(?:jetzt|nun|ab sofort)\b[^.,;!?]*"
    r"|you are now\b[^.,;!?]*|act as\b[^.,;!?]*|pretend (?:to be|you are)\b[^.,;!?]*"
    r"|(?:tu|tue) so,? als\b[^.,;!?]*|spiel(?:e)? die rolle\b[^.,;!?]*"
    r"|system[\s-]?prompt\w*|systemnachricht|developer mode|entwicklermodus|jailbreak|\bDAN\b"
    r"|\berfinde\w*\b[^.,;!?]*|\bdenk\w* dir\b[^.,;!?]*\baus\b|\bmake up\b[^.,;!?]*|\binvent\b[^.,;!?]*"
    r"|antworte\w* (?:ab jetzt |nur )?(?:noch )?(?:als|wie)\b[^.,;!?]*"
    r"|neue anweisung\w*\s*:?|new instructions?\s*:?"
    r"|(?:gib|zeig|verrat)\w*\s+(?:\w+\s+){0,3}?(?:anweisungen|konfiguration|prompt)\w*"
    r"|<\s*/?\s*(?:system|assistant|im_start|im_end)\s*>",
    re.I,
)


def find_injection(text: str) -> tuple[bool, str]:
    """Whether ``text`` carries injected instructions, and the text without them.

    :returns: ``(found, cleaned)``; ``cleaned`` is ``text`` unchanged when nothing is found.
    """
    cleaned, count = _INJECTION.subn(" ", text)
    if not count:
        return False, text
    return True, " ".join(cleaned.split())
