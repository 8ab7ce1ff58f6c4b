"""Deprecated: the Plotly figures of lessons 01-04, now split by topic.

This module is kept so that code written for the first release keeps working. It warns
once on import; the same names live in the presentation layer :mod:`breastcancer_kit.ui`,
one slice per lesson topic (see "Where things live" in the README).
"""

from __future__ import annotations

import warnings

warnings.warn(
    "breastcancer_kit.figures is deprecated and will be removed in 0.3: import from "
    "breastcancer_kit.ui.<topic> instead: "
    "guide, palette, prognostic, receptors, special_groups, stage_charts",
    DeprecationWarning,
    stacklevel=2,
)

from .ui.guide import (  # noqa: E402
    guide_figures_table,
)
from .ui.palette import (  # noqa: E402
    STAGE_COLOURS,
    SUBTYPE_COLOURS,
)
from .ui.prognostic.figures import (  # noqa: E402
    prognostic_heatmap,
    stage_shift_heatmap,
)
from .ui.receptors.figures import (  # noqa: E402
    subtype_prevalence_bar,
)
from .ui.special_groups.figures import (  # noqa: E402
    age_comparison_figure,
    prevalence_ranges_figure,
)
from .ui.stage_charts import (  # noqa: E402
    HIGHLIGHT_NAME,
    anatomic_heatmap,
    highlight_shape,
    stage_heatmap,
)

__all__ = [
    "HIGHLIGHT_NAME",
    "STAGE_COLOURS",
    "SUBTYPE_COLOURS",
    "age_comparison_figure",
    "anatomic_heatmap",
    "guide_figures_table",
    "highlight_shape",
    "prevalence_ranges_figure",
    "prognostic_heatmap",
    "stage_heatmap",
    "stage_shift_heatmap",
    "subtype_prevalence_bar",
]
