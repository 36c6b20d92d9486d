"""One corpus directory, every source parsed once: what the index job and the knowledge base share.

:class:`Corpus` reads each source the first time something asks for it and keeps the result, so the services of
the FIM files (which the FIM, LeiKa and OZG loaders and the knowledge base all need), the organisations, the law,
the places and the documents with their report are parsed once per process instead of once per user.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from haystack import Document

from corpora.egovg import EgovgLoader
from corpora.egovg_models import Law
from corpora.fim import FimLoader, load_fim_services
from corpora.fim_models import Service
from corpora.leika import REPLACED_NAME, LeikaLoader, load_replacements
from corpora.leika_models import CatalogueEntry
from corpora.organization_models import OrganizationData
from corpora.organizations import OrganizationsLoader, load_organizations
from corpora.ozg_katalog import OzgLoader
from corpora.ozg_models import OzgCatalogue
from corpora.pages import PagesLoader
from corpora.place_documents import PlacesLoader
from corpora.place_rules import check_place_rules
from corpora.places import PlaceData, load_places
from corpora.sources import (
    SOURCE_DIRS,
    collect_documents,
    curated_service_keys,
    curated_service_names,
    replaced_keys,
)
from lsa_assistant.errors import CorpusError


class _SharedFimLoader(FimLoader):
    """The FIM loader of a :class:`Corpus`: its services are the corpus' (parsed once), not read per call."""

    def __init__(self, corpus: Corpus) -> None:
        super().__init__(corpus.path("fim"), organizations=corpus.organizations)
        self._corpus = corpus

    def load_services(self) -> list[Service]:
        return self._corpus.services


class Corpus:
    """All sources under ``directory`` (one sub-directory per source, ``SOURCE_DIRS``), each parsed on first use.

    :raises CorpusError: the directory does not exist; later, naming the file, on the first invalid source read.
    """

    def __init__(self, directory: Path) -> None:
        if not Path(directory).is_dir():
            raise CorpusError("corpus directory not found", path=directory)
        self.directory = Path(directory)

    def path(self, source: str) -> Path:
        return self.directory / SOURCE_DIRS[source]

    # --- the parsed sources -------------------------------------------------------------------------------
    @cached_property
    def organizations(self) -> OrganizationData:
        return load_organizations(self.path("organizations"))

    @cached_property
    def places(self) -> PlaceData:
        return load_places(self.path("places"))

    @cached_property
    def services(self) -> list[Service]:
        """The curated FIM services, checked against the organisations (``corpora.fim_checks``)."""
        return load_fim_services(self.path("fim"), organizations=self.organizations)

    @cached_property
    def replaced(self) -> dict[str, str]:
        """Old LeiKa key -> the key that replaced it."""
        return replaced_keys(load_replacements(self.path("leika") / REPLACED_NAME))

    @property
    def law(self) -> Law:
        return self._egovg.law

    @cached_property
    def catalogue(self) -> list[CatalogueEntry]:
        """The LeiKa entries without a curated description (the ones that are indexed)."""
        return self._leika.entries()

    @cached_property
    def ozg(self) -> OzgCatalogue:
        catalogue, _names = self._ozg.catalogue()
        return catalogue

    # --- loaders and documents ----------------------------------------------------------------------------
    @cached_property
    def _egovg(self) -> EgovgLoader:
        return EgovgLoader(self.path("egovg-lsa"))

    @cached_property
    def _leika(self) -> LeikaLoader:
        return LeikaLoader(self.path("leika"), curated=lambda: curated_service_names(self.services))

    @cached_property
    def _ozg(self) -> OzgLoader:
        return OzgLoader(
            self.path("ozg"),
            curated=lambda: curated_service_keys(self.services),
            replaced=lambda: self.replaced,
        )

    @cached_property
    def loaders(self) -> list[Any]:
        """One loader per source, wired with the cross-source checks (FIM -> organisations, LeiKa <- FIM)."""
        org_dir = self.path("organizations")
        # where each authority type sits for a place needs both sources (rules E116, E117)
        check_place_rules(self.organizations, self.places, org_dir / "organizations.yaml")
        return [
            self._egovg,
            OrganizationsLoader(org_dir, data=self.organizations),
            # with the organisations data the FIM data rules run: relations decide responsibility
            _SharedFimLoader(self),
            PagesLoader(self.path("pages")),
            # curated FIM descriptions win: their keys are read when the catalogue documents are produced
            self._leika,
            self._ozg,
            PlacesLoader(self.path("places"), data=self.places),
        ]

    @cached_property
    def _documents(self) -> tuple[list[Document], dict[str, Any]]:
        return collect_documents(self.loaders, self.directory)

    @property
    def documents(self) -> list[Document]:
        """Every document of every source, validated across sources (no duplicate ids)."""
        return self._documents[0]

    @property
    def report(self) -> dict[str, Any]:
        """Counts per source, the corpus version and the loaders' own reports."""
        return self._documents[1]
