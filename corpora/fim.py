"""Load the FIM service descriptions (XZuFi files under ``corpora/data/fim``) as validated ``Service``s.

The parser (``corpora.xzufi``) checks each file on its own; here we check what only the whole corpus
can tell: unique ids and LeiKa keys across files, and that every responsibility link points to a
known ministry or authority (project convention: role 01 = Zuständige Stelle / authority type,
role 02 = fachlich zuständiges Ministerium; see ``corpora/data/fim/README.md``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from haystack import Document
from pydantic import ValidationError

from corpora.base import SourceKind
from corpora.fim_checks import check_fim_corpus
from corpora.fim_documents import service_documents
from corpora.fim_models import LSA_MINISTRIES, TEXT_MODULES, Frist, Kosten, Service
from corpora.links import primary_url
from corpora.organization_models import OrganizationData
from corpora.xzufi import parse_xzufi_file
from corpora.xzufi_models import ParsedDauer, ParsedKosten, ParsedLeistung, ParsedZustaendigkeit, XzufiFile
from lsa_assistant.errors import CorpusError

ROLE_AUTHORITY = "01"
ROLE_MINISTRY = "02"


def load_fim_services(
    directory: Path,
    ministries: Collection[str] | None = None,
    authority_types: Collection[str] | None = None,
    organizations: OrganizationData | None = None,
) -> list[Service]:
    """Read every ``*.xml`` in ``directory`` (sorted by name) and return its services in file order.

    :param ministries: valid ministry abbreviations for role-02 links; None means ``LSA_MINISTRIES``.
    :param authority_types: valid authority-type ids for role-01 links (a mapping id -> name also
        supplies display names); None skips the check. Organisationseinheiten defined in the files
        are always valid targets.
    :param organizations: the organisations corpus; given, it supplies ministries and authority types where
        those are None, and the data rules of ``corpora.fim_checks`` run (relations decide responsibility,
        dated and sourced facts, LeiKa confidence, official primary links).
    :raises CorpusError: naming file, element and line of the first problem found.
    """
    files = [parse_xzufi_file(p) for p in sorted(Path(directory).glob("*.xml"))]
    return build_services(
        files, ministries=ministries, authority_types=authority_types, organizations=organizations
    )


def build_services(
    files: list[XzufiFile],
    ministries: Collection[str] | None = None,
    authority_types: Collection[str] | None = None,
    organizations: OrganizationData | None = None,
) -> list[Service]:
    """Cross-check parsed files and turn each ``leistung`` into a ``Service`` (see ``load_fim_services``)."""
    if organizations is not None:
        ministries = set(organizations.ministry_ids()) if ministries is None else ministries
        authority_types = organizations.authority_type_names() if authority_types is None else authority_types
    known_ministries = LSA_MINISTRIES if ministries is None else ministries
    owners: dict[str, tuple[XzufiFile, ParsedLeistung]] = {}
    for file in files:
        for leistung in file.leistungen:
            if leistung.id in owners:
                first_file, first = owners[leistung.id]
                raise CorpusError(
                    f"duplicate leistung id {leistung.id!r}"
                    f" (first in {first_file.path.name}, line {first.line})",
                    path=file.path,
                    where=leistung.where,
                )
            owners[leistung.id] = (file, leistung)
    org_names = {o.id: o.name or o.id for f in files for o in f.organisationseinheiten}
    display = dict(authority_types) if isinstance(authority_types, Mapping) else {}
    links: dict[str, list[ParsedZustaendigkeit]] = {}
    for file in files:
        for link in file.zustaendigkeiten:
            _check_link(file, link, owners, known_ministries, authority_types, org_names)
            links.setdefault(link.leistung_id, []).append(link)

    services: list[Service] = []
    by_key: dict[str, Service] = {}
    for file, leistung in owners.values():
        service = _service(file, leistung, links.get(leistung.id, []), {**org_names, **display})
        if service.leika_key and service.leika_key in by_key:
            other = by_key[service.leika_key]
            raise CorpusError(
                f"LeiKa key {service.leika_key} is also used by leistung {other.id!r} ({other.source_file});"
                " one key, one service",
                path=file.path,
                where=leistung.where,
            )
        if service.leika_key:
            by_key[service.leika_key] = service
        services.append(service)
    if organizations is not None:
        check_fim_corpus(files, services, organizations)
    return services


class FimLoader:
    """The FIM source: one document per text module, plus kosten, fristen and a service card."""

    source: SourceKind = SourceKind.FIM

    def __init__(
        self,
        directory: Path,
        ministries: Collection[str] | None = None,
        authority_types: Collection[str] | None = None,
        organizations: OrganizationData | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.ministries = ministries
        self.authority_types = authority_types
        self.organizations = organizations

    def load_services(self) -> list[Service]:
        """The validated services of the directory (read fresh on every call)."""
        return load_fim_services(self.directory, self.ministries, self.authority_types, self.organizations)

    def iter_documents(self) -> Iterator[Document]:
        """Yield the documents of every service; ids are ``fim/<leika_key or slug>/<module>``."""
        if self.organizations is not None:
            names = {m.id: m.name for m in self.organizations.ministries}
        else:
            names = dict(self.ministries) if isinstance(self.ministries, Mapping) else LSA_MINISTRIES
        for service in self.load_services():
            yield from service_documents(service, ministry_names=names, organizations=self.organizations)


def _check_link(
    file: XzufiFile,
    link: ParsedZustaendigkeit,
    owners: Mapping[str, object],
    ministries: Collection[str],
    authority_types: Collection[str] | None,
    org_names: Mapping[str, str],
) -> None:
    if link.leistung_id not in owners:
        raise CorpusError(
            f"responsibility for unknown leistung {link.leistung_id!r}", path=file.path, where=link.where
        )
    role = link.rolle_code or ROLE_AUTHORITY
    target = link.organisation_id
    if role == ROLE_MINISTRY and target not in ministries:
        raise CorpusError(
            f"unknown ministry abbreviation {target!r} (known: {', '.join(sorted(ministries))})",
            path=file.path,
            where=link.where,
        )
    if role == ROLE_AUTHORITY and authority_types is not None and target not in authority_types:
        if target not in org_names:
            raise CorpusError(
                f"unknown organisation / authority type {target!r}", path=file.path, where=link.where
            )


def _service(
    file: XzufiFile, leistung: ParsedLeistung, links: list[ParsedZustaendigkeit], names: Mapping[str, str]
) -> Service:
    authorities: list[str] = []
    ministry: str | None = None
    for link in links:
        role = link.rolle_code or ROLE_AUTHORITY
        if role == ROLE_AUTHORITY and link.organisation_id not in authorities:
            authorities.append(link.organisation_id)
        elif role == ROLE_MINISTRY:
            if ministry is not None and ministry != link.organisation_id:
                raise CorpusError(
                    f"second ministry {link.organisation_id!r} for leistung {leistung.id!r}"
                    f" (already {ministry!r}); one service has one fachlich zuständiges Ministerium",
                    path=file.path,
                    where=link.where,
                )
            ministry = link.organisation_id
    texts = {field: leistung.text(code) for code, _title, field in TEXT_MODULES.values()}
    main_beleg = leistung.leika_belege[0] if leistung.leika_belege else None
    urls = _source_urls(leistung)
    try:
        return Service(
            id=leistung.id,
            leika_key=leistung.leika_keys[0] if leistung.leika_keys else None,
            weitere_leika_keys=leistung.leika_keys[1:],
            leika_confidence=main_beleg.konfidenz if main_beleg else None,
            leika_note=main_beleg.hinweis if main_beleg else None,
            name=leistung.name or "",
            typisierung=leistung.typisierung,
            **texts,
            kosten=[Kosten.model_validate(_dated(k)) for k in leistung.kosten],
            fristen=[Frist.model_validate(_dated(f)) for f in leistung.fristen],
            bearbeitungsdauer=[Frist.model_validate(_dated(f)) for f in leistung.bearbeitungsdauer],
            begriffe=list(dict.fromkeys(b.begriff for b in leistung.begriffe)),
            authority_types=authorities,
            authority_names=[names.get(a, a) for a in authorities],
            ministry=ministry,
            source_urls=urls,
            url=primary_url(urls),
            freigabe=leistung.freigabe_am,
            version=_version(file, leistung),
            source_file=file.path.name,
            line=leistung.line,
        )
    except ValidationError as e:
        raise CorpusError(f"invalid service: {e}", path=file.path, where=leistung.where) from e


def _dated(parsed: ParsedKosten | ParsedDauer) -> dict[str, object]:
    """The fields of a parsed fee or deadline with its ``lsa:beleg`` flattened into ``Dated``'s fields."""
    fields = parsed.model_dump(exclude={"line", "beleg"})
    if parsed.beleg is not None:
        fields |= parsed.beleg.model_dump(include={"stand", "quelle", "sicherheit", "hinweis"})
    return fields


def _source_urls(leistung: ParsedLeistung) -> list[str]:
    """Ursprungsportal first (where the facts come from), then the modules' links; no duplicates."""
    modules = sorted(leistung.text_modules, key=lambda m: m.position if m.position is not None else 10**6)
    urls = [p.uri for p in leistung.ursprungsportale] + [lk.uri for m in modules for lk in m.links]
    return list(dict.fromkeys(urls))


def _version(file: XzufiFile, leistung: ParsedLeistung) -> str:
    if leistung.freigabe_am is not None:
        return leistung.freigabe_am.isoformat()
    return file.produktversion or (file.erstellt or "")[:10] or "unbekannt"
