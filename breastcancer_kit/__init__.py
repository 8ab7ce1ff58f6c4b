"""breastcancer_kit: interactive lessons on advanced breast cancer.

AJCC 8th-edition staging, receptor interpretation and published statistics, with
the figures and widgets the lessons in ``notebooks/`` use.

For education only: never use it to make clinical decisions.

The package shows its architecture (see "Where things live" in the README):

* :mod:`~breastcancer_kit.data`: the one data layer (rule tables, statistics, cohorts);
* domain packages :mod:`~breastcancer_kit.staging`, :mod:`~breastcancer_kit.receptors`
  and :mod:`~breastcancer_kit.statistics`, which never import presentation code;
* :mod:`breastcancer_kit.ui`: the lessons' views, figures and widgets, one slice per
  topic (needs the ``lessons`` extra);
* :mod:`~breastcancer_kit.cli`: the ``breastcancer-kit`` command.

Importing the package is cheap: pandas, plotly and ipywidgets load only when a table,
figure or widget is asked for.

Examples
--------
>>> import breastcancer_kit as bck
>>> bck.stage("cT4d cN1 cM0").anatomic
'IIIB'

"""

from __future__ import annotations

import importlib
from typing import Any

from . import receptors, staging
from ._meta import EDUCATION_NOTE, __version__
from .errors import BreastCancerKitError, CaseError, DatasetError, ReceptorError, StagingError
from .receptors import (
    HER2IHC,
    DiseaseSetting,
    GeneticTestingPrompt,
    HER2Category,
    PathwayGene,
    ReceptorResult,
    ReceptorStatus,
    Sex,
    Subtype,
    TreatmentClass,
    TreatmentCondition,
    TreatmentLine,
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

__all__ = [
    "EDITION",
    "EDUCATION_NOTE",
    "HER2IHC",
    "TNM",
    "Axis",
    "Basis",
    "BreastCancerKitError",
    "CaseError",
    "Category",
    "DatasetError",
    "DiseaseSetting",
    "Extent",
    "GeneticTestingPrompt",
    "HER2Category",
    "PathwayGene",
    "Prefix",
    "ReceptorError",
    "ReceptorResult",
    "ReceptorStatus",
    "Sex",
    "StageResult",
    "StageRow",
    "StagingError",
    "Subtype",
    "TreatmentClass",
    "TreatmentCondition",
    "TreatmentLine",
    "__version__",
    "categories",
    "genetic_testing_prompts",
    "likely_response",
    "parse_tnm",
    "pn_from_positive_nodes",
    "receptor_status",
    "receptors",
    "stage",
    "stage_grid",
    "stage_labels",
    "staging",
    "t_from_size_mm",
    "treatment_classes",
]

# Submodules that load on first use only (pandas, plotly, ipywidgets are heavy). The old
# presentation modules (figures, views, widgets, statistics_*) warn and point to ui.
_LAZY_SUBMODULES = {
    "cases",
    "cli",
    "cohort",
    "data",
    "datasets",
    "figures",
    "frames",
    "prognostic",
    "statistics",
    "statistics_views",
    "statistics_widgets",
    "ui",
    "views",
    "widgets",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY_SUBMODULES})
