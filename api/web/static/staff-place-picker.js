/* Staff page: the place selector (a combobox over GET /v1/places?q=) and the chosen place.
 *
 * The chosen place lives in sessionStorage only (this tab), is shown with a link to its view and a button to
 * remove it, and every change is announced to the views with the document event "lsa-ort", so a service detail
 * can show the responsible office for that place without a reload. ARIA 1.2 combobox pattern: arrow keys move
 * through the suggestions, Enter takes one, Escape closes the list.
 */
import { el } from "./common.js";
import { api } from "./staff-api.js";

const KEY = "lsa-staff-ort";
const $ = (id) => document.getElementById(id);
let input, list, chosen, status;
let options = [];
let active = -1;
let timer = null;
let asked = 0;

/** The chosen place ({ars, title, kind, kreis}) or null. */
export function currentPlace() {
  try {
    const place = JSON.parse(sessionStorage.getItem(KEY) || "null");
    return place && /^\d{5}(\d{4}(\d{3})?)?$/.test(place.ars) ? place : null;
  } catch (e) {
    return null;
  }
}

/** Choose a place (an item of /v1/places or a candidate of a 422) or none. */
export function setPlace(place) {
  if (place) {
    const kept = { ars: place.ars, title: place.title || place.short || place.name, kind: place.kind, kreis: place.kreis_name || "" };
    sessionStorage.setItem(KEY, JSON.stringify(kept));
  } else {
    sessionStorage.removeItem(KEY);
  }
  renderChosen();
  document.dispatchEvent(new CustomEvent("lsa-ort"));
}

function renderChosen() {
  const place = currentPlace();
  if (!place) {
    chosen.replaceChildren(el("span", { text: "Kein Ort gewählt." }));
    return;
  }
  const remove = el("button", { cls: "btn btn-small", text: "Ort entfernen", attrs: { type: "button" } });
  remove.addEventListener("click", () => {
    setPlace(null);
    input.focus();
  });
  chosen.replaceChildren(
    document.createTextNode("Gewählter Ort: "),
    el("a", { href: "#/ort/" + encodeURIComponent(place.ars), text: place.title }),
    document.createTextNode(" "),
    remove,
  );
}

function close() {
  list.hidden = true;
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  active = -1;
}

function mark(index) {
  active = index;
  [...list.children].forEach((li, i) => li.setAttribute("aria-selected", i === index ? "true" : "false"));
  if (index >= 0) input.setAttribute("aria-activedescendant", list.children[index].id);
  else input.removeAttribute("aria-activedescendant");
}

function take(index) {
  const place = options[index];
  if (!place) return;
  setPlace(place);
  input.value = "";
  close();
  status.textContent = `${place.title} gewählt.`;
}

const KIND = { gemeinde: "Gemeinde", verbandsgemeinde: "Verbandsgemeinde", kreis: "Kreis" };

function render(items) {
  options = items;
  list.replaceChildren(
    ...items.map((p, i) => {
      const detail = p.kind === "kreis" ? KIND.kreis : `${KIND[p.kind]}, ${p.plz.slice(0, 3).join(" ")}`;
      const li = el("li", { attrs: { role: "option", id: `ort-option-${i}`, "aria-selected": "false" } }, [
        el("span", { text: p.title }),
        el("span", { cls: "sub", text: ` – ${detail}` }),
      ]);
      li.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus in the input
      li.addEventListener("click", () => take(i));
      return li;
    }),
  );
  const open = items.length > 0;
  list.hidden = !open;
  input.setAttribute("aria-expanded", open ? "true" : "false");
  mark(-1);
  status.textContent = open ? `${items.length} Vorschläge.` : "Kein Ort gefunden.";
}

async function suggest() {
  const q = input.value.trim();
  const mine = ++asked;
  if (!q) {
    close();
    return;
  }
  try {
    const data = await api("/v1/places?limit=8&q=" + encodeURIComponent(q));
    if (mine === asked) render(data.items || []);
  } catch (e) {
    if (mine === asked) {
      close();
      status.textContent = "Die Orte konnten nicht geladen werden.";
    }
  }
}

function onKey(event) {
  const count = options.length;
  if (event.key === "ArrowDown" && count) {
    event.preventDefault();
    if (list.hidden) render(options);
    mark((active + 1) % count);
  } else if (event.key === "ArrowUp" && count) {
    event.preventDefault();
    mark(active <= 0 ? count - 1 : active - 1);
  } else if (event.key === "Enter") {
    event.preventDefault();
    if (!list.hidden && count) take(active >= 0 ? active : 0);
  } else if (event.key === "Escape") {
    close();
  }
}

export function initPlacePicker() {
  input = $("ort-q");
  list = $("ort-liste");
  chosen = $("ort-gewaehlt");
  status = $("ort-status");
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });
  input.addEventListener("keydown", onKey);
  input.addEventListener("blur", () => setTimeout(close, 100));
  $("ort-form").addEventListener("submit", (event) => event.preventDefault());
  renderChosen();
}
