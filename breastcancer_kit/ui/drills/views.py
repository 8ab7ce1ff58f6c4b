"""Pure views for lesson 07 (drills): the state of a drill session and its HTML.

A :class:`DrillState` is frozen; every step (:func:`answer`, :func:`next_case`,
:func:`redo_missed`, :func:`change_level`) returns a new one. Answers are checked by
:func:`breastcancer_kit.cases.check` (the engine); a bad or empty answer becomes a message
in the state, never an exception. No ipywidgets here: tests drive these functions directly.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ...cases import Case, Feedback, Level, check, coerce_level, generate, series
from ...errors import BreastCancerKitError

__all__ = [
    "DrillState",
    "Score",
    "answer",
    "case_html",
    "change_level",
    "feedback_html",
    "next_case",
    "print_answers",
    "print_cases",
    "redo_missed",
    "score_html",
    "start",
]


@dataclass(frozen=True)
class Score:
    """Answers so far: how many, how many right, the streak and the cases to redo."""

    answered: int = 0
    correct: int = 0
    streak: int = 0
    best_streak: int = 0
    missed: tuple[Case, ...] = ()

    def record(self, case: Case, feedback: Feedback, *, redo: bool) -> Score:
        """The score after ``feedback`` on ``case`` (a redo that is right leaves the list)."""
        streak = self.streak + 1 if feedback.correct else 0
        missed = tuple(c for c in self.missed if c != case)
        if not feedback.correct:
            missed = (*missed, case)  # a missed redo goes to the back of the queue
        elif not redo:
            missed = self.missed
        return Score(
            answered=self.answered + 1,
            correct=self.correct + feedback.correct,
            streak=streak,
            best_streak=max(self.best_streak, streak),
            missed=missed,
        )

    @property
    def text(self) -> str:
        """``Score 3/4 - streak 2 (best 3) - 1 to redo``."""
        return (
            f"Score {self.correct}/{self.answered} - streak {self.streak} "
            f"(best {self.best_streak}) - {len(self.missed)} to redo"
        )


@dataclass(frozen=True)
class DrillState:
    """One drill session.

    Attributes
    ----------
    level : Level
        The level new cases are drawn at.
    seed : int
        The series seed.
    number : int
        The number of the current case in its series.
    case : Case
        The case on screen.
    redo : bool
        True when the case on screen is a missed one, asked again.
    feedback : Feedback or None
        The verdict on the case on screen (None until it is answered).
    message : str or None
        Why the last answer could not be read (None when it could).
    score : Score
    """

    level: Level
    seed: int
    number: int
    case: Case
    redo: bool = False
    feedback: Feedback | None = None
    message: str | None = None
    score: Score = Score()

    @property
    def answered(self) -> bool:
        """True once the case on screen has a verdict."""
        return self.feedback is not None


def start(level: Level | str = Level.BASIC, seed: int = 2026, first: int = 0) -> DrillState:
    """A new session: case ``first`` of the series ``(level, seed)``.

    A lesson that printed the first ``n`` cases as a warm-up starts its drill at ``n``.

    Raises
    ------
    CaseError
        A bad level or seed (a builder shows it; lesson parameters are checked before).

    Examples
    --------
    >>> s = start("reverse", 7)
    >>> s.case.number, s.score.text
    (0, 'Score 0/0 - streak 0 (best 0) - 0 to redo')
    """
    lv = coerce_level(level)
    return DrillState(level=lv, seed=seed, number=first, case=generate(seed, lv, first))


def answer(state: DrillState, given: str | Mapping[str, str]) -> DrillState:
    """Check ``given`` against the case on screen; a bad answer becomes ``message``.

    Examples
    --------
    >>> s = start("reverse", 7)
    >>> s = answer(s, "")
    >>> s.message
    'answer: the answer is empty (got ...)'
    >>> s = answer(s, s.case.expected)
    >>> s.feedback.correct, s.score.text
    (True, 'Score 1/1 - streak 1 (best 1) - 0 to redo')
    """
    if state.answered:
        return replace(state, message="Already answered: go on with Next case (or Redo missed).")
    try:
        feedback = check(state.case, given)
    except BreastCancerKitError as err:
        return replace(state, message=_message(err))
    score = state.score.record(state.case, feedback, redo=state.redo)
    return replace(state, feedback=feedback, message=None, score=score)


def _message(err: BreastCancerKitError) -> str:
    text = str(err)
    # "(got '')" is noise for an empty answer: say what was expected instead.
    return text.replace("(got '')", "(got ...)").replace("(got '   ')", "(got ...)")


def next_case(state: DrillState) -> DrillState:
    """The next new case of the series at the current level.

    ``number`` counts new cases only, so after a redo the series goes on where it was.
    """
    number = state.number + 1
    return replace(
        state,
        number=number,
        case=generate(state.seed, state.level, number),
        redo=False,
        feedback=None,
        message=None,
    )


def redo_missed(state: DrillState) -> DrillState:
    """Ask the first missed case again (a message if there is none)."""
    if not state.score.missed:
        return replace(state, message="Nothing to redo: no missed case.")
    return replace(state, case=state.score.missed[0], redo=True, feedback=None, message=None)


def change_level(state: DrillState, level: Level | str) -> DrillState:
    """Draw new cases at ``level`` from now on (score, streak and missed cases are kept)."""
    lv = coerce_level(level)
    if lv is state.level:
        return state
    return replace(
        state, level=lv, number=0, case=generate(state.seed, lv, 0), redo=False,
        feedback=None, message=None,
    )  # fmt: skip


# ------------------------------------------------------------------ HTML


def case_html(state: DrillState) -> str:
    """The case on screen: its level, text and question."""
    case = state.case
    tag = "Missed case, again" if state.redo else f"Case {state.number + 1}"
    body = "" if case.text == case.question else f"<p class='bck-drill-text'>{_e(case.text)}</p>"
    return (
        f"<div class='bck-drill-case'><p><b>{_e(tag)}</b> - {_e(case.level.title)}</p>"
        f"{body}<p class='bck-drill-question'><b>{_e(case.question)}</b></p></div>"
    )


def feedback_html(state: DrillState) -> str:
    """Right or wrong with the engine's explanation, or the message for a bad answer."""
    if state.message is not None:
        return (
            f"<div class='bck-drill-message' role='alert'>Could not read that answer: "
            f"{_e(state.message)}</div>"
        )
    fb = state.feedback
    if fb is None:
        return "<div class='bck-drill-waiting' role='status'>Waiting for your answer.</div>"
    verdict = "right" if fb.correct else "wrong"
    lines = _e(fb.explanation).replace("\n", "<br>")
    return (
        f"<div class='bck-drill-verdict bck-drill-{verdict}' role='status'>"
        f"<p><b>{_e(fb.verdict)}.</b> You gave: {_e(fb.given)}. "
        f"Expected: {_e(fb.expected)}.</p><p class='bck-drill-explanation'>{lines}</p></div>"
    )


def score_html(state: DrillState) -> str:
    """The score line."""
    return f"<div class='bck-drill-score' role='status'>{_e(state.score.text)}</div>"


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


# ------------------------------------------------------------------ printed warm-up


def print_cases(level: Level | str, seed: int, n: int) -> None:
    """Print ``n`` cases of the series as a warm-up (answers: :func:`print_answers`).

    Examples
    --------
    >>> print_cases("reverse", 7, 1)  # doctest: +ELLIPSIS
    Warm-up: Reverse questions (give a T, N, M for a stage), seed 7
    1. Give a T, N and M that is anatomic stage ...
    """
    lv = coerce_level(level)
    print(f"Warm-up: {lv.title}, seed {seed}")
    for k, case in enumerate(series(seed, lv, n), start=1):
        text = "" if case.text == case.question else f"{case.text}\n   "
        print(f"{k}. {text}{case.question}")


def print_answers(level: Level | str, seed: int, n: int) -> None:
    """Print the engine's answer and explanation for each warm-up case.

    Examples
    --------
    >>> print_answers("basic", 1, 1)  # doctest: +ELLIPSIS
    1. ...
    """
    for k, case in enumerate(series(seed, coerce_level(level), n), start=1):
        print(f"{k}. {case.expected}\n   {case.explanation}")
