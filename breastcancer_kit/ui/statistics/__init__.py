"""Lesson 05: prevalence and survival from the published statistics tables.

``views`` (pure), ``figures`` (Plotly) and ``widgets`` (ipywidgets); a lesson imports
this slice and calls the names below.
"""

from __future__ import annotations

from .figures import (
    STATISTICS_VIEWS,
    ibc_share_figure,
    metastasis_sites_figure,
    range_figure,
    stage_at_diagnosis_figure,
    statistics_figure,
    subtype_share_figure,
    survival_by_stage_figure,
)
from .widgets import (
    definitions,
    statistics_explorer,
)

__all__ = [
    "STATISTICS_VIEWS",
    "definitions",
    "ibc_share_figure",
    "metastasis_sites_figure",
    "range_figure",
    "stage_at_diagnosis_figure",
    "statistics_explorer",
    "statistics_figure",
    "subtype_share_figure",
    "survival_by_stage_figure",
]
