"""Safe XML reading and namespace-tolerant element access for XZuFi 2.1 and 2.2.

Elements are matched by local name within the two known XZuFi namespaces; unqualified children are
accepted too, because real exports write code-list values as unqualified ``code``/``name``. Elements of
other namespaces are invisible to the parser, which is how unknown extensions get ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from lsa_assistant.errors import CorpusError

XZUFI_NAMESPACES = frozenset({"http://xoev.de/schemata/xzufi/2_2_0", "http://xoev.de/schemata/xzufi/2_1_0"})
#: The project's own extension: ``lsa:beleg`` says how firmly a fact is backed (stand, quelle, sicherheit,
#: konfidenz). Other XZuFi readers skip it like any foreign element; this parser reads it explicitly.
LSA_NAMESPACE = "urn:lsa-assistant:beleg:1"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LIST_ITEM = re.compile(r"^(?:[-*•–]|\d+[.)])\s")


def parse_xml(data: bytes, path: Path) -> etree._Element:
    """Parse bytes without network access, entity expansion or DTDs; errors name file and line."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        lineno = e.lineno if e.lineno else "?"
        raise CorpusError(f"malformed XML: {e.msg}", path=path, where=f"line {lineno}") from e
    if root.getroottree().docinfo.internalDTD is not None:
        # A DTD is the vehicle for entity bombs and external entities; XZuFi never needs one.
        raise CorpusError("DTD declarations are not allowed", path=path, where="<!DOCTYPE>")
    return root


def local(el: etree._Element) -> str | None:
    """Local name of an XZuFi (or unqualified) element; None for foreign namespaces and non-elements."""
    if not isinstance(el.tag, str):
        return None
    qname = etree.QName(el)
    if qname.namespace is None or qname.namespace in XZUFI_NAMESPACES:
        return qname.localname
    return None


def kids(el: etree._Element | None, name: str) -> list[etree._Element]:
    """Children with this local name; tolerant of a missing parent so optional paths stay short."""
    return [] if el is None else [c for c in el if local(c) == name]


def kid(el: etree._Element | None, name: str) -> etree._Element | None:
    found = kids(el, name)
    return found[0] if found else None


def lsa_kid(el: etree._Element | None, name: str) -> etree._Element | None:
    """The first child ``lsa:<name>`` of the project's extension namespace (see ``LSA_NAMESPACE``)."""
    if el is None:
        return None
    return next((c for c in el if isinstance(c.tag, str) and c.tag == f"{{{LSA_NAMESPACE}}}{name}"), None)


def path(el: etree._Element, *names: str) -> list[etree._Element]:
    """All elements reached by following child names from ``el``."""
    current = [el]
    for name in names:
        current = [c for e in current for c in kids(e, name)]
    return current


def descendant(el: etree._Element, name: str) -> etree._Element | None:
    return next((d for d in el.iterdescendants() if local(d) == name), None)


def text(el: etree._Element | None) -> str:
    """Text with XML layout undone: wrapped lines joined, blank lines kept as paragraph breaks.

    Hand-edited files wrap long sentences; a single line break is layout, not content. Lines that
    start a list item (``-``, ``•``, ``1.``) keep their own line.
    """
    if el is None:
        return ""
    raw = "".join(t for t in el.itertext() if isinstance(t, str))
    paragraphs = []
    for block in re.split(r"\n[ \t\r]*\n", raw):
        rows: list[str] = []
        for row in (" ".join(r.split()) for r in block.splitlines()):
            if not row:
                continue
            if rows and not _LIST_ITEM.match(row):
                rows[-1] = f"{rows[-1]} {row}"
            else:
                rows.append(row)
        if rows:
            paragraphs.append("\n".join(rows))
    return "\n\n".join(paragraphs)


def code(el: etree._Element | None) -> str:
    """Value of a code-list element: its ``code`` child, else its own text."""
    if el is None:
        return ""
    inner = kid(el, "code")
    return text(inner) if inner is not None else text(el)


def language(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    return el.get("languageCode") or el.get(_XML_LANG)


def choose_language(elements: Iterable[etree._Element]) -> etree._Element | None:
    """German wins (``de``, ``de-DE``, …); without German the first version given."""
    elements = list(elements)
    for el in elements:
        lang = (language(el) or "").lower()
        if lang == "de" or lang.startswith("de-"):
            return el
    return elements[0] if elements else None


def pick(elements: Iterable[etree._Element]) -> str:
    """Text of the German version of a multilingual element (see ``choose_language``)."""
    return text(choose_language(elements))


def line(el: etree._Element | None) -> str:
    """``line N`` for error messages (lxml's ``sourceline``)."""
    return f"line {el.sourceline}" if el is not None and el.sourceline else "line ?"
