/* Chat page: the feedback box under an answer (thumbs up/down, optional comment) sent to POST /v1/feedback. */
import { el, labelledSection } from "./common.js";
import { MAX_CHARS, sendFeedback } from "./chat-api.js";

const SVG_NS = "http://www.w3.org/2000/svg";
// Thumb icons (Material Icons, Apache-2.0): drawn as SVG, so no emoji font is needed.
const THUMB_UP =
  "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 " +
  "7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23" +
  ".14-.47.14-.73v-2z";
const THUMB_DOWN =
  "M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 " +
  "4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 " +
  "0v12h4V3h-4z";

function icon(path) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "icon");
  const shape = document.createElementNS(SVG_NS, "path");
  shape.setAttribute("d", path);
  shape.setAttribute("fill", "currentColor");
  svg.appendChild(shape);
  return svg;
}

/** Thumbs up/down under an answer, then an optional comment; null when the answer has no id. */
export function feedbackBox(answerId, turnId) {
  if (!answerId) return null;
  const box = labelledSection("feedback", el("h4", { text: "War diese Antwort hilfreich?" }), turnId + "-feedback");
  const buttons = el("div", { cls: "feedback-buttons" });
  const choices = [
    ["up", "Hilfreich", "Antwort hilfreich", THUMB_UP],
    ["down", "Nicht hilfreich", "Antwort nicht hilfreich", THUMB_DOWN],
  ];
  const form = el("form", { cls: "feedback-form" });
  form.hidden = true;
  form.noValidate = true;
  let rating = null;
  for (const [value, text, name, path] of choices) {
    const button = el("button", { cls: "btn thumb" });
    button.type = "button";
    button.dataset.rating = value;
    button.setAttribute("aria-label", name);
    button.setAttribute("aria-pressed", "false");
    button.append(icon(path), text);
    button.addEventListener("click", () => {
      rating = value;
      buttons.querySelectorAll(".thumb").forEach((b) => {
        b.setAttribute("aria-pressed", String(b === button));
      });
      form.hidden = false;
    });
    buttons.appendChild(button);
  }
  box.appendChild(buttons);

  const commentId = turnId + "-comment";
  const label = el("label", { text: "Kommentar (freiwillig)" });
  label.htmlFor = commentId;
  const hint = el("span", { cls: "hint", text: "Bitte keine persönlichen Daten eingeben." });
  hint.id = commentId + "-hint";
  const comment = el("textarea", { cls: "feedback-comment" });
  comment.id = commentId;
  comment.rows = 2;
  comment.maxLength = MAX_CHARS;
  comment.setAttribute("aria-describedby", hint.id);
  const send = el("button", { cls: "btn btn-primary", text: "Rückmeldung senden" });
  send.type = "submit";
  const status = el("p", { cls: "feedback-status" });
  status.setAttribute("role", "status");
  form.append(label, hint, comment, send);
  box.append(form, status);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!rating || send.disabled) return;
    send.disabled = true;
    const body = { answer_id: answerId, rating: rating };
    const text = comment.value.trim();
    if (text) body.comment = text.slice(0, MAX_CHARS);
    const failure = await sendFeedback(body);
    if (!failure) {
      status.className = "feedback-status success";
      status.textContent = "Vielen Dank für Ihre Rückmeldung.";
      form.hidden = true;
      buttons.querySelectorAll(".thumb").forEach((b) => (b.disabled = true));
      return;
    }
    status.className = "feedback-status alert";
    status.textContent = failure;
    send.disabled = false;
  });
  return box;
}
