"""Answers for a service that only the Leistungskatalog (LeiKa, Stand ~2019) knows.

The catalogue names the service, its key, who regulates and who executes it (Typisierung) and the legal basis
– nothing about the authority in Sachsen-Anhalt. So the answer says exactly that much, cites the indexed entry,
says plainly that no Sachsen-Anhalt description is indexed, and points to the BUS LSA Zuständigkeitsfinder. It
names no authority: the data names none.
"""

from __future__ import annotations

from assistant.compose.draft import BUS_URL, HELP_115, Draft
from assistant.knowledge import KnowledgeBase
from assistant.models import QueryAnalysis
from corpora.base import SourceKind
from corpora.ids import catalogue_chunk_id, catalogue_key_of, is_of
from corpora.leika_models import CatalogueEntry


def entry_of_hit(knowledge: KnowledgeBase, hit_id: str) -> CatalogueEntry | None:
    """The catalogue entry of a retrieved chunk id (``leika/<key>``), if it is one."""
    key = catalogue_key_of(hit_id)
    return knowledge.catalogue_entry(key) if key is not None else None


def named_entry(
    knowledge: KnowledgeBase, analysis: QueryAnalysis, top_hit: str | None = None
) -> CatalogueEntry | None:
    """The catalogue entry the question names, unless an organisation or § is named more clearly or the
    best search hit is a curated service description (it then answers better than a catalogue line)."""
    if not analysis.catalogue or is_of(top_hit or "", SourceKind.FIM):
        return None
    best = analysis.catalogue[0]
    if any(e.score > best.score for e in analysis.entities):
        return None
    return knowledge.catalogue_entry(best.id)


def compose_catalogue(draft: Draft, knowledge: KnowledgeBase, entry: CatalogueEntry) -> bool:
    """Name, key, Typisierung in words, legal basis and the outdated-key note, all cited from the entry's
    chunk; then the plain statement that no Sachsen-Anhalt description exists and the referral.

    :returns: False when the entry's chunk is not indexed (the caller then says it has no answer).
    """
    chunk_id = catalogue_chunk_id(entry.key)
    chunk = knowledge.chunk(chunk_id)
    if chunk is None or not chunk.content:
        return False
    quote = chunk.content  # short (a few lines): every statement below is a line of it
    if entry.general_note:
        lead = (
            f"Im Leistungskatalog (LeiKa, Stand 2019) steht „{entry.name}“ (Schlüssel {entry.key}) nur als "
            "allgemeiner Hinweis, nicht als konkrete Verwaltungsleistung"
        )
    else:
        lead = (
            f"Im Leistungskatalog (LeiKa, Stand 2019) ist die Leistung „{entry.name}“ mit dem "
            f"Leistungsschlüssel {entry.key} verzeichnet"
        )
    if draft.claim(lead, chunk_id, quote) is None:
        return False
    if entry.typisierung and not entry.general_note:
        draft.claim(entry.typisierung_text, chunk_id, quote)
    elif not entry.typisierung:
        draft.claim("Eine Typisierung (wer regelt, wer vollzieht) nennt der Katalog nicht", chunk_id, quote)
    if entry.legal_basis:
        draft.claim(f"Rechtsgrundlage laut Katalog: {entry.legal_basis_text}", chunk_id, quote)
    elif entry.laws:
        draft.claim(f"Gesetz laut Katalog: {', '.join(entry.law_names())}", chunk_id, quote)
    if entry.outdated:
        maybe = "vermutlich " if entry.replacement_certainty == "vermutet" else ""
        if entry.replaced_by:
            current = knowledge.service(entry.replaced_by)
            name = current.name if current is not None else entry.replaced_by_name
            named = f"{entry.replaced_by} („{name}“)" if name else entry.replaced_by
            draft.claim(
                f"Dieser Schlüssel ist {maybe}überholt; der aktuelle Schlüssel ist {named}", chunk_id, quote
            )
            if current is not None:
                draft.suggestions.append(f"Wie beantrage ich „{current.name}“?")
        else:
            draft.claim(f"Dieser Schlüssel ist {maybe}überholt", chunk_id, quote)
    draft.claim(
        "Eine Leistungsbeschreibung für Sachsen-Anhalt ist dazu noch nicht hinterlegt", chunk_id, quote
    )
    draft.say("Welche Behörde vor Ort zuständig ist, nennen meine Quellen deshalb nicht.")
    draft.say(
        f"Die zuständige Stelle finden Sie im Zuständigkeitsfinder des BUS LSA unter {BUS_URL} "
        f"oder über {HELP_115}."
    )
    return True
