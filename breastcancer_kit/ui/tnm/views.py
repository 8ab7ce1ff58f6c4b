"""Pure views for lesson 01: what the stage explorer and the size/node sliders show.

Each function takes a student's selection and returns plain data (a frozen
:class:`StageView` or a list of options). Nothing here imports ipywidgets or plotly, so
it is all unit-tested without a kernel or a browser; :mod:`.widgets` only wires these to
controls.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache

from ... import staging
from ...errors import BreastCancerKitError
from ...staging import Axis, Prefix
from ...staging.parsing import category_defs, classification, group_of

__all__ = [
    "StageView",
    "carry_n_code",
    "categories_html",
    "categories_view",
    "m_options",
    "n_options",
    "prefix_options",
    "size_nodes_view",
    "stage_view",
    "t_options",
]


@dataclass(frozen=True)
class StageView:
    """What the stage explorer shows for one selection.

    Attributes
    ----------
    ok : bool
        False when the selection could not be staged because it is invalid input.
    tnm_text : str
        The categories as read (``"pT2 pN1a cM0"``), or the text the student typed.
    stage_label : str
        ``"Stage IIB"``, ``"No stage group"`` or ``"Invalid input"``.
    explanation : str
        The plain-language trace, or the error message.
    t_group, n_group, m_group : str or None
        The grid cell to highlight (None when the input was invalid).
    """

    ok: bool
    tnm_text: str
    stage_label: str
    explanation: str
    t_group: str | None = None
    n_group: str | None = None
    m_group: str | None = None

    @property
    def highlight(self) -> tuple[str, str] | None:
        """The (T group, N group) cell to highlight, or None."""
        if self.t_group is None or self.n_group is None:
            return None
        return (self.t_group, self.n_group)

    def to_html(self) -> str:
        """Render as the HTML the widget shows (CSS classes ``bck-stage-label`` etc.)."""
        css = "bck-stage" if self.ok else "bck-error"
        return (
            f'<div class="{css}">'
            f'<div class="bck-stage-label" style="font-size:1.6em;font-weight:600">'
            f"{html.escape(self.stage_label)}</div>"
            f'<div class="bck-tnm" style="font-family:monospace">{html.escape(self.tnm_text)}</div>'
            f'<div class="bck-explanation">{html.escape(self.explanation)}</div>'
            "</div>"
        )


def _from_result(result: staging.StageResult) -> StageView:
    label = f"Stage {result.anatomic}" if result.anatomic else "No stage group"
    return StageView(
        ok=True,
        tnm_text=str(result.tnm),
        stage_label=label,
        explanation=result.explain(),
        t_group=result.t_group,
        n_group=result.n_group,
        m_group=result.m_group,
    )


def _invalid(text: str, err: BreastCancerKitError) -> StageView:
    return StageView(ok=False, tnm_text=text, stage_label="Invalid input", explanation=str(err))


def stage_view(
    prefix: str = "c", t: str = "T2", n: str = "N1", m: str = "cM0", text: str | None = None
) -> StageView:
    """Stage a dropdown selection (or typed text) and describe it for display.

    Parameters
    ----------
    prefix : {"c", "p", "yc", "yp"}
        Prefix applied to T and N.
    t, n : str
        Categories without prefix (``"T4d"``, ``"N1mi"``).
    m : str
        M category with its prefix (``"cM0"``, ``"pM1"``).
    text : str, optional
        Typed notation; when given it is used instead of the dropdowns.

    Returns
    -------
    StageView
        Never raises for bad input: an invalid selection gives ``ok=False`` and the
        error message as the explanation.

    Examples
    --------
    >>> stage_view("c", "T4d", "N1", "cM0").stage_label
    'Stage IIIB'
    >>> v = stage_view(text="T9 N0 M0")
    >>> v.ok, v.stage_label
    (False, 'Invalid input')
    """
    try:
        if text is not None and str(text).strip():
            return _from_result(staging.stage(text))
        return _from_result(staging.stage(t=f"{prefix}{t}", n=f"{prefix}{n}", m=m))
    except BreastCancerKitError as err:
        shown = text if text is not None else f"{prefix}{t} {prefix}{n} {m}"
        return _invalid(str(shown), err)


def size_nodes_view(
    size_mm: float, positive_nodes: int, largest_deposit_mm: float | None = None
) -> StageView:
    """Pathological T and N from a tumour size and a node count, and the stage they give.

    Examples
    --------
    >>> v = size_nodes_view(34, 5)
    >>> v.tnm_text, v.stage_label
    ('pT2 pN2a cM0', 'Stage IIIA')
    """
    try:
        t = staging.t_from_size_mm(size_mm, prefix="p")
        n = staging.pn_from_positive_nodes(positive_nodes, largest_deposit_mm=largest_deposit_mm)
        view = _from_result(staging.stage(t=t, n=n, m="cM0"))
    except BreastCancerKitError as err:
        return _invalid(f"{size_mm} mm, {positive_nodes} nodes", err)
    size_note = (
        f"A {size_mm:g} mm tumour is {t}; {positive_nodes} positive axillary node(s) give {n}."
    )
    return StageView(
        ok=True,
        tnm_text=view.tnm_text,
        stage_label=view.stage_label,
        explanation=f"{size_note} {view.explanation}",
        t_group=view.t_group,
        n_group=view.n_group,
        m_group=view.m_group,
    )


def dropdown_selection(text: str) -> tuple[str, str, str, str] | None:
    """The dropdowns' (prefix, T, N, M) for typed notation, or None when they cannot show it.

    Suffixes such as ``(m)`` or ``(sn)`` are left to the typed text (the dropdowns list the
    categories); T and N with different prefixes, or anything that does not parse, give None.

    Examples
    --------
    >>> dropdown_selection("pT1c(m) pN1mi(sn) cM0")
    ('p', 'T1c', 'N1mi', 'cM0')
    >>> dropdown_selection("cT2 pN1 cM0") is None  # one prefix dropdown for T and N
    True
    >>> dropdown_selection("T9 N0 M0") is None
    True
    """
    try:
        tnm = staging.parse_tnm(text)
    except BreastCancerKitError:
        return None
    prefix = tnm.t.prefix.value
    if tnm.n.prefix.value != prefix:
        return None
    chosen = (prefix, tnm.t.code, tnm.n.code, tnm.m.text)
    offered = (prefix_options(), t_options(), n_options(prefix), m_options())
    pairs = zip(chosen, offered, strict=True)
    if any(value not in {v for _, v in options} for value, options in pairs):
        return None
    return chosen


def prefix_options() -> list[tuple[str, str]]:
    """(label, value) pairs for the prefix dropdown.

    Examples
    --------
    >>> [v for _, v in prefix_options()]
    ['c', 'p', 'yc', 'yp']
    """
    words = {
        Prefix.CLINICAL: "c: clinical (exam, imaging, biopsy)",
        Prefix.PATHOLOGICAL: "p: pathological (after surgery)",
        Prefix.POST_THERAPY_CLINICAL: "yc: clinical after neoadjuvant therapy",
        Prefix.POST_THERAPY_PATHOLOGICAL: "yp: pathological after neoadjuvant therapy",
    }
    return [(words[p], p.value) for p in Prefix]


@cache
def _options_cached(axis: Axis, prefix: str | None) -> tuple[tuple[str, str], ...]:
    # From the category definitions themselves: lesson 01 never needs pandas (~90 MB a kernel).
    labels: dict[str, str] = {}
    for d in category_defs():
        if d.axis is axis and (prefix is None or prefix in {p.value for p in d.prefixes}):
            labels.setdefault(d.code, d.label)
    return tuple((f"{code} - {label}", code) for code, label in labels.items())


def _options(axis: Axis, prefix: str | None) -> list[tuple[str, str]]:
    # The category table is built once per (axis, prefix): widgets ask on every click.
    return list(_options_cached(axis, prefix))


def t_options() -> list[tuple[str, str]]:
    """(label, value) pairs for the T dropdown: every T category and subcategory.

    Examples
    --------
    >>> t_options()[0]
    ('TX - primary not assessable', 'TX')
    """
    return _options(Axis.T, None)


def n_options(prefix: str = "c") -> list[tuple[str, str]]:
    """(label, value) pairs for the N dropdown, the categories defined for ``prefix``.

    Examples
    --------
    >>> [v for _, v in n_options("p")][:4]
    ['NX', 'N0', 'N0(i+)', 'N0(mol+)']
    >>> "N1a" in [v for _, v in n_options("c")]
    False
    """
    return _options(Axis.N, prefix)


def carry_n_code(code: str, prefix: str) -> str:
    """The N code to keep when the prefix changes: the same code, else its group.

    Clinical N has no a/b/c subcategories of N1, and (i+)/(mol+) are pathological, so
    switching ``p`` -> ``c`` turns ``N1a`` into ``N1`` and ``N0(i+)`` into ``N0``.

    Examples
    --------
    >>> carry_n_code("N1a", "c"), carry_n_code("N0(i+)", "c"), carry_n_code("N2a", "p")
    ('N1', 'N0', 'N2a')
    """
    codes = [v for _, v in n_options(prefix)]
    if code in codes:
        return code
    group = group_of(Axis.N, code)
    return group if group in codes else codes[0]


def m_options() -> list[tuple[str, str]]:
    """(label, value) pairs for the M dropdown, with prefixes (M has its own).

    Examples
    --------
    >>> [v for _, v in m_options()]
    ['cM0', 'cM0(i+)', 'cM1', 'pM1']
    """
    return [
        (f"{p.value}{d.code} - {d.label}", f"{p.value}{d.code}")
        for d in category_defs()
        if d.axis is Axis.M
        for p in d.prefixes
    ]


def categories_html(axis: str = "T") -> str:
    """The category table for one axis as an HTML table (without pandas).

    Examples
    --------
    >>> "T4d" in categories_html("T") and "<th>definition</th>" in categories_html("T")
    True
    """
    if axis not in {a.value for a in Axis}:
        raise staging.StagingError(
            "unknown axis", field="axis", value=axis, allowed=[a.value for a in Axis]
        )
    esc = html.escape
    head = "".join(f"<th>{c}</th>" for c in _CATEGORY_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(str(row[c]))}</td>" for c in _CATEGORY_COLUMNS) + "</tr>"
        for row in _category_rows(Axis(axis))
    )
    return (
        f'<table class="bck-categories"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


_CATEGORY_COLUMNS = ("code", "group", "classification", "label", "definition")


def _category_rows(axis: Axis) -> list[dict[str, str]]:
    return [
        {
            "code": d.code,
            "group": d.group,
            "classification": classification(d.prefixes),
            "label": d.label,
            "definition": d.definition,
        }
        for d in category_defs()
        if d.axis is axis
    ]


def categories_view(axis: str = "T"):  # -> pandas.DataFrame
    """The category table for one axis, ready to display (the guide's Table 1, labelled).

    Parameters
    ----------
    axis : {"T", "N", "M"}

    Examples
    --------
    >>> categories_view("M").code.tolist()
    ['M0', 'M0(i+)', 'M1']
    """
    cols = ["code", "group", "classification", "label", "definition"]
    return staging.categories(axis)[cols]
