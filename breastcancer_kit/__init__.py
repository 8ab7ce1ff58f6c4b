"""breastcancer_kit: interactive lessons on advanced breast cancer.

AJCC 8th-edition staging, receptor interpretation and published statistics, with
the figures and widgets the lessons in ``notebooks/`` use.

For education only: never use it to make clinical decisions.

Importing the package is cheap: plotly and ipywidgets load only when a figure or
widget is asked for (``breastcancer_kit.figures`` / ``breastcancer_kit.widgets``).

Examples
--------
>>> import breastcancer_kit as bck
>>> bck.stage("cT4d cN1 cM0").anatomic
'IIIB'

"""

from __future__ import annotations

import importlib
from typing import Any

from . import prognostic, receptors
from .errors import BreastCancerKitError, DatasetError, ReceptorError, StagingError
from .receptors import (
    HER2IHC,
    GeneticTestingPrompt,
    HER2Category,
    ReceptorResult,
    ReceptorStatus,
    Subtype,
    TreatmentClass,
    TreatmentCondition,
    genetic_testing_prompts,
    likely_response,
    receptor_status,
    treatment_classes,
)
from .staging import (
    EDITION,
    TNM,
    Axis,
    Basis,
    Category,
    Extent,
    Prefix,
    StageResult,
    StageRow,
    categories,
    parse_tnm,
    pn_from_positive_nodes,
    stage,
    stage_grid,
    stage_labels,
    t_from_size_mm,
)

__version__ = "0.1.0"

EDUCATION_NOTE = (
    "For education only: breastcancer_kit teaches staging and biology; "
    "it must never be used to make decisions about a patient's care."
)

__all__ = [
    "EDITION",
    "EDUCATION_NOTE",
    "HER2IHC",
    "TNM",
    "Axis",
    "Basis",
    "BreastCancerKitError",
    "Category",
    "DatasetError",
    "Extent",
    "GeneticTestingPrompt",
    "HER2Category",
    "Prefix",
    "ReceptorError",
    "ReceptorResult",
    "ReceptorStatus",
    "StageResult",
    "StageRow",
    "StagingError",
    "Subtype",
    "TreatmentClass",
    "TreatmentCondition",
    "categories",
    "figures",
    "genetic_testing_prompts",
    "likely_response",
    "parse_tnm",
    "pn_from_positive_nodes",
    "prognostic",
    "receptor_status",
    "receptors",
    "stage",
    "stage_grid",
    "stage_labels",
    "t_from_size_mm",
    "treatment_classes",
    "widgets",
]

_LAZY_SUBMODULES = {"figures", "widgets", "views", "cli", "frames", "datasets", "cohort"}


def __getattr__(name: str) -> Any:
    # Heavy submodules (plotly, ipywidgets) load on first use only.
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
