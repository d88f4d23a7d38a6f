"""Chinese problem and drug mentions found by their form (clinical.notes.chinese) and linked through a real
Chinese index (vocabulary.chinese.ChineseIndex) in the note lexicon; pure units, no graph."""

from __future__ import annotations

from clinical.notes.chinese import drug_spans, known_pairs, link_span, problem_spans
from clinical.notes.evaluation import load_cehrner, score_recognition
from clinical.notes.lexicon import NoteLexicon, Term
from graph.models import NodeLabel
from vocabulary.chinese import ChineseIndex, ChineseName
from vocabulary.tagger import TermTagger


def _found(spans, text: str) -> list[str]:  # noqa: ANN001
    return [text[start:end] for start, end in spans]


def test_diagnoses_are_found_by_their_head_and_stop_at_cue_words() -> None:
    text = ("初步诊断：1.直肠中分化腺癌 2.慢性阻塞性肺疾病急性加重期。患者因胃癌于我院行胃癌根治术，术后病理示印戒细胞癌。"
            "查癌胚抗原升高。ii型呼吸衰竭。发病以来，予对症、抗感染治疗。")
    assert _found(problem_spans(text), text) == ["直肠中分化腺癌", "慢性阻塞性肺疾病", "胃癌", "印戒细胞癌", "ii型呼吸衰竭"]
    # not: 胃癌根治术 (a procedure), 癌胚抗原 (a lab test), 发病 (onset), 对症 / 抗感染 (treatment words)


def test_a_one_character_cue_inside_a_known_word_does_not_cut_it() -> None:
    text = "诊断前列腺癌，考虑流行性腮腺炎，既往神经母细胞瘤，无胃癌。"
    words = known_pairs(["前列腺癌", "流行性感冒", "神经炎"])
    assert _found(problem_spans(text, words), text) == ["前列腺癌", "流行性腮腺炎", "神经母细胞瘤", "胃癌"]
    assert _found(problem_spans(text), text)[:3] == ["列腺癌", "性腮腺炎", "母细胞瘤"]  # what the words prevent


def test_a_finding_head_needs_the_organ_in_front_of_it() -> None:
    text = "腹腔淋巴结多枚肿大，盆腔积液。"
    assert _found(problem_spans(text), text) == ["盆腔积液"]


def test_drugs_are_found_by_their_inn_stem_form_or_a_dose_after_them() -> None:
    text = "予奥沙利铂 130mg 静脉滴注，口服希罗达1.5g bid，卡培他滨片；2017-05-12开始瑞戈非尼治疗。尿量1500ml，体重60kg。"
    assert _found(drug_spans(text), text) == ["奥沙利铂", "希罗达", "卡培他滨片", "瑞戈非尼"]


def test_a_span_links_through_its_shortest_part_that_names_the_node() -> None:
    known = {"直肠癌": ("DOID:1993", "zh-variant"), "胃腺癌": ("DOID:3717", "zh-exact")}

    def link(part: str, is_drug: bool) -> tuple[str, str] | None:
        return known.get(part) or (("DOID:3717", "zh-fuzzy") if part.startswith("胃") and part.endswith("腺癌")
                                   else None)

    assert link_span("家属认同直肠癌", False, link) == ("DOID:1993", "zh-variant", 4)
    assert link_span("胃体溃疡型腺癌", False, link) == ("DOID:3717", "zh-fuzzy", 0)  # 胃 stays: it names the organ
    assert link_span("中分化腺癌", False, link) is None


def _lexicon() -> NoteLexicon:
    terms = {
        "DOID:1993": Term("DOID:1993", NodeLabel.DISEASE.value, "rectum cancer", "直肠恶性肿瘤", "name"),
        "MESH:D013163": Term("MESH:D013163", NodeLabel.DISEASE.value, "Splenomegaly", "脾肿大", "name"),
        "MESH:D005472": Term("MESH:D005472", NodeLabel.DRUG.value, "Fluorouracil", "氟尿嘧啶", "name"),
        "MESH:D005492": Term("MESH:D005492", NodeLabel.DRUG.value, "Folic Acid", "叶酸", "name"),
        "MESH:D015242": Term("MESH:D015242", NodeLabel.DRUG.value, "Ofloxacin", "氧氟沙星", "name"),
        "MESH:D001241": Term("MESH:D001241", NodeLabel.DRUG.value, "Aspirin", "阿司匹林", "name"),
    }
    names = [ChineseName("直肠恶性肿瘤", "DOID:1993", "who-icd10-zh", True),
             ChineseName("脾肿大", "MESH:D013163", "hpo-zh", True),
             ChineseName("氟尿嘧啶", "MESH:D005472", "who-eml-zh", True),
             ChineseName("叶酸", "MESH:D005492", "who-eml-zh", True),
             ChineseName("氧氟沙星", "MESH:D015242", "who-eml-zh", True),
             ChineseName("阿司匹林", "MESH:D001241", "who-eml-zh", True)]
    labels = {"DOID:1993": NodeLabel.DISEASE, "MESH:D013163": NodeLabel.DISEASE, "MESH:D005472": NodeLabel.DRUG,
              "MESH:D005492": NodeLabel.DRUG, "MESH:D015242": NodeLabel.DRUG, "MESH:D001241": NodeLabel.DRUG}
    pairs = [(term.name_zh, term) for term in terms.values()]
    return NoteLexicon(TermTagger.build(pairs), len(terms), terms, ChineseIndex(names, labels))


def test_the_lexicon_links_forms_through_the_chinese_index_and_keeps_the_rest_unlinked() -> None:
    text = "诊断：直肠癌术后，肝多发转移瘤。予氟尿嘧啶、亚叶酸钙0.2g化疗，左氧氟沙星，长期服阿司匹林片。查体：肿大。"
    found = {text[start:end]: term for start, end, term in _lexicon().tag(text)}
    assert found["直肠癌"].id == "DOID:1993" and found["直肠癌"].method == "zh-variant"  # 癌 ⇔ 恶性肿瘤
    assert not found["肝多发转移瘤"].linked and found["肝多发转移瘤"].label == NodeLabel.DISEASE.value
    assert found["氟尿嘧啶"].id == "MESH:D005472" and found["氟尿嘧啶"].method == "name"
    assert not found["亚叶酸钙"].linked  # leucovorin is not folic acid: drugs link only by their name as written
    assert not found["左氧氟沙星"].linked  # levofloxacin is not ofloxacin
    assert found["阿司匹林"].id == "MESH:D001241"  # a word in front that is no part of the name changes nothing
    assert "肿大" not in found  # never the more specific 脾肿大 for a bare "enlarged"


def test_cehrner_records_score_recognition_by_overlap(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "dev.json"
    path.write_text('{"text": "患者胃癌叒无腹胀，予奥沙利铂。", "mention_data": ['
                    '{"mention": "胃癌", "label": "疾病和诊断", "offset": "2"}, '
                    '{"mention": "腹胀", "label": "症状", "offset": "6"}, '
                    '{"mention": "奥沙利铂", "label": "药物", "offset": "10"}]}\n', encoding="utf-8")
    [note] = load_cehrner(path, "dev")
    assert note.text[4] == "\n" and [g["text"] for g in note.problems] == ["胃癌", "腹胀"]

    class Item:
        def __init__(self, start: int, end: int, link: object = None) -> None:
            self.span = type("S", (), {"start": start, "end": end})()
            self.link = link

    class Analysis:
        problems = (Item(2, 4, "linked"), Item(12, 13))
        medications = ()

    scores = score_recognition([note], [Analysis()])
    assert (scores.problems.tp, scores.problems.fp, scores.problems.fn) == (1, 1, 1)
    assert (scores.medications.tp, scores.medications.fn) == (0, 1)
    assert scores.by_class["疾病和诊断"].right == 1 and scores.by_class["症状"].right == 0
