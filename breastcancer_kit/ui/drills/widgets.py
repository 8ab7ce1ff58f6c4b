"""ipywidgets builder for lesson 07: a drill that asks one case at a time.

The builder only wires controls to :mod:`.views` (which ask :mod:`breastcancer_kit.cases`,
which asks the engine); it holds no rules. Keyboard only: Tab moves between the controls,
Enter in the answer box submits, the focus then moves to *Next case* (Enter or Space), and
back to the answer box. Every control has a visible label (its accessible name) and a
tooltip saying what it does. A bad or empty answer shows a message; a callback that fails
shows its error inside the widget, never a lost traceback.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as W

from ...cases import Level, answer_fields, answer_options
from ..accessibility import page_helper
from ..controls import DESC, WIDE, errors_output
from ..page_style import RESULT_CLASS
from . import views

__all__ = ["DrillExplorer", "drill"]

#: The empty first choice of every answer dropdown (choosing nothing is a bad answer).
CHOOSE = ("- choose -", "")
_FIELD_LABELS = {"stage": "Stage", "subtype": "Subtype", "prefix": "Prefix", "t": "T",
                 "n": "N", "m": "M"}  # fmt: skip
TYPING, DROPDOWNS = "Typing", "Dropdowns"


class DrillExplorer(W.VBox):
    """A drill session: level, case, answer (typed or dropdowns), verdict, score, redo.

    Use :func:`drill` to build one. Attributes: ``level`` (Dropdown), ``mode``
    (ToggleButtons), ``prompt`` (HTML), ``typed`` (Text), ``choices`` (dict of answer
    Dropdowns by field), ``submit``, ``next_button``, ``redo`` (Buttons), ``feedback`` and
    ``score`` (HTML), ``errors`` (Output) and ``state`` (the current
    :class:`views.DrillState`). :meth:`answer` submits an answer as the controls would.
    """

    def __init__(self, level: Level | str = Level.BASIC, seed: int = 2026, first: int = 0) -> None:
        self.state = views.start(level, seed, first)
        self.level = W.Dropdown(
            options=[(lv.title, lv.value) for lv in Level],
            value=self.state.level.value,
            description="Level",
            tooltip="Choose what the drill asks; new cases are drawn at this level",
            layout=W.Layout(width="520px"),
            style=DESC,
        )
        self.mode = W.ToggleButtons(
            options=[TYPING, DROPDOWNS],
            value=TYPING,
            description="Answer by",
            tooltips=["Type the answer and press Enter", "Choose the answer from lists"],
            style=DESC,
        )
        self.prompt = W.HTML()
        self.prompt.add_class("bck-drill-prompt")
        self.typed = W.Text(
            value="",
            placeholder="e.g. IIIB, cT2 cN1 cM0, HR+/HER2- or no stage group",
            description="Your answer",
            tooltip="Type the answer, then press Enter to submit",
            continuous_update=False,  # the value arrives on Enter (or on leaving the box)
            layout=WIDE,
            style=DESC,
        )
        self.typed.add_class("bck-drill-typed")
        self.choices: dict[str, W.Dropdown] = {}
        self.choice_box = W.HBox()
        self.choice_box.add_class("bck-drill-choices")
        self.submit = W.Button(description="Submit", tooltip="Check the answer",
                               button_style="primary")  # fmt: skip
        self.next_button = W.Button(description="Next case", tooltip="Go on to a new case")
        self.redo = W.Button(description="Redo missed", tooltip="Ask a missed case again")
        for button, name in ((self.submit, "submit"), (self.next_button, "next"),
                             (self.redo, "redo")):  # fmt: skip
            button.add_class(f"bck-drill-{name}")
        self.feedback = W.HTML()
        self.feedback.add_class("bck-drill-feedback")
        self.feedback.add_class(RESULT_CLASS)
        self.score = W.HTML()
        self.score.add_class("bck-drill-score-line")
        self.errors = errors_output()

        self.level.observe(self._on_level, names="value")
        self.mode.observe(self._on_mode, names="value")
        self.typed.observe(self._on_typed, names="value")
        self.submit.on_click(self._on_submit)
        self.next_button.on_click(self._on_next)
        self.redo.on_click(self._on_redo)
        buttons = W.HBox([self.submit, self.next_button, self.redo])
        super().__init__(
            [
                self.level,
                self.mode,
                self.prompt,
                self.typed,
                self.choice_box,
                buttons,
                self.feedback,
                page_helper(),
                self.score,
                self.errors,
            ]
        )
        self.add_class("bck-drill")
        self._build_choices()
        self._show_mode()
        self._draw()

    # ---------------------------------------------------------------- public

    def answer(self, given: str | Mapping[str, str]) -> views.DrillState:
        """Submit ``given`` (typed text or dropdown values) and redraw; returns the state."""
        if self.state.answered:
            return self.state  # already judged: Enter after Submit changes nothing
        self.state = views.answer(self.state, given)
        self._draw()
        (self.next_button if self.state.answered else self._first_input()).focus()
        return self.state

    def current_answer(self) -> str | dict[str, str]:
        """What the controls hold now: the typed text, or the dropdown values."""
        if self.mode.value == TYPING:
            return self.typed.value
        return {field: dd.value for field, dd in self.choices.items()}

    # ---------------------------------------------------------------- callbacks

    def _on_typed(self, change: dict) -> None:
        with self.errors:
            if change["new"].strip() and self.mode.value == TYPING:
                self.answer(change["new"])

    def _on_submit(self, _button: W.Button) -> None:
        with self.errors:
            self.answer(self.current_answer())

    def _on_next(self, _button: W.Button) -> None:
        with self.errors:
            self._go(views.next_case(self.state))

    def _on_redo(self, _button: W.Button) -> None:
        with self.errors:
            self._go(views.redo_missed(self.state))

    def _on_level(self, change: dict) -> None:
        with self.errors:
            self._go(views.change_level(self.state, change["new"]))

    def _on_mode(self, _change: dict) -> None:
        with self.errors:
            self._show_mode()
            self._first_input().focus()

    def _on_prefix(self, change: dict) -> None:
        with self.errors:
            self._set_n_options(change["new"])

    # ---------------------------------------------------------------- drawing

    def _go(self, state: views.DrillState) -> None:
        new_case = state.case != self.state.case or state.redo != self.state.redo
        self.state = state
        if new_case:
            self.typed.value = ""  # an empty value is never submitted
            self._build_choices()
        self._draw()
        self._first_input().focus()

    def _draw(self) -> None:
        state = self.state
        self.prompt.value = views.case_html(state)
        self.feedback.value = views.feedback_html(state)
        self.score.value = views.score_html(state)
        self.submit.disabled = state.answered
        self.redo.disabled = not state.score.missed

    def _show_mode(self) -> None:
        typing = self.mode.value == TYPING
        self.typed.layout.display = None if typing else "none"
        self.choice_box.layout.display = "none" if typing else None

    def _first_input(self) -> W.DOMWidget:
        if self.mode.value == TYPING or not self.choices:
            return self.typed
        return next(dd for field, dd in self.choices.items() if field != "prefix")

    def _build_choices(self) -> None:
        case = self.state.case
        options = answer_options(case)
        self.choices = {}
        for field in answer_fields(case):
            values = options[field]
            dd = W.Dropdown(
                options=[CHOOSE, *((v, v) for v in values)],
                value="",
                description=_FIELD_LABELS[field],
                tooltip=f"Choose the {_FIELD_LABELS[field]} of your answer",
                style={"description_width": "60px"},
                layout=W.Layout(width="220px" if field in ("stage", "subtype") else "170px"),
            )
            dd.add_class(f"bck-drill-choice-{field}")
            self.choices[field] = dd
        if "prefix" in self.choices:
            prefix = case.parsed().t.prefix.value if case.tnm else "c"
            self.choices["prefix"].value = prefix
            self.choices["prefix"].observe(self._on_prefix, names="value")
        self.choice_box.children = tuple(self.choices.values())

    def _set_n_options(self, prefix: str) -> None:
        if not prefix:
            return
        n = self.choices["n"]
        current = n.value
        values = answer_options(self.state.case, prefix=prefix)["n"]
        n.options = [CHOOSE, *((v, v) for v in values)]
        n.value = current if current in values else ""


def drill(level: Level | str = Level.BASIC, seed: int = 2026, first: int = 0) -> DrillExplorer:
    """Build the drill used in lesson 07.

    Parameters
    ----------
    level : Level or str
        The level of the first cases (the student can change it).
    seed : int
        The series seed: the same seed and level give the same cases.
    first : int
        The number of the first case (after a printed warm-up of ``first`` cases).

    Returns
    -------
    DrillExplorer
        An ``ipywidgets.VBox``.

    Examples
    --------
    >>> d = drill("reverse", 7)
    >>> d.answer("")
    ... # doctest: +ELLIPSIS
    DrillState(...)
    >>> d.state.message is not None, d.state.score.answered
    (True, 0)
    >>> _ = d.answer(d.state.case.expected)
    >>> d.state.feedback.correct, d.state.score.streak
    (True, 1)
    """
    return DrillExplorer(level, seed, first)
