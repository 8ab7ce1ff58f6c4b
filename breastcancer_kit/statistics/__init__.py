"""Published statistics and a real cohort: what the numbers say, each with its source.

==============  ===================================================================
``cohorts``     GBSG2 (686 node-positive women) staged with the kit; Kaplan-Meier
                and log-rank from lifelines
``tables``      SEER and guide figures as tidy tables with provenance
==============  ===================================================================

Layer: above :mod:`breastcancer_kit.staging` (a cohort is staged with it). For education only.
"""

from __future__ import annotations

from .tables import list_tables, load_table, provenance

__all__ = ["list_tables", "load_table", "provenance"]
