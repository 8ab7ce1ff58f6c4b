"""Lesson 02: prognostic staging, heatmaps side by side and stage-shift matrices.

``views`` (pure), ``figures`` (Plotly) and ``widgets`` (ipywidgets); a lesson imports
this slice and calls the names below.
"""

from __future__ import annotations

from .figures import (
    prognostic_heatmap,
    stage_shift_heatmap,
)
from .views import (
    PROFILE_GRADES,
    PROFILE_STATUS,
    biomarker_profiles,
    profile_summary,
    shift_summary,
    stage_shift,
    stage_shift_all_profiles,
)
from .widgets import (
    PrognosticExplorer,
    prognostic_explorer,
    stage_shift_overview,
)

__all__ = [
    "PROFILE_GRADES",
    "PROFILE_STATUS",
    "PrognosticExplorer",
    "biomarker_profiles",
    "profile_summary",
    "prognostic_explorer",
    "prognostic_heatmap",
    "shift_summary",
    "stage_shift",
    "stage_shift_all_profiles",
    "stage_shift_heatmap",
    "stage_shift_overview",
]
