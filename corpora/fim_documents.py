"""Turn a ``Service`` into indexable documents: one per module, plus a short readable service card.

One document per module keeps answers citable to the exact part ("Erforderliche Unterlagen" of a
service); the card gives retrieval one compact place where name, synonyms and responsibility meet.
"""

from __future__ import annotations

from collections.abc import Mapping

from haystack import Document

from corpora.base import make_document
from corpora.certainty import CERTAINTY_LABELS
from corpora.fim_models import LSA_MINISTRIES, STRUCTURED_MODULES, TEXT_MODULES, Service, typisierung_text
from corpora.ids import service_chunk_id
from corpora.organization_models import OrganizationData
from corpora.responsibilities import main_responsibility

#: Said after every stated fee: fees change, and what counts is the authority's own schedule.
BINDING = "verbindlich ist die zuständige Stelle"


def service_documents(
    service: Service,
    ministry_names: Mapping[str, str] = LSA_MINISTRIES,
    organizations: OrganizationData | None = None,
) -> list[Document]:
    """All documents of one service: card first, then the text modules, Kosten and Fristen present.

    :param organizations: with it, the card says how firmly the ministry is backed (from the relation).
    """
    card = service_card(service, ministry_names, organizations)
    docs = [_document(service, "karte", STRUCTURED_MODULES["karte"], card)]
    for module, (_code, title, field) in TEXT_MODULES.items():
        text = getattr(service, field)
        if text:
            docs.append(_document(service, module, title, text))
    if text := kosten_text(service):
        docs.append(_document(service, "kosten", STRUCTURED_MODULES["kosten"], text))
    if text := fristen_text(service):
        docs.append(_document(service, "fristen", STRUCTURED_MODULES["fristen"], text))
    return docs


def service_card(
    service: Service,
    ministry_names: Mapping[str, str] = LSA_MINISTRIES,
    organizations: OrganizationData | None = None,
) -> str:
    """A few lines of plain German: what the service is called and who is responsible for it.

    A ministry that is only derived or not firmly backed says so on its own line, so that an answer quoting
    the line cannot state it more firmly than the source.
    """
    lines = [service.name]
    if service.begriffe:
        lines.append(f"Auch bekannt als: {', '.join(service.begriffe)}")
    if service.authority_names:
        lines.append(f"Zuständige Stelle: {', '.join(service.authority_names)}")
    if service.ministry:
        name = ministry_names.get(service.ministry)
        ministry = f"{name} ({service.ministry})" if name else service.ministry
        main = main_responsibility(service, organizations) if organizations is not None else None
        if main is not None and main.ministry_certainty in ("derived", "uncertain"):
            ministry = f"{ministry} ({CERTAINTY_LABELS[main.ministry_certainty]})"
        lines.append(f"Fachlich zuständiges Ministerium: {ministry}")
    if service.leika_key:
        lines.append(f"Leistungsschlüssel (LeiKa): {service.leika_key}")
    if service.typisierung:
        lines.append(f"Typisierung: {typisierung_text(service.typisierung)}")
    return "\n".join(lines)


def kosten_text(service: Service) -> str:
    """One line per fee, then "Stand: …, verbindlich ist die zuständige Stelle." when a sum is stated.

    The closing sentence lives in the indexed text so that every answer quoting a fee carries its date.
    """
    lines = []
    for k in service.kosten:
        line = k.render()
        if line and k.has_amount and k.sicherheit == "uncertain":
            line = f"{line} ({CERTAINTY_LABELS['uncertain']})"
        if line:
            lines.append(line)
    dates = [k.stand for k in service.kosten if k.has_amount and k.stand is not None]
    if lines and dates:
        lines.append(f"Stand: {max(dates):%d.%m.%Y}, {BINDING}.")
    return "\n".join(lines)


def fristen_text(service: Service) -> str:
    """One line per deadline, then the processing times; empty when none are stated."""
    lines = [line for f in service.fristen if (line := f.render())]
    lines += [f"Bearbeitungsdauer: {line}" for f in service.bearbeitungsdauer if (line := f.render())]
    return "\n".join(lines)


def _document(service: Service, module: str, title: str, content: str) -> Document:
    return make_document(
        doc_id=service_chunk_id(service.key, module),
        content=content,
        source="fim",
        label=service.label,
        title=service.name,
        url=service.url or "",
        version=service.version,
        ministry=service.ministry,
        leika_key=service.leika_key,
        section_path=[service.name, title],
        service_id=service.id,
        module=module,
        typisierung=list(service.typisierung),
        authority_types=list(service.authority_types),
    )
