// medkg query page: autocomplete, ranked answers with evidence, the Cypher that ran, and a drawing of the
// answer subgraph. Plain JS, no framework, no network beyond this server. Text from the graph is only ever
// inserted with textContent, and links only when they are http(s).
"use strict";

(function () {
  const API = "/api/v1";
  const STOP_WORDS = new Set((
    "a an and are best between can cause causes could de does dosage dose doses drug drugs effect effects " +
    "for give given how i in interact interaction interactions is it like me most my of on or should side " +
    "similar take taken the to treat treated treating treatment treatments treats was what when which with " +
    "against contraindication contraindications contraindicated gene genes indication indications indicated " +
    "adverse reaction reactions mechanism target targets used use about tell"
  ).split(" "));

  const $ = (id) => document.getElementById(id);
  const i18n = window.medkgI18n;
  const t = (key, values) => i18n.t(key, values);
  // An entity's name as the answer's language shows it: its Chinese name with the English beside it.
  const shownName = (entity) => (entity.name_zh ? `${entity.name_zh} (${entity.name})` : entity.name);
  const form = $("ask"), input = $("question"), list = $("suggestions"), results = $("results");
  const limitSelect = $("limit"), submitButton = $("submit");

  // ---- small DOM helpers -------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "style") node.style.cssText = value; // CSSOM: allowed by the page's CSP
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  // Where a document can be read: the evidence's own URL, else PubMed or DailyMed from the document id.
  function documentUrl(ev) {
    const own = safeUrl(ev.url);
    if (own) return own;
    const id = ev.document_id || "";
    let m = /^PMID:(\d+)$/i.exec(id);
    if (m) return `https://pubmed.ncbi.nlm.nih.gov/${m[1]}/`;
    m = /^SETID:([0-9a-fA-F-]+)/.exec(id);
    if (m) return `https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=${m[1]}`;
    return null;
  }

  function documentLabel(ev) {
    const id = ev.document_id || "";
    if (/^PMID:/i.test(id)) return `PubMed ${id.slice(5)}`;
    if (/^SETID:/i.test(id)) {
      const version = /@v(\w+)$/.exec(id);
      return `DailyMed label${version ? " v" + version[1] : ""}`;
    }
    return id || ev.source || "source";
  }

  // ---- autocomplete (WAI-ARIA combobox with a listbox) --------------------------------------------
  let suggestions = [], active = -1, fragmentStart = 0, pending = null, lastAsked = "", generation = 0;

  // The entity name being typed: the longest run of trailing words that are not question words.
  function currentFragment() {
    const text = input.value.slice(0, input.selectionEnd ?? input.value.length);
    const words = text.split(/(\s+)/);
    let start = text.length, collected = [];
    for (let i = words.length - 1; i >= 0; i--) {
      const word = words[i];
      if (/^\s+$/.test(word) || word === "") { collected.unshift(word); continue; }
      if (STOP_WORDS.has(word.toLowerCase().replace(/[?.!,]/g, ""))) break;
      collected.unshift(word);
    }
    const fragment = collected.join("").trim();
    start = text.length - collected.join("").trimStart().length;
    return { fragment: fragment.replace(/[?.!,]+$/, ""), start };
  }

  function closeList() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    suggestions = [];
    active = -1;
  }

  function showList(items) {
    suggestions = items;
    active = -1;
    list.replaceChildren(...items.map((item, index) => el("li", {
      id: `suggestion-${index}`, role: "option", "aria-selected": "false", class: "suggestion",
      "data-index": index,
    }, el("span", { class: "suggestion-name", text: item.name }),
       el("span", { class: `type type-${item.type}`, text: typeName(item.type) }))));
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  function setActive(index) {
    const options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((option, i) => option.setAttribute("aria-selected", i === active ? "true" : "false"));
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function choose(index) {
    const item = suggestions[index];
    if (!item) return;
    const before = input.value.slice(0, fragmentStart);
    const after = input.value.slice(input.selectionEnd ?? input.value.length);
    input.value = before + item.name + after;
    const caret = (before + item.name).length;
    input.setSelectionRange(caret, caret);
    closeList();
    input.focus();
  }

  async function fetchSuggestions() {
    const { fragment, start } = currentFragment();
    if (fragment.length < 2) { closeList(); return; }
    if (fragment === lastAsked && !list.hidden) return;
    lastAsked = fragment;
    fragmentStart = start;
    const asked = generation;
    try {
      const response = await fetch(`${API}/entities?q=${encodeURIComponent(fragment)}&limit=8`);
      if (!response.ok) { closeList(); return; }
      const body = await response.json();
      // Stale: the user typed on, or submitted the question meanwhile.
      if (asked !== generation || currentFragment().fragment !== fragment) return;
      const items = (Array.isArray(body) ? body : body.items || body.entities || []).map((item) => ({
        id: item.id, name: item.name, type: item.type || item.label || "Entity",
      }));
      showList(items);
    } catch (_) {
      closeList();
    }
  }

  input.addEventListener("input", () => {
    generation += 1;
    clearTimeout(pending);
    pending = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && suggestions.length > 0;
    if (event.key === "ArrowDown") { event.preventDefault(); if (open) setActive(active + 1); else fetchSuggestions(); }
    else if (event.key === "ArrowUp" && open) { event.preventDefault(); setActive(active - 1); }
    else if (event.key === "Enter" && open && active >= 0) { event.preventDefault(); choose(active); }
    else if (event.key === "Escape" && open) { event.preventDefault(); closeList(); }
    else if (event.key === "Tab" && open && active >= 0) { choose(active); }
  });
  input.addEventListener("blur", () => setTimeout(closeList, 120));
  list.addEventListener("mousedown", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) { event.preventDefault(); choose(Number(option.dataset.index)); }
  });

  // ---- asking --------------------------------------------------------------------------------------
  let conversationId = null;  // follow-ups ("side effects of it?") read in the light of the last answer

  async function ask(question) {
    generation += 1;
    clearTimeout(pending);
    closeList();
    results.setAttribute("aria-busy", "true");
    submitButton.disabled = true;
    results.replaceChildren(el("p", { class: "status", text: t("searching", { question }) }));
    try {
      const response = await fetch(`${API}/query`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ question, limit: Number(limitSelect.value), conversation_id: conversationId,
          patient: window.medkg.patient ? window.medkg.patient() : null }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.detail || `the server answered ${response.status}`);
      conversationId = body.conversation_id || null;
      lastAnswer = body;
      if (body.language === "zh" || body.language === "en") i18n.setLanguage(body.language, false);
      renderAnswer(body);
    } catch (error) {
      results.replaceChildren(el("p", { class: "status error", role: "alert", text: t("sorry", { error: error.message }) }));
    } finally {
      results.setAttribute("aria-busy", "false");
      submitButton.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (question) ask(question);
    else input.focus();
  });
  document.querySelectorAll(".example").forEach((button) => button.addEventListener("click", () => {
    input.value = button.textContent;
    ask(input.value);
  }));

  // ---- rendering -----------------------------------------------------------------------------------
  let lastAnswer = null;  // shown again in the other language when the switch is used
  document.addEventListener("medkg:language", () => { if (lastAnswer) renderAnswer(lastAnswer); });
  const intentName = (intent) => t(`intent.${intent}`) === `intent.${intent}` ? intent : t(`intent.${intent}`);

  const TYPE_NAMES = { DosageText: "label text", DrugLabel: "drug label", AdverseEvent: "adverse event",
    DrugClass: "drug class" };
  const typeName = (type) => TYPE_NAMES[type] || type;

  function badgesOf(item) {
    const badges = [...(item.badges || [])];
    if (item.hypothesis && !badges.includes("hypothesis")) badges.push("hypothesis");
    return badges;
  }

  function renderAnswer(answer) {
    const items = answer.answers || [];
    const linked = (answer.entities || []).map((e) => `${shownName(e)} (${typeName(e.type)})`).join(", ");
    const heading = items.length > 1 ? t("n_answers", { n: items.length }) : items.length ? t("one_answer") : t("no_answers");
    const evidenced = items.some((item) => (item.evidence || []).some((ev) => ev.text)) || answer.differential;
    const summary = el("div", { class: "summary", lang: answer.language === "zh" ? "zh-CN" : null },
      el("h2", { text: heading }),
      el("p", {},
        el("span", { class: "chip", text: t("intent", { intent: intentName(answer.intent) }) }),
        linked ? el("span", { class: "chip", text: t("about", { entities: linked }) }) : null,
        answer.understood_as ? el("span", { class: "chip", text: t("read_as", { text: answer.understood_as }) }) : null,
        answer.timings_ms && answer.timings_ms.total !== undefined
          ? el("span", { class: "chip muted", text: `${Math.round(answer.timings_ms.total)} ms` }) : null),
      answer.message && answer.message !== (answer.differential || {}).disclaimer
        ? el("p", { class: "message", text: answer.message }) : null,
      evidenced ? el("p", { class: "help original-language", text: t("original_language") }) : null);
    const parts = [summary];
    if (answer.patient && window.medkg.renderPatientReview) parts.push(window.medkg.renderPatientReview(answer));
    if (answer.dosing && window.medkg.renderDosing) parts.push(window.medkg.renderDosing(answer));
    if (answer.intent === "diagnosis" && answer.differential) {
      parts.push(window.medkg.renderDifferential(answer.differential));
    } else if (items.length) {
      parts.push(el("div", { class: "layout" },
        el("ol", { class: "answers" }, items.map((item, i) => renderItem(item, i, answer))),
        el("aside", { class: "side" }, renderGraph(answer), renderCypher(answer))));
    } else {
      parts.push(renderCypher(answer));
    }
    results.replaceChildren(...parts.filter(Boolean));
  }

  function renderItem(item, index, answer) {
    const top = Math.max(...(answer.answers || []).map((a) => a.score || 0), 1e-9);
    const share = Math.max(0.04, Math.min(1, (item.score || 0) / top));
    const badges = badgesOf(item);
    const evidence = item.evidence || [];
    const head = el("div", { class: "answer-head" },
      el("span", { class: "rank", text: `${index + 1}` }),
      el("div", { class: "answer-title" },
        el("h3", { text: shownName(item) }),
        el("span", { class: `type type-${item.type}`, text: typeName(item.type) }),
        item.relation ? el("span", { class: "relation", text: item.relation.replace(/_/g, " ").toLowerCase() }) : null),
      el("div", { class: "score", title: `score ${Number(item.score).toFixed(3)}` },
        el("span", { class: "score-value", text: Number(item.score).toFixed(2) }),
        el("span", { class: "score-bar", "aria-hidden": "true" },
          el("span", { class: "score-fill", style: `width:${Math.round(share * 100)}%` }))));
    const badgeRow = el("p", { class: "badges" },
      badges.map((b) => el("span", { class: `badge badge-${b}`, text: b === "hypothesis" ? t("hypothesis_badge") : b })));
    const card = el("li", { class: `answer${item.hypothesis ? " is-hypothesis" : ""}`, "data-id": item.id },
      head, badgeRow, renderWhy(item));
    if (answer.patient && window.medkg.renderPatientFlags) {
      const flags = window.medkg.renderPatientFlags(answer, item.id);
      if (flags) card.append(flags);
    }
    if (item.text) card.append(renderVerbatim(item, evidence));
    if (evidence.length) {
      card.append(el("details", { class: "evidence" },
        el("summary", { text: t("evidence_n", { n: evidence.length }) }),
        el("ul", {}, evidence.map(renderEvidence))));
    }
    return card;
  }

  // Why the answer ranks where it does: the parts of its score (query/ranking.py), largest first.
  const PART_NAMES = { curated: "curated sources", label: "drug label", literature: "literature",
    confidence: "best confidence", recency: "recency", trials: "clinical trials", kge: "link prediction" };
  function renderWhy(item) {
    const parts = Object.entries(item.explanation || {})
      .filter(([key, value]) => PART_NAMES[key] && Number(value) > 0)
      .sort((a, b) => b[1] - a[1]);
    if (!parts.length) return null;
    const trials = item.explanation.trials_n;
    const precision = item.explanation.held_out_precision;  // what a hypothesis rests on (embeddings/precision.py)
    return el("p", { class: "why muted", title: "how the score is made (docs/query.md: what \"best\" means)" },
      t("why_here"), parts.map(([key, value]) => `${PART_NAMES[key]} ${Number(value).toFixed(2)}` +
        (key === "trials" && trials ? ` (${trials} trials)` : "") +
        (key === "kge" && precision !== undefined ? ` (rank ${item.explanation.kge_rank}: held-out precision ` +
          `${Number(precision).toFixed(2)})` : "")).join(" + "));
  }

  // Dosage and other label text: verbatim, with its citation.
  function renderVerbatim(item, evidence) {
    const cite = evidence[0];
    const url = cite ? documentUrl(cite) : null;
    return el("figure", { class: "verbatim" },
      el("blockquote", { text: item.text }),
      cite ? el("figcaption", {},
        "— ", url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: documentLabel(cite) })
          : documentLabel(cite),
        cite.section ? `, section “${cite.section}”` : "",
        cite.published ? `, ${cite.published}` : "") : null);
  }

  // What kind of statement the evidence is (graph.models.EvidenceKind), with the model that found it.
  function provenance(ev) {
    const by = ev.extractor ? `${ev.extractor}${ev.extractor_version ? ` v${ev.extractor_version}` : ""}` : "a model";
    return {
      "curated-record": "curated record",
      "label-statement": "stated in the drug label",
      "label-extraction": `extracted by model ${by} from the label`,
      "literature-extraction": `extracted by model ${by} from the article`,
      "dictionary-fallback": `found by the dictionary fallback (${by}), no trained model`,
      "user-import": "imported by a user",
      "hypothesis": "hypothesis, not a fact",
    }[ev.kind] || null;
  }

  function renderEvidence(ev) {
    const url = documentUrl(ev);
    const how = provenance(ev);
    return el("li", { class: "evidence-item" },
      ev.text ? el("q", { text: ev.text, lang: /[\u3400-\u9fff]/.test(ev.text) ? "zh-CN" : "en" }) : el("span", { class: "muted", text: t("curated_statement") }),
      el("p", { class: "cite" },
        el("span", { class: "source", text: ev.source }),
        url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: documentLabel(ev) })
          : el("span", { text: documentLabel(ev) }),
        ev.section ? el("span", { class: "muted", text: ev.section }) : null,
        how ? el("span", { class: "muted provenance", text: how }) : null,
        ev.sentence_offsets && ev.sentence_offsets.length > 2
          ? el("span", { class: "muted across", text: t("across_sentences", { n: ev.sentence_offsets.length / 2 }) }) : null,
        ev.confidence !== null && ev.confidence !== undefined
          ? el("span", { class: "muted", text: `confidence ${Number(ev.confidence).toFixed(2)}` }) : null,
        ev.published ? el("span", { class: "muted", text: String(ev.published).slice(0, 10) }) : null));
  }

  function renderCypher(answer) {
    const statements = answer.cypher || [];
    if (!statements.length) return null;
    return el("details", { class: "cypher" },
      el("summary", { text: t("cypher") }),
      statements.map((statement) => el("pre", {}, el("code", { text: statement }))));
  }

  // ---- the answer subgraph: question entities → answers → evidence sources ----------------------
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value; else node.setAttribute(key, String(value));
    }
    children.flat().forEach((child) => child && node.append(child));
    return node;
  }

  function shorten(text, max) {
    text = String(text || "");
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  function renderGraph(answer) {
    const askedAbout = (answer.entities || []).slice(0, 3);
    const items = (answer.answers || []).slice(0, 8);
    const sources = [];
    const edges = [];
    items.forEach((item, i) => {
      const names = new Set((item.evidence || []).map((ev) => ev.source).filter(Boolean));
      if (item.hypothesis) names.add("link prediction");
      names.forEach((name) => {
        if (!sources.includes(name) && sources.length < 6) sources.push(name);
        if (sources.includes(name)) edges.push([i, sources.indexOf(name)]);
      });
    });
    const rows = Math.max(askedAbout.length, items.length, sources.length, 1);
    const height = 40 + rows * 34, width = 420;
    const y = (i, n) => 20 + (height - 40) * ((i + 0.5) / n);
    const cols = { asked: 8, answer: 150, source: 300 };
    const drawing = svg("svg", {
      viewBox: `0 0 ${width} ${height}`, class: "subgraph", role: "img",
      "aria-label": `Answer graph: ${askedAbout.map((e) => e.name).join(", ") || "question"} linked to ` +
        `${items.length} answers and ${sources.length} evidence sources`,
    });
    const lines = svg("g", { class: "edges" }), nodes = svg("g", { class: "nodes" });
    askedAbout.forEach((_, a) => items.forEach((item, i) => lines.append(svg("line", {
      x1: cols.asked + 110, y1: y(a, askedAbout.length), x2: cols.answer, y2: y(i, items.length),
      class: item.hypothesis ? "edge edge-hypothesis" : "edge",
    }))));
    edges.forEach(([i, s]) => lines.append(svg("line", {
      x1: cols.answer + 120, y1: y(i, items.length), x2: cols.source, y2: y(s, sources.length), class: "edge edge-source",
    })));
    const box = (x, yy, w, label, kind, title) => svg("g", { class: `node node-${kind}` },
      svg("title", { text: title }),
      svg("rect", { x, y: yy - 12, width: w, height: 24, rx: 12 }),
      svg("text", { x: x + w / 2, y: yy + 4, "text-anchor": "middle", text: shorten(label, Math.floor(w / 7.6)) }));
    askedAbout.forEach((e, a) => nodes.append(box(cols.asked, y(a, askedAbout.length), 110, e.name_zh || e.name, "asked",
      `${shownName(e)} (${e.id})`)));
    items.forEach((item, i) => nodes.append(box(cols.answer, y(i, items.length), 120, item.name_zh || item.name,
      item.hypothesis ? "hypothesis" : "answer", `${item.name} (${item.id}), score ${Number(item.score).toFixed(2)}`)));
    sources.forEach((name, s) => nodes.append(box(cols.source, y(s, sources.length), 112, name, "source", `evidence from ${name}`)));
    drawing.append(lines, nodes);
    return el("figure", { class: "graph" }, drawing,
      el("figcaption", { text: t("graph_caption") }));
  }

  // Shared with clinical.js (the differential and the Consult mode).
  window.medkg = { API, el, renderEvidence };
})();
