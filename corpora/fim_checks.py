"""The data rules a shipped FIM corpus must keep beyond the XZuFi schema (catalogue: ``corpora.rules``).

They run when the organisations data is at hand (``load_fim_services(..., organizations=…)``, which the
registry and hence ``validate``, ``index`` and the service use), because responsibility is decided there.
Fixtures and foreign XZuFi exports without the project's ``lsa:beleg`` extension still parse without them.
Every error names the file, the element and its line.
"""

from __future__ import annotations

from corpora.fim_models import Service
from corpora.organization_models import OUTSIDE_LAND_LEVELS, OrganizationData
from corpora.responsibilities import relation_for
from corpora.rules import DataRuleError
from corpora.xzufi_models import ParsedBeleg, ParsedLeistung, ParsedZustaendigkeit, XzufiFile

ROLE_AUTHORITY = "01"
ROLE_MINISTRY = "02"


def check_fim_corpus(
    files: list[XzufiFile], services: list[Service], organizations: OrganizationData
) -> None:
    """Run every FIM data rule; the first broken one raises :class:`DataRuleError`."""
    where_is = {leistung.id: (f, leistung) for f in files for leistung in f.leistungen}
    links: dict[str, list[tuple[XzufiFile, ParsedZustaendigkeit]]] = {}
    for file in files:
        for link in file.zustaendigkeiten:
            links.setdefault(link.leistung_id, []).append((file, link))
    for service in services:
        file, leistung = where_is[service.id]
        check_facts(file, leistung)
        check_leika_confidence(file, leistung)
        check_primary_link(file, service)
        check_responsibility(file, service, links.get(service.id, []), organizations)


def check_responsibility(
    file: XzufiFile,
    service: Service,
    links: list[tuple[XzufiFile, ParsedZustaendigkeit]],
    organizations: OrganizationData,
) -> None:
    """E112 every authority type covered; E111 no Land ministry above a federal body or insurer; E110 the
    role-02 ministry equals the ministry of the relation of the first authority type."""
    types = organizations.authority_type_names()
    role: dict[str, list[tuple[XzufiFile, ParsedZustaendigkeit]]] = {ROLE_AUTHORITY: [], ROLE_MINISTRY: []}
    for owner, link in links:
        role.setdefault(link.rolle_code or ROLE_AUTHORITY, []).append((owner, link))
    for owner, link in role[ROLE_AUTHORITY]:
        if (
            link.organisation_id in types
            and relation_for(service, link.organisation_id, organizations) is None
        ):
            raise DataRuleError(
                "E112",
                f"no relation in organizations.yaml covers {link.organisation_id!r} for leistung {service.id!r} "
                f"(add its LeiKa key or name to the relation of that authority type)",
                path=owner.path,
                where=link.where,
            )
    primary = next((t for t in service.authority_types if t in types), None)
    relation = relation_for(service, primary, organizations) if primary else None
    ministry_links = role[ROLE_MINISTRY]
    stated = ministry_links[0] if ministry_links else None
    if relation is None or (stated is None and relation.ministry is None):
        return
    level = organizations.authority_type(relation.authority_type).level
    if stated is not None and level in OUTSIDE_LAND_LEVELS and relation.basis != "Rechtsaufsicht":
        owner, link = stated
        raise DataRuleError(
            "E111",
            f"leistung {service.id!r} is executed by {relation.authority_type!r} (level {level}) but names the "
            f"Land ministry {link.organisation_id!r}; relation {relation.id} names no Rechtsaufsicht",
            path=owner.path,
            where=link.where,
        )
    wanted = relation.ministry
    if stated is None:
        raise DataRuleError(
            "E110",
            f"leistung {service.id!r} names no ministry, but relation {relation.id} ({relation.topic}) names "
            f"{wanted!r}; add the role-02 link",
            path=file.path,
            where=service.where,
        )
    owner, link = stated
    if link.organisation_id != wanted:
        denied = "names no Land ministry" if wanted is None else f"names {wanted!r}"
        raise DataRuleError(
            "E110",
            f"leistung {service.id!r} names the ministry {link.organisation_id!r}, but relation {relation.id} "
            f"({relation.topic}) {denied}",
            path=owner.path,
            where=link.where,
        )


def check_facts(file: XzufiFile, leistung: ParsedLeistung) -> None:
    """E113: a fee amount or a deadline with a duration says as of when and from where (or why it cannot)."""
    facts: list[tuple[str, int | None, ParsedBeleg | None]] = [
        ("modulKosten/kosten", k.line, k.beleg) for k in leistung.kosten if k.has_amount
    ]
    facts += [("modulFrist/frist", f.line, f.beleg) for f in leistung.fristen if f.dauer is not None]
    facts += [
        ("modulBearbeitungsdauer/bearbeitungsdauer", f.line, f.beleg)
        for f in leistung.bearbeitungsdauer
        if f.dauer is not None
    ]
    for element, line, beleg in facts:
        problem = _fact_problem(beleg)
        if problem:
            raise DataRuleError(
                "E113",
                problem,
                path=file.path,
                where=f"leistung[id={leistung.id}]/{element}, line {line}",
            )


def _fact_problem(beleg: ParsedBeleg | None) -> str | None:
    if beleg is None:
        return "the amount has no lsa:beleg (stand, quelle)"
    if beleg.stand is None:
        return "lsa:beleg has no stand"
    if beleg.sicherheit == "uncertain":
        return None if beleg.hinweis else "an uncertain fact needs a note saying why (text of lsa:beleg)"
    if beleg.quelle is None:
        return "lsa:beleg has no quelle (or mark it sicherheit='uncertain' with a note)"
    return None


def check_leika_confidence(file: XzufiFile, leistung: ParsedLeistung) -> None:
    """E114: every LeiKa key says how sure the sources are that it belongs to this service."""
    for key, beleg in zip(leistung.leika_keys, leistung.leika_belege, strict=True):
        if beleg is None or beleg.konfidenz is None:
            raise DataRuleError(
                "E114",
                f"LeiKa key {key} has no lsa:beleg konfidenz (hoch | mittel | niedrig)",
                path=file.path,
                where=f"leistung[id={leistung.id}]/referenzLeiKa, line {leistung.line}",
            )


def check_primary_link(file: XzufiFile, service: Service) -> None:
    """E115: the link shown to citizens is official (``corpora.links``); other pages stay provenance."""
    if service.url is None:
        listed = ", ".join(service.source_urls) or "none"
        raise DataRuleError(
            "E115",
            f"leistung {service.id!r} has no official source to link (sources: {listed}); add the official page "
            "or the norm as modulUrsprungsportal or weiterfuehrenderLink",
            path=file.path,
            where=service.where,
        )
