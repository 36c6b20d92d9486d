"""The kinds of source: a module of its own, free of haystack, so the command line can list them without loading
haystack (and, through it, torch) before it has set the process up."""

from __future__ import annotations

from enum import StrEnum


class SourceKind(StrEnum):
    """The kinds of source, in index order: the one list the CLI, the API, chunk ids and retrieval use. A member
    equals its value (``SourceKind.FIM == "fim"``), which is what a chunk's ``source`` metadata holds."""

    EGOVG_LSA = "egovg-lsa"
    FIM = "fim"
    ORGANIZATIONS = "organizations"
    PAGES = "pages"
    LEIKA = "leika"
    OZG = "ozg"
    PLACES = "places"


#: Every source kind's value, in index order (plain strings: CLI choices, JSON keys, sets of metadata values).
SOURCE_KINDS: tuple[str, ...] = tuple(kind.value for kind in SourceKind)
