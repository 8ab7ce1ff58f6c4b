"""Lesson 03: receptor results, HER2 rules, subtype chart and treatment classes.

``views`` (pure), ``figures`` (Plotly) and ``widgets`` (ipywidgets); a lesson imports
this slice and calls the names below.
"""

from __future__ import annotations

from .figures import (
    subtype_prevalence_bar,
)
from .views import (
    ReceptorView,
    her2_rule_grid,
    receptor_view,
    treatment_view,
)
from .widgets import (
    ReceptorExplorer,
    receptor_explorer,
)

__all__ = [
    "ReceptorExplorer",
    "ReceptorView",
    "her2_rule_grid",
    "receptor_explorer",
    "receptor_view",
    "subtype_prevalence_bar",
    "treatment_view",
]
