/* Staff page: the list of services (#/leistungen?q=…&ministerium=…&quelle=…&typisierung=…&seite=…) with
 * search form, filters, paging and CSV export link. Also reads the URL hash for the router (parseHash).
 */
import { certaintyMarker, el } from "./common.js";
import { api, errorText, navigationToken } from "./staff-api.js";
import { els, nameOf, setTitle, showError } from "./staff-dom.js";

const PAGE_SIZE = 50;
const DEBOUNCE_MS = 400;
// German URL words <-> API values of the `source` filter.
const SOURCES = { kuratiert: "curated", katalog: "catalogue" };
// The legend that explains the certainty markers of the table (staff.html).
const LEGEND_ID = "sicherheit-legende";

let lastListHash = "#/leistungen";
let listRequest = 0;
let debounceTimer = null;
let ministriesLoaded = null;
let route = null; // the router, set by initList()

function fmtNumber(n) {
  return Number(n).toLocaleString("de-DE");
}

/** The view's path parts (decoded) and query parameters of the URL hash. */
export function parseHash() {
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
  if (state.sortierung) params.set("sortierung", state.sortierung);
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
    sortierung: els.sort.value,
    seite: 1,
  };
}

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
  if (state.sortierung === "name") params.set("sort", "name");
  if (withPaging) {
    params.set("limit", String(PAGE_SIZE));
    params.set("offset", String((state.seite - 1) * PAGE_SIZE));
  }
  return params;
}

export async function showList(params, focusHeading) {
  els.contentView.hidden = true;
  els.listView.hidden = false;
  setTitle("Leistungen");
  const token = navigationToken();
  await loadMinistries();
  if (token !== navigationToken()) return;
  const state = {
    q: params.get("q") || "",
    ministerium: params.get("ministerium") || "",
    quelle: params.get("quelle") || "",
    typisierung: params.get("typisierung") || "",
    sortierung: params.get("sortierung") === "name" ? "name" : "",
    seite: Math.max(1, parseInt(params.get("seite") || "1", 10) || 1),
  };
  // Keep what the user is typing; only sync the form when the URL differs (back button, links).
  if (els.q.value.trim() !== state.q) els.q.value = state.q;
  els.ministry.value = state.ministerium;
  els.source.value = state.quelle;
  els.typ.value = state.typisierung;
  els.sort.value = state.sortierung;
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
  const ministryCell = el("td");
  if (item.ministry) {
    ministryCell.append(el("a", { href: "#/organisation/" + encodeURIComponent(item.ministry), text: item.ministry }));
    if (item.ministry_name) ministryCell.append(el("span", { cls: "sub", text: item.ministry_name }));
    const marker = certaintyMarker(item.ministry_certainty, LEGEND_ID);
    if (marker) ministryCell.append(marker);
  } else {
    ministryCell.textContent = item.source === "curated" ? "kein Landesministerium" : "nicht angegeben";
  }
  return el("tr", {}, [
    el("td", { cls: "key", text: item.leika_key || "–" }),
    nameCell,
    authorityCell(item),
    ministryCell,
    linesCell(item.legal_basis),
  ]);
}

/** The executing authorities; one that is not firmly backed carries its marker. */
function authorityCell(item) {
  const td = el("td");
  const authorities = (item.responsible || []).filter((r) => r.kind === "authority_type");
  if (!authorities.length) {
    td.textContent = (item.authorities || []).map(nameOf).filter(Boolean).join(", ") || "–";
    return td;
  }
  authorities.forEach((r, i) => {
    if (i) td.append(", ");
    td.append(r.name);
    const marker = certaintyMarker(r.certainty, LEGEND_ID);
    if (marker) td.append(marker);
  });
  return td;
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
    sortierung: params.get("sortierung") || "",
    seite,
  };
  location.hash = listHash(state);
  // The clicked button may become disabled; keep keyboard users at the results.
  els.tableScroll.focus();
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

/** Where "Zurück zur Liste" leads: the last list the user saw, with its search and page. */
export function lastListHref() {
  return lastListHash;
}

/** A search the user is still typing must not fire after they navigated elsewhere. */
export function cancelSearch() {
  clearTimeout(debounceTimer);
}

/** Wire the search form and pager; onRoute renders the view of the current hash. */
export function initList(onRoute) {
  route = onRoute;
  els.form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(debounceTimer);
    onFilterChange(false);
  });
  for (const select of [els.ministry, els.source, els.typ, els.sort]) {
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

  try {
    lastListHash = sessionStorage.getItem("lsa-staff-list") || lastListHash;
  } catch (e) {
    /* ignore */
  }
}
