// medkg Note mode: paste or drop a clinical note, get its summary, problems, medications and alerts, with every
// item highlighted in the note. The note goes to POST /api/v1/notes/analyze only; nothing is kept in the browser
// beyond this page. Text from the note and the server is only ever inserted with textContent.
"use strict";

(function () {
  const { API, el, renderEvidence } = window.medkg;
  const $ = (id) => document.getElementById(id);
  const form = $("note-form"), textarea = $("note-text"), output = $("note-result");
  const fileInput = $("note-file"), alertsBox = $("note-alerts"), button = $("note-analyze");
  const MAX_CHARS = 100000;

  const WORDS = {
    en: { summary: "Summary", alerts: "Alerts", note: "The note", problems: "Problems", medications: "Medications",
      none: "No alerts from the graph for this note.", negated: "negated", uncertain: "possible",
      historical: "historical", hypothetical: "hypothetical", other: "family/other", unlinked: "not in the graph",
      evidence: "evidence", rests: "Rests on", suggestions: "Treatments the graph ranks first",
      patient: "Patient in this note", usePatient: "Ask about this patient" },
    zh: { summary: "摘要", alerts: "提示", note: "病历原文", problems: "问题", medications: "用药",
      none: "图谱未发现此病历的提示。", negated: "否定", uncertain: "可能", historical: "既往", hypothetical: "假设",
      other: "家属/他人", unlinked: "不在图谱中", evidence: "证据", rests: "依据",
      suggestions: "图谱排名靠前的治疗", patient: "病历中的患者", usePatient: "以此患者提问" },
  };

  function statusWords(problem, w) {
    const words = [];
    if (problem.negated) words.push(w.negated);
    if (problem.uncertain) words.push(w.uncertain);
    if (problem.temporality !== "recent") words.push(w[problem.temporality] || problem.temporality);
    if (problem.experiencer !== "patient") words.push(w.other);
    return words;
  }

  function markClass(item) {
    if (item.status) return `mark-med mark-med-${item.status}`;
    if (item.negated) return "mark-problem mark-negated";
    if (item.uncertain || item.temporality !== "recent" || item.experiencer !== "patient") return "mark-problem mark-context";
    return "mark-problem mark-active";
  }

  // The note with every problem and medication span marked; spans never overlap (the tagger does not nest).
  function renderNote(text, analysis, w) {
    const items = [...analysis.problems, ...analysis.medications].sort((a, b) => a.span.start - b.span.start);
    const pieces = [];
    let position = 0;
    items.forEach((item, index) => {
      if (item.span.start < position) return;
      pieces.push(text.slice(position, item.span.start));
      const detail = [item.link ? `${item.link.name} (${item.link.id}, ${item.link.evidence_count} ${w.evidence})`
        : w.unlinked, ...(item.status ? [item.status, item.dose, item.unit, item.frequency].filter(Boolean)
        : statusWords(item, w))].join(" · ");
      pieces.push(el("mark", { class: markClass(item), id: `note-span-${item.span.start}`, title: detail,
        "data-start": item.span.start, "data-end": item.span.end, text: text.slice(item.span.start, item.span.end) }));
      position = item.span.end;
    });
    pieces.push(text.slice(position));
    return el("details", { class: "note-text", open: true }, el("summary", { text: w.note }),
      el("pre", { class: "note-body" }, pieces));
  }

  function highlight(spans) {
    output.querySelectorAll("mark.is-focused").forEach((m) => m.classList.remove("is-focused"));
    spans.forEach((span, i) => {
      const mark = $(`note-span-${span.start}`);
      if (!mark) return;
      mark.classList.add("is-focused");
      if (i === 0) mark.scrollIntoView({ block: "center", behavior: "smooth" });
    });
  }

  function renderSummary(analysis, w) {
    const groups = new Map();
    analysis.summary.forEach((line) => {
      if (!groups.has(line.heading)) groups.set(line.heading, []);
      groups.get(line.heading).push(line);
    });
    return el("div", { class: "note-summary" }, el("h2", { text: w.summary }),
      [...groups.entries()].map(([heading, lines]) => el("div", { class: "summary-group" },
        el("h3", { text: heading }),
        el("ul", {}, lines.map((line) => {
          const item = el("button", { type: "button", class: "summary-line link", text: line.text,
            title: line.spans.map((s) => `chars ${s.start}–${s.end}`).join(", ") });
          item.addEventListener("click", () => highlight(line.spans));
          return el("li", {}, item);
        })))));
  }

  function renderAlert(alert) {
    return el("li", { class: `note-alert alert-${alert.kind} severity-${alert.severity}`, "data-kind": alert.kind },
      el("p", {}, el("span", { class: "chip", text: alert.kind.replace(/_/g, " ") }), " ", alert.message),
      (alert.evidence || []).length ? el("ul", { class: "evidence-list" }, alert.evidence.map(renderEvidence)) : null,
      (alert.suggestions || []).length ? el("ol", { class: "suggestions" }, alert.suggestions.map((s) =>
        el("li", {}, `${s.name} `, el("span", { class: "muted", text: `score ${Number(s.score).toFixed(2)}` }),
          (s.evidence || []).length ? el("ul", { class: "evidence-list" }, s.evidence.map(renderEvidence)) : null)))
        : null);
  }

  function renderAlerts(analysis, w) {
    return el("div", { class: "note-alerts" }, el("h2", { text: w.alerts }),
      analysis.alerts.length ? el("ul", { class: "alert-list" }, analysis.alerts.map(renderAlert))
        : el("p", { class: "muted", text: w.none }));
  }

  // The note's patient into the Ask tab's patient panel, for treatment and dose questions about this patient.
  const PANEL_FIELDS = { age_years: "patient-age", weight_kg: "patient-weight", sex: "patient-sex",
    egfr: "patient-egfr", creatinine_clearance: "patient-crcl" };
  function usePatient(patient) {
    for (const [key, id] of Object.entries(PANEL_FIELDS)) {
      if ($(id)) $(id).value = patient[key] === null || patient[key] === undefined ? "" : String(patient[key]);
    }
    if ($("patient-pregnant")) $("patient-pregnant").checked = Boolean(patient.pregnant);
    for (const key of ["conditions", "medications", "allergies"]) {
      const input = $(`patient-${key}`);
      if (input) input.value = (patient[key] || []).join(", ");
    }
    const panel = $("patient-panel");
    if (panel) {
      panel.open = true;
      panel.dispatchEvent(new Event("input", { bubbles: true }));
    }
    $("tab-ask").click();
  }

  function renderPatient(patient, w) {
    const parts = [];
    if (patient.age_years !== null && patient.age_years !== undefined) parts.push(`${patient.age_years} y`);
    if (patient.sex) parts.push(patient.sex);
    if (patient.weight_kg) parts.push(`${patient.weight_kg} kg`);
    for (const key of ["conditions", "medications", "allergies"]) {
      if ((patient[key] || []).length) parts.push(`${key}: ${patient[key].join(", ")}`);
    }
    if (!parts.length) return null;
    const button = el("button", { type: "button", id: "note-use-patient", text: w.usePatient });
    button.addEventListener("click", () => usePatient(patient));
    return el("div", { class: "note-patient" }, el("h2", { text: w.patient }),
      el("p", { class: "muted", text: parts.join(" · ") }), button);
  }

  function render(text, analysis) {
    const w = WORDS[analysis.language] || WORDS.en;
    output.replaceChildren(el("div", { class: "note-analysis", lang: analysis.language },
      el("p", { class: "disclaimer", text: analysis.disclaimer }),
      analysis.patient ? renderPatient(analysis.patient, w) : null,
      renderAlerts(analysis, w),
      renderSummary(analysis, w),
      renderNote(text, analysis, w),
      el("p", { class: "muted", text: `${w.rests}: ${analysis.rests_on}.` })));
  }

  async function analyze(text) {
    output.setAttribute("aria-busy", "true");
    button.disabled = true;
    output.replaceChildren(el("p", { class: "status", text: "Analysing the note …" }));
    try {
      const response = await fetch(`${API}/notes/analyze`, {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ text, alerts: alertsBox.checked, suggestions: alertsBox.checked }),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(data.detail || `the server answered ${response.status}`);
      render(text, data);
    } catch (error) {
      output.replaceChildren(el("p", { class: "error", role: "alert", text: `Could not analyse the note: ${error.message}` }));
    } finally {
      output.setAttribute("aria-busy", "false");
      button.disabled = false;
    }
  }

  function readFile(file) {
    if (!file) return;
    if (file.size > MAX_CHARS * 4) {
      output.replaceChildren(el("p", { class: "error", role: "alert", text: `${file.name} is too large for a note.` }));
      return;
    }
    file.text().then((text) => { textarea.value = text; }).catch(() => {
      output.replaceChildren(el("p", { class: "error", role: "alert", text: `${file.name} could not be read as text.` }));
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textarea.value;
    if (!text.trim()) {
      output.replaceChildren(el("p", { class: "error", role: "alert", text: "Paste a note first." }));
      textarea.focus();
      return;
    }
    analyze(text);
  });
  fileInput.addEventListener("change", () => readFile(fileInput.files[0]));
  textarea.addEventListener("dragover", (event) => event.preventDefault());
  textarea.addEventListener("drop", (event) => {
    event.preventDefault();
    readFile(event.dataTransfer.files[0]);
  });
})();
