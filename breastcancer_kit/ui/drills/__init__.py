"""Lesson 07: drills. One case at a time, answered, judged by the engine, scored.

``views`` (pure: the drill state, its steps and HTML) and ``widgets`` (ipywidgets); the
cases and the answers come from :mod:`breastcancer_kit.cases`.
"""

from __future__ import annotations

from .views import (
    DrillState,
    Score,
    answer,
    case_html,
    change_level,
    feedback_html,
    next_case,
    print_answers,
    print_cases,
    redo_missed,
    score_html,
    start,
)
from .widgets import DrillExplorer, drill

__all__ = [
    "DrillExplorer",
    "DrillState",
    "Score",
    "answer",
    "case_html",
    "change_level",
    "drill",
    "feedback_html",
    "next_case",
    "print_answers",
    "print_cases",
    "redo_missed",
    "score_html",
    "start",
]
