"""Lesson 06: the GBSG2 cohort, Kaplan-Meier curves and log-rank tests.

``views`` (pure), ``figures`` (Plotly) and ``widgets`` (ipywidgets); a lesson imports
this slice and calls the names below.
"""

from __future__ import annotations

from .figures import (
    km_figure,
)
from .views import (
    cohort_vs_seer,
    stage_counts,
    survival_at,
)
from .widgets import (
    cohort_explorer,
)

__all__ = [
    "cohort_explorer",
    "cohort_vs_seer",
    "km_figure",
    "stage_counts",
    "survival_at",
]
