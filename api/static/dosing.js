// medkg computed doses: for a dosage question with a patient, each dose computed from the label's dose rules with its
// arithmetic — or why there is no number — beside the verbatim label sentence and its citation (answer.dosing,
// clinical.dosing.DoseAnswer). Server text only via textContent.
"use strict";

(function () {
  const { el } = window.medkg;
  const STATUS_NAMES = { computed: "dose", "not-recommended": "not recommended", refused: "no number" };

  // a starting dose says so: the label's start beside its target or maintenance dose is not one of two choices
  function statusName(dose) {
    if (dose.status === "computed" && dose.kind === "starting") return "starting dose";
    return STATUS_NAMES[dose.status] || dose.status;
  }

  function renderDose(dose) {
    const cited = dose.citation || {};
    const where = [cited.document_id, cited.version ? `version ${cited.version}` : null,
      cited.published ? `effective ${cited.published}` : null].filter(Boolean).join(", ");
    return el("li", { class: `dose dose-${dose.status}`, "data-status": dose.status },
      el("p", {}, el("strong", { class: "dose-status", text: `${statusName(dose)}: ` }),
        el("span", { class: "dose-summary", text: dose.summary }),
        dose.indication ? el("span", { class: "chip", text: `for ${dose.indication}` }) : null),
      (dose.cautions || []).length ? el("ul", { class: "dose-cautions" },
        dose.cautions.map((c) => el("li", { text: c }))) : null,
      cited.sentence ? el("blockquote", { class: "dose-sentence" + (cited.table_header ? " dose-table-row" : ""),
        text: cited.table_header ? `${cited.table_header}\n…\n${cited.sentence}` : cited.sentence }) : null,
      el("p", { class: "muted" }, cited.url ? el("a", { href: cited.url, target: "_blank", rel: "noopener noreferrer",
        text: where }) : el("span", { text: where })));
  }

  function renderDosing(answer) {
    const dosing = answer.dosing;
    return el("section", { class: "dosing", "aria-label": "Dose for this patient" },
      el("h3", { text: "Dose for this patient" }),
      el("p", { class: "muted", text: "Computed only from the label sentence shown under each line; check it." }),
      dosing.message ? el("p", { class: "message", text: dosing.message }) : null,
      el("ol", { class: "dose-list" }, (dosing.doses || []).map(renderDose)));
  }

  Object.assign(window.medkg, { renderDosing });
})();
