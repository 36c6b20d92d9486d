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
