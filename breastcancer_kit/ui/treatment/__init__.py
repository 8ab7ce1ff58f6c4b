"""Lesson 09: treatment classes by line of therapy and biomarker, and the tests behind them.

``views`` (pure) and ``widgets`` (ipywidgets); a lesson imports this slice and calls the
names below. Classes of treatment only, never doses. For education only.
"""

from __future__ import annotations

from .views import (
    TreatmentView,
    biomarker_test_table,
    treatment_table,
    treatment_view,
)
from .widgets import (
    TreatmentExplorer,
    treatment_explorer,
)

__all__ = [
    "TreatmentExplorer",
    "TreatmentView",
    "biomarker_test_table",
    "treatment_explorer",
    "treatment_table",
    "treatment_view",
]
