"""Which links are official: the primary link of a service must be one, everything else is provenance.

A citizen who opens the link beside an answer should land on a page of the Land, of a Kreis or Gemeinde in
Sachsen-Anhalt, of a federal authority, or on the norm at gesetze-im-internet.de – not on another city's portal
or a newspaper that an editor used to find the fact. The list of official domains is data
(``corpora/data/fim/official-domains.yaml``, each with who runs it) so that an editor extends it, not the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corpora.base import load_yaml
from lsa_assistant.errors import CorpusError

DOMAINS_FILE = Path(__file__).parent / "data" / "fim" / "official-domains.yaml"


class OfficialDomain(BaseModel):
    """A domain (and its subdomains) run by a public body."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    domain: str = Field(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
    operator: str = Field(min_length=1)
    level: str = Field(pattern=r"^(land|bund|kreis|gemeinde)$")


@lru_cache(maxsize=4)
def load_official_domains(path: Path = DOMAINS_FILE) -> tuple[OfficialDomain, ...]:
    """The official domains of ``path``; errors name the file and the entry."""
    raw = load_yaml(path)
    if not isinstance(raw, list) or not raw:
        raise CorpusError("expected a non-empty list of domains", path=path)
    try:
        return tuple(OfficialDomain.model_validate(item) for item in raw)
    except ValidationError as e:
        raise CorpusError(f"invalid official domain: {e}", path=path) from e


def official_operator(url: str, domains: Iterable[OfficialDomain] | None = None) -> OfficialDomain | None:
    """The official domain entry an http(s) URL belongs to, or None when the page is not official."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    for entry in load_official_domains() if domains is None else domains:
        if host == entry.domain or host.endswith("." + entry.domain):
            return entry
    return None


def is_official(url: str) -> bool:
    """True for pages of the Land, an LSA Kreis/Gemeinde, a federal authority or gesetze-im-internet.de."""
    return official_operator(url) is not None


def primary_url(urls: Iterable[str]) -> str | None:
    """The first official URL in source order (Ursprungsportal first), or None when none is official."""
    return next((url for url in urls if is_official(url)), None)
