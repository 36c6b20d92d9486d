/*
 * Citizens' chat at /: asks POST /v1/chat with the conversation so far and renders the Answer JSON.
 * Every text from the API goes into the page through textContent / createElement (never innerHTML), so
 * a question or an answer can never inject markup. Links are built only for http(s) URLs.
 *
 * Entry module: the question form and the conversation state. chat-api.js sends the requests,
 * chat-render.js draws answers and the citation dialog, chat-feedback.js the feedback box; common.js is
 * shared with the staff page.
 */
import { el } from "./common.js";
import { MAX_CHARS, askChat } from "./chat-api.js";
import { renderAnswer } from "./chat-render.js";

// Abbreviations whose full stop does not end a sentence ("bzw.", "z. B.", "Abs.").
const ABBREVIATION_END = /(?:^|[\s(])(?:bzw|ggf|z|B|u|a|d|h|Nr|Abs|Art|Satz|vgl|usw|etc|ca|inkl|S|Dr|Str)\.$/;

const form = document.getElementById("ask-form");
const input = document.getElementById("question");
const askButton = document.getElementById("ask-button");
const newButton = document.getElementById("new-question");
const questionError = document.getElementById("question-error");
const busy = document.getElementById("busy");
const list = document.getElementById("conversation");
const section = list.closest("section");
const announcer = document.getElementById("announcer");

let history = []; // [{role, content}] sent with every question so follow-ups work
let pending = false;
let turnCount = 0;

function reducedMotion() {
  return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

function firstSentence(text) {
  // The answer's lines are sentences; within a line, a full stop after "bzw." or "Abs." ends none. The line that
  // only names the subject ("Zu „Wohnsitz anmelden“:") says nothing yet: the first line that says something.
  const lines = text.split("\n").filter((l) => l.trim());
  const line = lines.find((l) => !/:\s*$/.test(l.trim())) || lines[0] || "";
  const plain = line.replace(/\s*\[\d{1,3}\]/g, "").replace(/\s+/g, " ").trim();
  for (const match of plain.matchAll(/[.!?](?=\s+[A-ZÄÖÜ„"]|$)/g)) {
    const head = plain.slice(0, match.index + 1);
    if (!ABBREVIATION_END.test(head)) return head;
  }
  return plain;
}

function summary(answer) {
  const first = firstSentence(String(answer.answer)).slice(0, 300);
  return (answer.no_answer ? "Hinweis erhalten: " : "Antwort erhalten: ") + first;
}

function setBusy(on) {
  pending = on;
  busy.hidden = !on;
  list.setAttribute("aria-busy", String(on));
  form.setAttribute("aria-busy", String(on));
  askButton.disabled = on;
}

function showFieldError(message) {
  questionError.textContent = message;
  questionError.hidden = !message;
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

async function ask(text) {
  const question = String(text).trim();
  if (pending) return;
  if (!question) {
    showFieldError("Bitte geben Sie eine Frage ein.");
    input.focus();
    return;
  }
  if (question.length > MAX_CHARS) {
    showFieldError("Die Frage ist zu lang (höchstens " + MAX_CHARS + " Zeichen).");
    input.focus();
    return;
  }
  showFieldError("");
  turnCount += 1;
  const turn = el("li", { cls: "turn" });
  turn.id = "turn-" + turnCount;
  const heading = el("h2", { cls: "question" });
  heading.appendChild(el("span", { cls: "visually-hidden", text: "Ihre Frage: " }));
  heading.append(question);
  turn.appendChild(heading);
  list.appendChild(turn);
  section.hidden = false;
  newButton.hidden = false;
  input.value = "";
  input.focus();
  history.push({ role: "user", content: question });
  setBusy(true);
  const { answer, failure } = await askChat(history, placeRequest());
  setBusy(false);
  if (!document.contains(turn)) return; // "Neue Frage" was pressed meanwhile
  if (answer && typeof answer.answer === "string") {
    history.push({ role: "assistant", content: answer.answer });
    if (answer.place && answer.place.ars) showPlace(answer.place);
    renderAnswer(turn, answer, ask);
    announcer.textContent = summary(answer);
  } else {
    history.pop(); // the question was not answered; it must not shape the next one
    const alert = el("p", { cls: "alert", text: failure || "Die Antwort konnte nicht gelesen werden." });
    alert.setAttribute("role", "alert");
    turn.appendChild(alert);
    if (!input.value) input.value = question;
  }
  turn.scrollIntoView({ block: "start", behavior: reducedMotion() ? "auto" : "smooth" });
}

/* The place chip: the place the answers are given for. It lives only in this page (no server state); removing
   it tells the service to ignore places named earlier ("" as place), until the user names a new one. */
const placeBox = document.getElementById("place");
const placeName = document.getElementById("place-name");
const placeRemove = document.getElementById("place-remove");
let place = null; // { ars, name, kreis } or null
let placeRemoved = false;

function placeRequest() {
  if (place) return place.ars;
  return placeRemoved ? "" : null;
}

function showPlace(found) {
  place = found;
  placeRemoved = false;
  placeName.textContent = found.name + (found.kreis && found.kind !== "kreis" ? " (" + found.kreis + ")" : "");
  placeBox.hidden = false;
}

function clearPlace(removed) {
  place = null;
  placeRemoved = removed;
  placeBox.hidden = true;
}

placeRemove.addEventListener("click", () => {
  clearPlace(true);
  announcer.textContent = "Ort entfernt. Folgende Antworten gelten für Sachsen-Anhalt allgemein.";
  input.focus();
});

function reset() {
  history = [];
  clearPlace(false);
  list.replaceChildren();
  section.hidden = true;
  newButton.hidden = true;
  announcer.textContent = "";
  input.value = "";
  showFieldError("");
  input.focus();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  ask(input.value);
});
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ask(input.value);
  }
});
input.addEventListener("input", () => {
  if (!questionError.hidden && input.value.trim()) showFieldError("");
});
newButton.addEventListener("click", reset);
document.querySelectorAll(".example").forEach((button) => {
  button.addEventListener("click", () => ask(button.textContent));
});
