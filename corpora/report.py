"""The data report an editor reads before a release: how firm the facts are, what is unsourced or old.

``lsa-assistant validate --report`` prints it (``--json`` for tools). Validation already refuses data that
breaks a rule (``corpora.rules``); the report shows what the rules allow but an editor should work down:
responsibilities that are only derived or uncertain, LeiKa keys of medium or low confidence, fees and
deadlines without a source or older than a threshold, place rules of authority types that no source states, and
non-official pages kept as provenance.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from corpora.certainty import CERTAINTIES, LEIKA_CONFIDENCES
from corpora.fim import load_fim_services
from corpora.fim_models import TEXT_MODULES, Dated, Service
from corpora.leika import load_replacements
from corpora.links import is_official
from corpora.organization_models import OrganizationData
from corpora.organizations import load_organizations
from corpora.registry import SOURCE_DIRS
from corpora.responsibilities import main_responsibility, service_responsibilities

#: Facts checked longer ago than this are listed as due for a re-check.
DEFAULT_MAX_AGE_DAYS = 365
#: A sum of money in running text ("mindestens 300 und höchstens 1.800 Euro", "13 Euro", "46,00 EUR").
_AMOUNT = re.compile(r"\d[\d.]*(?:,\d+)?\s?(?:€|Euro|EUR)\b")


def build_report(
    corpus_dir: Path, *, as_of: date | None = None, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> dict[str, Any]:
    """The report as plain data (JSON-ready); loading validates, so a broken corpus raises ``CorpusError``."""
    today = as_of or date.today()
    organizations = load_organizations(corpus_dir / SOURCE_DIRS["organizations"])
    services = load_fim_services(corpus_dir / SOURCE_DIRS["fim"], organizations=organizations)
    authority: Counter[str] = Counter()
    ministry: Counter[str] = Counter()
    for service in services:
        for r in service_responsibilities(service, organizations):
            authority[r.authority_certainty] += 1
            ministry[r.ministry_certainty or "none"] += 1
    relation_ministry = Counter(r.ministry_certainty or "none" for r in organizations.relations)
    # per service: the ministry of its first authority type (the one /v1/services and the chat show)
    service_ministry = Counter(
        (main.ministry_certainty or "none") if (main := main_responsibility(s, organizations)) else "none"
        for s in services
    )
    facts = [(s, kind, fact) for s in services for kind, fact in _dated_facts(s)]
    unsourced = [_fact_row(s, kind, f) for s, kind, f in facts if f.sicherheit != "sourced" or not f.quelle]
    old = [
        _fact_row(s, kind, f)
        for s, kind, f in facts
        if f.stand is not None and (today - f.stand).days > max_age_days
    ]
    in_text = [row for s in services for row in _amounts_in_text(s)]
    replacements = load_replacements(corpus_dir / SOURCE_DIRS["leika"] / "replaced-keys.yaml")
    return {
        "as_of": today.isoformat(),
        "max_age_days": max_age_days,
        "services": len(services),
        "service_ministry": _counts(service_ministry, (*CERTAINTIES, "none")),
        "responsibilities": {
            "authority": _counts(authority, CERTAINTIES),
            "ministry": _counts(ministry, (*CERTAINTIES, "none")),
        },
        "relations": {
            "total": len(organizations.relations),
            "authority": _counts(
                Counter(r.authority_certainty for r in organizations.relations), CERTAINTIES
            ),
            "ministry": _counts(relation_ministry, (*CERTAINTIES, "none")),
        },
        "leika_confidence": _counts(
            Counter(s.leika_confidence or "none" for s in services), (*LEIKA_CONFIDENCES, "none")
        ),
        "replaced_keys": dict(sorted(Counter(r.certainty for r in replacements.values()).items())),
        "facts": {
            "total": len(facts),
            "by_certainty": _counts(
                Counter(f.sicherheit or "none" for _, _, f in facts), (*CERTAINTIES, "none")
            ),
            "unsourced": unsourced,
            "older_than_max_age": old,
            # sums in running text carry no lsa:beleg of their own: their Stand is the service's Freigabe
            "amounts_in_text": in_text,
            "amounts_in_text_older_than_max_age": [
                row
                for row in in_text
                if row["stand"] and (today - date.fromisoformat(row["stand"])).days > max_age_days
            ],
        },
        "place_rules": _place_rules(organizations),
        "links": {
            "non_official_primary": [s.id for s in services if not s.url or not is_official(s.url)],
            "non_official_sources": {
                s.id: urls for s in services if (urls := [u for u in s.sources if not is_official(u)])
            },
        },
    }


def render_report(report: dict[str, Any]) -> str:
    """The report as German text for the terminal (what ``validate --report`` prints)."""
    r = report
    lines = [
        f"Datenbericht (Stand {r['as_of']}): {r['services']} Leistungen, {r['relations']['total']} Zuordnungen",
        "",
        f"Ministerium je Leistung: {_line(r['service_ministry'])}",
        "Zuständigkeiten (je Leistung und ausführender Behördenart) nach Sicherheit:",
        f"  ausführende Stelle: {_line(r['responsibilities']['authority'])}",
        f"  Ministerium:        {_line(r['responsibilities']['ministry'])}",
        f"Zuordnungen (organizations.yaml): Stelle {_line(r['relations']['authority'])}; "
        f"Ministerium {_line(r['relations']['ministry'])}",
        f"LeiKa-Schlüssel nach Konfidenz: {_line(r['leika_confidence'])}",
        f"Ersetzte Katalogschlüssel: {_line(r['replaced_keys'])}",
        "",
        f"Gebühren und Fristen mit Betrag oder Dauer: {r['facts']['total']} ({_line(r['facts']['by_certainty'])})",
        f"Ohne Quelle (nicht sicher belegt): {len(r['facts']['unsourced'])}",
        *[f"  - {row['service']} ({row['kind']}): {row['text']}" for row in r["facts"]["unsourced"]],
        f"Älter als {r['max_age_days']} Tage: {len(r['facts']['older_than_max_age'])}",
        *[
            f"  - {row['service']} ({row['kind']}, Stand {row['stand']})"
            for row in r["facts"]["older_than_max_age"]
        ],
        f"Beträge im Fließtext (Stand = Freigabe der Leistung): {len(r['facts']['amounts_in_text'])}, davon älter "
        f"als {r['max_age_days']} Tage: {len(r['facts']['amounts_in_text_older_than_max_age'])}",
        *[
            f"  - {row['service']} ({row['module']}, Stand {row['stand']}): {row['text']}"
            for row in r["facts"]["amounts_in_text_older_than_max_age"]
        ],
        "",
        f"Örtliche Ebene der Behördentypen: {_line(r['place_rules']['by_level'])}",
        f"  nicht sicher belegt: {len(r['place_rules']['uncertain'])}",
        *[f"  - {row['authority_type']}: {row['note']}" for row in r["place_rules"]["uncertain"]],
        "",
        f"Leistungen ohne amtlichen Hauptlink: {len(r['links']['non_official_primary'])}",
        *[f"  - {sid}" for sid in r["links"]["non_official_primary"]],
        f"Nicht amtliche Seiten als Herkunftsnachweis (nur für Mitarbeitende): "
        f"{sum(len(v) for v in r['links']['non_official_sources'].values())} bei "
        f"{len(r['links']['non_official_sources'])} Leistungen",
    ]
    return "\n".join(lines)


def _place_rules(organizations: OrganizationData) -> dict[str, Any]:
    """Where each authority type sits for a place, and the rules and special cases that are not sourced."""
    rules = [(a.id, a.place) for a in organizations.authority_types if a.place is not None]
    uncertain = [
        {"authority_type": type_id, "level": s.level, "note": s.note}
        for type_id, rule in rules
        for s in (rule, *rule.exceptions)
        if s.certainty != "sourced"
    ]
    return {
        "by_level": dict(sorted(Counter(rule.level for _, rule in rules).items())),
        "uncertain": uncertain,
    }


def _dated_facts(service: Service) -> list[tuple[str, Dated]]:
    """The fees with a sum and the deadlines with a duration: the facts that must carry a Stand."""
    found: list[tuple[str, Dated]] = [("Gebühr", k) for k in service.kosten if k.has_amount]
    found += [("Frist", f) for f in service.fristen if f.dauer is not None]
    found += [("Bearbeitungsdauer", f) for f in service.bearbeitungsdauer if f.dauer is not None]
    return found


def _amounts_in_text(service: Service) -> list[dict[str, Any]]:
    """Sums of money in the text modules, with a little context, dated by the service's Freigabe."""
    rows = []
    for module, (_code, _title, field) in TEXT_MODULES.items():
        text = getattr(service, field) or ""
        for match in _AMOUNT.finditer(text):
            start, end = max(0, match.start() - 50), min(len(text), match.end() + 20)
            rows.append(
                {
                    "service": service.id,
                    "module": module,
                    "text": " ".join(text[start:end].split()),
                    "stand": service.freigabe.isoformat() if service.freigabe else None,
                }
            )
    return rows


def _fact_row(service: Service, kind: str, fact: Dated) -> dict[str, Any]:
    text = fact.render() if hasattr(fact, "render") else ""
    return {
        "service": service.id,
        "kind": kind,
        "text": text,
        "stand": fact.stand.isoformat() if fact.stand else None,
        "sicherheit": fact.sicherheit,
        "quelle": fact.quelle,
        "note": fact.hinweis,
    }


def _counts(counter: Counter[str], order: tuple[str, ...]) -> dict[str, int]:
    return {key: counter.get(key, 0) for key in order}


def _line(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items()) or "–"
