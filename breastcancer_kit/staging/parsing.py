"""Reading TNM notation: the T, N and M categories of the AJCC 8th edition, breast chapter.

The categories are data, ``tnm_categories.csv`` (every T, N and M category and
subcategory, the prefixes it is defined for, its grouping category and a definition in
our own words), with ``tnm_suffixes.csv`` ((m), (sn), (f)) and ``tnm_retired_codes.csv``
(codes earlier editions used, with the reason they are refused). This module turns text
such as ``"pT1c(m) pN1mi(sn) cM0"`` into a :class:`TNM` of :class:`Category` objects.

Layer: the bottom of :mod:`breastcancer_kit.staging`; it imports only the data layer.
This is teaching material, never a basis for clinical decisions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from .. import data
from ..errors import StagingError
from ..limits import bounded_text

__all__ = [
    "EDITION",
    "TNM",
    "Axis",
    "Basis",
    "Category",
    "Prefix",
    "categories",
    "category_defs",
    "classification",
    "codes",
    "group_of",
    "groups",
    "node_positive_groups",
    "parse_tnm",
    "read_category",
    "tnm_from_categories",
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

    @property
    def default_prefix(self) -> Prefix:
        """The prefix given to T and N written without one, in a frame of this basis."""
        return _BASIS_PREFIX[self]


_BASIS_PREFIX = {
    Basis.CLINICAL: Prefix.CLINICAL,
    Basis.PATHOLOGICAL: Prefix.PATHOLOGICAL,
    Basis.POST_THERAPY: Prefix.POST_THERAPY_PATHOLOGICAL,
}


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
    nodes_positive: bool


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
            nodes_positive=r["nodes_positive"] == "yes",
        )
        for r in data.rows("tnm_categories")
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
    return {r["suffix"]: r for r in data.rows("tnm_suffixes")}


@cache
def _retired() -> dict[str, str]:
    return {r["code"].lower(): r["message"] for r in data.rows("tnm_retired_codes")}


def codes(axis: Axis | str) -> tuple[str, ...]:
    """Every code of one axis, in table order (``TX``, ``T0``, ``Tis``, ``T1mi`` ...).

    Examples
    --------
    >>> codes("M")
    ('M0', 'M0(i+)', 'M1')
    """
    return _codes(Axis(axis))


def groups(axis: Axis | str) -> tuple[str, ...]:
    """The grouping categories of one axis, in table order (what the stage tables use).

    Examples
    --------
    >>> groups("N")
    ('NX', 'N0', 'N1mi', 'N1', 'N2', 'N3')
    """
    return _groups(Axis(axis))


def group_of(axis: Axis | str, code: str) -> str:
    """The grouping category of a code (``N1a`` -> ``N1``), whatever its prefix.

    Examples
    --------
    >>> group_of("N", "N0(i+)"), group_of("T", "T4d")
    ('N0', 'T4')
    """
    found = [d.group for d in _category_defs() if d.axis is Axis(axis) and d.code == code]
    if not found:
        raise StagingError(
            f"unknown {Axis(axis).value} code", field=Axis(axis).value.lower(), value=code,
            allowed=_codes(Axis(axis)),
        )  # fmt: skip
    return found[0]


@cache
def node_positive_groups() -> tuple[str, ...]:
    """N grouping categories that mean tumour in regional nodes (``nodes_positive`` column).

    Examples
    --------
    >>> node_positive_groups()
    ('N1mi', 'N1', 'N2', 'N3')
    """
    return tuple(
        dict.fromkeys(d.group for d in _category_defs() if d.axis is Axis.N and d.nodes_positive)
    )


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


# --------------------------------------------------------------------------- parsing


@cache
def _prefix_alternatives() -> str:
    # Longest first, so that "yp" is not read as "y" + "p".
    return "|".join(sorted((p.value for p in Prefix), key=len, reverse=True))


@cache
def _suffix_alternatives() -> str:
    return "|".join(re.escape(s.strip("()")) for s in _suffix_defs())


@cache
def _token_re() -> re.Pattern[str]:
    codes = [c for axis in Axis for c in _codes(axis)]
    retired = [c for c in _retired() if c[0] in "tnm"]
    alternatives = sorted({c.lower() for c in codes} | set(retired), key=len, reverse=True)
    body = "|".join(re.escape(a) for a in alternatives)
    return re.compile(
        f"(?P<prefix>{_prefix_alternatives()})?(?P<code>{body})"
        f"(?P<suffixes>(?:\\((?:{_suffix_alternatives()})\\))*)"
    )


@cache
def _canonical() -> dict[str, tuple[Axis, str]]:
    return {c.lower(): (axis, c) for axis in Axis for c in _codes(axis)}


def _allowed_codes() -> list[str]:
    return [f"{axis.value}: " + " ".join(_codes(axis)) for axis in Axis]


_SEPARATORS = frozenset(",;+/")
_AFTER_AXIS = frozenset("0123456789xi")


def _chunks(text: str) -> list[str]:
    """Split TNM text into category chunks in one linear pass (no regex backtracking).

    Whitespace and ``, ; + /`` separate chunks, except inside parentheses, where whitespace
    is dropped (``"pN0 ( i+ )"`` -> ``"pn0(i+)"``) and ``+`` belongs to ``(i+)``; a
    parenthesis after a space joins the chunk before it. A bare prefix, or a bare axis
    letter, joins the chunk after it: ``"yp T0"`` -> ``"ypt0"``, ``"T 2"`` -> ``"t2"``.
    """
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text.lower():
        if ch == "(" and not current and pieces:  # "pN0 (i+)": the suffix belongs to pN0
            current = list(pieces.pop())
        depth = depth + 1 if ch == "(" else max(depth - (ch == ")"), 0)
        separator = ch.isspace() or ch in _SEPARATORS
        if not separator or (depth and not ch.isspace()):
            current.append(ch)  # part of a category, or "+" inside "(i+)"
            continue
        if not depth and current:  # a separator outside parentheses ends the chunk
            pieces.append("".join(current))
            current = []
    if current:
        pieces.append("".join(current))
    merged: list[str] = []
    for piece in pieces:
        if merged and _joins(merged[-1], piece):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def _joins(before: str, after: str) -> bool:
    """True when ``before`` is a bare prefix or axis letter that ``after`` completes."""
    prefixes = {p.value for p in Prefix}
    axes = {a.value.lower() for a in Axis}
    if before in prefixes:
        return after[0] in axes
    bare_axis = before[-1:] in axes and before[:-1] in (prefixes | {""})
    return bare_axis and after[0] in _AFTER_AXIS


def _written_m_codes() -> list[str]:
    """Every M category as it may be written, prefix included (cM0, cM0(i+), cM1, pM1)."""
    return [f"{p.value}{d.code}" for d in _category_defs() if d.axis is Axis.M for p in d.prefixes]


def _make_category(
    axis: Axis, prefix: Prefix, code: str, suffixes: tuple[str, ...], written: str
) -> Category:
    if axis is Axis.M and prefix.post_therapy:
        raise StagingError(
            "M takes no post-therapy prefix: the M category is the one found before treatment",
            field="m",
            value=written,
            allowed=_written_m_codes(),
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
    for chunk in _chunks(text.strip()):
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
            if prefix_text:
                prefix = Prefix(prefix_text)
            else:  # bare T and N take the default; a bare M is always clinical (as documented)
                prefix = Prefix.CLINICAL if axis is Axis.M else default_prefix
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
    bounded_text(value, field_name, StagingError)
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
        cats = [read_category(f, v, default) for f, v in zip("tnm", (t, n, m), strict=True)]
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
    return tnm_from_categories(by_axis[Axis.T], by_axis[Axis.N], by_axis[Axis.M])


def read_category(field_name: str, value: object, prefix: Prefix | str | None = None) -> Category:
    """Read one field of the keyword form of :func:`parse_tnm` (``t``, ``n`` or ``m``).

    :func:`parse_tnm` reads its keywords with this, one after the other, then joins them
    with :func:`tnm_from_categories`; :func:`~breastcancer_kit.frames.stage_frame` does the
    same once per distinct value of a column.

    Parameters
    ----------
    field_name : {"t", "n", "m"}
    value : str
        The category as written.
    prefix : {"c", "p", "yc", "yp"}, optional
        Prefix for a T or N written without one (M without one is always clinical).

    Raises
    ------
    StagingError
        Not text, too long, empty, unreadable, or not exactly one category of that axis.

    Examples
    --------
    >>> read_category("n", "N1mi(sn)", "p").text
    'pN1mi(sn)'
    """
    axis = Axis(field_name.upper())
    written = _check_str(value, field_name, {"t": "T2", "n": "N1", "m": "M0"}[field_name])
    default = _coerce_prefix(prefix) if axis is not Axis.M else Prefix.CLINICAL
    got = _read_tokens(written, default, field_name)
    if len(got) != 1 or got[0].axis is not axis:
        raise StagingError(
            f"expected one {axis.value} category",
            field=field_name,
            value=value,
            allowed=_codes(axis),
        )
    return got[0]


def tnm_from_categories(t: Category, n: Category, m: Category) -> TNM:
    """Join one T, one N and one M category into a :class:`TNM` (the last step of parsing).

    Raises
    ------
    StagingError
        Post-therapy (y) and pre-treatment prefixes mixed on T and N.

    Examples
    --------
    >>> str(tnm_from_categories(*(read_category(f, v) for f, v in zip("tnm", ["T2", "N1", "M0"]))))
    'cT2 cN1 cM0'
    """
    if t.prefix.post_therapy != n.prefix.post_therapy:
        raise StagingError(
            "post-therapy (yc/yp) and pre-treatment prefixes are mixed on T and N; "
            "after neoadjuvant treatment both carry a y prefix",
            field="text",
            value=f"{t.text} {n.text}",
            allowed=[f"yp{t.code} yp{n.code}", f"yc{t.code} yc{n.code}"],
        )
    return TNM(t=t, n=n, m=m)


def categories(axis: Axis | str | None = None):  # -> pandas.DataFrame
    """Every T, N and M category with its group, prefixes and a plain-language definition.

    This restores the labels that the guide's Table 1 lost in print. One row per
    category and classification (N categories are defined separately for clinical
    and pathological use).

    Parameters
    ----------
    axis : {"T", "N", "M"}, optional
        Only the categories of one axis.

    Returns
    -------
    pandas.DataFrame
        Columns ``axis, code, group, classification, prefixes, label, definition,
        size_min_mm, size_max_mm``; ``axis`` and ``group`` are ordered categoricals.
        Provenance is in ``df.attrs["provenance"]``. A fresh copy every call.

    Raises
    ------
    StagingError
        An unknown axis.

    Examples
    --------
    >>> df = categories()
    >>> df.loc[df.code == "T4d", "label"].item()
    'inflammatory carcinoma'
    >>> list(df.axis.cat.categories)
    ['T', 'N', 'M']
    >>> categories("M").code.tolist()
    ['M0', 'M0(i+)', 'M1']

    """
    df = _categories_frame().copy()
    df.attrs["provenance"] = data.provenance("tnm_categories")
    if axis is None:
        return df
    if axis not in {a.value for a in Axis}:
        raise StagingError(
            "unknown axis", field="axis", value=axis, allowed=[a.value for a in Axis]
        )
    return df[df.axis == Axis(axis).value].reset_index(drop=True)


def category_defs() -> tuple[_CategoryDef, ...]:
    """Every category definition as read from ``tnm_categories.csv`` (cached, immutable).

    Examples
    --------
    >>> next(d.label for d in category_defs() if d.code == "T4d")
    'inflammatory carcinoma'
    """
    return _category_defs()


def classification(prefixes: tuple[Prefix, ...]) -> str:
    """"clinical", "pathological" or "both": where a category definition applies.

    Examples
    --------
    >>> classification((Prefix.CLINICAL, Prefix.POST_THERAPY_CLINICAL))
    'clinical'
    """
    clinical = Prefix.CLINICAL in prefixes
    pathological = Prefix.PATHOLOGICAL in prefixes
    return "both" if clinical and pathological else ("clinical" if clinical else "pathological")


@cache
def _categories_frame():  # -> pandas.DataFrame, built once (callers copy it)
    import pandas as pd

    defs = _category_defs()
    df = data.load_table("tnm_categories")
    df["classification"] = [classification(d.prefixes) for d in defs]
    for col in ("size_min_mm", "size_max_mm"):
        df[col] = pd.to_numeric(df[col].replace("", None)).astype("Float64")
    df["axis"] = pd.Categorical(df["axis"], categories=[a.value for a in Axis], ordered=True)
    all_groups = [g for a in Axis for g in _groups(a)]
    df["group"] = pd.Categorical(df["group"], categories=all_groups, ordered=True)
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
