"""Lesson 04: TNBC, inflammatory breast cancer and men (the guide's figures, BRCA prompts).

``views`` (pure), ``figures`` (Plotly) and ``widgets`` (ipywidgets); a lesson imports
this slice and calls the names below.
"""

from __future__ import annotations

from .figures import (
    age_comparison_figure,
    prevalence_ranges_figure,
)
from .views import (
    genetic_testing_view,
    guide_figures_text,
    ibc_staging_view,
    ibc_treatment_text,
    male_endocrine_text,
)
from .widgets import (
    brca_prompt_explorer,
)

__all__ = [
    "age_comparison_figure",
    "brca_prompt_explorer",
    "genetic_testing_view",
    "guide_figures_text",
    "ibc_staging_view",
    "ibc_treatment_text",
    "male_endocrine_text",
    "prevalence_ranges_figure",
]
