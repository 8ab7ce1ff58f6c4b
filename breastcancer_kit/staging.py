"""AJCC 8th-edition anatomic staging of breast cancer.

Implements the anatomic stage groups of the AJCC Cancer Staging Manual, 8th
edition, breast chapter as revised for use from 2018-01-01. Every rule lives in
a CSV under ``breastcancer_kit/data`` with a provenance record beside it:

* ``tnm_categories.csv``: every T, N and M category and subcategory, the prefixes
  it is defined for, its grouping category and a definition in our own words;
* ``tnm_suffixes.csv`` and ``tnm_retired_codes.csv``: the (m), (sn), (f) suffixes and
  the codes earlier editions used, with the reason they are refused;
* ``anatomic_stage_groups.csv``: the whole T x N x M grid (84 rows), one row per
  grouping combination, including the ones that get no stage and why;
* ``anatomic_post_therapy_rules.csv``: the post-neoadjuvant (yp) exceptions;
* ``node_count_rules.csv``: positive axillary node count to pN.

This is teaching material, never a basis for clinical decisions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from numbers import Real

from . import _data
from .errors import StagingError
from .prognostic import Biomarkers, PrognosticRow, PrognosticTable, biomarkers, prognostic_lookup

__all__ = [
    "EDITION",
    "TNM",
    "Axis",
    "Basis",
    "Category",
    "Extent",
    "Prefix",
    "StageResult",
    "StageRow",
    "categories",
    "parse_tnm",
    "pn_from_positive_nodes",
    "stage",
    "stage_grid",
    "stage_labels",
    "t_from_size_mm",
]

EDITION = "AJCC Cancer Staging Manual, 8th edition, breast chapter (revised, effective 2018-01-01)"


class Axis(StrEnum):
    """The three TNM axes."""

    T = "T"
    N = "N"
    M = "M"


class Prefix(StrEnum):
    """Classification prefixes: clinical, pathological, and after neoadjuvant therapy."""

    CLINICAL = "c"
    PATHOLOGICAL = "p"
    POST_THERAPY_CLINICAL = "yc"
    POST_THERAPY_PATHOLOGICAL = "yp"

    @property
    def post_therapy(self) -> bool:
        """True for yc and yp."""
        return self.value.startswith("y")


class Basis(StrEnum):
    """Which classification a set of categories forms."""

    CLINICAL = "clinical"
    PATHOLOGICAL = "pathological"
    POST_THERAPY = "post-therapy"


class Extent(StrEnum):
    """How far the cancer has gone, in the words lessons use."""

    IN_SITU = "in situ"
    EARLY = "early"
    LOCALLY_ADVANCED = "locally advanced"
    METASTATIC = "metastatic"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class _CategoryDef:
    axis: Axis
    code: str
    group: str
    prefixes: tuple[Prefix, ...]
    label: str
    definition: str
    size_min_mm: float | None
    size_max_mm: float | None


def _float_or_none(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def _category_defs() -> tuple[_CategoryDef, ...]:
    return tuple(
        _CategoryDef(
            axis=Axis(r["axis"]),
            code=r["code"],
            group=r["group"],
            prefixes=tuple(Prefix(p) for p in r["prefixes"].split("|")),
            label=r["label"],
            definition=r["definition"],
            size_min_mm=_float_or_none(r["size_min_mm"]),
            size_max_mm=_float_or_none(r["size_max_mm"]),
        )
        for r in _data.rows("tnm_categories.csv")
    )


@cache
def _codes(axis: Axis) -> tuple[str, ...]:
    """Codes of one axis in table order, without repeats."""
    return tuple(dict.fromkeys(d.code for d in _category_defs() if d.axis is axis))


@cache
def _groups(axis: Axis) -> tuple[str, ...]:
    """Grouping categories of one axis, in table order (TX, T0, Tis, T1 ...)."""
    return tuple(dict.fromkeys(d.group for d in _category_defs() if d.axis is axis))


@cache
def _suffix_defs() -> dict[str, dict[str, str]]:
    return {r["suffix"]: r for r in _data.rows("tnm_suffixes.csv")}


@cache
def _retired() -> dict[str, str]:
    return {r["code"].lower(): r["message"] for r in _data.rows("tnm_retired_codes.csv")}


@dataclass(frozen=True)
class StageRow:
    """One row of the anatomic stage-group table: the row that decided a result.

    Attributes
    ----------
    table : str
        The CSV file the row comes from.
    line : int
        Its line number in that file (the header is line 1).
    t, n, m : str
        The grouping categories (for post-therapy rules ``n`` is the exact code).
    stage : str or None
        The stage group, or None when the combination is not staged.
    rule : str
        A short rule name (``grid``, ``any-M1``, ``N1mi-as-N1`` ...).
    note : str
        The rule in plain words.

    """

    table: str
    line: int
    t: str
    n: str
    m: str
    stage: str | None
    rule: str
    note: str


@cache
def _grid() -> dict[tuple[str, str, str], StageRow]:
    name = "anatomic_stage_groups.csv"
    return {
        (r["t"], r["n"], r["m"]): StageRow(
            name, i + 2, r["t"], r["n"], r["m"], r["stage"] or None, r["rule"], r["note"]
        )
        for i, r in enumerate(_data.rows(name))
    }


@cache
def _post_therapy_rules() -> dict[tuple[str, str], StageRow]:
    name = "anatomic_post_therapy_rules.csv"
    return {
        (r["t"], r["n_code"]): StageRow(
            name, i + 2, r["t"], r["n_code"], "M0", r["stage"] or None, r["rule"], r["note"]
        )
        for i, r in enumerate(_data.rows(name))
    }


@cache
def _labels() -> dict[str, dict[str, str]]:
    return {r["stage"]: r for r in _data.rows("anatomic_stage_labels.csv")}


def stage_labels() -> tuple[str, ...]:
    """Return the anatomic stage groups in order, from 0 to IV.

    Examples
    --------
    >>> stage_labels()
    ('0', 'IA', 'IB', 'IIA', 'IIB', 'IIIA', 'IIIB', 'IIIC', 'IV')

    """
    return tuple(sorted(_labels(), key=lambda s: int(_labels()[s]["order"])))


# --------------------------------------------------------------------------- parsed types


@dataclass(frozen=True)
class Category:
    """One parsed TNM category, such as ``pN1mi(sn)``.

    Attributes
    ----------
    axis : Axis
    prefix : Prefix
    code : str
        The category without prefix or suffixes, in canonical spelling (``N1mi``).
    group : str
        The grouping category the stage table uses (``T1mi`` -> ``T1``).
    suffixes : tuple of str
        ``(m)``, ``(sn)`` or ``(f)``.
    label, definition : str
        Plain-language meaning, in the kit's own words.
    notes : tuple of str
        Remarks raised while reading it (e.g. a pathological subcategory used clinically).

    """

    axis: Axis
    prefix: Prefix
    code: str
    group: str
    suffixes: tuple[str, ...] = ()
    label: str = ""
    definition: str = ""
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The category as written: prefix, code and suffixes (``pT1c(m)``)."""
        return f"{self.prefix.value}{self.code}{''.join(self.suffixes)}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class TNM:
    """A parsed T, N, M triple.

    Examples
    --------
    >>> tnm = parse_tnm("pT1c(m) pN1mi(sn) cM0")
    >>> str(tnm), tnm.basis.value
    ('pT1c(m) pN1mi(sn) cM0', 'pathological')

    """

    t: Category
    n: Category
    m: Category

    @property
    def basis(self) -> Basis:
        """Post-therapy if T/N carry y, pathological if T or N is p, else clinical."""
        prefixes = (self.t.prefix, self.n.prefix)
        if any(p.post_therapy for p in prefixes):
            return Basis.POST_THERAPY
        if Prefix.PATHOLOGICAL in prefixes:
            return Basis.PATHOLOGICAL
        return Basis.CLINICAL

    def __str__(self) -> str:
        return f"{self.t} {self.n} {self.m}"


@dataclass(frozen=True)
class StageResult:
    """The outcome of :func:`stage`.

    Attributes
    ----------
    tnm : TNM
        The categories as read.
    anatomic : str or None
        The anatomic stage group (``"IIIB"``), or None when the case is not staged.
    reason : str or None
        Why there is no stage group (None when there is one).
    t_group, n_group, m_group : str
        The grouping categories used to look up the table.
    basis : Basis
        Clinical, pathological or post-therapy classification.
    row : StageRow
        The table row that decided the result.
    edition : str
        The staging edition implemented.
    extent : Extent or None
        In situ, early, locally advanced or metastatic.
    notes : tuple of str
        Remarks worth showing a student (rules applied, unusual notation).

    """

    tnm: TNM
    anatomic: str | None
    reason: str | None
    t_group: str
    n_group: str
    m_group: str
    basis: Basis
    row: StageRow
    edition: str = EDITION
    extent: Extent | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    biomarkers: Biomarkers = field(default_factory=Biomarkers)
    prognostic: str | None = None
    prognostic_table: str | None = None
    prognostic_reason: str | None = None
    prognostic_row: PrognosticRow | None = None

    @property
    def staged(self) -> bool:
        """True when a stage group was assigned."""
        return self.anatomic is not None

    def explain(self) -> str:
        """Explain the result in a few plain sentences.

        Examples
        --------
        >>> print(stage("T4d N1 M0").explain())
        cT4d is inflammatory carcinoma, grouped as T4; T4 N1 M0 is stage IIIB (locally advanced).

        """
        steps = [
            f"{c.text} is {c.label}, grouped as {c.group}"
            for c in (self.tnm.t, self.tnm.n, self.tnm.m)
            if c.code != c.group
        ]
        combo = f"{self.t_group} {self.n_group} {self.m_group}"
        if self.anatomic is not None:
            steps.append(f"{combo} is stage {self.anatomic} ({self.extent})")
        else:
            steps.append(f"{combo} gets no stage group")
        text = "; ".join(steps) + "."
        extra = [self.row.note] if self.row.note else []
        extra += [n for n in self.notes if n not in extra]
        if self.biomarkers.given or self.biomarkers.oncotype_rs is not None:
            extra.append(self._explain_prognostic())
        return " ".join([text, *extra])

    def _explain_prognostic(self) -> str:
        if self.prognostic is None:
            return f"No prognostic stage. {self.prognostic_reason}"
        row = self.prognostic_row
        assert row is not None  # set together with .prognostic
        if row.source == "prognostic_oncotype_rule.csv":
            how = row.note
        elif row.grade == "*":
            cell = f"{self.t_group} {self.n_group} {self.m_group}"
            how = f"{cell} is {self.prognostic} whatever the biomarkers."
        else:
            how = (
                f"row group {row.row_group} ({self.t_group} {self.n_group} {self.m_group}, "
                f"anatomic {self.anatomic}) with {self.biomarkers.describe()}."
            )
        return (
            f"{str(self.prognostic_table).capitalize()} prognostic stage {self.prognostic}: {how}"
        )


# --------------------------------------------------------------------------- parsing


_PREFIX_RE = r"(?P<prefix>yc|yp|c|p)?"
_SUFFIX_RE = r"(?P<suffixes>(?:\((?:sn|f|m)\))*)"


@cache
def _token_re() -> re.Pattern[str]:
    codes = [c for axis in Axis for c in _codes(axis)]
    retired = [c for c in _retired() if c[0] in "tnm"]
    alternatives = sorted({c.lower() for c in codes} | set(retired), key=len, reverse=True)
    body = "|".join(re.escape(a) for a in alternatives)
    return re.compile(_PREFIX_RE + f"(?P<code>{body})" + _SUFFIX_RE)


@cache
def _canonical() -> dict[str, tuple[Axis, str]]:
    return {c.lower(): (axis, c) for axis in Axis for c in _codes(axis)}


def _allowed_codes() -> list[str]:
    return [f"{axis.value}: " + " ".join(_codes(axis)) for axis in Axis]


def _normalise(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"\s*\(\s*", "(", text)  # "pN0 ( i+ )" -> "pN0(i+ )"
    text = re.sub(r"\s*\)", ")", text)
    text = re.sub(r"\b(yc|yp|c|p)\s+(?=[tnm])", r"\1", text)  # "yp T0" -> "ypt0"
    text = re.sub(r"\b([tnm])\s+(?=[0-9xi])", r"\1", text)  # "T 2" -> "t2"
    return text


def _make_category(
    axis: Axis, prefix: Prefix, code: str, suffixes: tuple[str, ...], written: str
) -> Category:
    if axis is Axis.M and prefix.post_therapy:
        raise StagingError(
            "M takes no post-therapy prefix: the M category is the one found before treatment",
            field="m",
            value=written,
            allowed=["cM0", "cM0(i+)", "cM1", "pM1"],
        )
    defs = [d for d in _category_defs() if d.axis is axis and d.code == code]
    chosen = next((d for d in defs if prefix in d.prefixes), None)
    notes: list[str] = []
    if chosen is None:
        allowed_prefixes = sorted({p.value for d in defs for p in d.prefixes})
        if axis is Axis.N:
            # N subcategories differ between clinical and pathological classification;
            # the grouping category is the same, so read it and say so.
            chosen = defs[0]
            kind = (
                "pathological (p, yp)"
                if Prefix.PATHOLOGICAL in chosen.prefixes
                else ("clinical (c, yc)")
            )
            notes.append(
                f"{prefix.value}{code}: {code} is defined only for {kind} classification; "
                f"read as {chosen.group} for grouping."
            )
        else:
            raise StagingError(
                f"prefix {prefix.value!r} is not defined for {code}",
                field=axis.value.lower(),
                value=written,
                allowed=[f"{p}{code}" for p in allowed_prefixes],
            )
    seen: set[str] = set()
    for s in suffixes:
        spec = _suffix_defs()[s]
        if s in seen:
            raise StagingError(f"suffix {s} given twice", field=axis.value.lower(), value=written)
        seen.add(s)
        if spec["axis"] != axis.value or prefix.value not in spec["prefixes"].split("|"):
            allowed = [f"{p}{spec['axis']}..{s}" for p in spec["prefixes"].split("|")]
            raise StagingError(
                f"suffix {s} ({spec['meaning'].rstrip('.').lower()}) does not apply to "
                f"{prefix.value}{code}",
                field=axis.value.lower(),
                value=written,
                allowed=allowed,
            )
    return Category(
        axis=axis,
        prefix=prefix,
        code=code,
        group=chosen.group,
        suffixes=tuple(suffixes),
        label=chosen.label,
        definition=chosen.definition,
        notes=tuple(notes),
    )


@lru_cache(maxsize=4096)
def _read_tokens(text: str, default_prefix: Prefix, field_name: str) -> tuple[Category, ...]:
    """Read every category in ``text`` (whitespace/comma separated, or run together).

    Cached: the result is immutable, and whole frames repeat the same few spellings.
    """
    found: list[Category] = []
    pattern = _token_re()
    for chunk in re.split(r"[\s,;+/]+(?![^(]*\))", _normalise(text)):
        pos = 0
        while pos < len(chunk):
            m = pattern.match(chunk, pos)
            if m is None:
                raise StagingError(
                    f"cannot read {chunk[pos:]!r} as a TNM category; write e.g. 'cT2 cN1 cM0' "
                    "(prefix c, p, yc or yp; suffixes (m), (sn), (f))",
                    field=field_name,
                    value=text,
                    allowed=_allowed_codes(),
                )
            pos = m.end()
            code_lower = m["code"]
            prefix_text = m["prefix"] or ""
            if code_lower in _retired() or (prefix_text + code_lower) in _retired():
                key = prefix_text + code_lower
                message = _retired().get(key) or _retired()[code_lower]
                raise StagingError(message, field=field_name, value=text)
            axis, code = _canonical()[code_lower]
            prefix = Prefix(prefix_text) if prefix_text else default_prefix
            suffixes = tuple(re.findall(r"\([a-z]+\)", m["suffixes"]))
            written = f"{prefix.value}{code}{''.join(suffixes)}"
            found.append(_make_category(axis, prefix, code, suffixes, written))
    return tuple(found)


def _coerce_prefix(prefix: object) -> Prefix:
    if prefix is None:
        return Prefix.CLINICAL
    if isinstance(prefix, Prefix):
        return prefix
    if isinstance(prefix, str) and prefix.strip().lower() in {p.value for p in Prefix}:
        return Prefix(prefix.strip().lower())
    raise StagingError(
        "unknown classification prefix",
        field="prefix",
        value=prefix,
        allowed=[p.value for p in Prefix],
    )


def _check_str(value: object, field_name: str, example: str) -> str:
    if not isinstance(value, str):
        raise StagingError(
            f"expected text such as {example!r}, not {type(value).__name__}",
            field=field_name,
            value=value,
        )
    if not value.strip():
        raise StagingError(f"empty text; write e.g. {example!r}", field=field_name, value=value)
    return value


def parse_tnm(
    text: str | None = None,
    *,
    t: str | None = None,
    n: str | None = None,
    m: str | None = None,
    prefix: str | Prefix | None = None,
) -> TNM:
    """Read TNM categories as clinicians write them.

    Parameters
    ----------
    text : str, optional
        The whole classification, e.g. ``"cT2 cN1a cM0"``, ``"pT1c(m) pN1mi(sn) cM0"``,
        ``"T4d N3c M1"`` or run together (``"T2N1M0"``). Case and spacing do not matter.
    t, n, m : str, optional
        The keyword form, used instead of ``text``: ``t="T2", n="N1", m="M0"``.
    prefix : {"c", "p", "yc", "yp"}, optional
        Prefix for T and N categories written without one (default clinical, ``c``).
        M categories written without a prefix are always clinical.

    Returns
    -------
    TNM

    Raises
    ------
    StagingError
        Unknown or malformed category, a missing or repeated axis, a prefix or suffix
        that does not apply, or mixing post-therapy (y) with other prefixes on T and N.

    Examples
    --------
    >>> parse_tnm("ypT0 ypN0(i+) cM0").n.group
    'N0'
    >>> parse_tnm(t="T2", n="N1", m="M0", prefix="p").t.text
    'pT2'

    """
    default = _coerce_prefix(prefix)
    if text is not None:
        if any(v is not None for v in (t, n, m)):
            raise StagingError(
                "give either text or the keywords t, n and m, not both", field="text", value=text
            )
        cats = list(_read_tokens(_check_str(text, "text", "cT2 cN1 cM0"), default, "text"))
    else:
        if t is None and n is None and m is None:
            raise StagingError(
                "nothing to stage: give text such as 'cT2 cN1 cM0' or the keywords t, n and m",
                field="text",
                value=None,
            )
        cats = []
        for name, value, axis in (("t", t, Axis.T), ("n", n, Axis.N), ("m", m, Axis.M)):
            written = _check_str(value, name, {"t": "T2", "n": "N1", "m": "M0"}[name])
            got = _read_tokens(written, default if axis is not Axis.M else Prefix.CLINICAL, name)
            if len(got) != 1 or got[0].axis is not axis:
                raise StagingError(
                    f"expected one {axis.value} category",
                    field=name,
                    value=value,
                    allowed=_codes(axis),
                )
            cats.extend(got)
    by_axis: dict[Axis, Category] = {}
    for cat in cats:
        if cat.axis in by_axis:
            raise StagingError(
                f"two {cat.axis.value} categories ({by_axis[cat.axis].text} and {cat.text})",
                field="text",
                value=text,
            )
        by_axis[cat.axis] = cat
    missing = [a for a in Axis if a not in by_axis]
    if missing:
        raise StagingError(
            "missing " + " and ".join(f"{a.value} category" for a in missing),
            field="text",
            value=text,
            allowed=[f"{a.value}: " + " ".join(_codes(a)) for a in missing],
        )
    t_cat, n_cat = by_axis[Axis.T], by_axis[Axis.N]
    if t_cat.prefix.post_therapy != n_cat.prefix.post_therapy:
        raise StagingError(
            "post-therapy (yc/yp) and pre-treatment prefixes are mixed on T and N; "
            "after neoadjuvant treatment both carry a y prefix",
            field="text",
            value=f"{t_cat.text} {n_cat.text}",
            allowed=[f"yp{t_cat.code} yp{n_cat.code}", f"yc{t_cat.code} yc{n_cat.code}"],
        )
    return TNM(t=t_cat, n=n_cat, m=by_axis[Axis.M])


# --------------------------------------------------------------------------- staging


def _decide(tnm: TNM) -> StageRow:
    if tnm.basis is Basis.POST_THERAPY and tnm.m.group == "M0":
        row = _post_therapy_rules().get((tnm.t.group, tnm.n.code))
        if row is not None:
            return row
    return _grid()[(tnm.t.group, tnm.n.group, tnm.m.group)]


def stage(
    text: str | None = None,
    *,
    t: str | None = None,
    n: str | None = None,
    m: str | None = None,
    prefix: str | Prefix | None = None,
    grade: object = None,
    er: object = None,
    pr: object = None,
    her2: object = None,
    oncotype_rs: object = None,
) -> StageResult:
    """Anatomic AJCC 8th-edition stage group of a breast cancer.

    Parameters
    ----------
    text : str, optional
        TNM as written, e.g. ``"cT2 cN1a cM0"`` (see :func:`parse_tnm`).
    t, n, m : str, optional
        Keyword form instead of ``text``.
    prefix : {"c", "p", "yc", "yp"}, optional
        Prefix for T and N written without one (default ``c``).
    grade : {1, 2, 3}, optional
        Histologic grade.
    er, pr, her2 : {"positive", "negative", "+", "-", True, False}, optional
        Receptor status; see :func:`breastcancer_kit.prognostic.biomarkers` for the
        other spellings (ER-low, HER2-low, ultralow, ISH-equivocal).
    oncotype_rs : float, optional
        Oncotype DX recurrence score (used by the pathological table only).

    Returns
    -------
    StageResult
        ``.anatomic`` is the stage group or None, with ``.reason`` saying why;
        ``.prognostic`` the prognostic stage group or None with ``.prognostic_reason``.
        A ``c`` prefix uses the clinical table, ``p`` the pathological one; after
        neoadjuvant therapy (yc, yp) there is no prognostic stage.

    Raises
    ------
    StagingError
        For any bad input; nothing else escapes.

    Examples
    --------
    >>> stage("cT2 cN1a cM0").anatomic
    'IIB'
    >>> stage(t="T1", n="N1mi", m="M0").anatomic
    'IB'
    >>> r = stage("ypT0 ypN0 cM0")
    >>> r.anatomic is None, r.row.rule
    (True, 'complete-response')
    >>> stage("TX NX M1").anatomic
    'IV'
    >>> r = stage("cT4d cN1 cM0", grade=1, er="+", pr="+", her2="+")
    >>> r.anatomic, r.prognostic, r.prognostic_table
    ('IIIB', 'IIIA', 'clinical')
    >>> stage("pT2 pN0 cM0", grade=3, er="+", pr="-", her2="-", oncotype_rs=8).prognostic
    'IA'

    """
    tnm = parse_tnm(text, t=t, n=n, m=m, prefix=prefix)
    markers = biomarkers(grade, er, pr, her2, oncotype_rs)
    row = _decide(tnm)
    notes = [note for c in (tnm.t, tnm.n, tnm.m) for note in c.notes]
    notes += markers.notes
    extent = Extent(_labels()[row.stage]["extent"]) if row.stage else None
    prognostic = _prognostic(tnm, row, markers, notes)
    return StageResult(
        tnm=tnm,
        anatomic=row.stage,
        reason=None if row.stage else row.note,
        t_group=tnm.t.group,
        n_group=tnm.n.group,
        m_group=tnm.m.group,
        basis=tnm.basis,
        row=row,
        extent=extent,
        notes=tuple(notes),
        biomarkers=markers,
        **prognostic,
    )


_NODE_POSITIVE = ("N1mi", "N1", "N2", "N3")


def _prognostic_reason_post_therapy() -> str:
    return (
        "After neoadjuvant treatment (yc/yp) there is no prognostic stage group; the AJCC "
        "prognostic tables apply before treatment (clinical) or after surgery as the "
        "first treatment (pathological)."
    )


def _prognostic(tnm: TNM, row: StageRow, markers: Biomarkers, notes: list[str]) -> dict:
    """Prognostic fields of a StageResult; appends explanatory notes to ``notes``."""
    table = None
    prow = None
    if tnm.basis is Basis.POST_THERAPY:
        reason = _prognostic_reason_post_therapy()
    elif row.stage is None:
        reason = "there is no anatomic stage group, so there is no prognostic stage either."
        if tnm.t.group == "Tis" and tnm.n.group in _NODE_POSITIVE:
            reason += (
                " (Were Tis with positive nodes staged, grade and receptors would be those of "
                "the tumour in the lymph node.)"
            )
    else:
        table = (
            PrognosticTable.CLINICAL
            if tnm.basis is Basis.CLINICAL
            else PrognosticTable.PATHOLOGICAL
        )
        cell = (tnm.t.group, tnm.n.group, tnm.m.group)
        prow, reason = prognostic_lookup(table, row.stage, markers, cell)
        if tnm.t.group == "T0" and tnm.n.group in _NODE_POSITIVE and markers.given:
            notes.append(
                "T0 with positive nodes: grade, ER, PR and HER2 are those of the tumour in the "
                "lymph node."
            )
        if markers.oncotype_rs is not None:
            if table is PrognosticTable.CLINICAL:
                notes.append("The Oncotype DX score is not used by the clinical prognostic table.")
            elif (
                prow is not None
                and prow.source != "prognostic_oncotype_rule.csv"
                and (markers.oncotype_rs < 11)
            ):
                notes.append(
                    "The Oncotype DX rule (score below 11 gives IA) applies only to T1-T2 N0 M0, "
                    "ER-positive, HER2-negative cancers."
                )
    return {
        "prognostic": prow.stage if prow else None,
        "prognostic_table": table.value if table else None,
        "prognostic_reason": None
        if prow
        else (reason[0].upper() + reason[1:] if reason else reason),
        "prognostic_row": prow,
    }


# --------------------------------------------------------------------------- tables and helpers


def categories():  # -> pandas.DataFrame
    """Every T, N and M category with its group, prefixes and a plain-language definition.

    This restores the labels that the guide's Table 1 lost in print. One row per
    category and classification (N categories are defined separately for clinical
    and pathological use).

    Returns
    -------
    pandas.DataFrame
        Columns ``axis, code, group, classification, prefixes, label, definition,
        size_min_mm, size_max_mm``; ``axis`` and ``group`` are ordered categoricals.
        Provenance is in ``df.attrs["provenance"]``.

    Examples
    --------
    >>> df = categories()
    >>> df.loc[df.code == "T4d", "label"].item()
    'inflammatory carcinoma'
    >>> list(df.axis.cat.categories)
    ['T', 'N', 'M']

    """
    import pandas as pd

    df = _data.frame("tnm_categories")
    df["classification"] = df["prefixes"].map(
        lambda p: (
            "both"
            if "c" in p.split("|") and "p" in p.split("|")
            else ("clinical" if "c" in p.split("|") else "pathological")
        )
    )
    for col in ("size_min_mm", "size_max_mm"):
        df[col] = pd.to_numeric(df[col].replace("", None)).astype("Float64")
    df["axis"] = pd.Categorical(df["axis"], categories=[a.value for a in Axis], ordered=True)
    groups = [g for a in Axis for g in _groups(a)]
    df["group"] = pd.Categorical(df["group"], categories=groups, ordered=True)
    cols = [
        "axis",
        "code",
        "group",
        "classification",
        "prefixes",
        "label",
        "definition",
        "size_min_mm",
        "size_max_mm",
    ]
    return df[cols]


def stage_grid(m: str = "M0"):  # -> pandas.DataFrame
    """The anatomic stage-group table for one M category as a tidy DataFrame.

    Parameters
    ----------
    m : {"M0", "M1"}

    Returns
    -------
    pandas.DataFrame
        One row per T x N grouping combination with ``stage`` (ordered categorical,
        missing where not staged), ``rule`` and ``note``.

    Examples
    --------
    >>> g = stage_grid("M0")
    >>> g.query("t == 'T3' and n == 'N1'")["stage"].item()
    'IIIA'
    >>> len(g)
    42

    """
    import pandas as pd

    if m not in _groups(Axis.M):
        raise StagingError("unknown M group", field="m", value=m, allowed=_groups(Axis.M))
    rows = [r for r in _grid().values() if r.m == m]
    df = pd.DataFrame(
        {
            "t": pd.Categorical([r.t for r in rows], categories=_groups(Axis.T), ordered=True),
            "n": pd.Categorical([r.n for r in rows], categories=_groups(Axis.N), ordered=True),
            "m": m,
            "stage": pd.Categorical(
                [r.stage for r in rows], categories=stage_labels(), ordered=True
            ),
            "rule": [r.rule for r in rows],
            "note": [r.note for r in rows],
        }
    )
    df.attrs["provenance"] = _data.provenance("anatomic_stage_groups")
    return df


def _check_number(value: object, field_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise StagingError(
            f"expected a number, not {type(value).__name__}", field=field_name, value=value
        )
    number = float(value)
    if not math.isfinite(number):
        raise StagingError("expected a finite number", field=field_name, value=value)
    return number


def t_from_size_mm(size_mm: float, *, round_to_mm: bool = True, prefix: str = "") -> str:
    """T category of an invasive tumour from its largest dimension in millimetres.

    Size alone decides T1mi to T3; T4 needs chest-wall or skin findings, and TX/T0/Tis
    are not sizes, so this helper never returns them.

    Parameters
    ----------
    size_mm : float
        Largest dimension of the invasive tumour, greater than 0.
    round_to_mm : bool, default True
        Apply the AJCC rounding convention first: round to the nearest whole
        millimetre, except that sizes above 1 mm and below 2 mm become 2 mm (so they
        are not called microinvasive).
    prefix : {"", "c", "p", "yc", "yp"}
        Prefix to put in front of the result.

    Returns
    -------
    str
        ``"T1mi"``, ``"T1a"``, ``"T1b"``, ``"T1c"``, ``"T2"`` or ``"T3"`` (with prefix).

    Examples
    --------
    >>> [t_from_size_mm(x) for x in (0.8, 1.2, 5, 5.4, 20, 20.5, 50, 51)]
    ['T1mi', 'T1a', 'T1a', 'T1a', 'T1c', 'T2', 'T2', 'T3']
    >>> t_from_size_mm(20.4, round_to_mm=False, prefix="p")
    'pT2'

    """
    size = _check_number(size_mm, "size_mm")
    if size <= 0:
        raise StagingError(
            "tumour size must be greater than 0 mm (no tumour is T0, not a size)",
            field="size_mm",
            value=size_mm,
        )
    if prefix not in ("", *(p.value for p in Prefix)):
        raise StagingError(
            "unknown prefix", field="prefix", value=prefix, allowed=["", *(p.value for p in Prefix)]
        )
    if round_to_mm:
        # Sizes of 1 mm or less stay microinvasive; nothing rounds down to 0.
        if 1.0 < size < 2.0:
            size = 2.0
        elif size >= 2.0:
            size = math.floor(size + 0.5)
    matches = [
        d
        for d in _category_defs()
        if d.axis is Axis.T
        and d.size_min_mm is not None
        and size > d.size_min_mm
        and (d.size_max_mm is None or size <= d.size_max_mm)
    ]
    # T1 (0-20 mm) and T1a (1-5 mm) both contain 3 mm: the narrowest range is the answer.
    best = min(matches, key=lambda d: (d.size_max_mm or math.inf) - d.size_min_mm)
    return prefix + best.code


@cache
def _node_rules() -> tuple[dict[str, str], ...]:
    return _data.rows("node_count_rules.csv")


def pn_from_positive_nodes(
    positive_nodes: int, *, largest_deposit_mm: float | None = None, prefix: str = "p"
) -> str:
    """Pathological N category from the number of axillary nodes with tumour.

    Parameters
    ----------
    positive_nodes : int
        Axillary lymph nodes containing tumour (0 or more).
    largest_deposit_mm : float, optional
        Size of the largest nodal deposit. When omitted, at least one deposit is taken
        to be larger than 2 mm (a macrometastasis), as in most pathology reports that
        give only a count.
    prefix : {"p", "yp"}

    Returns
    -------
    str
        ``pN0``, ``pN0(i+)``, ``pN1mi``, ``pN1a``, ``pN2a`` or ``pN3a`` (with the prefix given).

    Examples
    --------
    >>> [pn_from_positive_nodes(k) for k in (0, 1, 3, 4, 9, 10, 25)]
    ['pN0', 'pN1a', 'pN1a', 'pN2a', 'pN2a', 'pN3a', 'pN3a']
    >>> pn_from_positive_nodes(2, largest_deposit_mm=1.5)
    'pN1mi'
    >>> pn_from_positive_nodes(1, largest_deposit_mm=0.1)
    'pN0(i+)'

    """
    if isinstance(positive_nodes, bool) or not isinstance(positive_nodes, int):
        raise StagingError(
            f"expected a whole number of nodes, not {type(positive_nodes).__name__}",
            field="positive_nodes",
            value=positive_nodes,
        )
    if positive_nodes < 0:
        raise StagingError(
            "node count cannot be negative", field="positive_nodes", value=positive_nodes
        )
    if prefix not in ("p", "yp"):
        raise StagingError(
            "node counts give a pathological category",
            field="prefix",
            value=prefix,
            allowed=["p", "yp"],
        )
    deposit = None
    if largest_deposit_mm is not None:
        deposit = _check_number(largest_deposit_mm, "largest_deposit_mm")
        if deposit <= 0:
            raise StagingError(
                "deposit size must be greater than 0 mm",
                field="largest_deposit_mm",
                value=largest_deposit_mm,
            )
        if positive_nodes == 0:
            raise StagingError(
                "a deposit size needs at least one node with tumour",
                field="largest_deposit_mm",
                value=largest_deposit_mm,
            )
    for rule in _node_rules():
        lo = int(rule["nodes_min"])
        hi = int(rule["nodes_max"]) if rule["nodes_max"] else None
        if positive_nodes < lo or (hi is not None and positive_nodes > hi):
            continue
        if rule["deposit_min_mm"]:
            dmin = float(rule["deposit_min_mm"])
            dmax = float(rule["deposit_max_mm"]) if rule["deposit_max_mm"] else math.inf
            if deposit is None:
                if dmax != math.inf:  # an unknown deposit size is taken as a macrometastasis
                    continue
            elif not dmin < deposit <= dmax:
                continue
        return prefix + rule["code"]
    raise AssertionError("node_count_rules.csv does not cover every count")  # pragma: no cover
