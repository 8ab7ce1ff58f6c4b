"""Lesson 08: metastatic disease (sites by subtype, de novo versus recurrent, re-testing).

``views`` (pure), ``figures`` (Plotly) and ``widgets`` (ipywidgets); a lesson imports
this slice and calls the names below.
"""

from __future__ import annotations

from .figures import (
    discordance_figure,
    pattern_figure,
)
from .views import (
    CARE_TOPICS,
    SUBTYPES,
    care_notes_text,
    de_novo_text,
    discordance_view,
    pattern_view,
    subtype_summary_text,
    surrogate_groups,
)
from .widgets import (
    metastatic_explorer,
)

__all__ = [
    "CARE_TOPICS",
    "SUBTYPES",
    "care_notes_text",
    "de_novo_text",
    "discordance_figure",
    "discordance_view",
    "metastatic_explorer",
    "pattern_figure",
    "pattern_view",
    "subtype_summary_text",
    "surrogate_groups",
]
