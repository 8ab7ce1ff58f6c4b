"""Deprecated: the figures and tables of lessons 05 and 06, now split by topic.

This module is kept so that code written for the first release keeps working. It warns
once on import; the same names live in the presentation layer :mod:`breastcancer_kit.ui`,
one slice per lesson topic (see "Where things live" in the README).
"""

from __future__ import annotations

import warnings

warnings.warn(
    "breastcancer_kit.statistics_views is deprecated and will be removed in 0.3: import from "
    "breastcancer_kit.ui.<topic> instead: "
    "cohort, statistics",
    DeprecationWarning,
    stacklevel=2,
)

from .ui.cohort.figures import (  # noqa: E402
    km_figure,
)
from .ui.cohort.views import (  # noqa: E402
    cohort_vs_seer,
    stage_counts,
    survival_at,
)
from .ui.statistics.figures import (  # noqa: E402
    STATISTICS_VIEWS,
    ibc_share_figure,
    metastasis_sites_figure,
    range_figure,
    stage_at_diagnosis_figure,
    statistics_figure,
    subtype_share_figure,
    survival_by_stage_figure,
)

__all__ = [
    "STATISTICS_VIEWS",
    "cohort_vs_seer",
    "ibc_share_figure",
    "km_figure",
    "metastasis_sites_figure",
    "range_figure",
    "stage_at_diagnosis_figure",
    "stage_counts",
    "statistics_figure",
    "subtype_share_figure",
    "survival_at",
    "survival_by_stage_figure",
]
