"""Lesson 07 in a real browser: answer right, answer wrong, bad input, and keyboard only.

Voila serves the lesson with its default parameters (level basic, seed 2026). The cases on
screen are the series (basic, 2026); the answers typed here come from the engine called in
the test (``parse_tnm``, ``stage``), never from the page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import breastcancer_kit as bck
from breastcancer_kit.cases import Ask, generate

from .test_layout import check_at_zoom

pytestmark = pytest.mark.browser

NOTEBOOK = "07_drills.ipynb"
DRILL = ".bck-drill"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
LEVEL, SEED, FIRST = "basic", 2026, 3  # the lesson's defaults: the drill starts after n = 3


def right_answer(number: int) -> str:
    case = generate(SEED, LEVEL, number)
    if case.ask is Ask.TNM:  # main categories are enough at this level
        tnm = bck.parse_tnm(case.tnm)
        return f"{tnm.t.group} {tnm.n.group} {tnm.m.group}"
    return bck.stage(case.tnm).anatomic or "no stage group"


def wrong_answer(number: int) -> str:
    case = generate(SEED, LEVEL, number)
    if case.ask is Ask.TNM:
        return "T2 N0 M0" if bck.parse_tnm(case.tnm).t.group != "T2" else "T3 N0 M0"
    right = right_answer(number)
    return next(s for s in bck.stage_labels() if s != right)


@pytest.fixture
def lesson(voila_server, page):
    page.goto(voila_server(NOTEBOOK), wait_until="domcontentloaded")
    drill = page.locator(DRILL)
    expect(drill).to_have_count(1)
    expect(drill.locator(".bck-drill-prompt")).to_contain_text(f"Case {FIRST + 1}")
    expect(drill.locator(".bck-drill-score-line")).to_have_text(
        "Score 0/0 - streak 0 (best 0) - 0 to redo"
    )
    return page, drill


def _no_errors(page) -> None:
    expect(page.locator(STDERR)).to_have_count(0)
    expect(page.locator("#rendered_cells")).not_to_contain_text("Traceback")


def test_right_wrong_bad_input_keyboard_only_and_redo(lesson, save_screenshot, artifacts_dir):
    # One page load (a kernel start is most of the time): keyboard only first, from the top.
    page, drill = lesson
    box = drill.get_by_label("Your answer")  # the label is the box's accessible name
    feedback = drill.locator(".bck-drill-feedback")
    score = drill.locator(".bck-drill-score-line")
    for _ in range(40):  # Tab from the top of the page to the answer box
        page.keyboard.press("Tab")
        if box.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the answer box")

    # Bad input: blank is not submitted, nonsense gets a message, the score does not move.
    page.keyboard.type("   ")
    page.keyboard.press("Enter")
    expect(feedback).to_contain_text("Waiting for your answer")
    page.keyboard.press("Control+a")
    page.keyboard.type("stage VII")
    page.keyboard.press("Enter")
    expect(drill.locator(".bck-drill-message")).to_contain_text("Could not read that answer")
    expect(score).to_contain_text("Score 0/0")

    # Right, by keyboard; the focus moves to Next case, Enter there brings the next case.
    page.keyboard.press("Control+a")
    page.keyboard.type(right_answer(FIRST))
    page.keyboard.press("Enter")
    expect(feedback.locator(".bck-drill-right")).to_contain_text("Right.")
    expect(score).to_have_text("Score 1/1 - streak 1 (best 1) - 0 to redo")
    expect(drill.locator(".bck-drill-next")).to_be_focused()
    page.keyboard.press("Enter")
    expect(drill.locator(".bck-drill-prompt")).to_contain_text(f"Case {FIRST + 2}")
    expect(box).to_be_focused()
    expect(box).to_have_value("")

    # Wrong: the engine's answer is shown and the case waits in the redo list.
    page.keyboard.type(wrong_answer(FIRST + 1))
    page.keyboard.press("Enter")
    expect(feedback.locator(".bck-drill-wrong")).to_contain_text("Not quite.")
    expect(feedback).to_contain_text(f"Expected: {generate(SEED, LEVEL, FIRST + 1).expected}")
    expect(score).to_have_text("Score 1/2 - streak 0 (best 1) - 1 to redo")
    drill.scroll_into_view_if_needed()
    save_screenshot(page, "-wrong")

    # Redo, with the mouse this time.
    drill.get_by_role("button", name="Redo missed").click()
    expect(drill.locator(".bck-drill-prompt")).to_contain_text("Missed case, again")
    box.fill(right_answer(FIRST + 1))
    box.press("Enter")
    expect(score).to_have_text("Score 2/3 - streak 1 (best 1) - 0 to redo")
    expect(drill.get_by_role("button", name="Redo missed")).to_be_disabled()
    save_screenshot(page)
    check_at_zoom(page, artifacts_dir, "07-voila")
    _no_errors(page)


def test_right_and_wrong_answers_in_jupyterlab(open_lesson, save_screenshot, artifacts_dir):
    root = open_lesson(NOTEBOOK, "lab")
    drill = root.locator(DRILL)
    expect(drill).to_have_count(1)
    drill.scroll_into_view_if_needed()
    expect(drill.locator(".bck-drill-prompt")).to_contain_text(f"Case {FIRST + 1}")
    box, score = drill.get_by_label("Your answer"), drill.locator(".bck-drill-score-line")
    box.fill(right_answer(FIRST))
    box.press("Enter")
    expect(drill.locator(".bck-drill-feedback .bck-drill-right")).to_contain_text("Right.")
    expect(score).to_have_text("Score 1/1 - streak 1 (best 1) - 0 to redo")
    drill.get_by_role("button", name="Next case").click()
    expect(drill.locator(".bck-drill-prompt")).to_contain_text(f"Case {FIRST + 2}")
    box.fill(wrong_answer(FIRST + 1))
    box.press("Enter")
    feedback = drill.locator(".bck-drill-feedback")
    expect(feedback).to_contain_text(f"Expected: {generate(SEED, LEVEL, FIRST + 1).expected}")
    expect(score).to_have_text("Score 1/2 - streak 0 (best 1) - 1 to redo")
    save_screenshot(root.page)
    check_at_zoom(root.page, artifacts_dir, "07-lab")
    expect(root.locator(STDERR)).to_have_count(0)
    expect(root).not_to_contain_text("Traceback")
