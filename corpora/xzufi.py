"""Read XZuFi 2.1 and 2.2 messages (the format of FIM/PVOG exports) into plain models.

Any root message is accepted; the objects of its ``schreibe`` blocks are read (``loesche`` is ignored,
the corpus is always written whole). Unknown elements are skipped, so newer or richer exports still
load; what the corpus relies on is checked here, one file at a time, and cross-file checks live in
``corpora.fim``. Element access and the safe XML parser are in ``corpora.xzufi_xml``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from corpora import xzufi_xml as x
from corpora.certainty import CERTAINTIES, LEIKA_CONFIDENCES
from corpora.xzufi_models import (
    ParsedBegriff,
    ParsedBeleg,
    ParsedDauer,
    ParsedKosten,
    ParsedLeistung,
    ParsedLink,
    ParsedOrganisationseinheit,
    ParsedTextModule,
    ParsedZustaendigkeit,
    XzufiFile,
)
from lsa_assistant.errors import CorpusError

LEIKA_KEY = re.compile(r"^[0-9]{14}$")
_OBJECT_KINDS = ("leistung", "organisationseinheit", "zustaendigkeitTransferObjekt")


def parse_xzufi_file(path: Path) -> XzufiFile:
    """Parse one XZuFi file; any problem raises ``CorpusError`` naming the file, element and line."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"cannot read file: {e}", path=path) from e
    return parse_xzufi_bytes(data, path)


def parse_xzufi_bytes(data: bytes, path: Path) -> XzufiFile:
    """Parse an XZuFi message held in memory; ``path`` only names it in errors and in the result."""
    root = x.parse_xml(data, path)
    namespace = etree.QName(root).namespace
    if namespace not in x.XZUFI_NAMESPACES:
        raise CorpusError(
            f"not an XZuFi 2.1/2.2 message (root namespace {namespace!r})", path=path, where=x.line(root)
        )
    reader = _Reader(path)
    objects = [root] if x.local(root) in _OBJECT_KINDS else [o for s in x.kids(root, "schreibe") for o in s]
    leistungen: list[ParsedLeistung] = []
    orgs: list[ParsedOrganisationseinheit] = []
    links: list[ParsedZustaendigkeit] = []
    seen: dict[str, ParsedLeistung] = {}
    for obj in objects:
        kind = x.local(obj)
        if kind == "leistung":
            leistung = reader.leistung(obj)
            if leistung.id in seen:
                raise CorpusError(
                    f"duplicate leistung id {leistung.id!r} (first at line {seen[leistung.id].line})",
                    path=path,
                    where=leistung.where,
                )
            seen[leistung.id] = leistung
            leistungen.append(leistung)
        elif kind == "organisationseinheit":
            org, embedded = reader.organisationseinheit(obj)
            orgs.append(org)
            links.extend(embedded)
        elif kind == "zustaendigkeitTransferObjekt":
            links.extend(reader.transfer_objekt(obj))
    head = x.kid(root, "nachrichtenkopf")
    return XzufiFile(
        path=path,
        namespace=namespace,
        root=x.local(root) or "",
        xzufi_version=root.get("xzufiVersion"),
        produktversion=root.get("produktversion"),
        erstellt=x.text(x.kid(head, "erstellungszeitpunkt")) or None,
        leistungen=leistungen,
        organisationseinheiten=orgs,
        zustaendigkeiten=links,
    )


class _Reader:
    """Turns the elements of one file into models; holds the path so every error can name it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, message: str, where: str) -> CorpusError:
        return CorpusError(message, path=self.path, where=where)

    def leistung(self, el: etree._Element) -> ParsedLeistung:
        ident = x.kid(el, "id")
        lid = x.text(ident)
        if not lid:
            raise self.fail("leistung without id", f"leistung, {x.line(el)}")
        where = f"leistung[id={lid}]"
        leika, leika_belege = [], []
        for ref in x.kids(el, "referenzLeiKa"):
            key = x.code(ref)
            if not LEIKA_KEY.match(key):
                raise self.fail(
                    f"LeiKa key {key!r} is not 14 digits", f"{where}/referenzLeiKa, {x.line(ref)}"
                )
            leika.append(key)
            leika_belege.append(self.beleg(ref, f"{where}/referenzLeiKa[{key}]"))
        modules = [self.text_module(m, where) for m in x.kids(el, "modulText")]
        leistung = ParsedLeistung(
            id=lid,
            id_scheme_agency=ident.get("schemeAgencyID") if ident is not None else None,
            leika_keys=leika,
            leika_belege=leika_belege,
            typisierung=[c for c in (x.code(t) for t in x.kids(el, "typisierung")) if c],
            text_modules=modules,
            kosten=[k for m in x.kids(el, "modulKosten") for k in self.kosten(m, where)],
            fristen=[f for m in x.kids(el, "modulFrist") for f in self.dauern(m, "frist", where)],
            bearbeitungsdauer=[
                f
                for m in x.kids(el, "modulBearbeitungsdauer")
                for f in self.dauern(m, "bearbeitungsdauer", where)
            ],
            begriffe=[b for m in x.kids(el, "modulBegriffImKontext") for b in _begriffe(m)],
            freigabe_am=self.freigabe_am(el, where),
            freigabe_durch=x.pick(x.path(el, "modulFachlicheFreigabe", "fachlichFreigegebenDurch")) or None,
            ursprungsportale=[lk for m in x.kids(el, "modulUrsprungsportal") if (lk := _link(m))],
            geaendert=x.text(x.kid(x.kid(el, "versionsinformation"), "geaendertDatumZeit")) or None,
            line=el.sourceline,
        )
        if not leistung.name:
            raise self.fail("missing Leistungsname (modulText with code 03 or 02)", f"{where}, {x.line(el)}")
        return leistung

    def text_module(self, el: etree._Element, owner: str) -> ParsedTextModule:
        kind = x.kid(el, "leikaTextmodul")
        code = x.code(kind)
        where = f"{owner}/modulText[code={code or '?'}], {x.line(el)}"
        if not code:
            raise self.fail("text module without leikaTextmodul/code", where)
        chosen = x.choose_language(x.kids(el, "inhalt"))
        text = x.text(chosen)
        if not text:
            raise self.fail("empty text module", where)
        position = x.text(x.kid(el, "positionDarstellung"))
        return ParsedTextModule(
            code=code,
            name=x.text(x.kid(kind, "name")) or None,
            position=int(position) if position.isdigit() else None,
            text=text,
            language=x.language(chosen),
            links=[lk for w in x.kids(el, "weiterfuehrenderLink") if (lk := _link(w))],
            line=el.sourceline,
        )

    def kosten(self, module: etree._Element, owner: str) -> list[ParsedKosten]:
        items = []
        for el in x.kids(module, "kosten"):
            where = f"{owner}/modulKosten/kosten, {x.line(el)}"
            items.append(
                ParsedKosten(
                    betrag_fix=self.amount(x.kid(el, "betragFix"), where),
                    betrag_untergrenze=self.amount(x.kid(el, "betragUntergrenze"), where),
                    betrag_obergrenze=self.amount(x.kid(el, "betragObergrenze"), where),
                    beschreibung=x.pick(x.kids(el, "beschreibung")) or None,
                    beleg=self.beleg(el, where),
                    line=el.sourceline,
                )
            )
        # PVOG exports often carry only a module-level description.
        if text := x.pick(x.kids(module, "beschreibung")):
            items.append(ParsedKosten(beschreibung=text, line=module.sourceline))
        return items

    def dauern(self, module: etree._Element, item: str, owner: str) -> list[ParsedDauer]:
        items = []
        for el in x.kids(module, item):
            where = f"{owner}/{x.local(module)}/{item}, {x.line(el)}"
            items.append(
                ParsedDauer(
                    dauer=self.amount(x.descendant(el, "dauer"), where),
                    einheit=x.code(x.descendant(el, "einheit")) or None,
                    dauer_bis=self.amount(x.descendant(el, "dauerBis"), where),
                    einheit_bis=x.code(x.descendant(el, "einheitBis")) or None,
                    beschreibung=x.pick(x.kids(el, "beschreibung")) or None,
                    beleg=self.beleg(el, where),
                    line=el.sourceline,
                )
            )
        if text := x.pick(x.kids(module, "beschreibung")):
            items.append(ParsedDauer(beschreibung=text, line=module.sourceline))
        return items

    def amount(self, el: etree._Element | None, where: str) -> Decimal | None:
        """A number such as ``12.50``; real exports may wrap it (``betrag``/``wert``), so look inside."""
        if el is None:
            return None
        leaves = [el] if len(el) == 0 else [c for c in el.iterdescendants() if len(c) == 0]
        candidates = [t for t in (x.text(c) for c in leaves) if t]
        for raw in candidates:
            try:
                value = Decimal(raw.replace(",", "."))
            except InvalidOperation:
                continue
            if value.is_finite():
                return value
        if candidates:
            raise self.fail(f"{x.local(el)} {candidates[0]!r} is not a number", where)
        return None

    def beleg(self, el: etree._Element, owner: str) -> ParsedBeleg | None:
        """The fact's ``lsa:beleg`` (project extension), checked value by value; None when absent."""
        node = x.lsa_kid(el, "beleg")
        if node is None:
            return None
        where = f"{owner}/lsa:beleg, {x.line(node)}"
        stand, quelle = node.get("stand"), node.get("quelle")
        sicherheit, konfidenz = node.get("sicherheit"), node.get("konfidenz")
        try:
            parsed_stand = date.fromisoformat(stand) if stand else None
        except ValueError as e:
            raise self.fail(f"stand {stand!r} is not a date (JJJJ-MM-TT)", where) from e
        if quelle is not None and not re.match(r"^https?://\S+$", quelle):
            raise self.fail(f"quelle {quelle!r} is not an http(s) URL", where)
        if sicherheit is not None and sicherheit not in CERTAINTIES:
            raise self.fail(f"sicherheit {sicherheit!r} is not one of {', '.join(CERTAINTIES)}", where)
        if konfidenz is not None and konfidenz not in LEIKA_CONFIDENCES:
            raise self.fail(f"konfidenz {konfidenz!r} is not one of {', '.join(LEIKA_CONFIDENCES)}", where)
        return ParsedBeleg(
            stand=parsed_stand,
            quelle=quelle,
            sicherheit=sicherheit,
            konfidenz=konfidenz,
            hinweis=x.text(node) or None,
            line=node.sourceline,
        )

    def freigabe_am(self, el: etree._Element, owner: str) -> date | None:
        node = x.path(el, "modulFachlicheFreigabe", "fachlichFreigegebenAm")
        raw = x.text(node[0]) if node else ""
        if not raw:
            return None
        try:
            return date.fromisoformat(raw[:10])
        except ValueError as e:
            where = f"{owner}/modulFachlicheFreigabe, {x.line(node[0])}"
            raise self.fail(f"fachlichFreigegebenAm {raw!r} is not a date", where) from e

    def organisationseinheit(
        self, el: etree._Element
    ) -> tuple[ParsedOrganisationseinheit, list[ParsedZustaendigkeit]]:
        oid = x.text(x.kid(el, "id"))
        if not oid:
            raise self.fail("organisationseinheit without id", f"organisationseinheit, {x.line(el)}")
        name_el = x.kid(el, "name")
        inner = x.kids(name_el, "name") if name_el is not None else []
        name = x.pick(inner) if inner else x.text(name_el)
        owner = f"organisationseinheit[id={oid}]"
        links = [self.zustaendigkeit(z, oid, owner, embedded=True) for z in x.kids(el, "zustaendigkeit")]
        return ParsedOrganisationseinheit(id=oid, name=name or None, line=el.sourceline), links

    def transfer_objekt(self, el: etree._Element) -> list[ParsedZustaendigkeit]:
        parent = x.text(x.kid(el, "uebergeordnetesObjektID"))
        if not parent:
            raise self.fail("missing uebergeordnetesObjektID", f"zustaendigkeitTransferObjekt, {x.line(el)}")
        owner = f"zustaendigkeitTransferObjekt[uebergeordnetesObjektID={parent}]"
        return [self.zustaendigkeit(z, parent, owner, embedded=False) for z in x.kids(el, "zustaendigkeit")]

    def zustaendigkeit(
        self, el: etree._Element, organisation: str, owner: str, *, embedded: bool
    ) -> ParsedZustaendigkeit:
        leistung_id = x.text(x.kid(el, "leistungID"))
        if not leistung_id:
            raise self.fail("zustaendigkeit without leistungID", f"{owner}/zustaendigkeit, {x.line(el)}")
        rolle = x.kid(el, "rolle")
        return ParsedZustaendigkeit(
            id=x.text(x.kid(el, "id")) or None,
            leistung_id=leistung_id,
            organisation_id=organisation,
            rolle_code=x.code(rolle) or None,
            rolle_name=x.text(x.kid(rolle, "name")) or None,
            gebiet_ids=[t for t in (x.text(g) for g in x.kids(el, "gebietID")) if t],
            embedded=embedded,
            line=el.sourceline,
        )


def _begriffe(module: etree._Element) -> list[ParsedBegriff]:
    found = []
    for el in x.kids(module, "begriffImKontext"):
        if text := x.pick(x.kids(el, "begriff")):
            found.append(ParsedBegriff(begriff=text, typ=x.code(x.kid(el, "typ")) or None))
    return found


def _link(el: etree._Element) -> ParsedLink | None:
    uri = x.text(x.kid(el, "uri")) or x.text(x.kid(el, "link"))
    return ParsedLink(uri=uri, titel=x.pick(x.kids(el, "titel")) or None) if uri else None
