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

from ..cases import Level, coerce_level, generate, series
from ..errors import BreastCancerKitError, ParameterError
from ..limits import preview
from ..receptors import Sex, Subtype, genetic_testing_prompts, receptor_status
from ..staging import parse_tnm, pn_from_positive_nodes, t_from_size_mm
from ..staging.prognostic import PrognosticTable, biomarkers

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


# ------------------------------------------------------------------ readers (engine-backed)


def _tnm(value: object) -> str:
    parse_tnm(value)  # refuses anything stage() refuses, with its message
    return value  # type: ignore[return-value]


def _size(value: object) -> float:
    t_from_size_mm(value)
    return float(value)  # type: ignore[arg-type]


def _nodes(value: object) -> int:
    pn_from_positive_nodes(value)  # type: ignore[arg-type]
    return int(value)  # type: ignore[call-overload]


def _flag(name: str) -> Callable[[object], bool]:
    def read(value: object) -> bool:
        if not isinstance(value, bool):
            raise ParameterError(
                "expected True or False",
                field=name,
                value=preview(value),
                allowed=["True", "False"],
            )
        return value

    return read


def _table(value: object) -> str:
    if not isinstance(value, str) or value not in {t.value for t in PrognosticTable}:
        raise ParameterError(
            "unknown prognostic table",
            field="table",
            value=preview(value),
            allowed=[t.value for t in PrognosticTable],
        )
    return value


def _marker(name: str) -> Callable[[object], object]:
    def read(value: object) -> object:
        got = getattr(biomarkers(**{name: value}), name)
        if got is None:  # "GX" / missing: the explorer needs a value to draw
            raise ParameterError(
                "the explorer needs a known value", field=name, value=preview(value)
            )
        return got if name == "grade" else got.value

    return read


def _one_of(name: str, allowed: Callable[[], list[str]]) -> Callable[[object], str]:
    def read(value: object) -> str:
        if not isinstance(value, str) or value not in allowed():
            raise ParameterError("not an option", field=name, value=preview(value),
                                 allowed=allowed())  # fmt: skip
        return value

    return read


# Options of lessons 05 and 06, imported only when those lessons check them: the cohort and
# figure modules load pandas and plotly, which lessons 00-04 do not need (kernel memory).
def _statistics_views() -> list[str]:
    from .statistics.figures import STATISTICS_VIEWS

    return list(STATISTICS_VIEWS)


def _cohort_options(name: str) -> Callable[[], list[str]]:
    def options() -> list[str]:
        from ..statistics import cohorts

        return list(getattr(cohorts, name))

    return options


def _age(value: object) -> float:
    genetic_testing_prompts(None, age=value)  # type: ignore[arg-type]
    return value  # type: ignore[return-value]


def _sex(value: object) -> str:
    genetic_testing_prompts(None, sex=value)  # type: ignore[arg-type]
    return Sex(value).value


def _receptor_report(values: Mapping[str, object]) -> dict[str, object]:
    # The five pathology results are read together, as receptor_status() reads them, and
    # come back in its spelling ("ultralow" -> ">0<1+", 3 -> "3+").
    result = receptor_status(
        values["er_percent"], values["pr_percent"], values["her2_ihc"],
        values["her2_ish_ratio"], values["her2_copy_number"],
    )  # fmt: skip
    return {
        "er_percent": result.er_percent,
        "pr_percent": result.pr_percent,
        "her2_ihc": result.her2_ihc.value,
        "her2_ish_ratio": result.her2_ish_ratio,
        "her2_copy_number": result.her2_copy_number,
    }


def _level(value: object) -> str:
    return coerce_level(value).value


def _seed(value: object) -> int:
    generate(value, Level.REVERSE)  # type: ignore[arg-type]  # refuses what the drills refuse
    return value  # type: ignore[return-value]


def _count(value: object) -> int:
    series(0, Level.REVERSE, value)  # type: ignore[arg-type]  # 1 to MAX_CASES
    return value  # type: ignore[return-value]


def _number(value: object) -> object:
    return value  # checked with the whole report by _receptor_report


#: lesson -> (parameter -> reader), and an optional check of the parameters together.
LESSONS: dict[str, tuple[dict[str, Callable[[object], object]], Callable | None]] = {
    "00_start_here": ({"example_tnm": _tnm}, None),
    "01_tnm_and_stage_groups": (
        {"initial_tnm": _tnm, "size_mm": _size, "positive_nodes": _nodes},
        None,
    ),
    "02_prognostic_staging": (
        {
            "table": _table,
            "grade": _marker("grade"),
            "er": _marker("er"),
            "pr": _marker("pr"),
            "her2": _marker("her2"),
            "oncotype_low": _flag("oncotype_low"),
        },
        None,
    ),
    "03_receptors_and_subtypes": (
        {
            "er_percent": _number,
            "pr_percent": _number,
            "her2_ihc": _number,
            "her2_ish_ratio": _number,
            "her2_copy_number": _number,
            "germline_brca": _flag("germline_brca"),
            "pdl1_positive": _flag("pdl1_positive"),
        },
        _receptor_report,
    ),
    "04_tnbc_ibc_and_men": ({"age": _age, "sex": _sex, "ibc_tnm": _tnm}, None),
    "05_prevalence_and_survival": (
        {"view": _one_of("view", _statistics_views)},
        None,
    ),
    "06_real_cohort": (
        {
            "split": _one_of("split", _cohort_options("SPLITS")),
            "endpoint": _one_of("endpoint", _cohort_options("ENDPOINTS")),
        },
        None,
    ),
    "07_drills": ({"level": _level, "seed": _seed, "n": _count}, None),
    "08_metastatic_disease": (
        {"subtype": _one_of("subtype", lambda: [s.value for s in Subtype])},
        None,
    ),
}


def check(lesson: str, **values: object) -> LessonParameters:
    """Check a lesson's parameters with the engine; return them in the engine's spelling.

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
        checked[name] = _read(name, read, values[name])
    if together is not None:
        checked.update(_read(lesson, lambda _: together(values), None))  # type: ignore[arg-type]
    return LessonParameters(lesson, MappingProxyType(checked))


def _read(name: str, read: Callable[[object], object], value: object) -> object:
    try:
        return read(value)
    except ParameterError:
        raise
    except BreastCancerKitError as err:
        raise _as_parameter_error(err, name) from None


def _as_parameter_error(err: BreastCancerKitError, name: str) -> ParameterError:
    """The engine's own message, under the parameter's name (``text`` is the TNM string)."""
    field = name if err.field in (None, "text") else err.field
    text = str(err).removeprefix(f"{err.field}: ") if err.field else str(err)
    new = ParameterError.__new__(ParameterError)
    ValueError.__init__(new, f"{field}: {text}")
    new.field, new.value, new.allowed = field, err.value, err.allowed
    return new
