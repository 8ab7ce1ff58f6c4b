"""Deprecated: the ipywidgets builders of lessons 01-04, now split by topic.

This module is kept so that code written for the first release keeps working. It warns
once on import; the same names live in the presentation layer :mod:`breastcancer_kit.ui`,
one slice per lesson topic (see "Where things live" in the README).
"""

from __future__ import annotations

import warnings

warnings.warn(
    "breastcancer_kit.widgets is deprecated and will be removed in 0.3: import from "
    "breastcancer_kit.ui.<topic> instead: "
    "plotly_compat, prognostic, receptors, special_groups, tnm",
    DeprecationWarning,
    stacklevel=2,
)

from .ui.plotly_compat import (  # noqa: E402
    sync_state,
    updating,
)
from .ui.prognostic.widgets import (  # noqa: E402
    PrognosticExplorer,
    prognostic_explorer,
    stage_shift_overview,
)
from .ui.receptors.widgets import (  # noqa: E402
    ReceptorExplorer,
    receptor_explorer,
)
from .ui.special_groups.widgets import (  # noqa: E402
    brca_prompt_explorer,
)
from .ui.tnm.widgets import (  # noqa: E402
    SizeNodesExplorer,
    StageExplorer,
    category_browser,
    size_nodes_explorer,
    stage_explorer,
)

__all__ = [
    "PrognosticExplorer",
    "ReceptorExplorer",
    "SizeNodesExplorer",
    "StageExplorer",
    "brca_prompt_explorer",
    "category_browser",
    "prognostic_explorer",
    "receptor_explorer",
    "size_nodes_explorer",
    "stage_explorer",
    "stage_shift_overview",
    "sync_state",
    "updating",
]
