"""What a service's own description says about who executes it: its Zuständige-Stelle module.

The authority type ("Wohngeldbehörde") names a kind of office; the description says which one and where the
rule has exceptions: "… oder eine größere Gemeinde mit eigener Wohngeldstelle (z. B. Lutherstadt Eisleben)",
"… außerorts der Landkreis für Kreisstraßen und die Landesstraßenbaubehörde Sachsen-Anhalt …", "… nur für
öffentliche Urkunden aus Sachsen-Anhalt". Those sentences are quoted beside the authority type; the closing
referral to the Zuständigkeitsfinder (a link) is said by the composer in its own words, so it is left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.citations import MAX_QUOTE, sentences, shorten
from assistant.compose.draft import Draft
from assistant.knowledge import KnowledgeBase
from corpora.fim_models import Service

OFFICE_MODULE = "zustaendige-stelle"
#: A sentence with a link or naming the finder is the referral to the finder, not a statement about the office.
_REFERRAL = re.compile(r"https?://|www\.|Zuständigkeitsfinder", re.I)


def office_statement(knowledge: KnowledgeBase, service: Service) -> tuple[str, str] | None:
    """(chunk id, exact span) of the module's sentences before the referral, as many as fit one quote."""
    for chunk_id in knowledge.service_chunk_ids(service, OFFICE_MODULE):
        if span := statement_of(knowledge.chunks[chunk_id].content or ""):
            return chunk_id, span
    return None


@lru_cache(maxsize=512)
def statement_of(text: str) -> str:
    """The span of ``text`` before its referral sentence ("" when it opens with one); split once per module text,
    not on every answer."""
    kept: list[str] = []
    for sentence in sentences(text):
        if _REFERRAL.search(sentence):
            break
        kept.append(sentence)
    if not kept:
        return ""
    begin = text.index(kept[0])
    end = begin + len(kept[0])
    for sentence in kept[1:]:
        stop = text.index(sentence, end) + len(sentence)
        if stop - begin > MAX_QUOTE:
            break
        end = stop
    return shorten(text[begin:end])


def _already_quoted(draft: Draft, quote: str) -> bool:
    """Any sentence of the statement is in the answer already (the detail finder may have quoted it)."""
    said = "\n".join(draft.lines)
    return any(sentence in said for sentence in sentences(quote))


def compose_office(draft: Draft, knowledge: KnowledgeBase, service: Service) -> bool:
    """Quote the description's statement on the executing office, unless the answer already quotes it."""
    found = office_statement(knowledge, service)
    if found is None:
        return False
    chunk_id, quote = found
    if _already_quoted(draft, quote):
        return False
    cut = " …" if not quote.rstrip().endswith((".", "!", "?", ")")) else ""  # a shortened span says so
    return draft.claim(f"Laut Leistungsbeschreibung: „{quote}{cut}“", chunk_id, quote) is not None
