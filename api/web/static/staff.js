/* Lookup page for ministry staff (/staff): services, organisations and the EGovG LSA over the /v1 API.
 *
 * Hash routing (#/leistungen?…, #/leistung/<key>, #/organisationen, #/organisation/<id>, #/normen,
 * #/norm/egovg-lsa/<§>) gives every view a URL and keeps the back button working. All API data is put
 * into the page with textContent/createElement only, never parsed as markup, because service texts come
 * from external catalogues.
 */
"use strict";

(function () {
  const PAGE_SIZE = 50;
  const DEBOUNCE_MS = 400;
  // German URL words <-> API values of the `source` filter.
  const SOURCES = { kuratiert: "curated", katalog: "catalogue" };
  const SOURCE_NAMES = { curated: "Kuratierte FIM-Beschreibung", catalogue: "Leistungskatalog" };
  const KIND_NAMES = { ministry: "Ministerium", staatskanzlei: "Staatskanzlei", authority_type: "Behördentyp" };

  const $ = (id) => document.getElementById(id);
  const els = {
    error: $("fehler"),
    listView: $("ansicht-leistungen"),
    listTitle: $("leistungen-titel"),
    contentView: $("ansicht-inhalt"),
    form: $("suche"),
    q: $("suche-q"),
    ministry: $("suche-ministerium"),
    source: $("suche-quelle"),
    typ: $("suche-typisierung"),
    csv: $("csv-export"),
    status: $("ergebnis-status"),
    tbody: document.querySelector("#ergebnis tbody"),
    tableScroll: document.querySelector("#ansicht-leistungen .table-scroll"),
    prev: $("seite-zurueck"),
    next: $("seite-weiter"),
    range: $("seite-bereich"),
  };

  let lastListHash = "#/leistungen";
  let currentView = null;
  let listRequest = 0;
  let debounceTimer = null;
  let ministriesLoaded = null;

  // ---------------------------------------------------------------- helpers

  /** Create an element with optional class, text and attributes. */
  function el(tag, options, children) {
    const node = document.createElement(tag);
    const opts = options || {};
    if (opts.cls) node.className = opts.cls;
    if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
    if (opts.href) node.setAttribute("href", opts.href);
    if (opts.attrs) for (const [k, v] of Object.entries(opts.attrs)) node.setAttribute(k, v);
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  /** An external link (sources, portals); the text says where it leads. */
  function extLink(url, text) {
    const a = el("a", { href: url, text: text || url });
    a.rel = "noopener noreferrer";
    return a;
  }

  /** Only http(s) URLs from the data become links; anything else is shown as text. */
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url);
  }

  function fmtNumber(n) {
    return Number(n).toLocaleString("de-DE");
  }

  function showError(text) {
    els.error.replaceChildren(el("p", { text }));
  }

  function clearError() {
    els.error.replaceChildren();
  }

  class ApiError extends Error {
    constructor(status, title, detail) {
      super(detail || title);
      this.status = status;
      this.title = title;
      this.detail = detail;
    }
  }

  /** GET a JSON resource; problem+json bodies become an ApiError with their title and detail. */
  async function api(path) {
    let response;
    try {
      response = await fetch(path, { headers: { Accept: "application/json" } });
    } catch (e) {
      throw new ApiError(0, "Der Dienst ist nicht erreichbar.", "Bitte prüfen Sie die Verbindung und laden Sie die Seite neu.");
    }
    if (response.ok) return response.json();
    let problem = {};
    try {
      problem = await response.json();
    } catch (e) {
      problem = {};
    }
    throw new ApiError(response.status, problem.title || `Fehler ${response.status}`, problem.detail || "");
  }

  // Thrown by load() when the user navigated on while a view was loading: the answer is dropped.
  const STALE = new Error("stale");
  let navigation = 0;

  /** api() for a content view; a response that arrives after a newer navigation is not shown. */
  async function load(path) {
    const token = navigation;
    let data;
    try {
      data = await api(path);
    } catch (err) {
      throw token === navigation ? err : STALE;
    }
    if (token !== navigation) throw STALE;
    return data;
  }

  function errorText(err, what) {
    if (err instanceof ApiError) {
      if (err.status === 404) return `${what} wurde nicht gefunden.${err.detail ? " " + err.detail : ""}`;
      return `${what} konnte nicht geladen werden: ${err.title}${err.detail ? " – " + err.detail : ""}`;
    }
    return `${what} konnte nicht geladen werden.`;
  }

  /** Text of an authority entry, which may be a plain name or an object with a name. */
  function nameOf(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "string") return value;
    return value.name || value.label || value.abbreviation || value.id || "";
  }

  function setTitle(part) {
    document.title = `${part} – Zuständigkeiten und Leistungen | LSA Assistant`;
  }

  // ---------------------------------------------------------------- routing

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, "");
    const [path, query] = raw.split("?", 2);
    const parts = path
      .split("/")
      .filter(Boolean)
      .map((p) => {
        try {
          return decodeURIComponent(p);
        } catch (e) {
          return p; // a hand-typed "%" that is no escape
        }
      });
    return { parts, params: new URLSearchParams(query || "") };
  }

  function listHash(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.ministerium) params.set("ministerium", state.ministerium);
    if (state.quelle) params.set("quelle", state.quelle);
    if (state.typisierung) params.set("typisierung", state.typisierung);
    if (state.seite && state.seite > 1) params.set("seite", String(state.seite));
    const query = params.toString();
    return "#/leistungen" + (query ? "?" + query : "");
  }

  function formState() {
    return {
      q: els.q.value.trim(),
      ministerium: els.ministry.value,
      quelle: els.source.value,
      typisierung: els.typ.value,
      seite: 1,
    };
  }

  async function route() {
    clearTimeout(debounceTimer);
    navigation += 1;
    const { parts, params } = parseHash();
    const view = parts[0] || "leistungen";
    const previous = currentView;
    currentView = view;
    markNav(view);
    clearError();
    if (view === "leistungen") {
      await showList(params, previous !== null && previous !== "leistungen");
      return;
    }
    els.listView.hidden = true;
    els.contentView.hidden = false;
    els.contentView.replaceChildren(el("p", { cls: "loading", text: "Wird geladen …" }));
    const focus = previous !== null;
    if (view === "leistung" && parts[1]) await showService(parts[1], focus);
    else if (view === "organisationen") await showOrganizations(focus);
    else if (view === "organisation" && parts[1]) await showOrganization(parts[1], focus);
    else if (view === "normen") await showNorms(focus);
    else if (view === "norm" && parts[1] && parts[2]) await showNorm(parts[1], parts[2], focus);
    else {
      const h = heading("Seite nicht gefunden");
      els.contentView.replaceChildren(h, el("p", {}, [el("a", { href: "#/leistungen", text: "Zur Liste der Leistungen" })]));
      if (focus) h.focus();
    }
  }

  function markNav(view) {
    const section = { leistung: "leistungen", organisation: "organisationen", norm: "normen" }[view] || view;
    for (const link of document.querySelectorAll(".views-nav a")) {
      if (link.dataset.view === section) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  /** The h2 of a content view; focusable so navigation can move focus there. */
  function heading(text) {
    setTitle(text);
    return el("h2", { text, attrs: { tabindex: "-1", id: "ansicht-titel" } });
  }

  function backToList() {
    return el("p", { cls: "back-link" }, [el("a", { href: lastListHash, text: "Zurück zur Liste" })]);
  }

  // ---------------------------------------------------------------- list of services

  async function loadMinistries() {
    if (!ministriesLoaded) {
      ministriesLoaded = api("/v1/organizations?kind=ministry").then(
        (data) => {
          const items = (data.items || []).slice().sort((a, b) => nameOf(a).localeCompare(nameOf(b), "de"));
          for (const item of items) {
            const label = item.abbreviation ? `${item.name} (${item.abbreviation})` : item.name;
            els.ministry.append(el("option", { text: label, attrs: { value: item.abbreviation || item.id } }));
          }
        },
        (err) => showError(errorText(err, "Die Liste der Ministerien")),
      );
    }
    return ministriesLoaded;
  }

  function apiParams(state, withPaging) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.ministerium) params.set("ministry", state.ministerium);
    if (state.quelle) params.set("source", SOURCES[state.quelle] || state.quelle);
    if (state.typisierung) params.set("typisierung", state.typisierung);
    if (withPaging) {
      params.set("limit", String(PAGE_SIZE));
      params.set("offset", String((state.seite - 1) * PAGE_SIZE));
    }
    return params;
  }

  async function showList(params, focusHeading) {
    els.contentView.hidden = true;
    els.listView.hidden = false;
    setTitle("Leistungen");
    const token = navigation;
    await loadMinistries();
    if (token !== navigation) return;
    const state = {
      q: params.get("q") || "",
      ministerium: params.get("ministerium") || "",
      quelle: params.get("quelle") || "",
      typisierung: params.get("typisierung") || "",
      seite: Math.max(1, parseInt(params.get("seite") || "1", 10) || 1),
    };
    // Keep what the user is typing; only sync the form when the URL differs (back button, links).
    if (els.q.value.trim() !== state.q) els.q.value = state.q;
    els.ministry.value = state.ministerium;
    els.source.value = state.quelle;
    els.typ.value = state.typisierung;
    lastListHash = listHash(state);
    try {
      sessionStorage.setItem("lsa-staff-list", lastListHash);
    } catch (e) {
      /* storage may be disabled; the in-memory value is enough */
    }
    const exportParams = apiParams(state, false).toString();
    els.csv.setAttribute("href", "/v1/services.csv" + (exportParams ? "?" + exportParams : ""));
    if (focusHeading) els.listTitle.focus();
    await loadResults(state);
  }

  async function loadResults(state) {
    const request = ++listRequest;
    els.listView.setAttribute("aria-busy", "true");
    let data;
    try {
      data = await api("/v1/services?" + apiParams(state, true).toString());
    } catch (err) {
      if (request !== listRequest) return;
      els.listView.removeAttribute("aria-busy");
      els.tbody.replaceChildren();
      els.status.textContent = "";
      els.range.textContent = "";
      showError(errorText(err, "Die Liste der Leistungen"));
      return;
    }
    if (request !== listRequest) return; // a newer search has started
    els.listView.removeAttribute("aria-busy");
    const items = data.items || [];
    const total = Number(data.total || 0);
    const offset = Number(data.offset || 0);
    els.tbody.replaceChildren(...items.map(serviceRow));
    if (!items.length) {
      const text = state.q ? `Keine Leistungen für „${state.q}“.` : "Keine Leistungen für diese Filter.";
      const cell = el("td", { text, attrs: { colspan: "5" } });
      els.tbody.replaceChildren(el("tr", {}, [cell]));
    }
    els.status.textContent =
      total === 0 ? "Keine Leistungen gefunden" : total === 1 ? "1 Leistung gefunden" : `${fmtNumber(total)} Leistungen gefunden`;
    els.range.textContent = items.length
      ? `${fmtNumber(offset + 1)}–${fmtNumber(offset + items.length)} von ${fmtNumber(total)}`
      : "";
    els.prev.disabled = offset <= 0;
    els.next.disabled = offset + items.length >= total;
  }

  function serviceRow(item) {
    const key = item.leika_key || item.id;
    const nameCell = el("td", {}, [el("a", { href: "#/leistung/" + encodeURIComponent(key), text: item.name })]);
    if (item.source === "catalogue") nameCell.append(el("span", { cls: "tag", text: "Leistungskatalog" }));
    const authorities = (item.authorities || []).map(nameOf).filter(Boolean).join(", ");
    const ministryCell = el("td");
    if (item.ministry) {
      ministryCell.append(el("a", { href: "#/organisation/" + encodeURIComponent(item.ministry), text: item.ministry }));
      if (item.ministry_name) ministryCell.append(el("span", { cls: "sub", text: item.ministry_name }));
    } else {
      ministryCell.textContent = "nicht angegeben";
    }
    return el("tr", {}, [
      el("td", { cls: "key", text: item.leika_key || "–" }),
      nameCell,
      el("td", { text: authorities || "–" }),
      ministryCell,
      linesCell(item.legal_basis),
    ]);
  }

  function onFilterChange(replace) {
    const hash = listHash(formState());
    if (hash === location.hash) return;
    if (replace) {
      // Typing: update results without filling the history with one entry per pause.
      history.replaceState(null, "", hash);
      route();
    } else {
      location.hash = hash;
    }
  }

  function page(delta) {
    const { params } = parseHash();
    const seite = Math.max(1, (parseInt(params.get("seite") || "1", 10) || 1) + delta);
    const state = {
      q: params.get("q") || "",
      ministerium: params.get("ministerium") || "",
      quelle: params.get("quelle") || "",
      typisierung: params.get("typisierung") || "",
      seite,
    };
    location.hash = listHash(state);
    // The clicked button may become disabled; keep keyboard users at the results.
    els.tableScroll.focus();
  }

  // ---------------------------------------------------------------- service detail

  function section(title, children, level) {
    const s = el("section", { cls: "module" });
    s.append(el(level || "h3", { text: title }));
    for (const child of children) if (child) s.append(child);
    return s;
  }

  /** FIM texts are light Markdown: blank lines part paragraphs, "- " lines form lists; no markup is parsed. */
  function textBlock(text) {
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

  /** A Markdown list in a table cell ("- § 17 BMG\n- § 19 BMG") as lines. */
  function linesCell(text) {
    const td = el("td");
    const lines = String(text || "")
      .split("\n")
      .map((l) => l.trim().replace(/^[-*•]\s+/, ""))
      .filter(Boolean);
    if (!lines.length) td.textContent = "–";
    lines.forEach((line, i) => {
      if (i) td.append(el("br"));
      td.append(document.createTextNode(line));
    });
    return td;
  }

  function listOf(values) {
    const items = (values || []).map((v) => (typeof v === "string" ? v : nameOf(v))).filter(Boolean);
    if (!items.length) return null;
    return el("ul", {}, items.map((v) => el("li", { text: v })));
  }

  function facts(pairs) {
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

  function orgLink(id, text) {
    return el("a", { href: "#/organisation/" + encodeURIComponent(id), text: text || id });
  }

  async function showService(key, focus) {
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
        ["Typisierung", (s.typisierung || []).join(", ")],
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

  function sourceList(urls) {
    const unique = [...new Set((urls || []).filter(Boolean))];
    if (!unique.length) return el("p", { text: "Keine Quelle angegeben." });
    return el("ul", { cls: "sources" }, unique.map((u) => el("li", {}, [safeUrl(u) ? extLink(u) : document.createTextNode(u)])));
  }

  function uncertainNote(certain, note) {
    if (certain !== false) return note ? el("p", { cls: "note", text: note }) : null;
    return el("p", { cls: "uncertain" }, [el("strong", { text: "nicht belegt" }), document.createTextNode(note ? `: ${note}` : "")]);
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

  // ---------------------------------------------------------------- organisations

  async function showOrganizations(focus) {
    let data;
    try {
      data = await load("/v1/organizations");
    } catch (err) {
      if (err === STALE) return;
      const h = heading("Ministerien & Behörden");
      els.contentView.replaceChildren(h);
      showError(errorText(err, "Die Liste der Organisationen"));
      if (focus) h.focus();
      return;
    }
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

  async function showOrganization(id, focus) {
    let o;
    try {
      o = await load("/v1/organizations/" + encodeURIComponent(id));
    } catch (err) {
      if (err === STALE) return;
      const h = heading("Organisation nicht verfügbar");
      els.contentView.replaceChildren(orgBack(), h);
      showError(errorText(err, `Die Organisation „${id}“`));
      if (focus) h.focus();
      return;
    }
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
      areas.map((a) => {
        const li = el("li", { cls: a.certain === false ? "card card-uncertain" : "card" }, [
          el("p", { cls: "card-title", text: a.name }),
          a.description ? el("p", { text: a.description }) : null,
        ]);
        const note = uncertainNote(a.certain, a.note);
        if (note) li.append(note);
        li.append(sourceLine(a.source, a.stand));
        return li;
      }),
    );
  }

  function roleList(roles) {
    return el(
      "ul",
      { cls: "cards" },
      roles.map((r) => {
        const title = el("p", { cls: "card-title", text: r.subject ? `${r.role}: ${r.subject}` : r.role });
        if (r.current === false) title.append(el("span", { cls: "tag tag-warn", text: "nicht mehr aktuell" }));
        const li = el("li", { cls: r.certain === false || r.current === false ? "card card-uncertain" : "card" }, [
          title,
          r.description ? el("p", { text: r.description }) : null,
          r.legal_basis ? facts([["Rechtsgrundlage", r.legal_basis]]) : null,
        ]);
        const note = uncertainNote(r.certain, r.note);
        if (note) li.append(note);
        li.append(sourceLine(r.source, r.stand));
        return li;
      }),
    );
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
            ["Behördentyp", r.authority_type ? orgLink(r.authority_type, r.authority_type_name || r.authority_type) : null],
            ["Ministerium", r.ministry ? orgLink(r.ministry, r.ministry) : null],
            ["Rechtsgrundlage", r.legal_basis],
          ]),
        );
        const note = uncertainNote(r.certain, r.note);
        if (note) li.append(note);
        if (r.source) li.append(sourceLine(r.source, r.stand));
        return li;
      }),
    );
  }

  function sourceLine(url, stand) {
    const p = el("p", { cls: "source" }, [document.createTextNode("Quelle: ")]);
    if (safeUrl(url)) p.append(extLink(url));
    else p.append(document.createTextNode(url || "nicht angegeben"));
    if (stand) p.append(document.createTextNode(` (Stand: ${stand})`));
    return p;
  }

  // ---------------------------------------------------------------- norms

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

  async function showNorms(focus) {
    let law;
    try {
      law = await load("/v1/norms/egovg-lsa");
    } catch (err) {
      if (err === STALE) return;
      const h = heading("EGovG LSA");
      els.contentView.replaceChildren(h);
      showError(errorText(err, "Das EGovG LSA"));
      if (focus) h.focus();
      return;
    }
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

  async function showNorm(law, paragraph, focus) {
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

  // ---------------------------------------------------------------- wiring

  els.form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(debounceTimer);
    onFilterChange(false);
  });
  for (const select of [els.ministry, els.source, els.typ]) {
    select.addEventListener("change", () => {
      clearTimeout(debounceTimer);
      onFilterChange(false);
    });
  }
  els.q.addEventListener("input", () => {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => onFilterChange(true), DEBOUNCE_MS);
  });
  els.prev.addEventListener("click", () => page(-1));
  els.next.addEventListener("click", () => page(1));
  window.addEventListener("hashchange", route);

  try {
    lastListHash = sessionStorage.getItem("lsa-staff-list") || lastListHash;
  } catch (e) {
    /* ignore */
  }
  route();
})();
