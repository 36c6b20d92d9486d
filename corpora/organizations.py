"""Organisations corpus: load and cross-check ``organizations.yaml``, turn each record into a document.

Documents are short German sentences built from one record each (ministry overview, area, OZG role,
subordinate authority, authority type, responsibility, principle) so that retrieval finds the
record and the answer can quote it. Models live in :mod:`corpora.organization_models`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from haystack import Document
from pydantic import BaseModel, ValidationError

from corpora.base import SourceKind, load_manifest, load_yaml
from corpora.organization_documents import iter_organization_documents
from corpora.organization_models import (
    OUTSIDE_LAND_LEVELS,
    Area,
    AuthorityType,
    Head,
    Ministry,
    OrganizationData,
    OrganizationMeta,
    OzgRole,
    Principle,
    Relation,
    SubordinateAuthority,
)
from corpora.rules import DataRuleError
from lsa_assistant.errors import CorpusError

__all__ = [
    "Area",
    "AuthorityType",
    "DATA_DIR",
    "Head",
    "Ministry",
    "OrganizationData",
    "OrganizationsLoader",
    "OzgRole",
    "Principle",
    "Relation",
    "SubordinateAuthority",
    "load_organizations",
]

DATA_DIR = Path(__file__).parent / "data" / "organizations"
DATA_FILE = "organizations.yaml"

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {"missing": "missing", "string_too_short": "empty text", "extra_forbidden": "unknown field"}


def load_organizations(path: Path = DATA_DIR) -> OrganizationData:
    """Read and cross-check the organisations file (``path`` is the file or its folder).

    :raises CorpusError: naming the file and the record for invalid fields, duplicate ids, and
        relations pointing at an unknown ministry or authority type.
    """
    file = path / DATA_FILE if path.is_dir() else path
    raw = load_yaml(file)
    if not isinstance(raw, dict):
        raise CorpusError("expected a mapping with meta, ministries, authority_types, relations", path=file)
    meta = _validate(OrganizationMeta, raw.get("meta"), file, "meta")
    principles = _validate_all(Principle, raw, "principles", file, required=False)
    ministries = _validate_all(Ministry, raw, "ministries", file)
    authority_types = _validate_all(AuthorityType, raw, "authority_types", file)
    relations = _validate_all(Relation, raw, "relations", file)

    _check_unique(file, "principles", [p.id for p in principles])
    _check_unique(file, "ministries", [m.id for m in ministries])
    _check_unique(file, "authority_types", [a.id for a in authority_types])
    _check_unique(file, "relations", [r.id for r in relations])
    ministry_ids = {m.id for m in ministries}
    levels = {a.id: a.level for a in authority_types}
    for r in relations:
        if r.ministry is not None and r.ministry not in ministry_ids:
            raise CorpusError(f"unknown ministry {r.ministry!r}", path=file, where=f"relations id={r.id}")
        if r.authority_type not in levels:
            raise CorpusError(
                f"unknown authority type {r.authority_type!r}", path=file, where=f"relations id={r.id}"
            )
        _check_outside_land(file, r, levels[r.authority_type])
    return OrganizationData(
        meta=meta,
        principles=principles,
        ministries=ministries,
        authority_types=authority_types,
        relations=relations,
    )


def _check_outside_land(file: Path, r: Relation, level: str) -> None:
    """[E111] A federal body or an insurer executes the service: a Land ministry only as sourced Rechtsaufsicht."""
    if r.ministry is None or level not in OUTSIDE_LAND_LEVELS:
        return
    if r.basis != "Rechtsaufsicht" or r.ministry_certainty != "sourced":
        raise DataRuleError(
            "E111",
            f"relation names the Land ministry {r.ministry!r} for {r.authority_type!r} (level {level}); only a "
            "sourced 'Rechtsaufsicht' is allowed there",
            path=file,
            where=f"relations id={r.id}",
        )


def _validate_all(
    model: type[M], raw: dict[str, Any], section: str, file: Path, *, required: bool = True
) -> list[M]:
    items = raw.get(section)
    if items is None and not required:
        return []
    if not isinstance(items, list) or (required and not items):
        raise CorpusError(f"section {section!r} must be a non-empty list", path=file)
    return [_validate(model, item, file, _where(section, i, item)) for i, item in enumerate(items)]


def _validate(model: type[M], item: Any, file: Path, where: str) -> M:
    try:
        return model.model_validate(item)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'record'}: {_MESSAGES.get(err['type'], err['msg'])}"
            for err in e.errors()
        )
        raise CorpusError(f"invalid record: {problems}", path=file, where=where) from e


def _where(section: str, index: int, item: Any) -> str:
    record_id = item.get("id") if isinstance(item, dict) else None
    return f"{section}[{index}] id={record_id}" if record_id is not None else f"{section}[{index}]"


def _check_unique(file: Path, section: str, ids: Iterable[object]) -> None:
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    if duplicates:
        raise CorpusError(f"duplicate id {duplicates[0]!r}", path=file, where=f"{section} id={duplicates[0]}")


class OrganizationsLoader:
    """One document per ministry, area, OZG role, subordinate authority, authority type, relation
    and principle; the text of each is built in :mod:`corpora.organization_documents`."""

    source: SourceKind = SourceKind.ORGANIZATIONS

    def __init__(self, data_dir: Path = DATA_DIR, data: OrganizationData | None = None) -> None:
        """:param data: the already parsed organisations of ``data_dir`` (a :class:`~corpora.corpus.Corpus`'s)."""
        self.data_dir = Path(data_dir)
        self.data = data

    def iter_documents(self) -> Iterator[Document]:
        data = self.data if self.data is not None else load_organizations(self.data_dir)
        version = load_manifest(self.data_dir / "manifest.yaml").version
        yield from iter_organization_documents(data, version)
