// The page's labels in English and Chinese, and the language switch (English / 中文). Elements carry their label's
// key in data-i18n (text) or data-i18n-placeholder; a click on the switch is remembered, and an answer in another
// language (a Chinese question) turns the page to that language for the visit. Evidence sentences are never
// translated: they stay in the language of their source.
"use strict";

(function () {
  const LABELS = {
    en: {
      tagline: "Ranked answers from a medical knowledge graph — every fact with its evidence.",
      tab_ask: "Ask", tab_consult: "Consult", tab_note: "Note",
      question_label: "Your question", question_placeholder: "e.g. best treatment for hypertension",
      answers_5: "5 answers", answers_10: "10 answers", answers_25: "25 answers", ask: "Ask",
      patient: "Patient", patient_summary: "(optional: answers for an average patient)",
      question_help: "Type a drug or disease, or list findings; pick a name from the list with ↑ ↓ and Enter. Try:",
      example_1: "best treatment for hypertension", example_2: "side effects of atorvastatin",
      example_3: "dose of metformin", example_4: "what could cause headache, fever and stiff neck",
      complaint_label: "What brings the patient in?", consult_start: "Start consultation",
      note_label: "Clinical note", note_analyze: "Analyze note",
      footer_hypothesis: "Answers marked hypothesis are link predictions, not facts.",
      footer_advice: "Not medical advice: medkg supports a clinician and does not replace one; check the cited sources.",
      original_language: "Evidence sentences are shown in their original language, as the source states them.",
      searching: "Searching the graph for “{question}” …", sorry: "Sorry: {error}",
      n_answers: "{n} answers", one_answer: "1 answer", no_answers: "No answers",
      intent: "intent: {intent}", about: "about: {entities}", read_as: "read as: {text}",
      evidence_n: "Evidence ({n})", why_here: "Why here: ", cypher: "Cypher that ran",
      hypothesis_badge: "hypothesis — not a fact", curated_statement: "curated statement (no sentence)",
      across_sentences: "stated across {n} sentences",
      graph_caption: "Question → answers → evidence sources",
      "intent.treatment": "treatments", "intent.indications": "indications", "intent.side_effects": "side effects",
      "intent.contraindications": "contraindications", "intent.interactions": "interactions",
      "intent.dosage": "dosage", "intent.mechanism": "mechanism (targets)", "intent.disease_genes": "associated genes",
      "intent.similar": "similar entities", "intent.symptoms": "symptoms (findings)", "intent.diagnosis": "diagnosis (differential)",
      "intent.unknown": "not understood",
    },
    zh: {
      tagline: "来自医学知识图谱的排序答案——每条事实都附有证据。",
      tab_ask: "提问", tab_consult: "问诊", tab_note: "病历",
      question_label: "您的问题", question_placeholder: "例如：高血压怎么治",
      answers_5: "5 个答案", answers_10: "10 个答案", answers_25: "25 个答案", ask: "提问",
      patient: "患者", patient_summary: "（可选：否则按一般患者回答）",
      question_help: "输入药物或疾病名称，或列出症状；用 ↑ ↓ 和回车从列表中选择名称。试试：",
      example_1: "高血压怎么治", example_2: "阿托伐他汀的副作用", example_3: "二甲双胍一次吃多少",
      example_4: "头痛、发热、颈部僵硬可能是什么病",
      complaint_label: "患者因何就诊？", consult_start: "开始问诊",
      note_label: "临床病历", note_analyze: "分析病历",
      footer_hypothesis: "标为“假设”的答案是链接预测，并非事实。",
      footer_advice: "非医疗建议：medkg 为临床医生提供参考，不能替代医生；请核对所引来源。",
      original_language: "证据句子按来源原文的语言显示（多为英文），未经翻译。",
      searching: "正在图谱中查找“{question}”……", sorry: "抱歉：{error}",
      n_answers: "{n} 个答案", one_answer: "1 个答案", no_answers: "没有答案",
      intent: "意图：{intent}", about: "关于：{entities}", read_as: "理解为：{text}",
      evidence_n: "证据（{n}）", why_here: "排序依据：", cypher: "执行的 Cypher 查询",
      hypothesis_badge: "假设——并非事实", curated_statement: "整理的记录（无原句）",
      across_sentences: "跨 {n} 个句子的陈述",
      graph_caption: "问题 → 答案 → 证据来源",
      "intent.treatment": "治疗", "intent.indications": "适应症", "intent.side_effects": "副作用",
      "intent.contraindications": "禁忌", "intent.interactions": "相互作用", "intent.dosage": "用法用量",
      "intent.mechanism": "作用机制（靶点）", "intent.disease_genes": "相关基因", "intent.similar": "相似实体", "intent.symptoms": "症状（表现）",
      "intent.diagnosis": "诊断（鉴别诊断）", "intent.unknown": "未理解",
    },
  };
  const STORE = "medkg.language";
  const stored = (() => { try { return window.localStorage.getItem(STORE); } catch (_) { return null; } })();
  let language = stored === "zh" ? "zh" : "en";

  function t(key, values) {
    let text = (LABELS[language] || LABELS.en)[key] ?? LABELS.en[key] ?? key;
    for (const [name, value] of Object.entries(values || {})) text = text.split(`{${name}}`).join(String(value));
    return text;
  }

  function apply() {
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach((node) => {
      node.setAttribute("placeholder", t(node.dataset.i18nPlaceholder));
    });
    document.querySelectorAll(".language-switch [data-language]").forEach((button) => {
      button.setAttribute("aria-pressed", button.dataset.language === language ? "true" : "false");
    });
  }

  // remember: a click on the switch is kept for later visits; following an answer's language is not.
  function setLanguage(next, remember) {
    if (!LABELS[next]) return;
    if (remember) { try { window.localStorage.setItem(STORE, next); } catch (_) { /* private mode */ } }
    if (next === language) return;
    language = next;
    apply();
    document.dispatchEvent(new CustomEvent("medkg:language", { detail: language }));
  }

  document.querySelectorAll(".language-switch [data-language]").forEach((button) => {
    button.addEventListener("click", () => setLanguage(button.dataset.language, true));
  });
  apply();
  window.medkgI18n = { t, setLanguage, language: () => language };
})();
