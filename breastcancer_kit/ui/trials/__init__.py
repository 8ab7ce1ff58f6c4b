"""Lesson 10: reading a clinical trial: endpoints, hazard ratios, a forest plot by subtype.

``views`` (pure), ``figures`` (Plotly) and ``widgets`` (ipywidgets); a lesson imports this
slice and calls the names below. Every number comes from the statistics table
``trial_outcomes``; which subtype a trial belongs to comes from ``treatment_classes``.
For education only.
"""

from __future__ import annotations

from .figures import forest_plot
from .views import (
    ENDPOINTS,
    forest_rows,
    forest_text,
    trial_groups,
    trial_summary,
)
from .widgets import ForestExplorer, forest_explorer

__all__ = [
    "ENDPOINTS",
    "ForestExplorer",
    "forest_explorer",
    "forest_plot",
    "forest_rows",
    "forest_text",
    "trial_groups",
    "trial_summary",
]
