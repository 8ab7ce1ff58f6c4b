"""Lesson 01: TNM categories, the stage explorer and the size/node sliders.

``views`` (pure), ``figures`` (Plotly) and ``widgets`` (ipywidgets); a lesson imports
this slice and calls the names below.
"""

from __future__ import annotations

from .views import (
    StageView,
    carry_n_code,
    categories_view,
    m_options,
    n_options,
    prefix_options,
    size_nodes_view,
    stage_view,
    t_options,
)
from .widgets import (
    SizeNodesExplorer,
    StageExplorer,
    category_browser,
    size_nodes_explorer,
    stage_explorer,
)

__all__ = [
    "SizeNodesExplorer",
    "StageExplorer",
    "StageView",
    "carry_n_code",
    "categories_view",
    "category_browser",
    "m_options",
    "n_options",
    "prefix_options",
    "size_nodes_explorer",
    "size_nodes_view",
    "stage_explorer",
    "stage_view",
    "t_options",
]
