"""One check for every lesson's ``parameters`` cell: a bad value fails in one readable line.

Each lesson calls :func:`check` right after its parameters cell. Every value is read by the
engine itself (``stage``, ``t_from_size_mm``, ``receptor_status`` ...), so a lesson accepts
exactly what the engine accepts (``er="+"``, ``her2="low"``, ``"G2"``) and hands the
widgets the engine's own spelling. A value the engine refuses raises
:class:`~breastcancer_kit.errors.ParameterError`: in a notebook, and in papermill's error,
it is one line naming the parameter, the value and what is allowed.

Examples
--------
>>> p = check("02_prognostic_staging", table="clinical", grade="G3", er="+", pr="-",
...           her2="low", oncotype_low=False)
>>> p.grade, p.er, p.pr, p.her2
(3, 'positive', 'negative', 'negative')
>>> try:
...     check("01_tnm_and_stage_groups", initial_tnm="cT2 cN1 cM0", size_mm=-5,
...           positive_nodes=0)
... except ParameterError as err:
...     print(err)
size_mm: number out of range (got -5); allowed: over 0 to 1000 (mm)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..errors import ParameterError
from . import arguments, page_style

__all__ = ["LESSONS", "LessonParameters", "check"]


@dataclass(frozen=True)
class LessonParameters:
    """A lesson's checked parameters, read as attributes (``params.size_mm``)."""

    lesson: str
    values: Mapping[str, object]

    def __getattr__(self, name: str) -> object:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(f"lesson {self.lesson} has no parameter {name!r}") from None


# Readers that need a lesson slice's choices (the rest are in :mod:`.arguments`).


# Lessons 05 and 06 read their choices from modules that load pandas (and plotly): imported
# when those lessons are checked, so that lesson 00 runs where pandas is absent (a JupyterLite
# kernel assembled without Pyodide's numpy/pandas; tools/assemble_pyodide.py).
def _statistics_views() -> list[str]:
    from .statistics.figures import STATISTICS_VIEWS

    return list(STATISTICS_VIEWS)


def _trial_views():
    from .trials import views

    return views


def _cohorts():
    from ..statistics import cohorts

    return cohorts


def _trial_group(value: object) -> object:
    if value is None:
        return None
    return arguments.one_of("group", lambda: sorted(set(_trial_views().trial_groups().values())))(
        value
    )


#: lesson -> (parameter -> reader), and an optional check of the parameters together.
LESSONS: dict[str, tuple[dict[str, Callable[[object], object]], Callable | None]] = {
    "00_start_here": ({"example_tnm": arguments.tnm}, None),
    "01_tnm_and_stage_groups": (
        {
            "initial_tnm": arguments.tnm,
            "size_mm": arguments.size_mm,
            "positive_nodes": arguments.nodes,
        },
        None,
    ),
    "02_prognostic_staging": (
        {
            "table": arguments.table,
            "grade": arguments.marker("grade"),
            "er": arguments.marker("er"),
            "pr": arguments.marker("pr"),
            "her2": arguments.marker("her2"),
            "oncotype_low": arguments.flag("oncotype_low"),
        },
        None,
    ),
    "03_receptors_and_subtypes": (
        {
            "er_percent": arguments.as_given,
            "pr_percent": arguments.as_given,
            "her2_ihc": arguments.as_given,
            "her2_ish_ratio": arguments.as_given,
            "her2_copy_number": arguments.as_given,
            "germline_brca": arguments.flag("germline_brca"),
            "pdl1_positive": arguments.flag("pdl1_positive"),
        },
        arguments.receptor_report,
    ),
    "04_tnbc_ibc_and_men": (
        {"age": arguments.age, "sex": arguments.sex, "ibc_tnm": arguments.tnm},
        None,
    ),
    "05_prevalence_and_survival": (
        {"view": arguments.one_of("view", _statistics_views)},
        None,
    ),
    "06_real_cohort": (
        {
            "split": arguments.one_of("split", lambda: list(_cohorts().SPLITS)),
            "endpoint": arguments.one_of("endpoint", lambda: list(_cohorts().ENDPOINTS)),
        },
        None,
    ),
    "07_drills": ({"level": arguments.level, "seed": arguments.seed, "n": arguments.count}, None),
    "08_metastatic_disease": (
        {"subtype": arguments.subtype},
        None,
    ),
    "09_treatment_by_line": (
        {
            "subtype": arguments.as_given,
            "line": arguments.as_given,
            "esr1": arguments.as_given,
            "pik3ca_akt1_pten": arguments.as_given,
            "gbrca": arguments.as_given,
            "pdl1_cps": arguments.as_given,
            "her2_low": arguments.as_given,
            "brain_mets": arguments.as_given,
        },
        arguments.treatment_setting,
    ),
    "10_reading_a_trial": (
        {
            "endpoint": arguments.one_of("endpoint", lambda: list(_trial_views().ENDPOINTS)),
            "group": _trial_group,
            "trial": arguments.one_of("trial", lambda: list(_trial_views().trial_groups())),
        },
        None,
    ),
}


def check(lesson: str, **values: object) -> LessonParameters:
    """Check a lesson's parameters with the engine; return them in the engine's spelling.

    In a notebook it also puts the lessons' page style on the page (printed text that wraps
    between words, a visible focus ring: :mod:`~breastcancer_kit.ui.page_style`), first of
    everything the lesson shows, since every lesson calls it in its first cell after the
    parameters.

    Parameters
    ----------
    lesson : str
        The notebook's name without ``.ipynb`` (a key of :data:`LESSONS`).
    **values
        Every parameter of that lesson, by name.

    Raises
    ------
    ParameterError
        One line: the parameter, the bad value and what is allowed (also for a missing or
        unknown parameter name).

    Examples
    --------
    >>> check("00_start_here", example_tnm="T4d N1 M0").example_tnm
    'T4d N1 M0'
    """
    page_style.show()
    if lesson not in LESSONS:
        raise ParameterError("unknown lesson", field="lesson", value=lesson, allowed=list(LESSONS))
    readers, together = LESSONS[lesson]
    unknown = sorted(set(values) - set(readers))
    missing = sorted(set(readers) - set(values))
    if unknown or missing:
        raise ParameterError(
            "parameters do not match the lesson",
            field=lesson,
            value={"unknown": unknown, "missing": missing},
            allowed=list(readers),
        )
    checked = {}
    for name, read in readers.items():
        checked[name] = arguments.read(name, read, values[name])
    if together is not None:
        checked.update(arguments.read(lesson, lambda _: together(values), None))  # type: ignore[arg-type]
    return LessonParameters(lesson, MappingProxyType(checked))
