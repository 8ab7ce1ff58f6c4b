"""Compatibility name for :mod:`breastcancer_kit.staging.prognostic` (prognostic tables)."""

from __future__ import annotations

from .staging.prognostic import (
    ANY,
    EQUIVOCAL,
    NEGATIVE,
    POSITIVE,
    Biomarkers,
    OncotypeRule,
    PrognosticRow,
    PrognosticTable,
    biomarkers,
    equivocal_reason,
    grades,
    missing_reason,
    oncotype_rule,
    prognostic_grid,
    prognostic_lookup,
    row_group,
    row_group_for_cell,
)

__all__ = [
    "ANY",
    "EQUIVOCAL",
    "NEGATIVE",
    "POSITIVE",
    "Biomarkers",
    "OncotypeRule",
    "PrognosticRow",
    "PrognosticTable",
    "biomarkers",
    "equivocal_reason",
    "grades",
    "missing_reason",
    "oncotype_rule",
    "prognostic_grid",
    "prognostic_lookup",
    "row_group",
    "row_group_for_cell",
]
