"""Receptors and what they mean: ER, PR, HER2, subtypes, treatment classes, testing prompts.

=====================  ===============================================================
``genetic_testing``    germline BRCA1/2 testing prompts (the guide's and current ones)
``therapy``            treatment classes per subtype, each row cited
``status``             ER/PR % and HER2 IHC/ISH to status, HER2 category and subtype
``subtypes``           the four subtypes and the guide's Table 3
``inputs``             one checked path for numbers read from a report
=====================  ===============================================================

Each module imports only the ones below it; every rule is a table in
:mod:`breastcancer_kit.data`. For education only.

Examples
--------
>>> from breastcancer_kit import receptors
>>> receptors.receptor_status(5, 0, "2+", her2_ish_ratio=1.8, her2_copy_number=6.5).subtype
<Subtype.HR_POS_HER2_POS: 'HR+/HER2+'>
"""

from __future__ import annotations

from ..errors import ReceptorError
from .genetic_testing import DiseaseSetting, GeneticTestingPrompt, Sex, genetic_testing_prompts
from .status import (
    HER2IHC,
    HER2Category,
    ReceptorResult,
    ReceptorStatus,
    her2_rules,
    ish_group,
    receptor_status,
    threshold,
)
from .subtypes import Subtype, likely_response
from .therapy import (
    PathwayGene,
    TreatmentClass,
    TreatmentCondition,
    TreatmentLine,
    treatment_classes,
)

__all__ = [
    "HER2IHC",
    "DiseaseSetting",
    "GeneticTestingPrompt",
    "HER2Category",
    "PathwayGene",
    "ReceptorError",
    "ReceptorResult",
    "ReceptorStatus",
    "Sex",
    "Subtype",
    "TreatmentClass",
    "TreatmentCondition",
    "TreatmentLine",
    "genetic_testing_prompts",
    "her2_rules",
    "ish_group",
    "likely_response",
    "receptor_status",
    "threshold",
    "treatment_classes",
]
