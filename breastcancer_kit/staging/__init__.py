"""AJCC 8th-edition staging of breast cancer: from TNM text to anatomic and prognostic stage.

The package is layered; each module imports only the ones below it:

=================  ==============================================================
``registry``       ``stage_parquet`` / ``stage_relation``: Parquet files and DuckDB
                   relations of any size (the ``registry`` extra)
``frame``          :func:`stage_frame`: a whole DataFrame at once, vectorised
``result``         :func:`stage` and :class:`StageResult`: one case
``prognostic``     grade, ER, PR, HER2 and Oncotype DX: the prognostic tables
``anatomic``       the T x N x M grid of anatomic stage groups
``measurements``   tumour size to T, positive node count to pN
``parsing``        TNM notation: categories, prefixes, suffixes
=================  ==============================================================

Every rule is a table in :mod:`breastcancer_kit.data`. For education only.

Examples
--------
>>> from breastcancer_kit import staging
>>> staging.stage("cT4d cN1 cM0").anatomic
'IIIB'
"""

from __future__ import annotations

from ..errors import StagingError
from .anatomic import Extent, StageRow, stage_grid, stage_labels
from .measurements import pn_from_positive_nodes, t_from_size_mm
from .parsing import EDITION, TNM, Axis, Basis, Category, Prefix, categories, parse_tnm
from .result import StageResult, stage

__all__ = [
    "EDITION",
    "TNM",
    "Axis",
    "Basis",
    "Category",
    "Extent",
    "Prefix",
    "StageResult",
    "StageRow",
    "StagingError",
    "categories",
    "parse_tnm",
    "pn_from_positive_nodes",
    "stage",
    "stage_grid",
    "stage_labels",
    "t_from_size_mm",
]
