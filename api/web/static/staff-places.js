/* Staff page: places (#/orte: the Kreise; #/ort/<ARS>: one place with its Verbandsgemeinden and Gemeinden) and,
 * in a service's detail, the office responsible at the chosen place (GET /v1/responsibility).
 *
 * Only what the sources say: the office by name, its level, certainty, the quoted rule and place record. No
 * addresses or phone numbers (the sources have none); the BUS LSA Zuständigkeitsfinder link is shown for those.
 */
import { certaintyMarker, el } from "./common.js";
import { ApiError, api } from "./staff-api.js";
import { els, extLink, facts, heading, loadView, section } from "./staff-dom.js";
import { currentPlace, setPlace } from "./staff-place-picker.js";

const LEVEL = {
  gemeinde: "Gemeinde",
  verbandsgemeinde: "Verbandsgemeinde",
  kreis: "Landkreis bzw. kreisfreie Stadt",
  land: "Land",
  bund: "Bund",
  none: "nicht vom Wohnort abhängig",
};
const KIND = { gemeinde: "Gemeinde", verbandsgemeinde: "Verbandsgemeinde", kreis: "Kreis" };

function placeLink(p) {
  return el("a", { href: "#/ort/" + encodeURIComponent(p.ars), text: p.title || p.name });
}

function placesTable(title, id, items, withVerband) {
  const columns = ["Name", "Art", ...(withVerband ? ["Verbandsgemeinde"] : []), "Postleitzahlen"];
  const rows = items.map((p) =>
    el("tr", {}, [
      el("td", {}, [placeLink(p)]),
      el("td", { text: KIND[p.kind] }),
      ...(withVerband ? [el("td", { text: p.verband_name || "–" })] : []),
      el("td", { text: p.kind === "gemeinde" ? p.plz.join(", ") : "–" }),
    ]),
  );
  const table = el("table", { cls: "data-table" }, [
    el("caption", { text: `${title} (${items.length})`, attrs: { id: id + "-caption" } }),
    el("thead", {}, [el("tr", {}, columns.map((c) => el("th", { text: c, attrs: { scope: "col" } })))]),
    el("tbody", {}, rows),
  ]);
  return el("div", { cls: "table-scroll", attrs: { tabindex: "0", role: "region", "aria-labelledby": id + "-caption" } }, [table]);
}

export async function showPlaces(focus) {
  const data = await loadView("/v1/places?kind=kreis&limit=50", { title: "Orte", what: "Die Liste der Kreise", focus });
  if (data === null) return;
  const h = heading("Orte");
  const intro = el("p", { text: "Landkreise und kreisfreie Städte Sachsen-Anhalts (Gemeindeverzeichnis, Stand 30.11.2025). Ein Kreis zeigt seine Verbandsgemeinden und Gemeinden." });
  els.contentView.replaceChildren(h, intro, placesTable("Kreise", "orte-kreise", data.items || [], false));
  if (focus) h.focus();
}

export async function showPlace(ars, focus) {
  const p = await loadView("/v1/places/" + encodeURIComponent(ars), { title: "Ort nicht verfügbar", what: `Der Ort „${ars}“`, focus, back: back });
  if (p === null) return;
  const h = heading(p.title);
  const choose = el("button", { cls: "btn", text: "Diesen Ort wählen", attrs: { type: "button" } });
  choose.addEventListener("click", () => setPlace(p));
  const parts = [
    back(),
    h,
    el("p", { cls: "lead", text: p.lead }),
    facts([
      ["Amtlicher Name", p.name],
      ["Regionalschlüssel (ARS)", p.ars],
      ["Kreis", p.kreis ? placeLink(p.kreis) : null],
      ["Verbandsgemeinde", p.verbandsgemeinde ? placeLink(p.verbandsgemeinde) : null],
      ["Postleitzahlen", p.kind === "gemeinde" ? `${p.plz.join(", ")} (aus OpenStreetMap abgeleitet, ungefähr)` : null],
      ["Quelle", p.source],
    ]),
    el("p", {}, [choose]),
  ];
  const verbaende = (p.members || []).filter((m) => m.kind === "verbandsgemeinde");
  const gemeinden = (p.members || []).filter((m) => m.kind === "gemeinde");
  if (verbaende.length) parts.push(placesTable("Verbandsgemeinden", "ort-verbaende", verbaende, false));
  if (gemeinden.length) parts.push(placesTable(p.kind === "kreis" ? "Gemeinden" : "Mitgliedsgemeinden", "ort-gemeinden", gemeinden, p.kind === "kreis"));
  els.contentView.replaceChildren(...parts);
  if (focus) h.focus();
}

function back() {
  return el("p", { cls: "back-link" }, [el("a", { href: "#/orte", text: "Zu den Kreisen" })]);
}

/** The section "Zuständig vor Ort" of a service detail; it follows the chosen place until the view changes. */
export function placeResponsibility(serviceKey) {
  const box = el("section", { cls: "module place-responsibility", attrs: { "aria-labelledby": "vor-ort-titel" } });
  const reload = () => {
    if (!box.isConnected && box.dataset.shown) {
      document.removeEventListener("lsa-ort", reload);
      return;
    }
    fill(box, serviceKey);
  };
  document.addEventListener("lsa-ort", reload);
  fill(box, serviceKey);
  return box;
}

async function fill(box, serviceKey) {
  box.dataset.shown = "1";
  const place = currentPlace();
  const title = el("h3", { text: place ? `Zuständig in ${place.title}` : "Zuständig vor Ort", attrs: { id: "vor-ort-titel" } });
  if (!place) {
    box.replaceChildren(title, el("p", { text: "Wählen Sie oben einen Ort, um die zuständige Stelle dort zu sehen." }));
    return;
  }
  box.replaceChildren(title, el("p", { cls: "loading", text: "Wird geladen …" }));
  const params = new URLSearchParams({ service: serviceKey, ars: place.ars });
  try {
    const data = await api("/v1/responsibility?" + params.toString());
    box.replaceChildren(title, ...result(data));
  } catch (err) {
    box.replaceChildren(title, ...problem(err));
  }
}

function result(data) {
  const cites = new Map((data.citations || []).map((c) => [c.id, c]));
  const nodes = [];
  if (!(data.authorities || []).length) nodes.push(el("p", { text: data.note || "Keine Zuständigkeit erfasst." }));
  else if (data.note) nodes.push(el("p", { cls: "note", text: data.note }));
  const list = el("ul", { cls: "cards" });
  for (const a of data.authorities || []) {
    const li = el("li", { cls: a.certainty === "sourced" ? "card" : "card card-uncertain" });
    li.append(el("p", { cls: "card-title", text: a.name }));
    li.append(
      facts([
        ["Ebene", LEVEL[a.level] || a.level],
        ["Zuständige Körperschaft", a.place ? placeLink({ ars: a.place.ars, title: a.place.name }) : null],
        ["Kreis", a.kreis ? a.kreis.name : null],
        ["Sicherheit", certaintyMarker(a.certainty) || "belegt"],
        ["Hinweis", a.note],
        ["Belege", quotes(a.citations || [], cites)],
      ]),
    );
    list.append(li);
  }
  if ((data.authorities || []).length) nodes.push(list);
  if (data.ministry) nodes.push(el("p", { text: `Zuständiges Ministerium: ${data.ministry.name} (${data.ministry.id})` }));
  nodes.push(el("p", { cls: "note" }, ["Anschrift, Öffnungszeiten und Kontakt nennt der ", extLink(data.zustaendigkeitsfinder, "Zuständigkeitsfinder des BUS LSA"), "."]));
  return nodes;
}

function quotes(ids, cites) {
  const items = ids.map((id) => cites.get(id)).filter(Boolean);
  if (!items.length) return null;
  return el("ul", { cls: "quotes" }, items.map((c) => el("li", {}, [el("q", { text: c.quote }), el("span", { cls: "sub", text: ` – ${c.label}` })])));
}

/** 422: the place is not unique for this service (pick a Gemeinde); 404: unknown or outside Sachsen-Anhalt. */
function problem(err) {
  if (!(err instanceof ApiError)) return [el("p", { cls: "uncertain", text: "Die Zuständigkeit konnte nicht geladen werden." })];
  const nodes = [el("p", { cls: "uncertain", text: err.detail || err.title })];
  const candidates = (err.problem && err.problem.candidates) || [];
  if (candidates.length) {
    const list = el("ul", { cls: "candidates" });
    for (const c of candidates) {
      const pick = el("button", { cls: "btn btn-small", text: c.short, attrs: { type: "button" } });
      pick.addEventListener("click", () => setPlace({ ...c, title: c.short }));
      list.append(el("li", {}, [pick]));
    }
    nodes.push(el("p", { text: "Bitte eine Gemeinde wählen:" }), list);
  }
  return nodes;
}
