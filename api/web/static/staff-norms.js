/* Staff page: the EGovG LSA overview (#/normen) and one paragraph (#/norm/<law>/<§>), with known gaps. */
import { el } from "./common.js";
import { ApiError, STALE, errorText, load } from "./staff-api.js";
import { els, extLink, facts, heading, loadView, safeUrl, section, showError, textBlock } from "./staff-dom.js";

function gapText(g) {
  if (typeof g === "string") return g;
  const where = [];
  if (g.paragraph !== undefined && g.paragraph !== null) where.push(`§ ${g.paragraph}`);
  if (Array.isArray(g.absaetze)) where.push(`Abs. ${g.absaetze.join(", ")}`);
  else if (g.absaetze && g.absaetze !== "all") where.push(`Abs. ${g.absaetze}`);
  const kind = { missing: "fehlt", partial: "unvollständig", uncertain: "ungewiss" }[g.kind] || g.kind || "";
  const head = [where.join(" "), kind].filter(Boolean).join(" – ");
  const note = g.note || g.description || g.text || "";
  return head && note ? `${head}: ${note}` : head || note;
}

function gapNotice(gaps) {
  const items = (gaps || []).map(gapText).filter(Boolean);
  const box = el("div", { cls: "gap-notice" }, [el("p", { cls: "gap-title", text: "Nicht im erfassten Text enthalten" })]);
  if (items.length) box.append(el("ul", {}, items.map((t) => el("li", { text: t }))));
  return box;
}

export async function showNorms(focus) {
  const law = await loadView("/v1/norms/egovg-lsa", { title: "EGovG LSA", what: "Das EGovG LSA", focus });
  if (law === null) return;
  const h = heading(law.title || "EGovG LSA");
  const rows = (law.paragraphs || []).map((p) => {
    const li = el("li", {}, [el("a", { href: `#/norm/egovg-lsa/${encodeURIComponent(p.paragraph)}`, text: p.label || `§ ${p.paragraph}` })]);
    if (p.title) li.append(document.createTextNode(` – ${p.title}`));
    if (p.complete === false) li.append(el("span", { cls: "tag tag-warn", text: "unvollständig erfasst" }));
    return li;
  });
  const parts = [
    h,
    facts([
      ["Fassung", law.version],
      ["Quelle des Textes", safeUrl(law.url) ? extLink(law.url) : law.url],
    ]),
    el("p", {
      text:
        "Nur die hier aufgeführten Paragraphen sind im erfassten Text enthalten; " +
        "was fehlt oder abbricht, steht unter „Bekannte Lücken“.",
    }),
    section("Erfasste Paragraphen", [el("ul", { cls: "norm-list" }, rows)]),
  ];
  if ((law.known_gaps || []).length) {
    parts.push(
      section("Bekannte Lücken", [
        el("p", { text: "Diese Teile des Gesetzes sind in den verfügbaren Quellen nicht oder nur teilweise enthalten." }),
        gapNotice(law.known_gaps),
      ]),
    );
  }
  els.contentView.replaceChildren(...parts);
  if (focus) h.focus();
}

/** Items come as "1" or "a"; the law writes them "1." and "a)". */
function itemLabel(label) {
  if (/[.)]$/.test(label)) return label;
  return /^\d/.test(label) ? `${label}.` : `${label})`;
}

function itemList(items) {
  if (!items || !items.length) return null;
  return el(
    "ol",
    { cls: "norm-items" },
    items.map((it) => {
      const li = el("li", {}, [el("span", { cls: "item-label", text: it.label ? `${itemLabel(it.label)} ` : "" }), document.createTextNode(it.text || "")]);
      const sub = itemList(it.subitems);
      if (sub) li.append(sub);
      return li;
    }),
  );
}

/** ``text`` holds the whole Absatz, items included; show intro and closing text around the item list. */
function absatzBody(a) {
  const items = itemList(a.items);
  if (!items) return [textBlock(a.text || "")];
  const labels = [];
  const collect = (list) => {
    for (const it of list || []) {
      if (it.label) labels.push(it.label);
      collect(it.subitems);
    }
  };
  collect(a.items);
  const lines = String(a.text || "").split("\n");
  const isItem = (line) => {
    const t = line.trim().replace(/^[-*]\s+/, "");
    return labels.some((label) => t.startsWith(label) && /^[.)]?\s/.test(t.slice(label.length)));
  };
  const first = lines.findIndex(isItem);
  if (first < 0) return [textBlock(a.text || ""), items];
  let last = first;
  lines.forEach((line, i) => {
    if (isItem(line)) last = i;
  });
  const out = [];
  const intro = lines.slice(0, first).join("\n").trim();
  const rest = lines.slice(last + 1).join("\n").trim();
  if (intro) out.push(textBlock(intro));
  out.push(items);
  if (rest) out.push(textBlock(rest));
  return out;
}

export async function showNorm(law, paragraph, focus) {
  const back = el("p", { cls: "back-link" }, [el("a", { href: "#/normen", text: "Zurück zur Übersicht des EGovG LSA" })]);
  let norm;
  try {
    norm = await load(`/v1/norms/${encodeURIComponent(law)}/${encodeURIComponent(paragraph)}`);
  } catch (err) {
    if (err === STALE) return;
    const h = heading(`§ ${paragraph} EGovG LSA`);
    const parts = [back, h];
    if (err instanceof ApiError && err.status === 404) {
      // A § the sources do not contain: say so honestly, with the documented gap if there is one.
      let gaps = [];
      try {
        const all = await load(`/v1/norms/${encodeURIComponent(law)}`);
        gaps = (all.known_gaps || []).filter((g) => typeof g === "object" && String(g.paragraph) === String(paragraph));
      } catch (e) {
        if (e === STALE) return;
        gaps = [];
      }
      parts.push(gapNotice(gaps.length ? gaps : [err.detail || `§ ${paragraph} ist im erfassten Text nicht enthalten.`]));
    } else {
      showError(errorText(err, `§ ${paragraph}`));
    }
    els.contentView.replaceChildren(...parts);
    if (focus) h.focus();
    return;
  }
  const h = heading(norm.title ? `${norm.label || "§ " + norm.paragraph} – ${norm.title}` : norm.label || `§ ${paragraph}`);
  const parts = [back, h];
  if (safeUrl(norm.url)) parts.push(el("p", { cls: "source" }, [document.createTextNode("Quelle: "), extLink(norm.url)]));
  const absaetze = norm.absaetze || [];
  for (const a of absaetze) {
    const s = el("section", { cls: "absatz" }, [el("h3", { text: a.label || `Abs. ${a.number}` })]);
    s.append(...absatzBody(a));
    if (a.complete === false) {
      s.append(el("p", { cls: "uncertain" }, [el("strong", { text: "Unvollständig erfasst" }), document.createTextNode(a.gap_note ? `: ${a.gap_note}` : "")]));
    }
    parts.push(s);
  }
  if (!absaetze.length || (norm.gaps || []).length) parts.push(gapNotice(norm.gaps || []));
  els.contentView.replaceChildren(...parts);
  if (focus) h.focus();
}
