/* Helpers shared by the chat page (chat*.js) and the staff page (staff*.js).
 *
 * Text from the API only ever enters the page through el() (textContent / setAttribute), never as markup.
 */

/**
 * Create an element with optional class (cls), text, href and attributes, and append the given children
 * (nodes or strings; null/undefined/false are skipped).
 */
export function el(tag, options, children) {
  const node = document.createElement(tag);
  const opts = options || {};
  if (opts.cls) node.className = opts.cls;
  if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
  if (opts.href) node.setAttribute("href", opts.href);
  if (opts.attrs) for (const [k, v] of Object.entries(opts.attrs)) node.setAttribute(k, v);
  for (const child of children || []) if (child) node.append(child);
  return node;
}

/** A <section> labelled (aria-labelledby) by its heading, which gets the id `id` and is its first child. */
export function labelledSection(cls, heading, id) {
  heading.id = id;
  const box = el("section", { cls }, [heading]);
  box.setAttribute("aria-labelledby", id);
  return box;
}

/**
 * fetch() against the /v1 API asking for JSON; with a body it is a POST of that body as JSON.
 * Resolves with the Response whatever its status; rejects only when the service cannot be reached.
 */
export function request(path, body) {
  if (body === undefined) return fetch(path, { headers: { Accept: "application/json" } });
  return fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
}

/*
 * How firmly a responsibility or fact is backed (the API's `certainty`: sourced | derived | uncertain).
 * The labels are the ones of corpora/certainty.py (CERTAINTY_LABELS), so chat, staff page, CSV and API agree.
 */
export const CERTAINTY = {
  derived: {
    label: "abgeleitet aus den Aufgabenbereichen",
    explanation:
      "Keine Quelle nennt diese Zuständigkeit ausdrücklich; sie ist aus den Aufgabenbereichen (dem Ressortzuschnitt) des Ministeriums abgeleitet.",
  },
  uncertain: {
    label: "nicht sicher belegt",
    explanation:
      "Die Angabe stützt sich auf eine schwache, ältere oder vom Bearbeiter ergänzte Quelle oder ist nicht geprüft; verbindlich ist die Auskunft der zuständigen Stelle.",
  },
};

/** A visible marker for a certainty other than "sourced" (null for sourced or unknown values). */
export function certaintyMarker(certainty, describedBy) {
  const info = CERTAINTY[certainty];
  if (!info) return null;
  const attrs = { "data-certainty": certainty };
  if (describedBy) attrs["aria-describedby"] = describedBy;
  return el("span", { cls: `certainty certainty-${certainty}`, text: info.label, attrs });
}
