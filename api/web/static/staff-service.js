/* Staff page: one service (#/leistung/<LeiKa key or id>) with its facts, responsibilities and FIM modules. */
import { CERTAINTY, certaintyMarker, el } from "./common.js";
import { els, extLink, facts, heading, listOf, loadView, orgLink, safeUrl, section, textBlock } from "./staff-dom.js";
import { lastListHref } from "./staff-list.js";
import { placeResponsibility } from "./staff-places.js";

const SOURCE_NAMES = { curated: "Kuratierte FIM-Beschreibung", catalogue: "Leistungskatalog" };
const CONFIDENCE = { hoch: "hoch", mittel: "mittel", niedrig: "niedrig" };

/** Marker plus its explanation as a sentence (the detail view has room to say what the marker means). */
function certaintyBlock(certainty) {
  const marker = certaintyMarker(certainty);
  if (!marker) return null;
  return el("span", {}, [marker, el("span", { cls: "certainty-explanation", text: " " + CERTAINTY[certainty].explanation })]);
}

function withCertainty(node, certainty) {
  const block = certaintyBlock(certainty);
  return block ? el("span", {}, [node, block]) : node;
}

function backToList() {
  return el("p", { cls: "back-link" }, [el("a", { href: lastListHref(), text: "Zurück zur Liste" })]);
}

export async function showService(key, focus) {
  const s = await loadView("/v1/services/" + encodeURIComponent(key), { title: "Leistung nicht verfügbar", what: `Die Leistung „${key}“`, focus, back: backToList });
  if (s === null) return;
  const h = heading(s.name);
  const noMinistry = s.source === "curated" ? "kein Landesministerium (die Quellen nennen keines)" : "nicht angegeben";
  const ministry = s.ministry
    ? withCertainty(orgLink(s.ministry, s.ministry_name ? `${s.ministry_name} (${s.ministry})` : s.ministry), s.ministry_certainty)
    : noMinistry;
  const confidence = s.leika_key && CONFIDENCE[s.leika_confidence] ? `Konfidenz ${CONFIDENCE[s.leika_confidence]}` : null;
  const parts = [
    backToList(),
    h,
    facts([
      ["LeiKa-Schlüssel", s.leika_key ? [s.leika_key, confidence].filter(Boolean).join(" – ") : "keiner"],
      ["Herkunft des Schlüssels", s.leika_note],
      ["Zitierweise", s.citation_label],
      ["Zuständiges Ministerium", ministry],
      ["Ausführende Stelle", authorityList(s)],
      ["Zuständige Stelle", s.zustaendige_stelle],
      ["Typisierung", s.typisierung_text || (s.typisierung || []).join(", ")],
      ["Schlüssel ersetzt durch", s.outdated ? replacedBy(s) : null],
      ["Quelle", SOURCE_NAMES[s.source] || s.source],
      ["Stand", s.version],
    ]),
  ];
  parts.push(placeResponsibility(s.leika_key || s.id));
  parts.push(responsibilities(s.responsibilities || []));
  if ((s.facts || []).length) parts.push(datedFacts(s.facts));
  const modules = [
    ["Kurztext", s.kurztext],
    ["Volltext", s.volltext],
    ["Unterlagen", s.unterlagen],
    ["Voraussetzungen", s.voraussetzungen],
    ["Kosten", s.kosten],
    ["Fristen", s.fristen],
    ["Bearbeitungsdauer", s.bearbeitungsdauer],
    ["Verfahrensablauf", s.verfahrensablauf],
    ["Hinweise", s.hinweise],
    ["Rechtsgrundlagen", s.legal_basis],
  ];
  const moduleSection = el("section", { cls: "modules", attrs: { "aria-labelledby": "module-titel" } }, [
    el("h3", { text: "Leistungsbeschreibung", attrs: { id: "module-titel" } }),
  ]);
  for (const [title, value] of modules) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) continue;
    moduleSection.append(section(title, [Array.isArray(value) ? listOf(value) : textBlock(value)], "h4"));
  }
  parts.push(moduleSection);
  if ((s.norms || []).length) {
    parts.push(
      section("Vorschriften des EGovG LSA", [
        el("ul", {}, s.norms.map((n) => el("li", {}, [el("a", { href: normHref(n), text: n.label || `§ ${n.paragraph}` })]))),
      ]),
    );
  }
  if ((s.begriffe || []).length) parts.push(section("Suchbegriffe", [el("p", { text: s.begriffe.join(", ") })]));
  parts.push(sourcesSection(s));
  els.contentView.replaceChildren(...parts);
  if (focus) h.focus();
}

function normHref(n) {
  const law = n.law || "egovg-lsa";
  return `#/norm/${encodeURIComponent(law)}/${encodeURIComponent(n.paragraph)}`;
}

/** The successor key; one the source does not name outright is marked as inferred. */
function replacedBy(s) {
  if (!s.replaced_by) return "nicht bekannt";
  return s.replacement_certainty === "vermutet" ? `${s.replaced_by} (vermutet, von der Quelle nicht ausdrücklich genannt)` : s.replaced_by;
}

function authorityList(s) {
  const authorities = (s.responsible || []).filter((r) => r.kind === "authority_type");
  if (!authorities.length) return listOf(s.authorities);
  return el("ul", {}, authorities.map((r) => el("li", {}, [withCertainty(document.createTextNode(r.name), r.certainty)])));
}

function responsibilities(items) {
  if (!items.length) return section("Zuständigkeiten", [el("p", { text: "Keine Zuständigkeit erfasst." })]);
  const list = el("ul", { cls: "cards" });
  for (const r of items) {
    const li = el("li", { cls: r.certain === false ? "card card-uncertain" : "card" });
    const typeName = r.authority_type_name || r.authority_type || "Stelle";
    li.append(
      el("p", { cls: "card-title" }, [
        r.authority_type ? orgLink(r.authority_type, typeName) : document.createTextNode(typeName),
      ]),
    );
    const ministry = r.ministry ? withCertainty(orgLink(r.ministry, r.ministry), r.ministry_certainty) : "kein Landesministerium";
    li.append(
      facts([
        ["Ausführende Stelle", certaintyBlock(r.authority_certainty) || "belegt"],
        ["Aufsicht / Ministerium", ministry],
        ["Grundlage", r.basis],
        ["Rechtsgrundlage", r.legal_basis],
        ["Quelle Stelle", safeUrl(r.source) ? extLink(r.source) : r.source],
        ["Quelle Ministerium", r.ministry_source && safeUrl(r.ministry_source) ? extLink(r.ministry_source) : r.ministry_source],
      ]),
    );
    if (r.note) li.append(el("p", { cls: "note", text: `Hinweis: ${r.note}` }));
    list.append(li);
  }
  return section("Zuständigkeiten", [list]);
}

/** Fees and deadlines with their Stand and source; one without a source says so and why. */
function datedFacts(items) {
  const list = el("ul", { cls: "dated-facts" });
  for (const f of items) {
    const li = el("li", {}, [el("strong", { text: `${f.kind}: ` }), document.createTextNode(f.text)]);
    const stand = f.stand ? new Date(f.stand + "T00:00:00").toLocaleDateString("de-DE") : null;
    const meta = el("span", { cls: "sub" });
    if (stand) meta.append(`Stand: ${stand}`);
    if (f.source_url && safeUrl(f.source_url)) meta.append(stand ? " · Quelle: " : "Quelle: ", extLink(f.source_url));
    const marker = certaintyMarker(f.certainty);
    if (marker) meta.append(" ", marker);
    if (f.note) meta.append(` ${f.note}`);
    li.append(meta);
    list.append(li);
  }
  return section("Gebühren und Fristen (mit Stand)", [list, el("p", { cls: "note", text: "Verbindlich ist die zuständige Stelle." })]);
}

/** The official page citizens are sent to, then the provenance (marked when a page is not official). */
function sourcesSection(s) {
  const children = [];
  if (s.url && safeUrl(s.url)) children.push(el("p", {}, [el("strong", { text: "Amtliche Seite: " }), extLink(s.url)]));
  const provenance = (s.sources || []).filter((src) => src && src.url);
  if (provenance.length) {
    children.push(el("p", { text: "Herkunft der Angaben (nur für Mitarbeitende; nicht amtliche Seiten sind markiert):" }));
    children.push(
      el(
        "ul",
        { cls: "sources" },
        provenance.map((src) =>
          el("li", {}, [
            safeUrl(src.url) ? extLink(src.url) : document.createTextNode(src.url),
            src.official ? null : el("span", { cls: "tag tag-warn", text: "nicht amtlich" }),
          ]),
        ),
      ),
    );
  } else if (s.source === "catalogue" && (s.source_urls || []).length) {
    children.push(el("ul", { cls: "sources" }, s.source_urls.filter(safeUrl).map((u) => el("li", {}, [extLink(u)]))));
  }
  if (!children.length) children.push(el("p", { text: "Keine Quelle angegeben." }));
  return section("Quellen", children);
}
