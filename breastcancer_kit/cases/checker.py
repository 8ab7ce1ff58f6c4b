"""Check a student's answer to a case with the engine: :func:`check` and :class:`Feedback`.

An answer is typed text (``"T2 N1 M0"``, ``"IIIB"``, ``"stage IIIb"``, ``"no stage"``,
``"HR+/HER2-"``) or the values of per-field dropdowns (``{"t": "T2", "n": "N1", "m": "M0"}``,
``{"stage": "IIIB"}``, ``{"subtype": "triple-negative"}``). A TNM answer is read by
:func:`~breastcancer_kit.parse_tnm` and a reverse answer staged by
:func:`~breastcancer_kit.stage`; the expected answer and the explanation come from the
case, which asks the engine. A bad or empty answer raises
:class:`~breastcancer_kit.errors.CaseError` naming the field, the value and what is allowed.

Layer: above :mod:`.case`. For education only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import BreastCancerKitError, CaseError
from ..limits import bounded_text, preview
from ..receptors import Subtype
from ..receptors.subtypes import NO_SUBTYPE
from ..staging import TNM, Axis, Prefix, parse_tnm, stage, stage_labels
from ..staging.parsing import category_defs
from ..vocabulary import ReceptorStatus
from .case import Case
from .levels import NO_STAGE, NO_STAGE_WORDS, Ask

__all__ = ["Feedback", "answer_fields", "answer_options", "check"]

#: Other ways to write "no subtype yet" and the subtypes (compared lower-case, no spaces).
_NO_SUBTYPE_WORDS = (
    ReceptorStatus.EQUIVOCAL.value, f"her2{ReceptorStatus.EQUIVOCAL.value}", "ishneeded",
    "nosubtype", "none",
)  # fmt: skip
_SUBTYPE_ALIASES = {"tnbc": Subtype.TRIPLE_NEGATIVE, "triplenegative": Subtype.TRIPLE_NEGATIVE,
                    "hr-/her2-": Subtype.TRIPLE_NEGATIVE}  # fmt: skip


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer.

    Attributes
    ----------
    correct : bool
    expected : str
        The engine's answer (for a reverse question: an example, and the stage asked for).
    given : str
        The answer as read (e.g. ``"cT2 cN1 cM0 (stage IIB)"``).
    explanation : str
        The engine's explanation.
    case_id : str
        :attr:`Case.id` of the case answered.
    """

    correct: bool
    expected: str
    given: str
    explanation: str
    case_id: str

    @property
    def verdict(self) -> str:
        """``"Right"`` or ``"Not quite"``."""
        return "Right" if self.correct else "Not quite"


def answer_fields(case: Case) -> tuple[str, ...]:
    """The dropdown fields an answer to this case may fill.

    Examples
    --------
    >>> from breastcancer_kit.cases import Level, generate
    >>> answer_fields(generate(1, Level.REVERSE))
    ('prefix', 't', 'n', 'm')
    """
    if case.ask in (Ask.TNM, Ask.REVERSE_TNM):
        return ("prefix", "t", "n", "m")
    return ("subtype",) if case.ask is Ask.SUBTYPE else ("stage",)


def _prefix_of(case: Case) -> Prefix:
    return case.parsed().t.prefix if case.tnm else Prefix.CLINICAL


def answer_options(case: Case, prefix: Prefix | str | None = None) -> dict[str, tuple[str, ...]]:
    """The values each dropdown field may take, from the engine's domains.

    Parameters
    ----------
    case : Case
    prefix : {"c", "p", "yc", "yp"}, optional
        For T, N, M answers: the prefix whose N codes to list (default: the case's).

    Examples
    --------
    >>> from breastcancer_kit.cases import Level, generate
    >>> answer_options(generate(1, Level.BASIC, 0))["stage"][-2:]
    ('IV', 'no stage group')
    >>> answer_options(generate(1, Level.REVERSE), prefix="c")["m"]
    ('M0', 'M0(i+)', 'M1')
    """
    if case.ask is Ask.SUBTYPE:
        return {"subtype": (*(s.value for s in Subtype), NO_SUBTYPE)}
    if case.ask not in (Ask.TNM, Ask.REVERSE_TNM):
        return {"stage": (*stage_labels(), NO_STAGE)}
    chosen = _read_prefix(prefix) if prefix is not None else _prefix_of(case)
    m_prefix = Prefix.CLINICAL

    def codes(axis: Axis, p: Prefix) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(d.code for d in category_defs() if d.axis is axis and p in d.prefixes)
        )

    return {
        "prefix": tuple(p.value for p in Prefix),
        "t": codes(Axis.T, chosen),
        "n": codes(Axis.N, chosen),
        "m": codes(Axis.M, m_prefix),
    }


def _read_prefix(value: object) -> Prefix:
    allowed = [p.value for p in Prefix]
    if isinstance(value, Prefix):
        return value
    if isinstance(value, str) and value.strip().lower() in allowed:
        return Prefix(value.strip().lower())
    raise CaseError("unknown prefix", field="prefix", value=preview(value), allowed=allowed)


# ------------------------------------------------------------------ reading answers


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise CaseError(
            f"expected text, not {type(value).__name__}", field=field, value=preview(value)
        )
    text = bounded_text(value, field, CaseError).strip()
    if not text:
        raise CaseError("the answer is empty", field=field, value=value)
    return text


def _one_field(answer: object, case: Case) -> str:
    """The single text of a stage or subtype answer (typed, or one dropdown)."""
    (field,) = answer_fields(case)
    if isinstance(answer, Mapping):
        extra = sorted(str(k) for k in answer if k != field)
        if extra or field not in answer:
            raise CaseError(
                "unexpected answer fields", field="answer", value=preview(extra or list(answer)),
                allowed=[field],
            )  # fmt: skip
        return _text(answer[field], field)
    return _text(answer, "answer")


def _read_stage(answer: object, case: Case) -> str:
    text = _one_field(answer, case)
    key = " ".join(text.lower().split())
    if key in NO_STAGE_WORDS:
        return NO_STAGE
    label = key.removeprefix("stage").strip().upper()
    if label in stage_labels():
        return label
    raise CaseError(
        "not a stage group: this case asks for a stage group, not T, N and M",
        field="answer",
        value=preview(text),
        allowed=[*stage_labels(), NO_STAGE],
    )


def _read_subtype(answer: object, case: Case) -> str:
    text = _one_field(answer, case)
    key = "".join(text.lower().split())
    if key in _NO_SUBTYPE_WORDS or key == "".join(NO_SUBTYPE.lower().split()):
        return NO_SUBTYPE
    for sub in Subtype:
        if key == "".join(sub.value.lower().split()):
            return sub.value
    if key in _SUBTYPE_ALIASES:
        return _SUBTYPE_ALIASES[key].value
    raise CaseError(
        "not a receptor subtype",
        field="answer",
        value=preview(text),
        allowed=[
            *(s.value for s in Subtype),
            f"{ReceptorStatus.EQUIVOCAL.value} (no subtype until ISH)",
        ],
    )


def _read_tnm(answer: object, case: Case) -> TNM:
    default = _prefix_of(case)
    try:
        if isinstance(answer, Mapping):
            fields = set(answer_fields(case))
            extra = sorted(str(k) for k in answer if k not in fields)
            missing = sorted({"t", "n", "m"} - set(answer))
            if extra or missing:
                raise CaseError(
                    "the answer needs the fields t, n and m (and may give prefix)",
                    field="answer", value=preview({"unknown": extra, "missing": missing}),
                    allowed=list(answer_fields(case)),
                )  # fmt: skip
            prefix = _read_prefix(answer["prefix"]) if answer.get("prefix") else default
            return parse_tnm(
                t=_text(answer["t"], "t"),
                n=_text(answer["n"], "n"),
                m=_text(answer["m"], "m"),
                prefix=prefix,
            )
        text = _text(answer, "answer")
        try:
            return parse_tnm(text, prefix=default)
        except BreastCancerKitError:
            # parse_tnm(text, prefix="p") also gives a bare "M0" the p prefix, which M0 does
            # not take: read the text as written (c for what carries no prefix) instead.
            return parse_tnm(text)
    except CaseError:
        raise
    except BreastCancerKitError as err:  # the engine's message, under the answer's name
        raise _as_case_error(err) from None


def _as_case_error(err: BreastCancerKitError) -> CaseError:
    field = "answer" if err.field in (None, "text") else err.field
    text = str(err).removeprefix(f"{err.field}: ") if err.field else str(err)
    new = CaseError.__new__(CaseError)
    ValueError.__init__(new, f"{field}: {text}")
    new.field, new.value, new.allowed = field, err.value, err.allowed
    return new


# ------------------------------------------------------------------ checking


def _check_stage(case: Case, answer: object) -> Feedback:
    given = _read_stage(answer, case)
    expected = case.expected
    return Feedback(given == expected, expected, given, case.explanation, case.id)


def _check_subtype(case: Case, answer: object) -> Feedback:
    given = _read_subtype(answer, case)
    expected = case.expected
    return Feedback(given == expected, expected, given, case.explanation, case.id)


def _check_tnm(case: Case, answer: object) -> Feedback:
    given = _read_tnm(answer, case)
    want = case.parsed()
    attr = "code" if case.exact_codes else "group"
    pairs = [(getattr(g, attr), getattr(w, attr)) for g, w in zip(
        (given.t, given.n, given.m), (want.t, want.n, want.m), strict=True)]  # fmt: skip
    correct = all(g == w for g, w in pairs)
    wrong = [w for g, w in pairs if g != w]
    explanation = case.explanation
    if wrong:
        explanation = f"Expected {', '.join(wrong)}. {explanation}"
    return Feedback(correct, case.expected, _staged_text(given), explanation, case.id)


def _staged_text(tnm: TNM) -> str:
    result = stage(str(tnm))
    return f"{tnm} (stage {result.anatomic})" if result.anatomic else f"{tnm} ({NO_STAGE})"


def _check_reverse(case: Case, answer: object) -> Feedback:
    given = _read_tnm(answer, case)
    result = stage(str(given))
    correct = result.anatomic == case.target_stage
    expected = f"stage {case.target_stage}, for example {case.expected}"
    explanation = result.explain()
    if not correct:
        explanation += f" {case.explanation}"
    return Feedback(correct, expected, _staged_text(given), explanation, case.id)


_CHECKS = {
    Ask.STAGE: _check_stage,
    Ask.PROGNOSTIC_STAGE: _check_stage,
    Ask.SUBTYPE: _check_subtype,
    Ask.TNM: _check_tnm,
    Ask.REVERSE_TNM: _check_reverse,
}


def check(case: Case, answer: str | Mapping[str, str]) -> Feedback:
    """Check an answer to ``case`` with the engine.

    Parameters
    ----------
    case : Case
    answer : str or mapping
        Typed text, or dropdown values keyed by :func:`answer_fields`.

    Returns
    -------
    Feedback

    Raises
    ------
    CaseError
        An empty answer, text too long, an answer of the wrong kind (a TNM for a stage
        question, a stage for a TNM question), or an answer the engine cannot read.

    Examples
    --------
    >>> from breastcancer_kit.cases import Level, generate
    >>> case = generate(7, Level.REVERSE)
    >>> fb = check(case, case.expected)
    >>> fb.correct
    True
    >>> check(case, {"t": "T2", "n": "N0", "m": "M1"}).given
    'cT2 cN0 cM1 (stage IV)'
    """
    if not isinstance(case, Case):
        raise CaseError(
            f"expected a Case, not {type(case).__name__}", field="case", value=preview(case)
        )
    return _CHECKS[case.ask](case, answer)
