/* Staff page: one service (#/leistung/<LeiKa key or id>) with its facts, responsibilities and FIM modules. */
import { el } from "./common.js";
import { STALE, errorText, load } from "./staff-api.js";
import { els, extLink, facts, heading, listOf, orgLink, safeUrl, section, showError, sourceList, textBlock, uncertainNote } from "./staff-dom.js";
import { lastListHref } from "./staff-list.js";

const SOURCE_NAMES = { curated: "Kuratierte FIM-Beschreibung", catalogue: "Leistungskatalog" };

function backToList() {
  return el("p", { cls: "back-link" }, [el("a", { href: lastListHref(), text: "Zurück zur Liste" })]);
}

export async function showService(key, focus) {
  let s;
  try {
    s = await load("/v1/services/" + encodeURIComponent(key));
  } catch (err) {
    if (err === STALE) return;
    const h = heading("Leistung nicht verfügbar");
    els.contentView.replaceChildren(backToList(), h);
    showError(errorText(err, `Die Leistung „${key}“`));
    if (focus) h.focus();
    return;
  }
  const h = heading(s.name);
  const ministry = s.ministry
    ? el("span", {}, [orgLink(s.ministry, s.ministry_name ? `${s.ministry_name} (${s.ministry})` : s.ministry)])
    : "nicht angegeben";
  const parts = [
    backToList(),
    h,
    facts([
      ["LeiKa-Schlüssel", s.leika_key || "keiner"],
      ["Zitierweise", s.citation_label],
      ["Zuständiges Ministerium", ministry],
      ["Ausführende Stelle", listOf(s.authorities)],
      ["Zuständige Stelle", s.zustaendige_stelle],
      ["Typisierung", s.typisierung_text || (s.typisierung || []).join(", ")],
      ["Schlüssel ersetzt durch", s.outdated ? s.replaced_by || "nicht bekannt" : null],
      ["Quelle", SOURCE_NAMES[s.source] || s.source],
      ["Stand", s.version],
    ]),
  ];
  parts.push(responsibilities(s.responsibilities || []));
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
  if ((s.source_urls || []).length || s.url) parts.push(section("Quellen", [sourceList([s.url, ...(s.source_urls || [])])]));
  els.contentView.replaceChildren(...parts);
  if (focus) h.focus();
}

function normHref(n) {
  const law = n.law || "egovg-lsa";
  return `#/norm/${encodeURIComponent(law)}/${encodeURIComponent(n.paragraph)}`;
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
    li.append(
      facts([
        ["Aufsicht / Ministerium", r.ministry ? orgLink(r.ministry, r.ministry) : null],
        ["Rechtsgrundlage", r.legal_basis],
        ["Quelle", safeUrl(r.source) ? extLink(r.source) : r.source],
      ]),
    );
    const note = uncertainNote(r.certain, r.note);
    if (note) li.append(note);
    list.append(li);
  }
  return section("Zuständigkeiten", [list]);
}
