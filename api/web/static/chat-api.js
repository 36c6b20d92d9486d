/* Chat page: the requests to POST /v1/chat and POST /v1/feedback, and their error messages for citizens. */
import { request } from "./common.js";

const MAX_MESSAGES = 30; // POST /v1/chat accepts at most 30 messages ...
export const MAX_CHARS = 1000; // ... of at most 1000 characters each

async function errorMessage(response, prefix) {
  if (response.status === 429) {
    const seconds = parseInt(response.headers.get("Retry-After") || "", 10);
    const wait = Number.isFinite(seconds) && seconds > 0 ? seconds : 60;
    return "Zu viele Anfragen, bitte warten Sie " + wait + (wait === 1 ? " Sekunde." : " Sekunden.");
  }
  if (response.status === 503) {
    return prefix + ": Der Dienst ist gerade nicht bereit. Bitte versuchen Sie es in einigen Minuten erneut.";
  }
  if (response.status === 400 || response.status === 413 || response.status === 422) {
    return prefix + ": Die Anfrage wurde nicht angenommen. Bitte formulieren Sie sie kürzer oder anders.";
  }
  if (response.status === 404 || response.status === 405) {
    return prefix + ": Diese Funktion steht gerade nicht zur Verfügung.";
  }
  return prefix + " (Fehler " + response.status + "). Bitte versuchen Sie es später erneut.";
}

/** The conversation trimmed to what the API accepts: the last 30 messages, each cut to 1000 characters. */
function requestMessages(history) {
  let messages = history.map((m) => ({ role: m.role, content: m.content.slice(0, MAX_CHARS) }));
  if (messages.length > MAX_MESSAGES) messages = messages.slice(messages.length - MAX_MESSAGES);
  return messages;
}

/** Ask with the conversation so far; resolves with { answer } (the Answer JSON) or { failure } (a message).
 * place: the ARS of the place chip, "" when the user removed it, null when there is none yet. */
export async function askChat(history, place = null) {
  let answer = null;
  let failure = null;
  const body = { messages: requestMessages(history) };
  if (place !== null) body.place = place;
  try {
    const response = await request("/v1/chat", body);
    if (response.ok) answer = await response.json();
    else failure = await errorMessage(response, "Die Frage konnte nicht beantwortet werden");
  } catch (e) {
    failure = "Keine Verbindung zum Dienst. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.";
  }
  return { answer, failure };
}

/** Send a rating; resolves with null when it was stored, else with a message saying why not. */
export async function sendFeedback(body) {
  let response;
  try {
    response = await request("/v1/feedback", body);
  } catch (e) {
    return "Ihre Rückmeldung konnte nicht gesendet werden: keine Verbindung zum Dienst.";
  }
  if (response.status === 201 || response.ok) return null;
  return errorMessage(response, "Ihre Rückmeldung konnte nicht gesendet werden");
}
