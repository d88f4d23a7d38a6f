// medkg patient panel: the optional patient sent with each question (PatientContext on /api/v1/query), and the
// patient review of an answer: what was understood, and each treatment candidate kept, cautioned, moved down or
// excluded — always with its reason and the label text or interaction it rests on. Server text only via textContent.
"use strict";

(function () {
  const { el, renderEvidence } = window.medkg;
  const $ = (id) => document.getElementById(id);
  const ACTION_NAMES = { caution: "read first", demoted: "moved down", excluded: "excluded", kept: "kept" };

  const number = (id) => {
    const value = $(id).value.trim();
    return value === "" ? null : Number(value);
  };
  const list = (id) => $(id).value.split(/[,;，、]/).map((s) => s.trim()).filter(Boolean);

  // The patient as the API takes it; null when nothing is filled in.
  function patient() {
    const value = {
      age_years: number("patient-age"), weight_kg: number("patient-weight"), sex: $("patient-sex").value || null,
      egfr: number("patient-egfr"), creatinine_clearance: number("patient-crcl"),
      serum_creatinine: number("patient-creatinine"),
      hepatic_impairment: $("patient-hepatic").value || null,
      pregnant: $("patient-pregnant").checked ? true : null, lactating: $("patient-lactating").checked ? true : null,
      conditions: list("patient-conditions"), medications: list("patient-medications"),
      allergies: list("patient-allergies"),
    };
    const given = Object.fromEntries(Object.entries(value).filter(
      ([, v]) => v !== null && !(Array.isArray(v) && v.length === 0) && !Number.isNaN(v)));
    return Object.keys(given).length ? given : null;
  }

  function describe(value) {
    if (!value) return window.medkgI18n ? window.medkgI18n.t("patient_summary") : "(optional: answers for an average patient)";
    const parts = [];
    if (value.age_years !== undefined) parts.push(`${value.age_years} y`);
    if (value.weight_kg !== undefined) parts.push(`${value.weight_kg} kg`);
    if (value.sex) parts.push(value.sex);
    if (value.pregnant) parts.push("pregnant");
    if (value.lactating) parts.push("breastfeeding");
    if (value.egfr !== undefined) parts.push(`eGFR ${value.egfr}`);
    if (value.creatinine_clearance !== undefined) parts.push(`CrCl ${value.creatinine_clearance}`);
    if (value.serum_creatinine !== undefined) parts.push(`creatinine ${value.serum_creatinine} mg/dL`);
    if (value.hepatic_impairment) parts.push(`hepatic: ${value.hepatic_impairment}`);
    for (const key of ["conditions", "medications", "allergies"]) {
      if (value[key]) parts.push(`${key}: ${value[key].join(", ")}`);
    }
    return `: ${parts.join(" · ")}`;
  }

  const panel = $("patient-panel");
  if (panel) {
    panel.addEventListener("input", () => { $("patient-summary").textContent = describe(patient()); });
    document.addEventListener("medkg:language", () => { $("patient-summary").textContent = describe(patient()); });
    $("patient-summary").textContent = describe(patient());
    $("patient-clear").addEventListener("click", () => {
      panel.querySelectorAll("input").forEach((input) => {
        if (input.type === "checkbox") input.checked = false; else input.value = "";
      });
      panel.querySelectorAll("select").forEach((select) => { select.value = ""; });
      $("patient-summary").textContent = describe(null);
    });
  }

  function renderFlag(flag) {
    return el("li", { class: `flag flag-${flag.action}` },
      el("span", { class: `badge action-${flag.action}`, text: ACTION_NAMES[flag.action] || flag.action }),
      el("span", { class: "flag-reason", text: ` ${flag.reason}` }),
      (flag.evidence || []).length ? el("ul", { class: "flag-evidence" }, flag.evidence.map(renderEvidence)) : null);
  }

  function candidateOf(answer, id) {
    return ((answer.patient || {}).candidates || []).find((c) => c.id === id);
  }

  // The flags of one shown answer (cautioned or moved down), under its card.
  function renderPatientFlags(answer, id) {
    const candidate = candidateOf(answer, id);
    if (!candidate || !candidate.flags.length) return null;
    return el("div", { class: `patient-flags action-${candidate.action}` },
      el("p", { class: "flag-head", text: `For this patient: ${ACTION_NAMES[candidate.action]}` }),
      el("ul", {}, candidate.flags.map(renderFlag)));
  }

  // What the patient was, what was read from the question, and the excluded candidates with their reasons.
  function renderPatientReview(answer) {
    const review = answer.patient;
    const excluded = (review.candidates || []).filter((c) => c.action === "excluded");
    const linked = Object.entries(review.linked || {}).map(([k, v]) => `${k}: ${v.join(", ")}`).join(" · ");
    return el("section", { class: "patient-review", "aria-label": "Patient review" },
      el("h3", { text: "For this patient" }),
      el("p", {},
        el("span", { class: "chip", text: `patient${describe(review.patient)}` }),
        (review.understood || []).length
          ? el("span", { class: "chip", text: `read from the question: ${review.understood.join(", ")}` }) : null,
        linked ? el("span", { class: "chip", text: `linked — ${linked}` }) : null,
        (review.unlinked || []).length
          ? el("span", { class: "chip muted", text: `not in the graph: ${review.unlinked.join(", ")}` }) : null),
      excluded.length ? el("div", { class: "excluded" },
        el("h4", { text: `Excluded (${excluded.length})` }),
        el("ol", { class: "excluded-list" }, excluded.map((c) => el("li", { "data-id": c.id },
          el("strong", { text: c.name }), el("span", { class: "muted", text: ` (was #${c.blind_rank})` }),
          el("ul", {}, c.flags.map(renderFlag)))))) : null,
      (review.sources || []).length ? el("details", { class: "sources" },
        el("summary", { text: "What the rules read" }),
        el("ul", {}, review.sources.map((s) => el("li", { text: s })))) : null);
  }

  Object.assign(window.medkg, { patient, renderPatientFlags, renderPatientReview });
})();
