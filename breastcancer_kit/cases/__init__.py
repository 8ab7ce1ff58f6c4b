"""Drill cases: reproducible random cases, answered and explained by the engine.

A domain package (no plotly, no ipywidgets, no ui): lessons, worksheets and assignments
build on it. Every case is drawn from the engine's own domains (the categories of
``tnm_categories.csv``, the anatomic grid, the prognostic grades, the receptor thresholds)
and its answer and explanation come from :func:`~breastcancer_kit.stage`,
:func:`~breastcancer_kit.receptor_status` and :func:`~breastcancer_kit.parse_tnm`, never
from a second copy of the rules. For education only.

API (stable)
------------
``generate(seed, level="basic", number=0) -> Case``
    Case ``number`` of the series ``(level, seed)``. Same arguments, same case.
``series(seed, level="basic", n=12) -> tuple[Case, ...]``
    The first ``n`` cases (``n`` from 1 to :data:`MAX_CASES`).
``from_id("level:seed:number") -> Case``
    The case named by ``Case.id`` (for answer keys, saved sessions).
``check(case, answer) -> Feedback``
    ``answer`` is typed text (``"cT2 cN1 cM0"``, ``"IIIB"``, ``"stage iiib"``,
    ``"no stage"``, ``"HR+/HER2-"``) or dropdown values keyed by
    ``answer_fields(case)`` (``{"t": ..., "n": ..., "m": ..., "prefix": ...}``,
    ``{"stage": ...}``, ``{"subtype": ...}``). Bad or empty answers raise
    :class:`~breastcancer_kit.errors.CaseError` (a ``ValueError``) with ``field``,
    ``value`` and ``allowed``.
``Feedback``
    Frozen: ``correct``, ``expected``, ``given``, ``explanation``, ``case_id``, ``verdict``.
``answer_fields(case)``, ``answer_options(case, prefix=None)``
    The dropdown fields of a case and the values each may take (engine domains).
``Level``
    ``BASIC``, ``SUBCATEGORIES``, ``PROGNOSTIC``, ``TRAPS``, ``RECEPTORS``, ``REVERSE``,
    ``MIXED`` (StrEnum; ``.title``, ``.summary``; ``Level.drawn()`` without MIXED);
    ``coerce_level("traps")`` reads a name.
``Ask``
    What a case asks: ``STAGE``, ``PROGNOSTIC_STAGE``, ``TNM``, ``SUBTYPE``,
    ``REVERSE_TNM``.
``Presentation``
    ``TNM_TEXT``, ``CLINICAL``, ``PATHOLOGY``.
``Case`` (frozen dataclass)
    Fields ``level``, ``series_level``, ``seed``, ``number``, ``ask``, ``presentation``,
    ``tnm``, ``findings`` (:class:`Findings`: ``size_mm``, ``positive_nodes``,
    ``nodes_examined``, ``largest_deposit_mm``, ``metastasis_sites``), ``grade``,
    ``er``, ``pr``, ``her2``, ``oncotype_rs``, ``report`` (:class:`ReceptorReport`),
    ``target_stage``, ``exact_codes``. Computed from the engine: ``id``
    (``"level:seed:number"``), ``question``, ``text`` (as presented),
    ``render(presentation)`` (TNM text, clinical description or pathology report),
    ``expected``, ``explanation``, ``staging()`` (StageResult), ``receptors()``
    (ReceptorResult), ``parsed()`` (TNM).
``NO_STAGE``
    The expected answer when the engine gives no stage group (``"no stage group"``).

Examples
--------
>>> from breastcancer_kit.cases import Level, check, generate, series
>>> case = generate(2026, Level.TRAPS, 0)
>>> case == generate(2026, "traps", 0)
True
>>> check(case, case.expected).correct
True
>>> len(series(1, Level.MIXED, 5))
5
>>> r = generate(11, Level.REVERSE)
>>> check(r, "T4 N0 M0").given
'cT4 cN0 cM0 (stage IIIB)'
"""

from __future__ import annotations

from ..errors import CaseError
from .case import Case, Findings, ReceptorReport, example_tnm
from .checker import Feedback, answer_fields, answer_options, check
from .generator import MAX_CASES, MAX_SEED, from_id, generate, series
from .levels import NO_STAGE, Ask, Level, Presentation, coerce_level

__all__ = [
    "MAX_CASES",
    "MAX_SEED",
    "NO_STAGE",
    "Ask",
    "Case",
    "CaseError",
    "Feedback",
    "Findings",
    "Level",
    "Presentation",
    "ReceptorReport",
    "answer_fields",
    "answer_options",
    "check",
    "coerce_level",
    "example_tnm",
    "from_id",
    "generate",
    "series",
]
