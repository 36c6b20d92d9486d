/* Staff page: the page's fixed elements and the safe element builders shared by the views.
 * Everything goes into the page with textContent/createElement (el()), never parsed as markup.
 */
import { el } from "./common.js";
import { STALE, errorText, load } from "./staff-api.js";

const $ = (id) => document.getElementById(id);
export const els = {
  error: $("fehler"),
  listView: $("ansicht-leistungen"),
  listTitle: $("leistungen-titel"),
  contentView: $("ansicht-inhalt"),
  form: $("suche"),
  q: $("suche-q"),
  ministry: $("suche-ministerium"),
  source: $("suche-quelle"),
  typ: $("suche-typisierung"),
  sort: $("suche-sortierung"),
  csv: $("csv-export"),
  status: $("ergebnis-status"),
  tbody: document.querySelector("#ergebnis tbody"),
  tableScroll: document.querySelector("#ansicht-leistungen .table-scroll"),
  prev: $("seite-zurueck"),
  next: $("seite-weiter"),
  range: $("seite-bereich"),
};

/** An external link (sources, portals); the text says where it leads. */
export function extLink(url, text) {
  const a = el("a", { href: url, text: text || url });
  a.rel = "noopener noreferrer";
  return a;
}

/** Only http(s) URLs from the data become links; anything else is shown as text. */
export function safeUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url);
}

export function showError(text) {
  els.error.replaceChildren(el("p", { text }));
}

export function clearError() {
  els.error.replaceChildren();
}

/** Text of an authority entry, which may be a plain name or an object with a name. */
export function nameOf(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return value.name || value.label || value.abbreviation || value.id || "";
}

export function setTitle(part) {
  document.title = `${part} – Zuständigkeiten und Leistungen | LSA Assistant`;
}

/** The h2 of a content view; focusable so navigation can move focus there. */
export function heading(text) {
  setTitle(text);
  return el("h2", { text, attrs: { tabindex: "-1", id: "ansicht-titel" } });
}

/**
 * A content view's data from `path`. When it cannot be loaded the view shows the heading `title` (after the link
 * `back()` builds, if given) and the error about `what`, focused with `focus`, and the result is null; null too
 * for an answer the user has navigated away from (nothing shown).
 */
export async function loadView(path, { title, what, focus, back }) {
  try {
    return await load(path);
  } catch (err) {
    if (err === STALE) return null;
    const h = heading(title);
    els.contentView.replaceChildren(...(back ? [back()] : []), h);
    showError(errorText(err, what));
    if (focus) h.focus();
    return null;
  }
}

export function section(title, children, level) {
  const s = el("section", { cls: "module" });
  s.append(el(level || "h3", { text: title }));
  for (const child of children) if (child) s.append(child);
  return s;
}

/** FIM texts are light Markdown: blank lines part paragraphs, "- " lines form lists; no markup is parsed. */
export function textBlock(text) {
  const wrap = el("div", { cls: "text-block" });
  for (const block of String(text).split(/\n\s*\n/)) {
    const lines = block.split("\n").map((l) => l.trim()).filter(Boolean);
    if (!lines.length) continue;
    let para = null;
    let list = null;
    for (const line of lines) {
      const bullet = /^[-*•]\s+(.*)$/.exec(line);
      if (bullet) {
        para = null;
        if (!list) wrap.append((list = el("ul")));
        list.append(el("li", { text: bullet[1] }));
      } else {
        list = null;
        if (para) para.append(el("br"));
        else wrap.append((para = el("p")));
        para.append(document.createTextNode(line));
      }
    }
  }
  return wrap;
}

export function listOf(values) {
  const items = (values || []).map((v) => (typeof v === "string" ? v : nameOf(v))).filter(Boolean);
  if (!items.length) return null;
  return el("ul", {}, items.map((v) => el("li", { text: v })));
}

export function facts(pairs) {
  const dl = el("dl", { cls: "facts" });
  for (const [term, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    dl.append(el("dt", { text: term }));
    const dd = el("dd");
    if (value instanceof Node) dd.append(value);
    else dd.textContent = String(value);
    dl.append(dd);
  }
  return dl;
}

export function orgLink(id, text) {
  return el("a", { href: "#/organisation/" + encodeURIComponent(id), text: text || id });
}

export function sourceList(urls) {
  const unique = [...new Set((urls || []).filter(Boolean))];
  if (!unique.length) return el("p", { text: "Keine Quelle angegeben." });
  return el("ul", { cls: "sources" }, unique.map((u) => el("li", {}, [safeUrl(u) ? extLink(u) : document.createTextNode(u)])));
}

export function uncertainNote(certain, note) {
  if (certain !== false) return note ? el("p", { cls: "note", text: note }) : null;
  return el("p", { cls: "uncertain" }, [el("strong", { text: "nicht belegt" }), document.createTextNode(note ? `: ${note}` : "")]);
}
