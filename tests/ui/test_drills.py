"""Lesson 07's drill, driven programmatically: right, wrong, bad input, redo, level change.

Expected answers here are computed by calling the engine directly (``stage()``,
``receptor_status()``), not read from the widget or the case.
"""

from __future__ import annotations

import breastcancer_kit as bck
from breastcancer_kit.cases import NO_STAGE, Ask, Level, generate
from breastcancer_kit.ui import drills
from breastcancer_kit.ui.drills import views
from breastcancer_kit.ui.drills.widgets import DROPDOWNS, TYPING


def engine_answer(case) -> str:
    """The right answer, from the engine called here (stage questions only)."""
    assert case.ask is Ask.STAGE
    return bck.stage(case.tnm).anatomic or NO_STAGE


def stage_drill(seed: int = 2026) -> drills.DrillExplorer:
    """A basic drill whose first case asks for a stage group (found by walking the seeds)."""
    while generate(seed, Level.BASIC).ask is not Ask.STAGE:
        seed += 1
    return drills.drill(Level.BASIC, seed)


def wrong_stage(case) -> str:
    return next(s for s in bck.stage_labels() if s != engine_answer(case))


def test_a_right_typed_answer_scores_and_explains():
    d = stage_drill()
    right = engine_answer(d.state.case)
    d.typed.value = f"stage {right.lower()}"  # what Enter in the box sends
    fb = d.state.feedback
    assert fb is not None and fb.correct and fb.expected == right
    assert "Right." in d.feedback.value and "bck-drill-right" in d.feedback.value
    assert bck.stage(d.state.case.tnm).explain().split(";")[0] in d.feedback.value
    assert d.state.score.text == "Score 1/1 - streak 1 (best 1) - 0 to redo"
    assert d.score.value.count("Score 1/1") == 1
    assert d.submit.disabled and d.redo.disabled


def test_a_wrong_answer_breaks_the_streak_and_is_kept_for_redo():
    d = stage_drill()
    d.answer(engine_answer(d.state.case))
    d.next_button.click()
    while d.state.case.ask is not Ask.STAGE:  # skip to a stage question
        d.next_button.click()
    missed = d.state.case
    d.answer(wrong_stage(missed))
    assert not d.state.feedback.correct
    assert "Not quite." in d.feedback.value and engine_answer(missed) in d.feedback.value
    assert d.state.score.streak == 0 and d.state.score.best_streak == 1
    assert d.state.score.missed == (missed,)
    assert not d.redo.disabled


def test_bad_and_empty_answers_give_a_message_and_change_nothing():
    d = stage_drill()
    before = d.state.score
    for bad in ("   ", "stage V", "cT2 cN1 cM0", "x" * 500):
        d.answer(bad)
        assert d.state.message is not None and d.state.feedback is None, bad
        assert "Could not read that answer" in d.feedback.value
        assert "role='alert'" in d.feedback.value
        assert "Traceback" not in d.feedback.value
    assert d.state.score == before
    assert not d.errors.outputs  # no exception reached the widget's error area
    # the text box only submits on a non-empty value: clearing it is not an answer
    d.typed.value = "IIA"
    d.typed.value = ""
    assert d.state.score.answered == 1


def test_dropdown_answers_including_an_empty_choice():
    d = stage_drill()
    d.mode.value = DROPDOWNS
    assert d.typed.layout.display == "none" and d.choice_box.layout.display is None
    assert list(d.choices) == ["stage"]
    d.submit.click()  # nothing chosen
    assert d.state.message is not None and "stage" in d.state.message
    d.choices["stage"].value = engine_answer(d.state.case)
    d.submit.click()
    assert d.state.feedback.correct
    d.mode.value = TYPING
    assert d.typed.layout.display is None


def test_tnm_dropdowns_follow_the_prefix():
    d = drills.drill(Level.REVERSE, 3)
    d.mode.value = DROPDOWNS
    assert list(d.choices) == ["prefix", "t", "n", "m"]
    assert d.choices["prefix"].value == "c"
    assert "N0(i+)" not in [v for _, v in d.choices["n"].options]
    d.choices["prefix"].value = "p"
    assert "N0(i+)" in [v for _, v in d.choices["n"].options]
    target = d.state.case.target_stage
    # A grid cell with the target stage, found with the engine: any such cell is right.
    cell = next(
        (t, n, m)
        for m in ("M0", "M1")
        for t, n in bck.stage_grid(m)[["t", "n"]].itertuples(index=False)
        if bck.stage(t=t, n=n, m=m).anatomic == target
    )
    for field, value in zip(("t", "n", "m"), cell, strict=True):
        d.choices[field].value = value
    d.submit.click()
    assert d.state.feedback.correct, (cell, target)
    assert d.state.feedback.given.startswith(f"p{cell[0]} p{cell[1]}")


def test_redo_asks_a_missed_case_until_it_is_right():
    d = stage_drill()
    first = d.state.case
    d.answer(wrong_stage(first))
    d.next_button.click()
    number_before_redo = d.state.number
    d.redo.click()
    assert d.state.redo and d.state.case == first
    assert "Missed case, again" in d.prompt.value
    d.answer(wrong_stage(first))  # wrong again: still to redo
    assert d.state.score.missed == (first,)
    d.redo.click()
    d.answer(engine_answer(first))
    assert d.state.feedback.correct and d.state.score.missed == ()
    assert d.redo.disabled
    d.next_button.click()  # the series goes on where it was
    assert d.state.number == number_before_redo + 1 and not d.state.redo
    d.redo.click()
    assert d.state.message == "Nothing to redo: no missed case."


def test_changing_the_level_draws_new_cases_and_keeps_the_score():
    d = stage_drill()
    d.answer(engine_answer(d.state.case))
    d.level.value = Level.RECEPTORS.value
    case = d.state.case
    assert case.level is Level.RECEPTORS and case == generate(d.state.seed, Level.RECEPTORS, 0)
    assert Level.RECEPTORS.title in d.prompt.value
    assert d.state.score.answered == 1 and d.state.feedback is None
    r = bck.receptor_status(
        case.report.er_percent, case.report.pr_percent, case.report.her2_ihc,
        case.report.her2_ish_ratio, case.report.her2_copy_number,
    )  # fmt: skip
    d.mode.value = DROPDOWNS
    assert list(d.choices) == ["subtype"]
    d.choices["subtype"].value = r.subtype_label
    d.submit.click()
    assert d.state.feedback.correct and d.state.score.streak == 2


def test_answering_twice_changes_nothing():
    d = stage_drill()
    d.answer(engine_answer(d.state.case))
    state = d.state
    d.answer("IV")
    d.submit.click()
    assert d.state == state
    assert views.answer(state, "IV").message.startswith("Already answered")


def test_controls_have_labels_and_tooltips():
    d = drills.drill(Level.REVERSE, 1)
    labelled = [d.level, d.mode, d.typed, *d.choices.values()]
    assert all(w.description for w in labelled)
    buttons = [d.submit, d.next_button, d.redo]
    assert [b.description for b in buttons] == ["Submit", "Next case", "Redo missed"]
    assert all(w.tooltip for w in [d.level, d.typed, *buttons, *d.choices.values()])
    assert d.typed.continuous_update is False  # Enter submits


def test_views_are_pure_and_the_same_seed_repeats():
    a = views.start("mixed", 5)
    b = views.start("mixed", 5)
    assert a == b
    assert views.next_case(a) == views.next_case(b)
    assert views.next_case(a).case == generate(5, Level.MIXED, 1)
    assert "&lt;" in views.feedback_html(views.answer(a, "<script>"))
