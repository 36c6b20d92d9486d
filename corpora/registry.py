"""All sources together: loads each, checks references across sources, and never fails silently.

A broken file raises :class:`CorpusError` naming the file; the CLI prints it and exits non-zero, so a bad
FIM file cannot quietly shrink the index.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

from haystack import Document

from corpora.leika import REPLACED_NAME
from lsa_assistant.errors import CorpusError

SOURCE_DIRS = {
    "egovg-lsa": "egovg-lsa",
    "organizations": "organizations",
    "fim": "fim",
    "pages": "pages",
    "leika": "leika",
    "ozg": "ozg-katalog",
    "places": "gemeinden",
}


def build_loaders(corpus_dir: Path) -> list[Any]:
    """One loader per source, wired with the cross-source checks (FIM -> organisations, LeiKa <- FIM)."""
    from corpora.egovg import EgovgLoader
    from corpora.fim import FimLoader
    from corpora.leika import LeikaLoader, load_replacements
    from corpora.organizations import OrganizationsLoader, load_organizations
    from corpora.ozg_katalog import OzgLoader
    from corpora.pages import PagesLoader
    from corpora.place_documents import PlacesLoader
    from corpora.place_rules import check_place_rules
    from corpora.places import load_places

    org_dir = corpus_dir / SOURCE_DIRS["organizations"]
    orgs = load_organizations(org_dir)
    # where each authority type sits for a place needs both sources (rules E116, E117)
    check_place_rules(orgs, load_places(corpus_dir / SOURCE_DIRS["places"]), org_dir / "organizations.yaml")
    # with the organisations data the FIM data rules run: relations decide responsibility (corpora.fim_checks)
    fim = FimLoader(corpus_dir / SOURCE_DIRS["fim"], organizations=orgs)
    return [
        EgovgLoader(corpus_dir / SOURCE_DIRS["egovg-lsa"]),
        OrganizationsLoader(org_dir),
        fim,
        PagesLoader(corpus_dir / SOURCE_DIRS["pages"]),
        # curated FIM descriptions win: their keys are read when the catalogue documents are produced
        LeikaLoader(
            corpus_dir / SOURCE_DIRS["leika"], curated=lambda: curated_service_names(fim.load_services())
        ),
        OzgLoader(
            corpus_dir / SOURCE_DIRS["ozg"],
            curated=lambda: curated_service_keys(fim.load_services()),
            replaced=lambda: replaced_keys(
                load_replacements(corpus_dir / SOURCE_DIRS["leika"] / REPLACED_NAME)
            ),
        ),
        PlacesLoader(corpus_dir / SOURCE_DIRS["places"]),
    ]


def curated_service_keys(services: list[Any]) -> list[tuple[str, str, list[str]]]:
    """(key, name, LeiKa keys) of every curated FIM service, for placing them in the OZG catalogue."""
    return [(s.key, s.name, [k for k in (s.leika_key, *s.weitere_leika_keys) if k]) for s in services]


def replaced_keys(replacements: dict[str, Any]) -> dict[str, str]:
    """Old LeiKa key -> the key that replaced it, where ``replaced-keys.yaml`` names one."""
    return {old: r.replaced_by for old, r in replacements.items() if r.replaced_by}


def curated_service_names(services: list[Any]) -> dict[str, str]:
    """LeiKa key -> name for every key a curated FIM service carries (its main key and its further keys)."""
    names: dict[str, str] = {}
    for service in services:
        for key in (service.leika_key, *service.weitere_leika_keys):
            if key:
                names.setdefault(key, service.name)
    return names


def load_all_documents(corpus_dir: Path) -> tuple[list[Document], dict[str, Any]]:
    """Every document of every source, validated; plus a report (counts, corpus version).

    :raises CorpusError: on the first invalid file or a duplicate id across sources.
    """
    if not corpus_dir.is_dir():
        raise CorpusError("corpus directory not found", path=corpus_dir)
    documents: list[Document] = []
    per_source: Counter[str] = Counter()
    first_source: dict[str, str] = {}
    clashes: list[tuple[str, str, str]] = []  # (id, first source, later source)
    loaders = build_loaders(corpus_dir)
    for loader in loaders:
        for doc in loader.iter_documents():
            doc_id, source = doc.meta["id"], doc.meta["source"]
            if doc_id in first_source:
                clashes.append((doc_id, first_source[doc_id], source))
            else:
                first_source[doc_id] = source
            documents.append(doc)
            per_source[source] += 1
    if clashes:
        # Name the source folder where the clash showed up: "corpus_dir" alone leaves the reader searching.
        _, _, where = clashes[0]
        listed = ", ".join(f"{i!r} ({a} and {b})" for i, a, b in clashes[:10])
        raise CorpusError(
            f"duplicate document ids: {listed}", path=corpus_dir / SOURCE_DIRS.get(where, where)
        )
    report = {
        "documents": len(documents),
        "documents_per_source": dict(sorted(per_source.items())),
        "corpus_version": corpus_version(documents),
    }
    # per-source loader reports (e.g. catalogue entries skipped because a curated FIM service covers them)
    loader_reports = {
        str(loader.source): loader.report for loader in loaders if getattr(loader, "report", None)
    }
    if loader_reports:
        report["loaders"] = loader_reports
    return documents, report


def corpus_version(documents: list[Document]) -> str:
    """A short fingerprint of all chunk ids and hashes: equal corpora give equal versions."""
    digest = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.meta["id"]):
        digest.update(f"{doc.meta['id']}={doc.meta['content_hash']}\n".encode())
    return digest.hexdigest()[:16]
