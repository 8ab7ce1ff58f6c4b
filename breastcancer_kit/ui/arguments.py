"""Readers of a lesson's or an explorer's arguments, backed by the engine.

Every explorer builder (``prognostic_explorer``, ``cohort_explorer`` ...) and every lesson's
``parameters`` cell (:mod:`.lesson_parameters`) reads its values here before a widget sees
them: a value the engine refuses raises :class:`~breastcancer_kit.errors.ParameterError`
naming the argument, the value and what is allowed (a widget trait would have raised its own
``TraitError: Invalid selection``), and a value the engine accepts (``er="+"``, ``"G2"``) comes
back in the engine's spelling, which is what the widgets hold.

Examples
--------
>>> read("grade", marker("grade"), "G3"), read("er", marker("er"), "+")
(3, 'positive')
>>> try:
...     read("table", table, "nope")
... except ParameterError as err:
...     print(err)
table: unknown prognostic table (got 'nope'); allowed: clinical, pathological
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from ..cases import Level, coerce_level, generate, series
from ..errors import BreastCancerKitError, ParameterError
from ..limits import preview
from ..receptors import (
    Sex,
    Subtype,
    genetic_testing_prompts,
    receptor_status,
    treatment_options,
)
from ..staging import parse_tnm, pn_from_positive_nodes, t_from_size_mm
from ..staging.prognostic import PrognosticTable, biomarkers

__all__ = [
    "age", "as_given", "choice", "count", "flag", "level", "marker", "nodes", "one_of", "read",
    "receptor_report", "seed", "sex", "size_mm", "subtype", "table", "tnm", "treatment_setting",
]  # fmt: skip


def tnm(value: object) -> str:
    """A TNM text ``stage()`` reads, as given."""
    parse_tnm(value)  # refuses anything stage() refuses, with its message
    return value  # type: ignore[return-value]


def size_mm(value: object) -> float:
    """A tumour size in mm that ``t_from_size_mm`` reads, as a float."""
    t_from_size_mm(value)
    return float(value)  # type: ignore[arg-type]


def nodes(value: object) -> int:
    """A positive-node count that ``pn_from_positive_nodes`` reads, as an int."""
    pn_from_positive_nodes(value)  # type: ignore[arg-type]
    return int(value)  # type: ignore[call-overload]


def flag(name: str) -> Callable[[object], bool]:
    """A reader of ``name`` that takes only True or False."""

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


def table(value: object) -> str:
    """``"clinical"`` or ``"pathological"``."""
    if not isinstance(value, str) or value not in {t.value for t in PrognosticTable}:
        raise ParameterError(
            "unknown prognostic table",
            field="table",
            value=preview(value),
            allowed=[t.value for t in PrognosticTable],
        )
    return value


def marker(name: str) -> Callable[[object], object]:
    """A reader of ``name`` (grade, er, pr, her2) as ``stage()`` reads it, in its spelling."""

    def read(value: object) -> object:
        got = getattr(biomarkers(**{name: value}), name)
        if got is None:  # "GX" / missing: the explorer needs a value to draw
            raise ParameterError(
                "the explorer needs a known value", field=name, value=preview(value)
            )
        return got if name == "grade" else got.value

    return read


def one_of(name: str, allowed: Callable[[], list[str]]) -> Callable[[object], str]:
    """A reader of ``name`` that takes only one of ``allowed()``."""

    def read(value: object) -> str:
        if not isinstance(value, str) or value not in allowed():
            raise ParameterError("not an option", field=name, value=preview(value),
                                 allowed=allowed())  # fmt: skip
        return value

    return read


def choice(name: str, value: object, allowed: Collection[str]) -> str:
    """``value`` if it is one of ``allowed``, else a ParameterError naming ``name``.

    Examples
    --------
    >>> choice("split", "grade", ["grade", "hr_status"])
    'grade'
    """
    return one_of(name, lambda: list(allowed))(value)


def subtype(value: object) -> str:
    """A subtype by its name (``"HR+/HER2-"``, ``"triple-negative"`` ...)."""
    return choice("subtype", value, [s.value for s in Subtype])


def age(value: object) -> float:
    """An age that ``genetic_testing_prompts`` reads."""
    genetic_testing_prompts(None, age=value)  # type: ignore[arg-type]
    return value  # type: ignore[return-value]


def sex(value: object) -> str:
    """A sex that ``genetic_testing_prompts`` reads, in its spelling."""
    genetic_testing_prompts(None, sex=value)  # type: ignore[arg-type]
    return Sex(value).value


def receptor_report(values: Mapping[str, object]) -> dict[str, object]:
    """The five pathology results read together by ``receptor_status``, in its spelling."""
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


def level(value: object) -> str:
    """A drill level, by name or value, as its value."""
    return coerce_level(value).value


def seed(value: object) -> int:
    """A drill seed that ``generate`` reads."""
    generate(value, Level.REVERSE)  # type: ignore[arg-type]  # refuses what the drills refuse
    return value  # type: ignore[return-value]


def count(value: object) -> int:
    """A number of drill cases that ``series`` reads."""
    series(0, Level.REVERSE, value)  # type: ignore[arg-type]  # 1 to MAX_CASES
    return value  # type: ignore[return-value]


def as_given(value: object) -> object:
    """A value read later with the others (``receptor_report``, ``treatment_setting``)."""
    return value


def treatment_setting(values: Mapping[str, object]) -> dict[str, object]:
    """Subtype, line and biomarkers read together by ``treatment_options``."""
    # Lesson 09's parameters are read together, as treatment_options() reads them (a
    # HER2-low band with a HER2-positive subtype is refused there, naming her2_low).
    options = treatment_options(
        values["subtype"], values["line"], esr1=values["esr1"],
        pik3ca_akt1_pten=values["pik3ca_akt1_pten"], gbrca=values["gbrca"],
        pdl1_cps=values["pdl1_cps"], her2_low=values["her2_low"],
        brain_mets=values["brain_mets"],
    )  # fmt: skip
    return {"subtype": options.subtype.value, "line": options.line.value}


def read(name: str, reader: Callable[[object], object], value: object) -> object:
    """``reader(value)``; an engine error comes back as a ParameterError naming ``name``.

    Examples
    --------
    >>> read("size_mm", size_mm, 20.5)
    20.5
    >>> try:
    ...     read("size_mm", size_mm, -5)
    ... except ParameterError as err:
    ...     print(err)
    size_mm: number out of range (got -5); allowed: over 0 to 1000 (mm)
    """
    try:
        return reader(value)
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
