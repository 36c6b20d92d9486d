/* Staff page: GET requests to the /v1 API. problem+json error bodies become an ApiError; a view's answer
 * that arrives after the user navigated on is dropped (STALE).
 */
import { request } from "./common.js";

export class ApiError extends Error {
  constructor(status, title, detail, problem) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem || {}; // the whole problem body, e.g. the candidates of a 422 E440
  }
}

/** GET a JSON resource; problem+json bodies become an ApiError with their title and detail. */
export async function api(path) {
  let response;
  try {
    response = await request(path);
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
  throw new ApiError(response.status, problem.title || `Fehler ${response.status}`, problem.detail || "", problem);
}

// Thrown by load() when the user navigated on while a view was loading: the answer is dropped.
export const STALE = new Error("stale");
let navigation = 0;

/** Called by the router on every navigation: answers to earlier views become stale. */
export function startNavigation() {
  navigation += 1;
}

/** The current navigation; compare later to see whether the user has moved on meanwhile. */
export function navigationToken() {
  return navigation;
}

/** api() for a content view; a response that arrives after a newer navigation is not shown. */
export async function load(path) {
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

export function errorText(err, what) {
  if (err instanceof ApiError) {
    if (err.status === 404) return `${what} wurde nicht gefunden.${err.detail ? " " + err.detail : ""}`;
    return `${what} konnte nicht geladen werden: ${err.title}${err.detail ? " – " + err.detail : ""}`;
  }
  return `${what} konnte nicht geladen werden.`;
}
