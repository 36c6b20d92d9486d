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

from lsa_assistant.errors import CorpusError

SOURCE_DIRS = {"egovg-lsa": "egovg-lsa", "organizations": "organizations", "fim": "fim", "pages": "pages"}


def build_loaders(corpus_dir: Path) -> list[Any]:
    """One loader per source, wired with the cross-source reference checks (FIM -> organisations)."""
    from corpora.egovg import EgovgLoader
    from corpora.fim import FimLoader
    from corpora.organizations import OrganizationsLoader, load_organizations
    from corpora.pages import PagesLoader

    org_dir = corpus_dir / SOURCE_DIRS["organizations"]
    orgs = load_organizations(org_dir)
    return [
        EgovgLoader(corpus_dir / SOURCE_DIRS["egovg-lsa"]),
        OrganizationsLoader(org_dir),
        FimLoader(
            corpus_dir / SOURCE_DIRS["fim"],
            ministries=set(orgs.ministry_ids()),
            authority_types=orgs.authority_type_names(),
        ),
        PagesLoader(corpus_dir / SOURCE_DIRS["pages"]),
    ]


def load_all_documents(corpus_dir: Path) -> tuple[list[Document], dict[str, Any]]:
    """Every document of every source, validated; plus a report (counts, corpus version).

    :raises CorpusError: on the first invalid file or a duplicate id across sources.
    """
    if not corpus_dir.is_dir():
        raise CorpusError("corpus directory not found", path=corpus_dir)
    documents: list[Document] = []
    per_source: Counter[str] = Counter()
    for loader in build_loaders(corpus_dir):
        for doc in loader.iter_documents():
            documents.append(doc)
            per_source[doc.meta["source"]] += 1
    ids = Counter(doc.meta["id"] for doc in documents)
    duplicates = sorted(i for i, n in ids.items() if n > 1)
    if duplicates:
        raise CorpusError(f"duplicate document ids across sources: {', '.join(duplicates[:10])}", path=corpus_dir)
    report = {
        "documents": len(documents),
        "documents_per_source": dict(sorted(per_source.items())),
        "corpus_version": corpus_version(documents),
    }
    return documents, report


def corpus_version(documents: list[Document]) -> str:
    """A short fingerprint of all chunk ids and hashes: equal corpora give equal versions."""
    digest = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.meta["id"]):
        digest.update(f"{doc.meta['id']}={doc.meta['content_hash']}\n".encode())
    return digest.hexdigest()[:16]
