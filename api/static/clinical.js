// medkg clinical views: the explained differential (answers of intent "diagnosis") and the Consult mode, a symptom
// interview that asks one question at a time. Uses app.js's helpers (window.medkg); text from the server is only
// ever inserted with textContent. Chinese differentials (language "zh") show the Chinese names.
"use strict";

(function () {
  const { API, el, renderEvidence } = window.medkg;
  const $ = (id) => document.getElementById(id);

  const WORDS = {
    en: { for: "For", against: "Against", findings: "Stated findings", evidence: "Evidence", share: "share",
      yes: "Yes", no: "No", unknown: "Don't know", turn: "Turn", summary: "Summary", again: "New consultation",
      end: "End consultation", ended: "Consultation ended and forgotten.", redFlags: "Red flags",
      answers: "Answers so far", none: "none", method: "Method",
      sex: { female: "Patient: female — diseases of men only are ruled out",
        male: "Patient: male — diseases of women only are ruled out",
        none: "Sex not given: diseases of one sex count half" } },
    zh: { for: "支持", against: "不支持", findings: "所述症状", evidence: "证据", share: "占比",
      yes: "是", no: "否", unknown: "不知道", turn: "第几轮", summary: "总结", again: "重新问诊",
      end: "结束问诊", ended: "问诊已结束，信息未保存。", redFlags: "危险信号",
      answers: "已回答", none: "无", method: "方法",
      sex: { female: "患者：女性——已排除仅见于男性的疾病", male: "患者：男性——已排除仅见于女性的疾病",
        none: "未给出性别：仅见于一种性别的疾病先验减半" } },
  };
  const STATUS = {
    en: { present: "present", absent: "absent", uncertain: "uncertain" },
    zh: { present: "有", absent: "无", uncertain: "不确定" },
  };
  const words = (language) => WORDS[language] || WORDS.en;
  const percent = (value) => `${Math.round(Number(value || 0) * 100)}%`;

  function displayName(item, language) {
    return language === "zh" && item.name_zh ? item.name_zh : item.name || item.text || item.id;
  }

  function secondaryName(item, language) {
    return language === "zh" && item.name_zh && item.name !== item.name_zh ? item.name : null;
  }

  // ---- the differential ----------------------------------------------------------------------------
  function renderFindings(findings, language) {
    const status = STATUS[language] || STATUS.en;
    return el("div", { class: "findings" },
      el("h3", { text: words(language).findings }),
      el("ul", { class: "finding-list" }, findings.map((f) => el("li", {
        class: `finding finding-${f.status}${f.id ? "" : " finding-unlinked"}`, "data-id": f.id || null,
        title: f.id ? `${f.name || f.text} (${f.id})` : "not linked to a finding in the graph",
      }, el("span", { class: "finding-name", text: f.id ? displayName(f, language) : f.text }),
         el("span", { class: "finding-status", text: status[f.status] || f.status })))));
  }

  function renderContribution(c, language) {
    const sign = c.weight > 0 ? "+" : "";
    const detail = c.linked ? `${percent(c.expected)} of cases · ${percent(c.background)} of diseases`
      : "not linked to this disease";
    const evidence = c.evidence || [];
    return el("li", { class: `contribution ${c.weight > 0 ? "is-for" : "is-against"}`, "data-finding": c.finding_id },
      el("span", { class: "contribution-name", text: c.finding }),
      c.status !== "present" ? el("span", { class: "muted", text: (STATUS[language] || STATUS.en)[c.status] }) : null,
      el("span", { class: "muted", text: detail }),
      el("span", { class: "weight", title: "log-likelihood ratio", text: `${sign}${Number(c.weight).toFixed(2)}` }),
      evidence.length ? el("ul", { class: "contribution-evidence" }, evidence.map(renderEvidence)) : null);
  }

  function renderCandidate(candidate, index, language) {
    const w = words(language);
    const against = candidate.against || [], supporting = candidate.supporting || [];
    const evidenceCount = supporting.reduce((n, c) => n + (c.evidence || []).length, 0);
    return el("li", { class: "answer candidate", "data-id": candidate.id },
      el("div", { class: "answer-head" },
        el("span", { class: "rank", text: `${index + 1}` }),
        el("div", { class: "answer-title" },
          el("h3", { text: displayName(candidate, language) }),
          secondaryName(candidate, language) ? el("span", { class: "muted", text: secondaryName(candidate, language) }) : null,
          el("span", { class: "type type-Disease", text: "Disease" })),
        el("div", { class: "score", title: `${w.share} among these candidates; not a calibrated probability` },
          el("span", { class: "score-value share", text: percent(candidate.probability) }),
          el("span", { class: "score-bar", "aria-hidden": "true" },
            el("span", { class: "score-fill", style: `width:${Math.max(2, Math.round(candidate.probability * 100))}%` })))),
      el("p", { class: "explanation", text: candidate.explanation }),
      el("details", { class: "evidence reasons", open: index === 0 },
        el("summary", { text: `${w.for} (${supporting.length}) · ${w.against} (${against.length}) · ` +
          `${w.evidence} (${evidenceCount})` }),
        supporting.length ? el("div", {}, el("h4", { text: w.for }),
          el("ul", { class: "contributions supporting" }, supporting.map((c) => renderContribution(c, language)))) : null,
        against.length ? el("div", {}, el("h4", { text: w.against }),
          el("ul", { class: "contributions against" }, against.map((c) => renderContribution(c, language)))) : null));
  }

  function renderDifferential(diff) {
    const language = diff.language || "en";
    const candidates = diff.candidates || [];
    return el("div", { class: "differential", lang: language === "zh" ? "zh-Hans" : "en" },
      el("p", { class: "disclaimer", role: "note", text: diff.disclaimer }),
      renderFindings(diff.findings || [], language),
      diff.message ? el("p", { class: "message", text: diff.message }) : null,
      el("p", { class: "patient-sex muted", text: words(language).sex[diff.sex || "none"] }),
      candidates.length ? el("ol", { class: "answers candidates" }, candidates.map((c, i) => renderCandidate(c, i, language)))
        : null,
      diff.method ? el("p", { class: "method muted", text: `${words(language).method}: ${diff.method}` }) : null);
  }

  // ---- the Consult mode ------------------------------------------------------------------------------
  const tabs = Array.from(document.querySelectorAll('.modes [role="tab"]'));
  function selectTab(tab) {
    tabs.forEach((t) => {
      const selected = t === tab;
      t.setAttribute("aria-selected", selected ? "true" : "false");
      t.tabIndex = selected ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !selected;
    });
    const first = $(tab.getAttribute("aria-controls")).querySelector("input[type=text], textarea");
    if (first) first.focus();
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      event.preventDefault();
      const next = tabs[(i + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      selectTab(next);
      next.focus();
    });
  });

  const consultForm = $("consult"), complaint = $("complaint"), output = $("consultation"), startButton = $("consult-start");
  let sessionId = null;

  async function call(method, path, body) {
    output.setAttribute("aria-busy", "true");
    output.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      const response = await fetch(`${API}${path}`, {
        method, headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (response.status === 204) return null;
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(data.detail || `the server answered ${response.status}`);
      return data;
    } finally {
      output.setAttribute("aria-busy", "false");
    }
  }

  async function step(method, path, body) {
    try {
      const turn = await call(method, path, body);
      if (turn) renderTurn(turn);
    } catch (error) {
      output.replaceChildren(el("p", { class: "status error", role: "alert", text: `Sorry: ${error.message}` }));
      sessionId = null;
    }
  }

  consultForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = complaint.value.trim();
    if (!text) { complaint.focus(); return; }
    if (sessionId) call("DELETE", `/consult/${encodeURIComponent(sessionId)}`).catch(() => {});
    sessionId = null;
    startButton.disabled = true;
    output.replaceChildren(el("p", { class: "status", text: `Starting a consultation for “${text}” …` }));
    // the patient panel's sex, where given, rules out the other sex's diseases (else they count half)
    const given = window.medkg.patient ? window.medkg.patient() : null;
    const body = given && given.sex ? { complaint: text, sex: given.sex } : { complaint: text };
    step("POST", "/consult", body).finally(() => { startButton.disabled = false; });
  });

  function renderRedFlags(flags, language) {
    if (!flags.length) return null;
    return el("div", { class: "red-flags", role: "alert" },
      el("h3", { text: words(language).redFlags }),
      el("ul", {}, flags.map((flag) => el("li", { class: "red-flag", "data-finding": flag.finding_id, title: flag.source },
        el("strong", { text: flag.finding }), " — ", flag.advice))));
  }

  function renderQuestion(question, language) {
    const w = words(language);
    const answer = (value, label) => el("button", { type: "button", class: `answer-button answer-${value}`,
      "data-answer": value, text: label });
    const box = el("div", { class: "question", "data-finding": question.finding_id },
      el("p", { class: "question-text", text: question.text }),
      el("p", { class: "answer-buttons" }, answer("yes", w.yes), answer("no", w.no), answer("unknown", w.unknown)),
      el("p", { class: "muted small", text: `expected information gain ${Number(question.information_gain).toFixed(3)} nats` }));
    box.addEventListener("click", (event) => {
      const button = event.target.closest("[data-answer]");
      if (button && sessionId) step("POST", `/consult/${encodeURIComponent(sessionId)}`, { answer: button.dataset.answer });
    });
    return box;
  }

  function renderSummary(turn, language) {
    const w = words(language), status = STATUS[language] || STATUS.en;
    const top = (turn.differential.candidates || []).slice(0, 3);
    return el("div", { class: "consult-summary" },
      el("h3", { text: w.summary }),
      turn.reason ? el("p", { class: "reason", text: turn.reason }) : null,
      el("p", {}, `${w.answers}: `, (turn.asked || []).length
        ? (turn.asked || []).map((f) => `${displayName(f, language)} (${status[f.status] || f.status})`).join(", ") : w.none),
      top.length ? el("ol", { class: "summary-candidates" }, top.map((c) => el("li", {},
        `${displayName(c, language)} — ${percent(c.probability)}`))) : null);
  }

  function renderTurn(turn) {
    sessionId = turn.session_id;
    const language = turn.differential.language || "en";
    const w = words(language);
    const end = el("button", { type: "button", class: "end-button", text: turn.finished ? w.again : w.end });
    end.addEventListener("click", () => {
      const id = sessionId;
      sessionId = null;
      if (id) call("DELETE", `/consult/${encodeURIComponent(id)}`).catch(() => {});
      output.replaceChildren(el("p", { class: "status", text: w.ended }));
      complaint.value = "";
      complaint.focus();
    });
    output.replaceChildren(el("div", { class: "turn", "data-turn": turn.turn, "data-finished": turn.finished ? "true" : "false" },
      el("div", { class: "summary" },
        el("h2", { text: turn.finished ? w.summary : `${w.turn} ${turn.turn + 1}` }),
        el("p", {}, el("span", { class: "chip", text: `session ${turn.session_id.slice(0, 6)}…` }), end)),
      renderRedFlags(turn.red_flags || [], language),
      turn.question ? renderQuestion(turn.question, language) : null,
      turn.finished ? renderSummary(turn, language) : null,
      renderDifferential(turn.differential)));
    const first = output.querySelector(".answer-button");
    if (first) first.focus({ preventScroll: true });
  }

  window.medkg.renderDifferential = renderDifferential;
})();
