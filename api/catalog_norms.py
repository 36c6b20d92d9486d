"""The EGovG LSA as the API shows it: the overview with known gaps and one § with its Absätze.

Ids and labels come from the indexed chunks, so a link from a citation and a norm page always meet.
"""

from __future__ import annotations

from api.schemas_catalog import Absatz, Gap, LawDetail, NormDetail, NormItem, ParagraphRef
from assistant.knowledge import KnowledgeBase
from corpora.egovg_models import Item, KnownGap, parse_number
from lsa_assistant.errors import BadRequestError, NotFoundError

LAW_ID = "egovg-lsa"


def check_law(kb: KnowledgeBase, law: str) -> None:
    if law.strip().casefold() != LAW_ID:
        raise NotFoundError(f"Das Gesetz {law!r} ist nicht erfasst; verfügbar ist {LAW_ID!r} (EGovG LSA).")


def parse_paragraph(value: str) -> int | str:
    """``9``, ``§9``, ``§ 9``, ``9a`` → the law's own number; anything else is a 400."""
    try:
        return parse_number(value.strip())
    except ValueError:
        raise BadRequestError(f"{value!r} ist keine Paragrafennummer (Beispiel: 9 oder §9).") from None


def _gap(gap: KnownGap) -> Gap:
    absaetze = [str(a) for a in gap.absaetze] if isinstance(gap.absaetze, list) else gap.absaetze
    return Gap(paragraph=str(gap.paragraph), absaetze=absaetze, kind=gap.kind, note=gap.note)


def law_overview(kb: KnowledgeBase, law: str) -> LawDetail:
    check_law(kb, law)
    egovg = kb.law
    return LawDetail(
        law=LAW_ID,
        title=egovg.title,
        abbreviation=egovg.abbreviation,
        long_title=egovg.long_title,
        version=egovg.fassung,
        url=egovg.manifest.url if egovg.manifest else None,
        paragraphs=[
            ParagraphRef(
                paragraph=str(p.number),
                title=p.title,
                label=f"§ {p.number} {egovg.abbreviation}",
                href=f"/v1/norms/{LAW_ID}/{p.number}",
                complete=egovg.coverage_of(p.number) == "contained",
            )
            for p in egovg.paragraphs
        ],
        known_gaps=[_gap(g) for g in egovg.gaps],
    )


def _absatz_chunks(kb: KnowledgeBase) -> dict[tuple[int | str, int | str], tuple[str, str]]:
    """(§, Absatz) → (document id, label) of the indexed chunk; split parts point to their parent."""
    found: dict[tuple[int | str, int | str], tuple[str, str]] = {}
    for chunk in kb.chunks.values():
        meta = chunk.meta
        if meta.get("source") == LAW_ID and meta.get("absatz") is not None:
            key = (parse_number(meta["paragraph"]), parse_number(meta["absatz"]))
            found.setdefault(key, (str(meta.get("parent_id") or meta["id"]), str(meta["label"])))
    return found


def _items(items: list[Item]) -> list[NormItem]:
    return [NormItem(label=i.label, text=i.text, subitems=_items(i.subitems)) for i in items]


def norm_detail(kb: KnowledgeBase, law: str, paragraph: str) -> NormDetail:
    """One § with its Absätze, ids and labels exactly as indexed (so citations and links meet)."""
    check_law(kb, law)
    egovg, number = kb.law, parse_paragraph(paragraph)
    para = egovg.paragraph(number)
    if para is None:
        gaps = egovg.gaps_for(number)
        if gaps:
            notes = " ".join(g.note for g in gaps if g.note)
            raise NotFoundError(
                f"§ {number} {egovg.abbreviation} ist im erfassten Gesetzestext nicht enthalten "
                f"(bekannte Lücke). {notes}".strip()
            )
        raise NotFoundError(f"§ {number} {egovg.abbreviation} ist nicht bekannt.")
    chunks = _absatz_chunks(kb)
    absaetze = []
    for a in para.absaetze:
        document_id, label = chunks[(para.number, a.number)]
        absaetze.append(
            Absatz(
                number=str(a.number),
                label=label,
                text=a.text,
                items=_items(a.items),
                complete=a.complete,
                gap_note=a.gap_note,
                document_id=document_id,
            )
        )
    return NormDetail(
        law=LAW_ID,
        paragraph=str(para.number),
        title=para.title,
        label=f"§ {para.number} {egovg.abbreviation}",
        url=egovg.url_for(para.number) or None,
        absaetze=absaetze,
        gaps=[_gap(g) for g in egovg.gaps_for(para.number)],
    )
