"""The sources of a corpus directory: where each lives, how their documents are collected and fingerprinted.

Shared by :class:`corpora.corpus.Corpus` and the front door :mod:`corpora.registry`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

from haystack import Document

from corpora.base import SourceKind
from lsa_assistant.errors import CorpusError

#: Sub-directory of each source under the corpus directory (one per ``SOURCE_KINDS`` entry).
SOURCE_DIRS: dict[SourceKind, str] = {
    SourceKind.EGOVG_LSA: "egovg-lsa",
    SourceKind.ORGANIZATIONS: "organizations",
    SourceKind.FIM: "fim",
    SourceKind.PAGES: "pages",
    SourceKind.LEIKA: "leika",
    SourceKind.OZG: "ozg-katalog",
    SourceKind.PLACES: "gemeinden",
}


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


def collect_documents(loaders: list[Any], corpus_dir: Path) -> tuple[list[Document], dict[str, Any]]:
    """Every document of ``loaders``, validated across sources; plus a report (counts, corpus version).

    :raises CorpusError: on the first invalid file or a duplicate id across sources.
    """
    documents: list[Document] = []
    per_source: Counter[str] = Counter()
    first_source: dict[str, str] = {}
    clashes: list[tuple[str, str, str]] = []  # (id, first source, later source)
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
