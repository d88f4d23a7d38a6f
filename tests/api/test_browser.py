"""The clinician's page in real headless Chromium (Debian's ``chromium`` + ``chromedriver``, driven by Selenium).

A live uvicorn server on a free port serves the real app over the small test graph. The test types a question,
picks a name from the autocomplete with the keyboard, submits, sees ranked answers with badges and evidence,
expands the evidence, checks the links, the Cypher and the drawing, asks for a dose (verbatim label text with its
citation), asks what could cause a list of findings (the explained differential with its evidence), runs a
consultation in the Consult mode (a question answered with the Yes button, then the next turn), and saves screenshots (``artifacts/``; also ``$MEDKG_SCREENSHOT_DIR`` when set, e.g. ``docs/img``).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.graph_data import FEVER, LISINOPRIL, MENINGITIS, METFORMIN_DOSAGE, STIFF_NECK

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--metrics-recording-only", "--hide-scrollbars",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator["object"]:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.fail("headless Chromium is missing: apt-get install -y chromium chromium-driver (.ci/run does)")
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never try to download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_window_size(1280, 1000)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _save_screenshot(browser, name: str) -> Path:  # noqa: ANN001 - a selenium WebDriver
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    width = browser.get_window_size()["width"]
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(max(height + 40, 800), 2400))
    browser.save_screenshot(str(path))
    if target := os.environ.get("MEDKG_SCREENSHOT_DIR"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / name)
    return path


def _severe_console_messages(browser) -> list[str]:  # noqa: ANN001
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_ask_pick_from_autocomplete_and_read_the_evidence(browser, live_url: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.get(live_url + "/")
    assert "medkg" in browser.title
    box = browser.find_element(By.ID, "question")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=question]").text == "Your question"

    box.send_keys("best treatment for hyperten")
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#suggestions [role=option]")))
    options = browser.find_elements(By.CSS_SELECTOR, "#suggestions [role=option]")
    assert any("Hypertension" in option.text for option in options)
    assert box.get_attribute("aria-expanded") == "true"
    index = next(i for i, option in enumerate(options) if "Hypertension" in option.text)
    for _ in range(index + 1):
        box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == f"suggestion-{index}"
    box.send_keys(Keys.ENTER)
    assert box.get_attribute("value") == "best treatment for Hypertension"
    assert box.get_attribute("aria-expanded") == "false"

    box.send_keys(Keys.ENTER)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "ol.answers li.answer")))
    results = browser.find_element(By.ID, "results")
    assert results.get_attribute("aria-live") == "polite"
    cards = browser.find_elements(By.CSS_SELECTOR, "ol.answers li.answer")
    ids = [card.get_attribute("data-id") for card in cards]
    assert LISINOPRIL in ids
    scores = [float(card.find_element(By.CSS_SELECTOR, ".score-value").text) for card in cards]
    assert scores == sorted(scores, reverse=True)
    lisinopril = cards[ids.index(LISINOPRIL)]
    badges = {badge.text for badge in lisinopril.find_elements(By.CSS_SELECTOR, ".badge")}
    assert {"curated", "literature"} <= badges

    details = lisinopril.find_element(By.CSS_SELECTOR, "details.evidence")
    assert details.get_attribute("open") is None
    details.find_element(By.TAG_NAME, "summary").click()
    assert details.get_attribute("open") is not None
    sentences = details.find_elements(By.CSS_SELECTOR, ".evidence-item q")
    assert all(sentence.is_displayed() for sentence in sentences)
    assert any("Lisinopril lowered systolic blood pressure" in sentence.text for sentence in sentences)
    links = [a.get_attribute("href") for a in details.find_elements(By.CSS_SELECTOR, "a")]
    assert "https://pubmed.ncbi.nlm.nih.gov/23817082/" in links

    drawing = browser.find_element(By.CSS_SELECTOR, "svg.subgraph")
    assert len(drawing.find_elements(By.CSS_SELECTOR, ".node-answer")) == len(cards)
    assert drawing.find_elements(By.CSS_SELECTOR, ".node-asked")
    assert drawing.find_elements(By.CSS_SELECTOR, ".node-source")
    cypher = browser.find_element(By.CSS_SELECTOR, "details.cypher")
    cypher.find_element(By.TAG_NAME, "summary").click()
    assert any("MATCH" in pre.text for pre in cypher.find_elements(By.TAG_NAME, "pre"))

    assert _severe_console_messages(browser) == []
    assert _save_screenshot(browser, "query-page.png").stat().st_size > 10_000


def test_dosage_answer_quotes_the_label_with_its_citation(browser, live_url: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(1280, 1000)
    browser.get(live_url + "/")
    box = browser.find_element(By.ID, "question")
    box.send_keys("dose of metformin", Keys.ESCAPE, Keys.ENTER)
    quote = WebDriverWait(browser, 20).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "li.answer .verbatim blockquote")))
    assert quote.text == METFORMIN_DOSAGE
    time.sleep(0.5)  # a suggestion request still in flight must not reopen the list over the answers
    assert not browser.find_element(By.ID, "suggestions").is_displayed()
    citation = browser.find_element(By.CSS_SELECTOR, "li.answer .verbatim figcaption a")
    assert citation.get_attribute("href").startswith("https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=")
    assert _severe_console_messages(browser) == []
    _save_screenshot(browser, "query-page-dosage.png")


def test_page_fits_a_tablet_without_sideways_scrolling(browser, live_url: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(820, 1180)
    browser.get(live_url + "/")
    browser.find_element(By.CSS_SELECTOR, "button.example").click()
    WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "li.answer")))
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    _save_screenshot(browser, "query-page-tablet.png")


def test_finding_list_gets_an_explained_differential_with_evidence(browser, live_url: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(1280, 1000)
    browser.get(live_url + "/")
    box = browser.find_element(By.ID, "question")
    box.send_keys("what could cause headache, fever and stiff neck", Keys.ESCAPE, Keys.ENTER)
    WebDriverWait(browser, 20).until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".differential li.candidate")))
    assert "diagnosis" in browser.find_element(By.CSS_SELECTOR, ".summary .chip").text
    assert "does not replace" in browser.find_element(By.CSS_SELECTOR, ".differential .disclaimer").text
    stated = browser.find_elements(By.CSS_SELECTOR, ".differential .finding-present")
    assert {finding.get_attribute("data-id") for finding in stated} >= {FEVER, STIFF_NECK}
    candidates = browser.find_elements(By.CSS_SELECTOR, "li.candidate")
    top = candidates[0]
    assert top.get_attribute("data-id") == MENINGITIS
    assert top.find_element(By.TAG_NAME, "h3").text == "Meningitis"
    shares = [int(c.find_element(By.CSS_SELECTOR, ".share").text.rstrip("%")) for c in candidates]
    assert shares == sorted(shares, reverse=True) and shares[0] > 50
    assert top.find_element(By.CSS_SELECTOR, ".explanation").text.startswith("For: ")
    assert "Sex not given" in browser.find_element(By.CSS_SELECTOR, ".differential .patient-sex").text
    reasons = top.find_element(By.CSS_SELECTOR, "details.reasons")
    assert reasons.get_attribute("open") is not None  # the leading candidate's reasons are shown at once
    stiff_neck = reasons.find_element(By.CSS_SELECTOR, f".supporting [data-finding='{STIFF_NECK}']")
    quote = stiff_neck.find_element(By.CSS_SELECTOR, ".evidence-item q")
    assert quote.is_displayed() and "stiff neck" in quote.text
    assert stiff_neck.find_element(By.CSS_SELECTOR, ".cite .source").text == "medquad-symptoms"
    link = stiff_neck.find_element(By.CSS_SELECTOR, ".cite a")
    assert link.get_attribute("href") == "https://medlineplus.gov/meningitis.html"
    assert link.text == "medquad-symptoms@577bd37"
    flu = candidates[[c.get_attribute("data-id") for c in candidates].index("MESH:D007251")]
    assert flu.find_elements(By.CSS_SELECTOR, f".against [data-finding='{STIFF_NECK}']")  # flu: no stiff neck
    assert _severe_console_messages(browser) == []
    _save_screenshot(browser, "query-page-differential.png")


def test_a_chinese_finding_list_gets_a_chinese_differential(browser, live_url: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(live_url + "/")
    box = browser.find_element(By.ID, "question")
    box.clear()
    box.send_keys("头痛、发热、颈部僵硬可能是什么病？", Keys.ESCAPE, Keys.ENTER)
    WebDriverWait(browser, 20).until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".differential li.candidate")))
    top = browser.find_elements(By.CSS_SELECTOR, "li.candidate")[0]
    assert top.get_attribute("data-id") == MENINGITIS
    assert "脑膜炎" in top.find_element(By.TAG_NAME, "h3").text
    assert "替代" in browser.find_element(By.CSS_SELECTOR, ".differential .disclaimer").text
    stated = browser.find_elements(By.CSS_SELECTOR, ".differential .finding-present")
    assert {finding.get_attribute("data-id") for finding in stated} >= {FEVER, STIFF_NECK}
    assert _severe_console_messages(browser) == []
    _save_screenshot(browser, "query-page-differential-zh.png")


def test_consultation_asks_a_question_and_answers_move_it_on(browser, live_url: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.set_window_size(1280, 1000)
    browser.get(live_url + "/")
    assert not browser.find_element(By.ID, "panel-consult").is_displayed()
    browser.find_element(By.ID, "tab-consult").click()
    assert browser.find_element(By.ID, "tab-consult").get_attribute("aria-selected") == "true"
    assert not browser.find_element(By.ID, "panel-ask").is_displayed()
    box = browser.find_element(By.ID, "complaint")
    assert browser.switch_to.active_element == box
    # the patient panel's sex goes with the consultation (the panel belongs to the Ask mode)
    browser.execute_script("document.getElementById('patient-sex').value = 'female';")
    box.send_keys("fever")
    browser.find_element(By.ID, "consult-start").click()
    first = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#consultation .turn[data-turn='0']")))
    assert first.find_element(By.CSS_SELECTOR, ".patient-sex").text.startswith("Patient: female")
    question = first.find_element(By.CSS_SELECTOR, ".question")
    asked = question.get_attribute("data-finding")
    assert question.find_element(By.CSS_SELECTOR, ".question-text").text.startswith("Do you have ")
    labels = [b.text for b in question.find_elements(By.CSS_SELECTOR, ".answer-button")]
    assert labels == ["Yes", "No", "Don't know"]
    assert len(first.find_elements(By.CSS_SELECTOR, "li.candidate")) == 2
    assert first.find_element(By.CSS_SELECTOR, ".finding-present").get_attribute("data-id") == FEVER

    question.find_element(By.CSS_SELECTOR, "[data-answer=yes]").click()
    second = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#consultation .turn[data-turn='1']")))
    stated = {f.get_attribute("data-id") for f in second.find_elements(By.CSS_SELECTOR, ".finding-present")}
    assert stated == {FEVER, asked}
    follow_up = second.find_elements(By.CSS_SELECTOR, ".question")
    if second.get_attribute("data-finished") == "true":
        assert "Summary" in second.find_element(By.CSS_SELECTOR, ".consult-summary").text and not follow_up
    else:
        assert follow_up[0].get_attribute("data-finding") != asked
    if asked == STIFF_NECK:
        assert "meningitis" in second.find_element(By.CSS_SELECTOR, ".red-flags").text
    assert _severe_console_messages(browser) == []
    _save_screenshot(browser, "consult-page.png")


NOTE = ("HISTORY OF PRESENT ILLNESS: A 58-year-old man with high blood pressure and type 2 diabetes, here with a "
        "headache for two days. He denies fever or stiff neck.\nMEDICATIONS: Lisinopril 20 mg p.o. daily.\n"
        "ALLERGIES: NKDA.\n")


def test_a_pasted_note_is_summarised_highlighted_and_checked(browser, live_url: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)
    browser.set_window_size(1280, 1000)
    browser.get(live_url + "/")
    browser.find_element(By.ID, "tab-note").click()
    assert browser.find_element(By.ID, "tab-note").get_attribute("aria-selected") == "true"
    box = browser.find_element(By.ID, "note-text")
    assert browser.switch_to.active_element == box
    box.send_keys(NOTE)
    browser.find_element(By.ID, "note-analyze").click()
    analysis = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#note-result .note-analysis")))
    summary = analysis.find_element(By.CSS_SELECTOR, ".note-summary").text
    assert "Hypertension" in summary and "Lisinopril 20 mg oral daily" in summary
    negated = [m.text for m in analysis.find_elements(By.CSS_SELECTOR, "mark.mark-negated")]
    assert negated == ["fever", "stiff neck"]
    medication = analysis.find_element(By.CSS_SELECTOR, "mark.mark-med-current")
    assert medication.text == "Lisinopril" and LISINOPRIL in medication.get_attribute("title")
    line = next(b for b in analysis.find_elements(By.CSS_SELECTOR, ".summary-line") if b.text == "Hypertension")
    line.click()
    focused = analysis.find_elements(By.CSS_SELECTOR, "mark.is-focused")
    assert [m.text for m in focused] == ["high blood pressure"]
    suggestion = analysis.find_element(By.CSS_SELECTOR, ".alert-untreated_problem")
    assert "Diabetes" in suggestion.text and "Metformin" in suggestion.text
    assert suggestion.find_elements(By.CSS_SELECTOR, ".suggestions .evidence-item")  # each suggestion's evidence
    assert "does not replace" in analysis.find_element(By.CSS_SELECTOR, ".disclaimer").text
    assert _severe_console_messages(browser) == []
    _save_screenshot(browser, "note-page.png")
    browser.find_element(By.ID, "note-use-patient").click()  # the note's patient, for a question in the Ask tab
    assert browser.find_element(By.ID, "tab-ask").get_attribute("aria-selected") == "true"
    assert browser.find_element(By.ID, "patient-age").get_attribute("value") == "58"
    assert browser.find_element(By.ID, "patient-medications").get_attribute("value") == "Lisinopril"
    assert "Hypertension" in browser.find_element(By.ID, "patient-conditions").get_attribute("value")


def test_a_note_opened_from_a_txt_file_is_analysed(browser, live_url: str, tmp_path) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)
    browser.get(live_url + "/")
    browser.find_element(By.ID, "tab-note").click()
    browser.find_element(By.ID, "note-analyze").click()  # nothing pasted yet: said, not sent
    assert "Paste a note first" in wait.until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "#note-result .error"))).text
    path = tmp_path / "clinic-letter.txt"
    path.write_text(NOTE, encoding="utf-8")
    browser.find_element(By.ID, "note-file").send_keys(str(path))
    wait.until(lambda b: b.find_element(By.ID, "note-text").get_attribute("value") == NOTE)
    browser.find_element(By.ID, "note-analyze").click()
    analysis = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#note-result .note-analysis")))
    assert "Lisinopril 20 mg oral daily" in analysis.find_element(By.CSS_SELECTOR, ".note-summary").text
    assert _severe_console_messages(browser) == []


def test_patient_panel_sends_the_patient_and_shows_the_exclusion_with_its_reason(browser, live_url: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.set_window_size(1280, 1000)
    browser.get(live_url + "/")
    panel = browser.find_element(By.ID, "patient-panel")
    assert panel.get_attribute("open") is None  # collapsed until opened
    panel.find_element(By.TAG_NAME, "summary").click()
    browser.find_element(By.ID, "patient-pregnant").click()
    browser.find_element(By.ID, "patient-age").send_keys("31")
    assert "pregnant" in browser.find_element(By.ID, "patient-summary").text
    browser.find_element(By.ID, "question").send_keys("best treatment for hypertension", Keys.ESCAPE, Keys.ENTER)
    review = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "section.patient-review")))
    assert "pregnant" in review.text
    excluded = review.find_element(By.CSS_SELECTOR, f".excluded-list li[data-id='{LISINOPRIL}']")
    assert "Lisinopril" in excluded.text and "Boxed Warning on pregnancy" in excluded.text
    assert "FETAL TOXICITY" in excluded.find_element(By.CSS_SELECTOR, ".flag-evidence").text
    ids = [card.get_attribute("data-id") for card in browser.find_elements(By.CSS_SELECTOR, "ol.answers li.answer")]
    assert ids and LISINOPRIL not in ids

    browser.find_element(By.ID, "patient-clear").click()  # without the patient, lisinopril is back
    box = browser.find_element(By.ID, "question")
    box.clear()
    box.send_keys("best treatment for hypertension", Keys.ESCAPE, Keys.ENTER)
    wait.until(ec.invisibility_of_element_located((By.CSS_SELECTOR, "section.patient-review")))
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, f"ol.answers li.answer[data-id='{LISINOPRIL}']")))
    assert _severe_console_messages(browser) == []
    _save_screenshot(browser, "query-page-patient.png")


def test_a_dosage_question_with_a_patient_shows_the_computed_dose_beside_the_label_sentence(browser, live_url: str) -> None:  # noqa: ANN001,E501
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.set_window_size(1280, 1000)
    browser.get(live_url + "/")
    browser.find_element(By.ID, "patient-panel").find_element(By.TAG_NAME, "summary").click()
    browser.find_element(By.ID, "patient-age").send_keys("54")
    browser.find_element(By.ID, "patient-egfr").send_keys("80")
    browser.find_element(By.ID, "question").send_keys("dose of metformin", Keys.ESCAPE, Keys.ENTER)
    dosing = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "section.dosing")))
    doses = dosing.find_elements(By.CSS_SELECTOR, "li.dose-computed")
    assert [d.find_element(By.CSS_SELECTOR, ".dose-summary").text for d in doses] == [
        "500 mg per dose twice a day = 1000 mg/day; max 2550 mg/day; oral",
        "850 mg per dose once a day; max 2550 mg/day; oral"]
    # "The recommended starting dose …": said as a starting dose
    assert [d.find_element(By.CSS_SELECTOR, ".dose-status").text for d in doses] == ["starting dose:"] * 2
    sentence = doses[0].find_element(By.CSS_SELECTOR, "blockquote.dose-sentence").text
    assert sentence in METFORMIN_DOSAGE and "500 mg orally twice a day" in sentence
    assert "version 12" in doses[0].text and "effective 2023-05-10" in doses[0].text
    assert _severe_console_messages(browser) == []
    _save_screenshot(browser, "query-page-dosing.png")
    browser.find_element(By.ID, "patient-clear").click()
    # a serum creatinine instead of a renal figure: the CrCl the doses rest on, estimated, with its arithmetic
    for field, value in (("patient-age", "54"), ("patient-weight", "70"), ("patient-creatinine", "1.1")):
        browser.find_element(By.ID, field).send_keys(value)
    Select(browser.find_element(By.ID, "patient-sex")).select_by_value("male")
    assert "creatinine 1.1 mg/dL" in browser.find_element(By.ID, "patient-summary").text
    box = browser.find_element(By.ID, "question")
    box.clear()
    box.send_keys("dose of metformin", Keys.ESCAPE, Keys.ENTER)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "section.dosing li.dose-computed .dose-cautions")))
    cautions = browser.find_element(By.CSS_SELECTOR, "section.dosing li.dose-computed .dose-cautions").text
    assert "CrCl ≈ 76 mL/min, estimated by Cockcroft–Gault from serum creatinine 1.1 mg/dL" in cautions
    browser.find_element(By.ID, "patient-clear").click()


def test_a_chinese_question_turns_the_page_chinese_with_chinese_names(browser, live_url: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.set_window_size(1280, 1000)
    browser.get(live_url + "/")
    assert browser.find_element(By.ID, "submit").text == "Ask"
    box = browser.find_element(By.ID, "question")
    box.send_keys("高血压怎么治", Keys.ESCAPE, Keys.ENTER)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, f"ol.answers li.answer[data-id='{LISINOPRIL}']")))
    card = browser.find_element(By.CSS_SELECTOR, f"ol.answers li.answer[data-id='{LISINOPRIL}']")
    assert card.find_element(By.TAG_NAME, "h3").text == "赖诺普利 (Lisinopril)"
    chips = [chip.text for chip in browser.find_elements(By.CSS_SELECTOR, ".summary .chip")]
    assert "意图：治疗" in chips and "关于：高血压 (Hypertension) (Disease)" in chips, chips
    assert browser.find_element(By.ID, "submit").text == "提问"  # the page follows the question's language
    assert browser.find_element(By.ID, "tab-ask").text == "提问"
    assert browser.find_element(By.ID, "patient-summary").text == "（可选：否则按一般患者回答）"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert "原文" in browser.find_element(By.CSS_SELECTOR, ".summary .original-language").text
    _save_screenshot(browser, "query-page-zh.png")
    browser.find_element(By.CSS_SELECTOR, ".language-switch [data-language='en']").click()  # the switch
    assert browser.find_element(By.ID, "submit").text == "Ask"
    assert "Evidence sentences are shown in their original language" in browser.find_element(
        By.CSS_SELECTOR, ".summary .original-language").text
    assert browser.find_element(By.CSS_SELECTOR, f"li.answer[data-id='{LISINOPRIL}'] h3").text.startswith("赖诺普利")
    browser.find_element(By.CSS_SELECTOR, ".language-switch [data-language='zh']").click()
    assert browser.find_element(By.ID, "tab-consult").text == "问诊"
    browser.get(live_url + "/")  # a click on the switch is remembered
    assert browser.find_element(By.ID, "submit").text == "提问"
    browser.find_element(By.CSS_SELECTOR, ".language-switch [data-language='en']").click()
    assert _severe_console_messages(browser) == []
