/* Chat page: rendering an Answer (text with citation markers and links, responsible cards, follow-up
 * questions, sources) and the citation dialog. Every text from the API goes into the page through
 * textContent / createElement (never innerHTML); links are built only for http(s) URLs.
 */
import { CERTAINTY, el, labelledSection } from "./common.js";
import { feedbackBox } from "./chat-feedback.js";

const KIND_LABELS = {
  ministry: "Ministerium",
  staatskanzlei: "Staatskanzlei",
  authority_type: "Behördentyp (Stelle vor Ort)",
  authority: "Behörde",
  federal: "Bundesbehörde",
  other: "Stelle",
};
const SOURCE_LABELS = {
  "egovg-lsa": "E-Government-Gesetz Sachsen-Anhalt (EGovG LSA)",
  fim: "FIM-Leistungsbeschreibung",
  organizations: "Zuständigkeitsdaten der Ministerien",
  pages: "Offizielle Webseite",
  leika: "Leistungskatalog (LeiKa)",
};

// Citation markers like [1] and http(s) URLs inside the answer text.
const TOKEN_RE = /\[(\d{1,3})\]|(https?:\/\/[^\s<>"'„“”«»]+)/g;

const dialog = document.getElementById("citation-dialog");
let dialogOpener = null;

function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch (e) {
    return null;
  }
}

function externalLink(url, text) {
  const a = el("a", { cls: "external", text });
  a.href = url;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.appendChild(el("span", { cls: "visually-hidden", text: " (öffnet in neuem Fenster)" }));
  return a;
}

/* ---------- citations ---------- */

function citationButton(citation, turnId) {
  const button = el("button", { cls: "cite", text: "[" + citation.id + "]" });
  button.type = "button";
  button.setAttribute("aria-label", "Quelle " + citation.id + ": " + citation.label);
  button.setAttribute("aria-haspopup", "dialog");
  button.setAttribute("aria-controls", "citation-dialog");
  button.dataset.turn = turnId;
  button.addEventListener("click", () => openCitation(citation, button));
  return button;
}

function openCitation(citation, opener) {
  dialogOpener = opener;
  document.getElementById("citation-dialog-heading").textContent = "Quelle [" + citation.id + "]";
  document.getElementById("citation-label").textContent = citation.label;
  const title = document.getElementById("citation-title");
  // The label usually contains the title already ("Leistung 99115005104000 – Wohnsitz anmelden").
  const label = String(citation.label);
  title.textContent = citation.title && !label.includes(citation.title) ? citation.title : "";
  title.hidden = !title.textContent;
  document.getElementById("citation-source").textContent =
    "Art der Quelle: " + (SOURCE_LABELS[citation.source] || citation.source);
  document.getElementById("citation-quote").textContent = citation.quote;
  const line = document.getElementById("citation-link-line");
  line.replaceChildren();
  const url = safeUrl(citation.url);
  if (url) {
    line.append("Offizielle Quelle: ", externalLink(url, url));
  } else {
    line.textContent = "Für diese Quelle ist keine Webadresse hinterlegt.";
  }
  dialog.showModal();
  document.getElementById("citation-close").focus();
}

dialog.addEventListener("close", () => {
  if (dialogOpener && document.contains(dialogOpener)) dialogOpener.focus();
  dialogOpener = null;
});
document.getElementById("citation-close").addEventListener("click", () => dialog.close());
dialog.addEventListener("click", (event) => {
  if (event.target === dialog) dialog.close(); // a click on the backdrop
});

/* ---------- rendering an answer ---------- */

function renderText(container, text, citations, turnId) {
  const byId = new Map(citations.map((c) => [c.id, c]));
  for (const line of String(text).split(/\n+/)) {
    if (!line.trim()) continue;
    const p = el("p");
    let last = 0;
    for (const match of line.matchAll(TOKEN_RE)) {
      p.append(line.slice(last, match.index));
      last = match.index + match[0].length;
      if (match[1] !== undefined) {
        const citation = byId.get(Number(match[1]));
        p.append(citation ? citationButton(citation, turnId) : match[0]);
      } else {
        // Trailing punctuation belongs to the sentence, not to the URL.
        const url = match[2].replace(/[.,;:!?)\]]+$/, "");
        last -= match[2].length - url.length;
        const href = safeUrl(url);
        p.append(href ? externalLink(href, url) : url);
      }
    }
    p.append(line.slice(last));
    container.appendChild(p);
  }
}

function responsibleCards(answer, turnId) {
  const people = answer.responsible || [];
  if (!people.length) return null;
  const ministries = people.filter((r) => r.kind === "ministry" || r.kind === "staatskanzlei");
  const others = people.filter((r) => !ministries.includes(r));
  // An authority plus its ministry reads best as one card: who does it, who is responsible for the subject.
  const cards = others.length ? others : ministries;
  const byId = new Map((answer.citations || []).map((c) => [c.id, c]));
  const box = labelledSection("responsible", el("h4", { text: "Zuständig" }), turnId + "-responsible");
  const ul = el("ul", { cls: "cards" });
  for (const r of cards) {
    const li = el("li", { cls: "card" });
    li.appendChild(el("p", { cls: "card-kind", text: KIND_LABELS[r.kind] || KIND_LABELS.other }));
    const name = el("p", { cls: "card-name", text: r.name });
    if (r.abbreviation && r.abbreviation !== r.name) name.append(" (" + r.abbreviation + ")");
    li.appendChild(name);
    if (r.role) li.appendChild(el("p", { cls: "card-role", text: r.role }));
    const own = certaintyLine(r, "Diese Zuständigkeit");
    if (own) li.appendChild(own);
    if (others.length) {
      for (const m of ministries) {
        const line = el("p", { cls: "card-ministry" });
        line.appendChild(el("span", { cls: "card-ministry-label", text: "Fachlich verantwortlich: " }));
        line.append(m.name + (m.abbreviation ? " (" + m.abbreviation + ")" : ""));
        appendRefs(line, m, byId, turnId);
        li.appendChild(line);
        const why = certaintyLine(m, "Das Ministerium");
        if (why) li.appendChild(why);
      }
    }
    const refs = el("p", { cls: "card-refs", text: "Beleg:" });
    if (appendRefs(refs, r, byId, turnId)) li.appendChild(refs);
    ul.appendChild(li);
  }
  box.appendChild(ul);
  return box;
}

/** "abgeleitet aus den Aufgabenbereichen" / "nicht sicher belegt", said in words on the card (not only a colour). */
function certaintyLine(responsible, subject) {
  const info = CERTAINTY[responsible.certainty];
  if (!info) return null;
  const line = el("p", { cls: "card-certainty", attrs: { "data-certainty": responsible.certainty } });
  line.append(el("span", { cls: "certainty", text: info.label }), " " + subject + ": " + info.explanation);
  return line;
}

function appendRefs(node, responsible, byId, turnId) {
  const refs = (responsible.citations || []).map((id) => byId.get(id)).filter(Boolean);
  refs.forEach((c) => node.append(" ", citationButton(c, turnId)));
  return refs.length;
}

function sourceList(answer, turnId) {
  const citations = answer.citations || [];
  if (!citations.length) return null;
  const box = labelledSection("sources", el("h4", { text: "Quellen" }), turnId + "-sources");
  const ol = el("ol", { cls: "source-list" });
  for (const c of citations) {
    const li = el("li");
    li.value = c.id;
    li.appendChild(citationButton(c, turnId));
    li.append(" ", c.label);
    const url = safeUrl(c.url);
    if (url) {
      li.append(" – ");
      li.appendChild(externalLink(url, new URL(url).hostname));
    }
    ol.appendChild(li);
  }
  box.appendChild(ol);
  return box;
}

function questionButtons(title, questions, turnId, key, onQuestion) {
  if (!questions || !questions.length) return null;
  const box = labelledSection("followups " + key, el("h4", { text: title }), turnId + "-" + key);
  const ul = el("ul", { cls: "followup-list" });
  for (const q of questions) {
    const li = el("li");
    const button = el("button", { cls: "btn followup", text: q });
    button.type = "button";
    button.addEventListener("click", () => onQuestion(q));
    li.appendChild(button);
    ul.appendChild(li);
  }
  box.appendChild(ul);
  return box;
}

/** Append the answer to its turn; a click on a clarification or suggestion asks it via onQuestion. */
export function renderAnswer(turn, answer, onQuestion) {
  const turnId = turn.id;
  const heading = el("h3", { cls: "answer-heading", text: answer.no_answer ? "Hinweis" : "Antwort" });
  const box = labelledSection(answer.no_answer ? "answer notice" : "answer", heading, turnId + "-answer");
  const text = el("div", { cls: "answer-text" });
  renderText(text, answer.answer, answer.citations || [], turnId);
  box.appendChild(text);
  for (const part of [
    responsibleCards(answer, turnId),
    questionButtons("Meinten Sie:", answer.clarification, turnId, "clarification", onQuestion),
    sourceList(answer, turnId),
    questionButtons("Weitere Fragen", answer.suggestions, turnId, "suggestions", onQuestion),
    feedbackBox(answer.answer_id, turnId),
  ]) {
    if (part) box.appendChild(part);
  }
  turn.appendChild(box);
}

