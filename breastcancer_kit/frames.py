"""Compatibility name for :mod:`breastcancer_kit.staging.frame` (``stage_frame``).

``from breastcancer_kit.frames import stage_frame`` keeps working; new code can import it
from :mod:`breastcancer_kit.staging.frame`.
"""

from __future__ import annotations

from .staging.frame import BASIS_PREFIX, OUTPUT_COLUMNS, stage_frame

__all__ = ["BASIS_PREFIX", "OUTPUT_COLUMNS", "stage_frame"]
