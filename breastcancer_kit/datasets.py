"""Compatibility name for :mod:`breastcancer_kit.statistics.tables` (statistics tables).

``bck.datasets.load_table("seer_subtypes")`` keeps working. Every kind of table (rules,
statistics, cohorts) is also reachable through :mod:`breastcancer_kit.data`.
"""

from __future__ import annotations

from .statistics.tables import SOURCED_COLUMNS, list_tables, load_table, provenance

__all__ = ["SOURCED_COLUMNS", "list_tables", "load_table", "provenance"]
