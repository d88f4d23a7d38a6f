"""The messages an answer carries, in English and Chinese: one catalogue for the query and clinical layers.

``say(key, language, **values)`` gives the text of ``key`` in ``language`` ("en" or "zh"; any other language gets
English) with ``values`` filled in. Entity names passed in are already in the answer's language
(``vocabulary.chinese.shown_name``); evidence sentences are never translated.
"""

from __future__ import annotations

from collections.abc import Iterable

LANGUAGES = ("en", "zh")

CATALOGUE: dict[str, tuple[str, str]] = {
    "example_hint": (
        "Try e.g. 'best treatment for hypertension', 'side effects of atorvastatin' or 'dose of metformin'.",
        "例如：“高血压怎么治”“阿托伐他汀的副作用”或“二甲双胍一次吃多少”。"),
    "recognised_drug": (
        "I recognised {name}. Try e.g. 'what is {name} used for', 'side effects of {name}' or 'dose of {name}'.",
        "识别到{name}。例如：“{name}治什么病”“{name}的副作用”或“{name}的用法用量”。"),
    "recognised_condition": (
        "I recognised {name}. Try e.g. 'treatment for {name}' or 'symptoms of {name}'.",
        "识别到{name}。例如：“{name}怎么治”或“{name}有哪些症状”。"),
    "too_long": (
        "Please ask one question of at most {limit} characters. {hint}",
        "请一次只问一个问题，最多 {limit} 个字符。{hint}"),
    "not_understood": (
        "Sorry, I did not understand the question. {hint}",
        "抱歉，没有理解这个问题。{hint}"),
    "no_entity": (
        "I found no {wanted} matching '{mention}' in the graph. {hint}",
        "图谱中没有找到与“{mention}”相符的{wanted}。{hint}"),
    "query_failed": (
        "The graph could not answer this question right now (query failed or timed out).",
        "图谱暂时无法回答这个问题（查询失败或超时）。"),
    "no_evidenced_answer": (
        "The graph has no evidenced answer for this question about {name}.",
        "图谱中没有关于{name}的此问题的有证据的答案。"),
    "which_drug": (
        "Which drug do you mean? The last answer was about {focus} and listed {drugs}: ask again with the drug's name "
        "(for example \"{example}\").",
        "您指的是哪种药？上一个回答是关于{focus}的，列出了{drugs}：请带上药名再问一次（例如“{example}”）。"),
    "class_only": (
        "Only {drug_class} are listed, the class the question asks for ({others} other treatments left out).",
        "仅列出问题所问的药物类别{drug_class}（另有{others}种治疗未列出）。"),
    "class_all": (
        "Every recorded treatment listed is one of {drug_class}, the class the question asks for.",
        "列出的治疗均属于问题所问的药物类别{drug_class}。"),
    "class_none": (
        "None of the recorded treatments is recorded as {drug_class}, the class the question asks for: all are listed.",
        "记录的治疗中没有属于问题所问类别{drug_class}的药物：全部列出。"),
    "broader_answer": (
        "No treatment is recorded for {name}; these are the treatments of {broader}, the broader condition its words "
        "name — check that they apply.",
        "图谱中没有{name}的治疗记录；以下是其名称所含的更宽泛疾病{broader}的治疗，请核实是否适用。"),
    "wrong_kind": (
        "I understood a {intent} question but it is about a {kinds}, which it cannot answer.",
        "已理解为{intent}问题，但它涉及的是{kinds}，无法回答此类问题。"),
    "no_dosage_label": (
        "No drug label with Dosage and Administration text for {name} is in the graph; medkg quotes labels and never "
        "computes a dose.",
        "图谱中没有{name}含“用法用量”内容的药品说明书；medkg 只引用说明书原文，从不自行计算剂量。"),
    "patient_excluded": ("Excluded for this patient: {drugs} (reasons below).", "对该患者已排除：{drugs}（原因见下）。"),
    "patient_demoted": ("Moved down for this patient: {drugs}.", "因该患者情况下调排序：{drugs}。"),
    "class_condition_assumed": (
        "No condition was named: the treatments of {condition}, the condition {drug_class} are for, are shown.",
        "问题未提及疾病：按{drug_class}所针对的{condition}列出治疗药物。"),
    "effect_found": (
        "Yes: {effect} is recorded as a side effect of {drug} (its evidence first; then the drug's other recorded "
        "side effects).",
        "是的：图谱记录了{effect}是{drug}的不良反应（先列其证据，再列该药记录的其他不良反应）。"),
    "effect_none": (
        "{effect} is not recorded as a side effect of {drug} in the graph (absence of a record is not proof that it "
        "does not occur); the side effects recorded for {drug} are listed.",
        "图谱中没有记录{effect}是{drug}的不良反应（没有记录并不证明不会发生）；以下列出该药已记录的不良反应。"),
    "effect_none_at_all": (
        "{effect} is not recorded as a side effect of {drug} in the graph, and no side effect of {drug} is (they come "
        "from the drug labels and articles medkg has read): absence of a record is not proof that it does not occur.",
        "图谱中没有记录{effect}是{drug}的不良反应，也没有该药的任何不良反应记录（不良反应来自 medkg 已读取的药品说明书和文献）："
        "没有记录并不证明不会发生。"),
    "interaction_found": (
        "Yes: an interaction between {first} and {second} is recorded.",
        "是的：图谱记录了{first}与{second}之间的相互作用。"),
    "interaction_none": (
        "No interaction between {first} and {second} is recorded in the graph (absence of a record is not proof of "
        "safety).",
        "图谱中没有记录{first}与{second}之间的相互作用（没有记录并不证明可以安全合用）。"),
    "interaction_by_label": (
        "No interaction between {first} and {second} is recorded as a pair, but drug labels speak to it (below: "
        "what each label or each drug class's labels say, quoted; a class-level statement is an inference).",
        "图谱未记录{first}与{second}这一对药物的相互作用，但药品说明书有相关表述（见下：各说明书或同类药物说明书的原文；"
        "类别层面的表述属于推断）。"),
    "patient_check_excluded": (
        "For this patient, {drug} is not advised: {reasons}. The label text and its citation are below; medkg "
        "supports a clinician and does not replace one.",
        "对该患者不建议使用{drug}：{reasons}。说明书原文及出处见下；medkg 仅为临床医生提供参考，不能替代医生。"),
    "patient_check_demoted": (
        "For this patient, {drug} needs care: {reasons}. The statements it rests on are below; medkg supports a "
        "clinician and does not replace one.",
        "该患者使用{drug}需谨慎：{reasons}。所依据的表述见下；medkg 仅为临床医生提供参考，不能替代医生。"),
    "patient_check_caution": (
        "For this patient, read {drug}'s label first: {reasons}. medkg supports a clinician and does not replace one.",
        "该患者使用{drug}前请先阅读说明书：{reasons}。medkg 仅为临床医生提供参考，不能替代医生。"),
    "patient_check_kept": (
        "Nothing in the labels, contraindications or interactions medkg holds speaks against {drug} for this patient "
        "(absence of a record is not proof of safety; medkg supports a clinician and does not replace one).",
        "medkg 所收录的说明书、禁忌和相互作用中没有不宜该患者使用{drug}的记录（没有记录并不证明安全；medkg 仅为临床医生提供"
        "参考，不能替代医生）。"),
    "patient_check_unlabelled": (
        "medkg holds no label of {drug}, so no label was checked for this patient; nothing in the graph's "
        "contraindications and interactions, nor in the labels of its class, speaks against it. Absence of a record is "
        "not proof of safety: read the product's label (medkg supports a clinician and does not replace one).",
        "medkg 没有收录{drug}的说明书，因此未能依据其说明书核对该患者；图谱中的禁忌、相互作用及同类药物说明书均无不宜使用的记录。"
        "没有记录并不证明安全：请阅读该药品说明书（medkg 仅为临床医生提供参考，不能替代医生）。"),
    "nothing_evidenced": ("Nothing evidenced was found.", "没有找到有证据的答案。"),
    "hypotheses_instead": (
        "{message} Shown instead: link predictions of the graph-embedding model, unverified hypotheses — not facts.",
        "{message}改为显示：图嵌入模型的链接预测，未经证实的假设，并非事实。"),
    "llm_answer": (
        "Answered by an LLM-written read-only query: not evidenced, shown as hypotheses.",
        "由大语言模型编写的只读查询回答：没有证据支持，作为假设显示。"),
    "declined": (
        "medkg does not answer questions about {topic}: its graph holds treatments, indications, side effects, "
        "interactions, contraindications, label dosage texts, mechanisms, genes and findings. Ask a pharmacist or "
        "read the product's label.",
        "medkg 不回答关于{topic}的问题：图谱只包含治疗、适应症、副作用、相互作用、禁忌、说明书用法用量、作用机制、基因和症状。"
        "请咨询药师或查看药品说明书。"),
    "no_finding_linked": (
        "No finding in the question could be linked to the graph's findings.",
        "问题中的症状未能与图谱中的症状关联。"),
    "no_disease_presents": (
        "No disease in the graph presents these findings.",
        "图谱中没有疾病表现为这些症状。"),
    "diagnosis_disclaimer": (
        "medkg supports a clinician and does not replace one: this differential rests only on the "
        "disease–finding links in the graph and the evidence shown, not on an examination.",
        "medkg 仅为临床医生提供参考，不能替代医生：此鉴别诊断仅基于图谱中的疾病–症状关联及所示证据，而非体格检查。"),
    "note_disclaimer": (
        "medkg supports a clinician and does not replace one: this analysis is machine-read from the note and checked "
        "only against the graph's evidence shown; verify every item against the note.",
        "medkg 仅为临床医生提供参考，不能替代医生：本分析由机器读取病历并仅依据所示图谱证据核对，请逐项对照原文核实。"),
    "consult_leader": ("one candidate clearly leads", "一个候选诊断明显领先"),
    "consult_turn_limit": ("turn limit reached", "已达到提问上限"),
    "consult_no_question": ("no further useful question", "没有更有用的问题"),
    "consult_question": ("Do you have {finding}?", "您有{finding}吗？"),
    "consult_question_condition": ("Have you been told you have {finding}?", "您是否被诊断过{finding}？"),
}

# Entity kinds and intents as a message names them.
KIND_NAMES: dict[str, tuple[str, str]] = {
    "Disease": ("Disease", "疾病"), "Drug": ("Drug", "药物"), "Phenotype": ("Phenotype", "症状"),
    "AdverseEvent": ("AdverseEvent", "不良事件"), "DrugClass": ("DrugClass", "药物类别"), "Gene": ("Gene", "基因"),
    "entity": ("entity", "实体"),
}
INTENT_NAMES: dict[str, tuple[str, str]] = {
    "treatment": ("treatment", "治疗"), "indications": ("indications", "适应症"),
    "side_effects": ("side_effects", "副作用"), "contraindications": ("contraindications", "禁忌"),
    "interactions": ("interactions", "相互作用"), "dosage": ("dosage", "用法用量"), "mechanism": ("mechanism", "作用机制"),
    "disease_genes": ("disease_genes", "相关基因"), "similar": ("similar", "相似"), "diagnosis": ("diagnosis", "诊断"),
    "symptoms": ("symptoms", "症状"),
    "unknown": ("unknown", "未知"),
}


def _index(language: str) -> int:
    return 1 if language == "zh" else 0


def say(key: str, language: str = "en", **values: object) -> str:
    """The message ``key`` in ``language`` with ``values`` filled in (``{hint}`` is the example hint)."""
    text = CATALOGUE[key][_index(language)]
    if "{hint}" in text and "hint" not in values:
        values["hint"] = CATALOGUE["example_hint"][_index(language)]
    return text.format(**values)


def listed(names: Iterable[str], language: str = "en") -> str:
    """Names as a message lists them: "A, B" in English, "A、B" in Chinese."""
    return ("、" if language == "zh" else ", ").join(names)


def kinds(labels: Iterable[str], language: str = "en") -> str:
    """Entity kinds as a message names them: "Disease/Drug", "疾病/药物"."""
    names = [KIND_NAMES.get(label, (label, label))[_index(language)] for label in labels]
    return "/".join(names) or KIND_NAMES["entity"][_index(language)]


def intent_name(intent: str, language: str = "en") -> str:
    return INTENT_NAMES.get(intent, (intent, intent))[_index(language)]
