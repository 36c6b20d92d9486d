/* Lookup page for ministry staff (/staff): services, organisations and the EGovG LSA over the /v1 API.
 *
 * Entry module and hash router. Hash routing (#/leistungen?…, #/leistung/<key>, #/organisationen,
 * #/organisation/<id>, #/normen, #/norm/egovg-lsa/<§>, #/orte, #/ort/<ARS>) gives every view a URL and keeps the back button
 * working. All API data is put into the page with textContent/createElement only, never parsed as markup,
 * because service texts come from external catalogues.
 *
 * Modules: staff-api.js (requests, errors), staff-dom.js (page elements, element builders), staff-list.js
 * (search and result list), staff-service.js, staff-orgs.js, staff-norms.js, staff-places.js (the content
 * views), staff-place-picker.js (the place selector), common.js (shared with the chat page).
 */
import { el } from "./common.js";
import { startNavigation } from "./staff-api.js";
import { clearError, els, heading } from "./staff-dom.js";
import { cancelSearch, initList, parseHash, showList } from "./staff-list.js";
import { showNorm, showNorms } from "./staff-norms.js";
import { showOrganization, showOrganizations } from "./staff-orgs.js";
import { initPlacePicker } from "./staff-place-picker.js";
import { showPlace, showPlaces } from "./staff-places.js";
import { showService } from "./staff-service.js";

let currentView = null;

async function route() {
  cancelSearch();
  startNavigation();
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
  else if (view === "orte") await showPlaces(focus);
  else if (view === "ort" && parts[1]) await showPlace(parts[1], focus);
  else {
    const h = heading("Seite nicht gefunden");
    els.contentView.replaceChildren(h, el("p", {}, [el("a", { href: "#/leistungen", text: "Zur Liste der Leistungen" })]));
    if (focus) h.focus();
  }
}

function markNav(view) {
  const section = { leistung: "leistungen", organisation: "organisationen", norm: "normen", ort: "orte" }[view] || view;
  for (const link of document.querySelectorAll(".views-nav a")) {
    if (link.dataset.view === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

initPlacePicker();
initList(route);
window.addEventListener("hashchange", route);
route();
