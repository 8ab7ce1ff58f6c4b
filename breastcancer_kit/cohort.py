"""Compatibility name for :mod:`breastcancer_kit.statistics.cohorts` (the GBSG2 cohort)."""

from __future__ import annotations

from .statistics.cohorts import (
    DAYS_PER_YEAR,
    ENDPOINTS,
    SPLITS,
    LogRank,
    gbsg2_cohort,
    gbsg2_provenance,
    hr_cutoff_fmol,
    km_table,
    logrank,
    numbers_at_risk,
)

__all__ = [
    "DAYS_PER_YEAR",
    "ENDPOINTS",
    "SPLITS",
    "LogRank",
    "gbsg2_cohort",
    "gbsg2_provenance",
    "hr_cutoff_fmol",
    "km_table",
    "logrank",
    "numbers_at_risk",
]
