"""Small hand-written lexicons: everyday English names and abbreviations, and a Chinese–English bridge.

The Chinese part covers intent cue words and the names of common diseases and drugs (the ones a clinician asks
about most, and the ones in PharmacotherapyDB). It maps them to the English names the graph's full-text index and
the linker know; everything else in a Chinese question stays unknown. ``docs/query.md`` says how far this goes.
"""

from __future__ import annotations

import re

from query.models import Intent

# Everyday English, abbreviations and brand names → a name the graph knows. Keys are lower case.
ENGLISH_ALIASES: dict[str, str] = {
    "htn": "hypertension", "high blood pressure": "hypertension", "hbp": "hypertension",
    "t2dm": "type 2 diabetes mellitus", "t2d": "type 2 diabetes mellitus", "dm2": "type 2 diabetes mellitus",
    "type 2 diabetes": "type 2 diabetes mellitus", "type ii diabetes": "type 2 diabetes mellitus",
    "t1dm": "type 1 diabetes mellitus", "t1d": "type 1 diabetes mellitus", "dm1": "type 1 diabetes mellitus",
    "type 1 diabetes": "type 1 diabetes mellitus", "diabetes": "diabetes mellitus", "sugar": "diabetes mellitus",
    "heart attack": "myocardial infarction", "mi": "myocardial infarction", "ami": "myocardial infarction",
    "chf": "heart failure", "hf": "heart failure", "afib": "atrial fibrillation", "a-fib": "atrial fibrillation",
    "cad": "coronary artery disease", "chd": "coronary artery disease", "copd": "chronic obstructive pulmonary disease",
    "ra": "rheumatoid arthritis", "oa": "osteoarthritis", "ms": "multiple sclerosis", "als": "amyotrophic lateral sclerosis",
    "sle": "systemic lupus erythematosus", "lupus": "systemic lupus erythematosus", "ibd": "inflammatory bowel disease",
    "uc": "ulcerative colitis", "gerd": "gastroesophageal reflux disease", "acid reflux": "gastroesophageal reflux disease",
    "adhd": "attention deficit hyperactivity disorder", "aids": "acquired immunodeficiency syndrome",
    "hiv": "HIV infection", "ckd": "chronic kidney failure", "pcos": "polycystic ovary syndrome",
    "high cholesterol": "hypercholesterolemia", "stroke": "stroke", "depression": "major depressive disorder",
    "alzheimer": "Alzheimer's disease", "alzheimers": "Alzheimer's disease", "parkinson": "Parkinson's disease",
    "parkinsons": "Parkinson's disease", "crohn": "Crohn's disease", "crohns": "Crohn's disease",
    "underactive thyroid": "hypothyroidism", "overactive thyroid": "hyperthyroidism", "epilepsy": "epilepsy syndrome",
    "seizures": "epilepsy syndrome", "tb": "tuberculosis", "uti": "urinary tract infection",
    # drugs
    "asa": "aspirin", "tylenol": "acetaminophen", "paracetamol": "acetaminophen", "apap": "acetaminophen",
    "advil": "ibuprofen", "motrin": "ibuprofen", "lipitor": "atorvastatin", "zocor": "simvastatin",
    "crestor": "rosuvastatin", "glucophage": "metformin", "norvasc": "amlodipine", "coumadin": "warfarin",
    "plavix": "clopidogrel", "viagra": "sildenafil", "humira": "adalimumab", "zoloft": "sertraline",
    "prozac": "fluoxetine", "synthroid": "levothyroxine", "lasix": "furosemide", "hctz": "hydrochlorothiazide",
    "prilosec": "omeprazole", "nexium": "esomeprazole", "ventolin": "albuterol", "salbutamol": "albuterol",
}

# Chinese cue words → intent. Longer cues are tried first.
CHINESE_INTENT_CUES: dict[str, Intent] = {
    "最佳治疗": Intent.TREATMENT, "首选药": Intent.TREATMENT, "一线治疗": Intent.TREATMENT, "治疗方法": Intent.TREATMENT,
    "用什么药": Intent.TREATMENT, "吃什么药": Intent.TREATMENT, "怎么治": Intent.TREATMENT, "如何治疗": Intent.TREATMENT,
    "治疗药物": Intent.TREATMENT, "什么药": Intent.TREATMENT, "治疗": Intent.TREATMENT, "药物": Intent.TREATMENT,
    "副作用": Intent.SIDE_EFFECTS, "不良反应": Intent.SIDE_EFFECTS, "副反应": Intent.SIDE_EFFECTS,
    "禁忌症": Intent.CONTRAINDICATIONS, "禁忌": Intent.CONTRAINDICATIONS, "不能用于": Intent.CONTRAINDICATIONS,
    "相互作用": Intent.INTERACTIONS, "一起吃": Intent.INTERACTIONS, "同服": Intent.INTERACTIONS, "合用": Intent.INTERACTIONS,
    "用法用量": Intent.DOSAGE, "剂量": Intent.DOSAGE, "用量": Intent.DOSAGE, "怎么吃": Intent.DOSAGE,
    "适应症": Intent.INDICATIONS, "治什么": Intent.INDICATIONS, "用于治疗什么": Intent.INDICATIONS,
    "作用机制": Intent.MECHANISM, "靶点": Intent.MECHANISM, "机制": Intent.MECHANISM,
    "相关基因": Intent.DISEASE_GENES, "基因": Intent.DISEASE_GENES,
    "相似": Intent.SIMILAR, "类似": Intent.SIMILAR,
}

# Chinese names of common diseases and drugs → English names in the graph.
CHINESE_NAMES: dict[str, str] = {
    # diseases
    "高血压": "hypertension", "2型糖尿病": "type 2 diabetes mellitus", "二型糖尿病": "type 2 diabetes mellitus",
    "1型糖尿病": "type 1 diabetes mellitus", "一型糖尿病": "type 1 diabetes mellitus", "糖尿病": "diabetes mellitus",
    "哮喘": "asthma", "心肌梗死": "myocardial infarction", "心梗": "myocardial infarction",
    "心脏病发作": "myocardial infarction", "冠心病": "coronary artery disease", "心力衰竭": "heart failure",
    "心衰": "heart failure", "房颤": "atrial fibrillation", "心房颤动": "atrial fibrillation", "中风": "stroke",
    "脑卒中": "stroke", "阿尔茨海默病": "Alzheimer's disease", "老年痴呆": "Alzheimer's disease",
    "帕金森病": "Parkinson's disease", "帕金森": "Parkinson's disease", "抑郁症": "major depressive disorder",
    "精神分裂症": "schizophrenia", "双相情感障碍": "bipolar disorder", "癫痫": "epilepsy syndrome", "偏头痛": "migraine",
    "痛风": "gout", "骨质疏松": "osteoporosis", "类风湿关节炎": "rheumatoid arthritis", "骨关节炎": "osteoarthritis",
    "银屑病": "psoriasis", "牛皮癣": "psoriasis", "肺癌": "lung cancer", "乳腺癌": "breast cancer",
    "前列腺癌": "prostate cancer", "胃癌": "stomach cancer", "肝癌": "liver cancer", "结肠癌": "colon cancer",
    "胰腺癌": "pancreatic cancer", "卵巢癌": "ovarian cancer", "黑色素瘤": "melanoma", "慢阻肺": "chronic obstructive pulmonary disease",
    "慢性阻塞性肺病": "chronic obstructive pulmonary disease", "肥胖": "obesity", "甲减": "hypothyroidism",
    "甲状腺功能减退": "hypothyroidism", "高胆固醇血症": "hypercholesterolemia", "高血脂": "hyperlipidemia",
    "贫血": "anemia", "疟疾": "malaria", "艾滋病": "acquired immunodeficiency syndrome", "乙肝": "hepatitis B",
    "多发性硬化": "multiple sclerosis", "溃疡性结肠炎": "ulcerative colitis", "克罗恩病": "Crohn's disease",
    "青光眼": "glaucoma", "过敏性鼻炎": "allergic rhinitis", "动脉粥样硬化": "atherosclerosis", "胰腺炎": "pancreatitis",
    "肾结石": "nephrolithiasis", "慢性肾衰竭": "chronic kidney failure", "系统性红斑狼疮": "systemic lupus erythematosus",
    # drugs
    "阿托伐他汀": "atorvastatin", "辛伐他汀": "simvastatin", "瑞舒伐他汀": "rosuvastatin", "普伐他汀": "pravastatin",
    "二甲双胍": "metformin", "阿司匹林": "aspirin", "氨氯地平": "amlodipine", "硝苯地平": "nifedipine",
    "赖诺普利": "lisinopril", "依那普利": "enalapril", "卡托普利": "captopril", "氯沙坦": "losartan", "缬沙坦": "valsartan",
    "美托洛尔": "metoprolol", "阿替洛尔": "atenolol", "普萘洛尔": "propranolol", "氢氯噻嗪": "hydrochlorothiazide",
    "呋塞米": "furosemide", "螺内酯": "spironolactone", "华法林": "warfarin", "氯吡格雷": "clopidogrel",
    "地高辛": "digoxin", "硝酸甘油": "nitroglycerin", "布洛芬": "ibuprofen", "对乙酰氨基酚": "acetaminophen",
    "扑热息痛": "acetaminophen", "胰岛素": "insulin", "格列本脲": "glyburide", "格列吡嗪": "glipizide",
    "西格列汀": "sitagliptin", "利拉鲁肽": "liraglutide", "达格列净": "dapagliflozin", "恩格列净": "empagliflozin",
    "西地那非": "sildenafil", "阿莫西林": "amoxicillin", "奥美拉唑": "omeprazole", "泼尼松": "prednisone",
    "甲氨蝶呤": "methotrexate", "阿达木单抗": "adalimumab", "左旋多巴": "levodopa", "多奈哌齐": "donepezil",
    "舍曲林": "sertraline", "氟西汀": "fluoxetine", "利培酮": "risperidone", "奥氮平": "olanzapine",
    "卡马西平": "carbamazepine", "丙戊酸": "valproic acid", "左甲状腺素": "levothyroxine", "别嘌醇": "allopurinol",
    "秋水仙碱": "colchicine", "沙丁胺醇": "albuterol", "孟鲁司特": "montelukast", "他莫昔芬": "tamoxifen",
    "顺铂": "cisplatin", "紫杉醇": "paclitaxel", "吗啡": "morphine", "曲马多": "tramadol", "地西泮": "diazepam",
}

_CJK = re.compile(r"[\u3400-\u9fff]")


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def expand_alias(mention: str) -> str:
    """The graph's name for an everyday name or abbreviation; the mention itself when none is known."""
    key = re.sub(r"\s+", " ", mention.strip().lower().replace("’", "'"))
    return ENGLISH_ALIASES.get(key, mention.strip())


def chinese_intent(text: str) -> Intent | None:
    """The intent of the longest Chinese cue word in ``text`` (most specific wins), if any."""
    found = [cue for cue in CHINESE_INTENT_CUES if cue in text]
    if not found:
        return None
    specific = [cue for cue in found if CHINESE_INTENT_CUES[cue] is not Intent.TREATMENT]
    return CHINESE_INTENT_CUES[max(specific or found, key=len)]


def chinese_names(text: str) -> list[tuple[str, str]]:
    """(Chinese name, English name) for every known name in ``text``, longest match first, in reading order."""
    found: list[tuple[int, str, str]] = []
    taken = [False] * len(text)
    for name in sorted(CHINESE_NAMES, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            span = range(start, start + len(name))
            if not any(taken[i] for i in span):
                for i in span:
                    taken[i] = True
                found.append((start, name, CHINESE_NAMES[name]))
            start = text.find(name, start + 1)
    return [(zh, en) for _, zh, en in sorted(found)]
