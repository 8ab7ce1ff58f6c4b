"""Deprecated: the pure views of lessons 01-04, now split by topic.

This module is kept so that code written for the first release keeps working. It warns
once on import; the same names live in the presentation layer :mod:`breastcancer_kit.ui`,
one slice per lesson topic (see "Where things live" in the README).
"""

from __future__ import annotations

import warnings

warnings.warn(
    "breastcancer_kit.views is deprecated and will be removed in 0.3: import from "
    "breastcancer_kit.ui.<topic> instead: "
    "prognostic, receptors, special_groups, tnm",
    DeprecationWarning,
    stacklevel=2,
)

from .ui.prognostic.views import (  # noqa: E402
    PROFILE_GRADES,
    PROFILE_STATUS,
    biomarker_profiles,
    profile_summary,
    shift_summary,
    stage_shift,
    stage_shift_all_profiles,
)
from .ui.receptors.views import (  # noqa: E402
    ReceptorView,
    her2_rule_grid,
    receptor_view,
    treatment_view,
)
from .ui.special_groups.views import (  # noqa: E402
    genetic_testing_view,
    guide_figures_text,
    ibc_staging_view,
)
from .ui.tnm.views import (  # noqa: E402
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

__all__ = [
    "PROFILE_GRADES",
    "PROFILE_STATUS",
    "ReceptorView",
    "StageView",
    "biomarker_profiles",
    "carry_n_code",
    "categories_view",
    "genetic_testing_view",
    "guide_figures_text",
    "her2_rule_grid",
    "ibc_staging_view",
    "m_options",
    "n_options",
    "prefix_options",
    "profile_summary",
    "receptor_view",
    "shift_summary",
    "size_nodes_view",
    "stage_shift",
    "stage_shift_all_profiles",
    "stage_view",
    "t_options",
    "treatment_view",
]
