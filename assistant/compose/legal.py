"""Legal answers: name the norm ("§ 9 Abs. 1 EGovG LSA") and quote it; say plainly what is not indexed.

The law is only partly recovered (see the EGovG LSA manifest); whether a § or Absatz is contained is
decided by ``Law.coverage_of``, and the manifest's gap note explains a missing or cut-off text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.citations import lead, sentences, shorten
from assistant.compose.draft import STOPWORDS, Draft, match_score
from assistant.compose.legal_items import asked_absatz, asked_item, asks_beyond, quote_item
from assistant.knowledge import KnowledgeBase
from corpora.base import SourceKind
from corpora.ids import is_of, norm_id, norm_prefix

_NORM_ID = re.compile(r"§\s*(\d+[a-z]?)(?:/abs(\d+[a-z]?))?")
LEGAL_QUOTE = 800  # an Absatz opening a list is quoted with its items (§ 1 Abs. 3: ~600 characters)
OFFICIAL_TEXT = "https://www.landesrecht.sachsen-anhalt.de"


def parse_norm(entity_id: str) -> tuple[str, str | None] | None:
    """``egovg-lsa/§9/abs1`` -> ("9", "1"); ``egovg-lsa/§5`` -> ("5", None)."""
    if not is_of(entity_id, SourceKind.EGOVG_LSA):
        return None  # another law (BMG, OZG, …) or the EGovG LSA as a whole
    match = _NORM_ID.search(entity_id)
    return (match.group(1), match.group(2)) if match else None


def norm_label(paragraph: str, absatz: str | None) -> str:
    return f"§ {paragraph} Abs. {absatz} EGovG LSA" if absatz else f"§ {paragraph} EGovG LSA"


def norm_chunk_ids(knowledge: KnowledgeBase, paragraph: str, absatz: str | None = None) -> list[str]:
    """Chunk ids of a § (all Absätze, in order) or of one Absatz (all parts)."""
    prefix = norm_id(paragraph, absatz) if absatz else norm_prefix(paragraph)
    ids = [cid for cid in knowledge.chunks if cid.startswith(prefix)]
    if absatz:
        ids = [cid for cid in ids if cid == prefix or cid.startswith(prefix + "/")]
    return ids  # kb.chunks keeps the chunker's (document) order


def legal_lead(text: str) -> str:
    """The opening statement of an Absatz: up to the first sentence end, with the items of a list."""
    parts = sentences(text)
    chosen: list[str] = []
    for part in parts:
        chosen.append(part)
        if part.endswith((".", "!", "?")) and len(chosen) >= 1 and not part.endswith(":"):
            break
    if not chosen:
        return ""
    begin = text.index(chosen[0])
    end = text.index(chosen[-1], begin) + len(chosen[-1])
    return shorten(text[begin:end], LEGAL_QUOTE)


def _first_sentence(note: str) -> str:
    """The first statement of a manifest gap note ("Text und Überschrift fehlen")—the rest is background."""
    first = sentences(note.split(";")[0])
    return first[0].rstrip(".") if first else ""


def missing_norm(
    draft: Draft,
    knowledge: KnowledgeBase,
    paragraph: str,
    absatz: str | None,
    item: str | None = None,
    *,
    sentences_asked: bool = False,
) -> None:
    """ "§ 5 EGovG LSA ist in der indexierten Fassung nicht enthalten …" (no_answer); with ``item``, the list
    item of a contained Absatz ("§ 17 Abs. 1 Nr. 10"), explained by the Absatz's gap note when it has one."""
    law = knowledge.law
    gaps = law.gaps_for(paragraph, absatz) if _valid(paragraph) else []
    if item is not None:  # only a note about the Absatz's items explains a missing item
        gaps = [g for g in gaps if g.kind == "partial" and "Nr" in (g.note or "")]
        first = sentences(gaps[0].note) if gaps and gaps[0].note else []
        note = first[0].rstrip(".") if first else ""
    else:
        note = _first_sentence(gaps[0].note) if gaps else ""
    label = norm_label(paragraph, absatz).replace(
        " EGovG LSA", f" Nr. {item} EGovG LSA" if item else " EGovG LSA"
    )
    if sentences_asked:  # the Absatz is there, the asked sentences are not
        label = f"Der gefragte Teil von {label}"
        note = re.sub(r"^Nur\b", "nur", note)  # "(nur Satz 1 von Abs. 3 enthalten)"
    text = f"{label} ist in der indexierten Fassung nicht enthalten"
    text += f" ({note})." if note else "."
    draft.no_answer = True
    draft.say(text)
    official = getattr(law.manifest, "official_url", None) or OFFICIAL_TEXT
    draft.say(f"Den amtlichen Volltext finden Sie unter {official}.")
    if not sentences_asked:  # the § itself is indexed: the list of §§ would say nothing
        contained = ", ".join(f"§ {p.number}" for p in law.paragraphs)
        draft.say(f"Enthalten sind: {contained}.")


def compose_norm(
    draft: Draft,
    knowledge: KnowledgeBase,
    entity_id: str,
    question: str,
    hit_ids: list[str] | None = None,
    frequency: Callable[[str], int] | None = None,
) -> bool:
    """Quote the named § / Absatz; returns False when nothing could be quoted.

    :param frequency: :func:`law_frequency` of ``knowledge``, made once by the caller (read here otherwise).
    """
    parsed = parse_norm(entity_id)
    if parsed is None:
        return False
    paragraph, absatz = parsed
    law = knowledge.law
    coverage = law.coverage_of(paragraph, absatz) if _valid(paragraph) else "unknown"
    if coverage in ("missing", "unknown"):
        missing_norm(draft, knowledge, paragraph, absatz)
        return True
    asked = asked_item(question, paragraph)
    named = asked.absatz if asked is not None and asked.absatz else asked_absatz(question, paragraph)
    if named is not None and named != absatz:
        # "§ 1 Abs. 1 Nr. 2" asks Abs. 1; "Und was regelt Absatz 2?" after § 16 Abs. 3 asks § 16 Abs. 2
        absatz = named
        coverage = law.coverage_of(paragraph, absatz)
        if coverage in ("missing", "unknown"):
            missing_norm(draft, knowledge, paragraph, absatz)
            return True
    para = law.paragraph(paragraph)
    found = para.absatz(absatz) if para is not None and absatz else None
    note = (
        " ".join(g.note or "" for g in law.gaps_for(paragraph, absatz) if g.kind == "partial")
        if found
        else ""
    )
    if coverage == "partial" and found is not None and absatz and asks_beyond(question, absatz, note):
        missing_norm(draft, knowledge, paragraph, absatz, sentences_asked=True)  # "Satz 2 von § 16 Abs. 3"
        return True
    ids = norm_chunk_ids(knowledge, paragraph, absatz)
    title = f" ({para.title})" if para is not None else ""
    item_quote = ""
    if asked is not None:  # "Was steht in § 17 Abs. 1 Nr. 10?": that item, or plainly that it is missing
        item_quote = quote_item(
            draft, knowledge, ids, asked.item, title, coverage, norm_label(paragraph, absatz)
        )
        if not item_quote:
            missing_norm(draft, knowledge, paragraph, absatz, asked.item)
            return True
    first = True
    frequency = frequency or law_frequency(knowledge)
    for cid in ids[:4]:
        chunk = knowledge.chunks[cid]
        if int(chunk.meta.get("part") or 1) > 1:
            continue  # the continuation of a long Absatz: its opening part carries the statement
        label = str(chunk.meta.get("label") or norm_label(paragraph, absatz))
        quote = best_sentence(chunk.content or "", question) if not first else legal_lead(chunk.content or "")
        intro = f"{label}{title} regelt" if first else f"{label}"
        if draft.claim(f"{intro}: „{quote}“", cid, quote) is not None:
            first = False
            passage = asked_passage(chunk.content or "", question, quote, frequency)
            if passage and item_quote and (passage in item_quote or item_quote in passage):
                passage = ""  # the asked item is quoted already
            if passage:  # "Gilt es für die Universitätsklinika?": the item of § 1 Abs. 3 that says so
                draft.claim(f"Darin heißt es: „{passage}“", cid, passage)
    if first:
        return False
    # "Gilt § 7 Abs. 1 auch bei …?" is often answered by a neighbouring Absatz that retrieval found
    neighbours = [h for h in (hit_ids or [])[:5] if h.startswith(norm_prefix(paragraph)) and h not in ids]
    if absatz and neighbours:
        text = knowledge.chunks[neighbours[0]].content or ""
        quote = best_sentence(text, question)
        if _score(quote, question) > _score(draft.citations.citations[0].quote, question):
            label = str(knowledge.chunks[neighbours[0]].meta.get("label"))
            draft.claim(f"Siehe auch {label}: „{quote}“", neighbours[0], quote)
    if coverage == "partial":
        open_gaps = [g for g in law.gaps_for(paragraph, absatz) if g.kind in ("partial", "missing")]
        detail = "; ".join(_first_sentence(g.note) for g in open_gaps if g.note)
        draft.say(
            "Hinweis: Der Text ist in der indexierten Fassung unvollständig"
            + (f" ({detail})." if detail else ".")
        )
    draft.suggestions += [
        f"Was steht in § {p.number} EGovG LSA?" for p in law.paragraphs if str(p.number) != paragraph
    ][:2]
    return True


def compose_law_hits(
    draft: Draft, knowledge: KnowledgeBase, hit_ids: list[str], question: str, definition: bool = False
) -> bool:
    """No norm named: quote the best-matching sentence of the top law chunks found by retrieval.

    :param definition: the question asks what something is; a Legaldefinition ("… im Sinne dieses
        Gesetzes sind …") then wins a tie, instead of the retrieval rank deciding it.
    """
    found = []
    for rank, cid in enumerate(
        h for h in hit_ids if is_of(h, SourceKind.EGOVG_LSA) and h in knowledge.chunks
    ):
        quote = best_sentence(knowledge.chunks[cid].content or "", question)
        bonus = 1 if definition and _LEGAL_DEFINITION.search(quote) else 0
        found.append((-_score(quote, question) - bonus, rank, cid, quote))
    chosen = sorted(found)[:2]
    if len(chosen) == 2 and chosen[1][0] == 0:
        chosen = chosen[:1]  # a second norm only when it shares words with the question
    for n, (_, _rank, cid, quote) in enumerate(chosen):
        chunk = knowledge.chunks[cid]
        label = str(chunk.meta.get("label"))
        text = f"Dazu regelt {label}: „{quote}“" if n == 0 else f"Siehe auch {label}: „{quote}“"
        draft.claim(text, cid, quote)
    return bool(draft.citations.citations)


_LIST_ITEM = re.compile(r"^\d+[a-z]?\.\s")
_TOPIC_WORD = re.compile(r"[\wäöüÄÖÜß-]{4,}")


def asked_passage(
    text: str, question: str, quoted: str, frequency: Callable[[str], int] = lambda _word: 1
) -> str:
    """The sentence or list item of an Absatz that the question points to by words that occur in it alone and
    not in the quoted opening ("Universitätsklinika": § 1 Abs. 3 Nr. 4), with the items it introduces when it
    ends in a colon ("folgende Daten …:"); "" when no part stands out that way."""
    parts = sentences(text)
    folded = [p.casefold() for p in parts]
    words = {_stem(w.casefold()) for w in _TOPIC_WORD.findall(question)} - STOPWORDS
    pointing: dict[int, float] = {}
    for word in words:
        if word in quoted.casefold():
            continue
        found = [i for i, f in enumerate(folded) if word in f]
        if len(found) == 1 and parts[found[0]] not in quoted:  # a word of this part alone
            # weighed by its rarity in the law: "gilt" stands in many Absätze, "Universitätsklinika" in one
            pointing[found[0]] = pointing.get(found[0], 0.0) + 1.0 / max(1, frequency(word))
    ranked = sorted(pointing.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return ""
    at = ranked[0][0]
    chosen = [parts[at]]
    if parts[at].endswith(":"):  # the list it introduces is what it says
        for part in parts[at + 1 :]:
            if not _LIST_ITEM.match(part):
                break
            chosen.append(part)
    begin = text.index(chosen[0])
    end = text.index(chosen[-1], begin) + len(chosen[-1])
    return shorten(text[begin:end], LEGAL_QUOTE)


#: Inflection endings dropped from a question's word before it is looked up ("Basisdiensten" -> "basisdienst").
_ENDINGS = ("en", "es", "er", "em", "e", "n", "s")
MIN_STEM = 5


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def law_frequency(knowledge: KnowledgeBase) -> Callable[[str], int]:
    """In how many Absätze of the indexed law a word occurs (the law's texts are read here, once per process)."""
    texts = [
        (chunk.content or "").casefold()
        for cid, chunk in knowledge.chunks.items()
        if is_of(cid, SourceKind.EGOVG_LSA)
    ]
    return lambda word: sum(1 for text in texts if word in text)


def best_sentence(text: str, question: str) -> str:
    """The sentence sharing most topic words with the question (the first one on ties)."""
    candidates = sentences(text)
    if not candidates:
        return ""
    scored = [(match_score(question, s), -i, s) for i, s in enumerate(candidates)]
    best = max(scored)
    return shorten(best[2]) if best[0] > 0 else shorten(lead(text))


#: How statutes define their terms: "Stellen der Landesverwaltung im Sinne dieses Gesetzes sind: …"
_LEGAL_DEFINITION = re.compile(r"\bim Sinne dieses Gesetzes\b", re.IGNORECASE)


def _score(sentence: str, question: str) -> int:
    return match_score(question, sentence)


def _valid(paragraph: str) -> bool:
    return bool(re.fullmatch(r"\d+[a-z]?", paragraph))
