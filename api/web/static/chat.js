/*
 * Citizens' chat at /: asks POST /v1/chat with the conversation so far and renders the Answer JSON.
 * Every text from the API goes into the page through textContent / createElement (never innerHTML), so
 * a question or an answer can never inject markup. Links are built only for http(s) URLs.
 */
"use strict";

(function () {
  const MAX_MESSAGES = 30; // POST /v1/chat accepts at most 30 messages ...
  const MAX_CHARS = 1000; // ... of at most 1000 characters each
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
  // Abbreviations whose full stop does not end a sentence ("bzw.", "z. B.", "Abs.").
  const ABBREVIATION_END = /(?:^|[\s(])(?:bzw|ggf|z|B|u|a|d|h|Nr|Abs|Art|Satz|vgl|usw|etc|ca|inkl|S|Dr|Str)\.$/;
  // Citation markers like [1] and http(s) URLs inside the answer text.
  const TOKEN_RE = /\[(\d{1,3})\]|(https?:\/\/[^\s<>"'„“”«»]+)/g;

  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const askButton = document.getElementById("ask-button");
  const newButton = document.getElementById("new-question");
  const questionError = document.getElementById("question-error");
  const busy = document.getElementById("busy");
  const list = document.getElementById("conversation");
  const section = list.closest("section");
  const announcer = document.getElementById("announcer");
  const dialog = document.getElementById("citation-dialog");

  let history = []; // [{role, content}] sent with every question so follow-ups work
  let pending = false;
  let turnCount = 0;
  let dialogOpener = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

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
    const a = el("a", "external", text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.appendChild(el("span", "visually-hidden", " (öffnet in neuem Fenster)"));
    return a;
  }

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

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  /* ---------- citations ---------- */

  function citationButton(citation, turnId) {
    const button = el("button", "cite", "[" + citation.id + "]");
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
    const box = el("section", "responsible");
    const heading = el("h4", null, "Zuständig");
    heading.id = turnId + "-responsible";
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(heading);
    const ul = el("ul", "cards");
    for (const r of cards) {
      const li = el("li", "card");
      li.appendChild(el("p", "card-kind", KIND_LABELS[r.kind] || KIND_LABELS.other));
      const name = el("p", "card-name", r.name);
      if (r.abbreviation && r.abbreviation !== r.name) name.append(" (" + r.abbreviation + ")");
      li.appendChild(name);
      if (r.role) li.appendChild(el("p", "card-role", r.role));
      if (others.length) {
        for (const m of ministries) {
          const line = el("p", "card-ministry");
          line.appendChild(el("span", "card-ministry-label", "Fachlich verantwortlich: "));
          line.append(m.name + (m.abbreviation ? " (" + m.abbreviation + ")" : ""));
          appendRefs(line, m, byId, turnId);
          li.appendChild(line);
        }
      }
      const refs = el("p", "card-refs", "Beleg:");
      if (appendRefs(refs, r, byId, turnId)) li.appendChild(refs);
      ul.appendChild(li);
    }
    box.appendChild(ul);
    return box;
  }

  function appendRefs(node, responsible, byId, turnId) {
    const refs = (responsible.citations || []).map((id) => byId.get(id)).filter(Boolean);
    refs.forEach((c) => node.append(" ", citationButton(c, turnId)));
    return refs.length;
  }

  function sourceList(answer, turnId) {
    const citations = answer.citations || [];
    if (!citations.length) return null;
    const box = el("section", "sources");
    const heading = el("h4", null, "Quellen");
    heading.id = turnId + "-sources";
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(heading);
    const ol = el("ol", "source-list");
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

  function questionButtons(title, questions, turnId, key) {
    if (!questions || !questions.length) return null;
    const box = el("section", "followups " + key);
    const heading = el("h4", null, title);
    heading.id = turnId + "-" + key;
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(heading);
    const ul = el("ul", "followup-list");
    for (const q of questions) {
      const li = el("li");
      const button = el("button", "btn followup", q);
      button.type = "button";
      button.addEventListener("click", () => ask(q));
      li.appendChild(button);
      ul.appendChild(li);
    }
    box.appendChild(ul);
    return box;
  }

  function renderAnswer(turn, answer) {
    const turnId = turn.id;
    const box = el("section", answer.no_answer ? "answer notice" : "answer");
    const heading = el("h3", "answer-heading", answer.no_answer ? "Hinweis" : "Antwort");
    heading.id = turnId + "-answer";
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(heading);
    const text = el("div", "answer-text");
    renderText(text, answer.answer, answer.citations || [], turnId);
    box.appendChild(text);
    for (const part of [
      responsibleCards(answer, turnId),
      questionButtons("Meinten Sie:", answer.clarification, turnId, "clarification"),
      sourceList(answer, turnId),
      questionButtons("Weitere Fragen", answer.suggestions, turnId, "suggestions"),
      feedbackBox(answer.answer_id, turnId),
    ]) {
      if (part) box.appendChild(part);
    }
    turn.appendChild(box);
  }

  /* ---------- feedback ---------- */

  function feedbackBox(answerId, turnId) {
    if (!answerId) return null;
    const box = el("section", "feedback");
    const heading = el("h4", null, "War diese Antwort hilfreich?");
    heading.id = turnId + "-feedback";
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(heading);
    const buttons = el("div", "feedback-buttons");
    const choices = [
      ["up", "Hilfreich", "Antwort hilfreich", THUMB_UP],
      ["down", "Nicht hilfreich", "Antwort nicht hilfreich", THUMB_DOWN],
    ];
    const form = el("form", "feedback-form");
    form.hidden = true;
    form.noValidate = true;
    let rating = null;
    for (const [value, text, name, path] of choices) {
      const button = el("button", "btn thumb");
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
    const label = el("label", null, "Kommentar (freiwillig)");
    label.htmlFor = commentId;
    const hint = el("span", "hint", "Bitte keine persönlichen Daten eingeben.");
    hint.id = commentId + "-hint";
    const comment = el("textarea", "feedback-comment");
    comment.id = commentId;
    comment.rows = 2;
    comment.maxLength = MAX_CHARS;
    comment.setAttribute("aria-describedby", hint.id);
    const send = el("button", "btn btn-primary", "Rückmeldung senden");
    send.type = "submit";
    const status = el("p", "feedback-status");
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
      try {
        const response = await fetch("/v1/feedback", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(body),
        });
        if (response.status === 201 || response.ok) {
          status.className = "feedback-status success";
          status.textContent = "Vielen Dank für Ihre Rückmeldung.";
          form.hidden = true;
          buttons.querySelectorAll(".thumb").forEach((b) => (b.disabled = true));
          return;
        }
        status.className = "feedback-status alert";
        status.textContent = await errorMessage(response, "Ihre Rückmeldung konnte nicht gesendet werden");
      } catch (e) {
        status.className = "feedback-status alert";
        status.textContent = "Ihre Rückmeldung konnte nicht gesendet werden: keine Verbindung zum Dienst.";
      }
      send.disabled = false;
    });
    return box;
  }

  /* ---------- asking ---------- */

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

  function requestMessages() {
    let messages = history.map((m) => ({ role: m.role, content: m.content.slice(0, MAX_CHARS) }));
    if (messages.length > MAX_MESSAGES) messages = messages.slice(messages.length - MAX_MESSAGES);
    return messages;
  }

  function firstSentence(text) {
    // The answer's lines are sentences; within a line, a full stop after "bzw." or "Abs." ends none.
    const line = text.split("\n").find((l) => l.trim()) || "";
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
    const turn = el("li", "turn");
    turn.id = "turn-" + turnCount;
    const heading = el("h2", "question");
    heading.appendChild(el("span", "visually-hidden", "Ihre Frage: "));
    heading.append(question);
    turn.appendChild(heading);
    list.appendChild(turn);
    section.hidden = false;
    newButton.hidden = false;
    input.value = "";
    input.focus();
    history.push({ role: "user", content: question });
    setBusy(true);
    let answer = null;
    let failure = null;
    try {
      const response = await fetch("/v1/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ messages: requestMessages() }),
      });
      if (response.ok) answer = await response.json();
      else failure = await errorMessage(response, "Die Frage konnte nicht beantwortet werden");
    } catch (e) {
      failure = "Keine Verbindung zum Dienst. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.";
    }
    setBusy(false);
    if (!document.contains(turn)) return; // "Neue Frage" was pressed meanwhile
    if (answer && typeof answer.answer === "string") {
      history.push({ role: "assistant", content: answer.answer });
      renderAnswer(turn, answer);
      announcer.textContent = summary(answer);
    } else {
      history.pop(); // the question was not answered; it must not shape the next one
      const alert = el("p", "alert", failure || "Die Antwort konnte nicht gelesen werden.");
      alert.setAttribute("role", "alert");
      turn.appendChild(alert);
      if (!input.value) input.value = question;
    }
    turn.scrollIntoView({ block: "start", behavior: reducedMotion() ? "auto" : "smooth" });
  }

  function reset() {
    history = [];
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
})();
