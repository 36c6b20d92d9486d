/* Staff page: ministries and authority types (#/organisationen) and one organisation (#/organisation/<id>). */
import { certaintyMarker, el } from "./common.js";
import { els, extLink, facts, heading, loadView, nameOf, orgLink, safeUrl, section, sourceList, textBlock, uncertainNote } from "./staff-dom.js";

const KIND_NAMES = { ministry: "Ministerium", staatskanzlei: "Staatskanzlei", authority_type: "Behördentyp" };

export async function showOrganizations(focus) {
  const data = await loadView("/v1/organizations", { title: "Ministerien & Behörden", what: "Die Liste der Organisationen", focus });
  if (data === null) return;
  const h = heading("Ministerien & Behörden");
  const items = data.items || [];
  const ministries = items.filter((o) => o.kind !== "authority_type");
  const types = items.filter((o) => o.kind === "authority_type");
  els.contentView.replaceChildren(
    h,
    orgTable("Ministerien und Staatskanzlei", "org-ministerien", ministries, ["name", "abbreviation", "areas", "roles", "services"]),
    orgTable("Behördentypen", "org-behoerden", types, ["name", "services"]),
  );
  if (focus) h.focus();
}

// Columns of the organisation tables: header, cell builder, numeric?
const ORG_COLUMNS = {
  name: ["Name", (o) => orgLink(o.id, o.name)],
  abbreviation: ["Kürzel", (o) => o.abbreviation || "–"],
  areas: ["Aufgabenbereiche", (o) => o.area_count ?? 0, true],
  roles: ["OZG-Rollen", (o) => o.ozg_role_count ?? 0, true],
  services: ["Leistungen", (o) => o.service_count ?? 0, true],
};

function orgTable(title, id, items, columns) {
  const cols = columns.map((c) => ORG_COLUMNS[c]);
  const caption = el("caption", { text: `${title} (${items.length})`, attrs: { id: id + "-caption" } });
  const head = el("thead", {}, [el("tr", {}, cols.map(([t]) => el("th", { text: t, attrs: { scope: "col" } })))]);
  const rows = items.map((o) =>
    el(
      "tr",
      {},
      cols.map(([, cell, numeric]) => {
        const value = cell(o);
        return value instanceof Node ? el("td", {}, [value]) : el("td", { cls: numeric ? "num" : "", text: value });
      }),
    ),
  );
  const table = el("table", { cls: "data-table" }, [caption, head, el("tbody", {}, rows)]);
  const attrs = { tabindex: "0", role: "region", "aria-labelledby": id + "-caption" };
  return el("div", { cls: "table-scroll", attrs }, [table]);
}

export async function showOrganization(id, focus) {
  const o = await loadView("/v1/organizations/" + encodeURIComponent(id), { title: "Organisation nicht verfügbar", what: `Die Organisation „${id}“`, focus, back: orgBack });
  if (o === null) return;
  const h = heading(o.abbreviation && o.abbreviation !== o.name ? `${o.name} (${o.abbreviation})` : o.name);
  const head = o.head ? `${nameOf(o.head)}${o.head.title ? ", " + o.head.title : ""}${o.head.stand ? " (Stand: " + o.head.stand + ")" : ""}` : null;
  const parts = [
    orgBack(),
    h,
    facts([
      ["Art", KIND_NAMES[o.kind] || o.kind],
      ["Leitung", head],
      ["Ebene", o.level],
      ["Aufsicht", o.supervision],
      ["Rechtsgrundlage", o.legal_basis],
      ["Internetseite", safeUrl(o.url) ? extLink(o.url) : o.url],
    ]),
  ];
  if (o.description) parts.push(textBlock(o.description));
  if (o.head) {
    const note = uncertainNote(o.head.certain, o.head.note);
    if (note) parts.push(note);
  }
  if (o.note) parts.push(el("p", { cls: "note", text: o.note }));
  if ((o.areas || []).length) parts.push(section("Aufgabenbereiche", [areaList(o.areas)]));
  if ((o.ozg_roles || []).length) parts.push(section("OZG-Rollen", [roleList(o.ozg_roles)]));
  if ((o.subordinate_authorities || []).length) {
    const list = el("ul", { cls: "cards" });
    for (const a of o.subordinate_authorities) {
      const li = el("li", { cls: "card" }, [el("p", { cls: "card-title", text: a.abbreviation ? `${a.name} (${a.abbreviation})` : nameOf(a) })]);
      if (a.description) li.append(el("p", { text: a.description }));
      if (safeUrl(a.source)) li.append(el("p", { cls: "source" }, [document.createTextNode("Quelle: "), extLink(a.source)]));
      list.append(li);
    }
    parts.push(section("Nachgeordnete Behörden", [list]));
  }
  if ((o.relations || []).length) parts.push(section("Zuständigkeiten", [relationList(o.relations)]));
  const services = o.services || [];
  parts.push(
    section(`Leistungen (${services.length})`, [
      services.length
        ? el(
            "ul",
            { cls: "columns" },
            services.map((s) =>
              el("li", {}, [
                el("a", { href: "#/leistung/" + encodeURIComponent(s.leika_key || s.id), text: s.name }),
                s.leika_key ? el("span", { cls: "sub key", text: s.leika_key }) : null,
              ]),
            ),
          )
        : el("p", { text: "Keine Leistungen zugeordnet." }),
    ]),
  );
  parts.push(section("Quellen", [sourceList(o.sources || [])]));
  els.contentView.replaceChildren(...parts);
  if (focus) h.focus();
}

function orgBack() {
  return el("p", { cls: "back-link" }, [el("a", { href: "#/organisationen", text: "Zurück zu Ministerien & Behörden" })]);
}

function areaList(areas) {
  return el(
    "ul",
    { cls: "cards" },
    areas.map((a) =>
      recordCard(a, a.certain === false, [
        el("p", { cls: "card-title", text: a.name }),
        a.description ? el("p", { text: a.description }) : null,
      ]),
    ),
  );
}

function roleList(roles) {
  return el(
    "ul",
    { cls: "cards" },
    roles.map((r) => {
      const title = el("p", { cls: "card-title", text: r.subject ? `${r.role}: ${r.subject}` : r.role });
      if (r.current === false) title.append(el("span", { cls: "tag tag-warn", text: "nicht mehr aktuell" }));
      return recordCard(r, r.certain === false || r.current === false, [
        title,
        r.description ? el("p", { text: r.description }) : null,
        r.legal_basis ? facts([["Rechtsgrundlage", r.legal_basis]]) : null,
      ]);
    }),
  );
}

/** A card for an area or OZG role record: its content, then its caveat (when uncertain) and its source. */
function recordCard(record, uncertain, children) {
  const li = el("li", { cls: uncertain ? "card card-uncertain" : "card" }, children);
  const note = uncertainNote(record.certain, record.note);
  if (note) li.append(note);
  li.append(sourceLine(record.source, record.stand));
  return li;
}

function relationList(relations) {
  return el(
    "ul",
    { cls: "cards" },
    relations.map((r) => {
      const li = el("li", { cls: r.certain === false ? "card card-uncertain" : "card" }, [
        el("p", { cls: "card-title", text: r.topic || nameOf(r) }),
      ]);
      li.append(
        facts([
          ["Behördentyp", r.authority_type ? marked(orgLink(r.authority_type, r.authority_type_name || r.authority_type), r.authority_certainty) : null],
          ["Ministerium", r.ministry ? marked(orgLink(r.ministry, r.ministry), r.ministry_certainty) : "kein Landesministerium"],
          ["Rechtsgrundlage", r.legal_basis],
        ]),
      );
      if (r.note) li.append(el("p", { cls: "note", text: `Hinweis: ${r.note}` }));
      if (r.source) li.append(sourceLine(r.source, r.stand));
      return li;
    }),
  );
}

/** A link with the certainty marker of what it names (nothing added for sourced facts). */
function marked(node, certainty) {
  const marker = certaintyMarker(certainty);
  return marker ? el("span", {}, [node, marker]) : node;
}

function sourceLine(url, stand) {
  const p = el("p", { cls: "source" }, [document.createTextNode("Quelle: ")]);
  if (safeUrl(url)) p.append(extLink(url));
  else p.append(document.createTextNode(url || "nicht angegeben"));
  if (stand) p.append(document.createTextNode(` (Stand: ${stand})`));
  return p;
}
