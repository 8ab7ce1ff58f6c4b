"""Deprecated: the ipywidgets builders of lessons 05 and 06.

This module is kept so that code written for the first release keeps working. It warns
once on import; the same names live in the presentation layer :mod:`breastcancer_kit.ui`,
one slice per lesson topic (see "Where things live" in the README).
"""

from __future__ import annotations

import warnings

warnings.warn(
    "breastcancer_kit.statistics_widgets is deprecated and will be removed in 0.3: import from "
    "breastcancer_kit.ui.<topic> instead: "
    "cohort, plotly_compat, statistics",
    DeprecationWarning,
    stacklevel=2,
)

from .ui.cohort.widgets import (  # noqa: E402
    cohort_explorer,
)
from .ui.plotly_compat import (  # noqa: E402
    replace_figure,
)
from .ui.statistics.widgets import (  # noqa: E402
    statistics_explorer,
)

__all__ = [
    "cohort_explorer",
    "replace_figure",
    "statistics_explorer",
]
