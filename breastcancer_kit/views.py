"""Pure view functions behind the lesson widgets.

Each function takes a student's selection and returns plain data (a frozen
:class:`StageView`, a DataFrame, a list of options). Nothing here imports ipywidgets
or plotly, so it is all unit-tested without a kernel or a browser; the widget
builders in :mod:`breastcancer_kit.widgets` only wire these to controls.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import staging
from .errors import BreastCancerKitError
from .staging import Axis, Prefix

__all__ = [
    "StageView",
    "carry_n_code",
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


def _options(axis: Axis, prefix: str | None) -> list[tuple[str, str]]:
    df = staging.categories()
    sub = df[df.axis == axis.value]
    if prefix is not None:
        sub = sub[sub.prefixes.str.split("|").map(lambda ps: prefix in ps)]
    sub = sub.drop_duplicates("code")
    return [(f"{c} - {lab}", c) for c, lab in zip(sub.code, sub.label, strict=True)]


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
    df = staging.categories()
    group = str(df.loc[(df.axis == "N") & (df.code == code), "group"].iloc[0])
    return group if group in codes else codes[0]


def m_options() -> list[tuple[str, str]]:
    """(label, value) pairs for the M dropdown, with prefixes (M has its own).

    Examples
    --------
    >>> [v for _, v in m_options()]
    ['cM0', 'cM0(i+)', 'cM1', 'pM1']
    """
    out = []
    for _, row in staging.categories().query("axis == 'M'").iterrows():
        for p in row.prefixes.split("|"):
            out.append((f"{p}{row.code} - {row.label}", f"{p}{row.code}"))
    return out


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
    if axis not in {a.value for a in Axis}:
        raise staging.StagingError(
            "unknown axis", field="axis", value=axis, allowed=[a.value for a in Axis]
        )
    df = staging.categories()
    cols = ["code", "group", "classification", "label", "definition"]
    return df.loc[df.axis == axis, cols].reset_index(drop=True)


# ---------------------------------------------------------------- prognostic staging (lesson 02)

PROFILE_GRADES = (1, 2, 3)
PROFILE_STATUS = ("positive", "negative")


def biomarker_profiles() -> list[tuple[int, str, str, str]]:
    """The 24 biomarker profiles: (grade, ER, PR, HER2).

    Examples
    --------
    >>> len(biomarker_profiles()), biomarker_profiles()[0]
    (24, (1, 'positive', 'positive', 'positive'))
    """
    return [
        (g, er, pr, her2)
        for g in PROFILE_GRADES
        for er in PROFILE_STATUS
        for pr in PROFILE_STATUS
        for her2 in PROFILE_STATUS
    ]


def _shift_table(grids) -> object:
    import pandas as pd

    staged = pd.concat(grids, ignore_index=True).dropna(subset=["anatomic_stage"])
    labels = list(staging.stage_labels())
    return pd.crosstab(
        pd.Categorical(staged["anatomic_stage"].astype(str), categories=labels, ordered=True),
        pd.Categorical(staged["prognostic_stage"].astype(str), categories=labels, ordered=True),
        rownames=["anatomic"],
        colnames=["prognostic"],
        dropna=False,
    )


def stage_shift(
    table: str,
    grade: object,
    er: object,
    pr: object,
    her2: object,
    oncotype_rs: float | None = None,
):  # -> pandas.DataFrame
    """Anatomic x prognostic crosstab over the staged M0 cells of one profile.

    Examples
    --------
    >>> shift = stage_shift("clinical", 1, "+", "+", "+")
    >>> int(shift.loc["IIIB", "IIIA"])  # T4 N0, N1mi, N1, N2 move from IIIB to IIIA
    4
    """
    from .prognostic import prognostic_grid

    grid = prognostic_grid(table, grade, er, pr, her2, m="M0", oncotype_rs=oncotype_rs)
    return _shift_table([grid]).drop(index="IV", columns="IV")


def stage_shift_all_profiles(table: str, oncotype_rs: float | None = None):
    """Anatomic x prognostic crosstab summed over all 24 biomarker profiles (M0 cells).

    Examples
    --------
    >>> shift = stage_shift_all_profiles("clinical")
    >>> int(shift.to_numpy().sum()) == 24 * int(stage_shift("clinical", 1, "+", "+", "+")
    ...     .to_numpy().sum())
    True
    """
    from .prognostic import prognostic_grid

    grids = [
        prognostic_grid(table, g, er, pr, her2, m="M0", oncotype_rs=oncotype_rs)
        for g, er, pr, her2 in biomarker_profiles()
    ]
    return _shift_table(grids).drop(index="IV", columns="IV")


def profile_summary(
    table: str,
    grade: object,
    er: object,
    pr: object,
    her2: object,
    shift,
    oncotype_rs: float | None = None,
) -> str:
    """The profile in words, then :func:`shift_summary` of its stage-shift matrix.

    Examples
    --------
    >>> shift = stage_shift("clinical", 3, "-", "-", "-")
    >>> profile_summary("clinical", 3, "-", "-", "-", shift)[:62]
    'Clinical table, G3, ER-negative, PR-negative, HER2-negative: 0'
    """
    from .prognostic import biomarkers

    profile = biomarkers(grade, er, pr, her2).describe()
    onco = ", Oncotype DX below 11" if oncotype_rs is not None and oncotype_rs < 11 else ""
    return f"{table.capitalize()} table, {profile}{onco}: {shift_summary(shift)}"


def shift_summary(shift) -> str:
    """One sentence: how many cells move to a better or worse stage.

    Examples
    --------
    >>> shift_summary(stage_shift("clinical", 3, "-", "-", "-"))
    '0 of 26 staged cells move to a better stage, 17 to a worse one, 9 stay.'
    """
    labels = list(shift.columns)
    values = shift.to_numpy()
    better = worse = same = 0
    for i, a in enumerate(shift.index):
        for j in range(len(labels)):
            k = int(values[i][j])
            if labels.index(a) > j:
                better += k
            elif labels.index(a) < j:
                worse += k
            else:
                same += k
    total = better + worse + same
    return (
        f"{better} of {total} staged cells move to a better stage, {worse} to a worse one, "
        f"{same} stay."
    )


# ---------------------------------------------------------------- receptors and subtypes (03, 04)

from . import receptors  # noqa: E402  (section appended after the staging views)

__all__ += [
    "ReceptorView",
    "genetic_testing_view",
    "ibc_staging_view",
    "receptor_view",
    "treatment_view",
]


@dataclass(frozen=True)
class ReceptorView:
    """What the receptor explorer shows for one set of pathology results.

    Attributes
    ----------
    ok : bool
        False when the input was invalid (then ``explanation`` is the error message).
    inputs : str
        The results as read, e.g. ``"ER 80 %, PR 0 %, HER2 IHC 2+, ISH ratio 1.6 / 6.4 copies"``.
    her2_label : str
        ``"HER2-negative (HER2-low)"``, ``"HER2 equivocal: ISH needed"`` ...
    subtype_label : str
        The subtype, or why there is none.
    response : str
        The guide's Table 3 line, or an empty string.
    treatments : tuple of str
        One line per treatment class with its evidence.
    explanation : str
        The full trace from :meth:`ReceptorResult.explain`.
    subtype : str or None
        The subtype to highlight in the prevalence chart.
    """

    ok: bool
    inputs: str
    her2_label: str
    subtype_label: str
    response: str
    treatments: tuple[str, ...]
    explanation: str
    subtype: str | None = None

    @property
    def summary_text(self) -> str:
        """Plain-text summary for notebooks (widgets are not text)."""
        if not self.ok:
            return f"Invalid input ({self.inputs}): {self.explanation}"
        lines = [f"{self.inputs} -> {self.her2_label}; subtype: {self.subtype_label}"]
        if self.response:
            lines.append(f"Likely response (guide, Table 3): {self.response}")
        lines.extend(f"- {t}" for t in self.treatments)
        return "\n".join(lines)

    def to_html(self) -> str:
        """HTML with stable CSS classes (``bck-subtype``, ``bck-her2``, ``bck-treatments``)."""
        esc = html.escape
        if not self.ok:
            return (
                '<div class="bck-error"><div class="bck-subtype" style="font-weight:600">'
                f"Invalid input</div><div>{esc(self.inputs)}</div>"
                f'<div class="bck-explanation">{esc(self.explanation)}</div></div>'
            )
        items = "".join(f"<li>{esc(t)}</li>" for t in self.treatments)
        return (
            '<div class="bck-receptor-result">'
            f'<div class="bck-subtype" style="font-size:1.5em;font-weight:600">'
            f"{esc(self.subtype_label)}</div>"
            f'<div class="bck-her2">{esc(self.her2_label)}</div>'
            f'<div class="bck-response"><b>Likely response (guide, Table 3):</b> '
            f"{esc(self.response or 'none until HER2 is settled')}</div>"
            f'<ul class="bck-treatments">{items}</ul>'
            f'<div class="bck-explanation" style="white-space:pre-line;font-size:0.92em">'
            f"{esc(self.explanation)}</div></div>"
        )


def _inputs_text(er, pr, ihc, ratio, copies) -> str:
    text = f"ER {er} %, PR {pr} %, HER2 IHC {ihc}"
    if ratio is not None or copies is not None:
        text += f", ISH ratio {ratio} / {copies} copies"
    return text


def receptor_view(
    er_percent: object,
    pr_percent: object,
    her2_ihc: object,
    her2_ish_ratio: object = None,
    her2_copy_number: object = None,
    germline_brca: bool = False,
    pdl1_positive: bool = False,
) -> ReceptorView:
    """Receptor status, subtype, likely response and treatment classes for display.

    Never raises for bad input: an invalid value gives ``ok=False`` and the message.

    Examples
    --------
    >>> v = receptor_view(0, 0, "0", pdl1_positive=True)
    >>> v.subtype_label, v.her2_label
    ('triple-negative', 'HER2-negative (HER2-0)')
    >>> receptor_view(50, 50, "2+").her2_label
    'HER2 equivocal: ISH needed'
    >>> receptor_view(50, 50, "4+").ok
    False
    """
    inputs = _inputs_text(er_percent, pr_percent, her2_ihc, her2_ish_ratio, her2_copy_number)
    try:
        result = receptors.receptor_status(
            er_percent, pr_percent, her2_ihc, her2_ish_ratio, her2_copy_number
        )
        treatments = ()
        if result.subtype is not None:
            treatments = tuple(
                t.explain()
                for t in receptors.treatment_classes(
                    result, germline_brca=germline_brca, pdl1_positive=pdl1_positive
                )
            )
    except BreastCancerKitError as err:
        return ReceptorView(False, inputs, "", "Invalid input", "", (), str(err))
    if result.her2 is receptors.ReceptorStatus.EQUIVOCAL:
        her2_label = "HER2 equivocal: ISH needed"
    elif result.her2_category is receptors.HER2Category.POSITIVE:
        her2_label = "HER2-positive"
    else:
        her2_label = f"HER2-negative ({result.her2_category})"
    return ReceptorView(
        ok=True,
        inputs=inputs,
        her2_label=her2_label,
        subtype_label=result.subtype_label,
        response=result.likely_response or "",
        treatments=treatments,
        explanation=result.explain(),
        subtype=result.subtype.value if result.subtype else None,
    )


def treatment_view(
    subtype: str, her2_category: str | None = None, germline_brca=False, pdl1_positive=False
):  # -> pandas.DataFrame
    """Treatment classes for a subtype as a table (class, why, evidence).

    Examples
    --------
    >>> treatment_view("HR-/HER2+").treatment_class.tolist()
    ['anti-HER2 antibodies with chemotherapy', 'anti-HER2 antibody-drug conjugate']
    """
    import pandas as pd

    rows = receptors.treatment_classes(
        subtype, her2_category=her2_category, germline_brca=germline_brca,
        pdl1_positive=pdl1_positive,
    )  # fmt: skip
    return pd.DataFrame(
        {
            "treatment_class": [t.treatment_class for t in rows],
            "when": [t.condition.value for t in rows],
            "what_it_means": [t.what_it_means for t in rows],
            "evidence": [t.evidence for t in rows],
        }
    )


def genetic_testing_view(
    subtype: object = None,
    age: float | None = None,
    sex: str = "female",
    recurrent_or_metastatic: bool = False,
) -> str:
    """The BRCA testing prompts that apply, as plain text (the guide first, then broader ones).

    Examples
    --------
    >>> print(genetic_testing_view("triple-negative", age=45))  # doctest: +ELLIPSIS
    Triple-negative, age 45, female:
    - Triple-negative breast cancer under 60: offer BRCA1/2 testing, ...
    """
    label = str(subtype) if subtype else "subtype not given"
    head = f"{label[:1].upper()}{label[1:]}, age {age if age is not None else 'unknown'}, {sex}:"
    try:
        prompts = receptors.genetic_testing_prompts(subtype, age, sex, recurrent_or_metastatic)
    except BreastCancerKitError as err:
        return f"{head}\nInvalid input: {err}"
    if not prompts:
        return f"{head}\nNo testing prompt from these rules (family history may still matter)."
    return "\n".join([head, *(f"- {p.explain()}" for p in prompts)])


# The guide's claims about inflammatory breast cancer (IBC, T4d), checked against stage().
_IBC_CASES = (
    ("cT4d cN0 cM0", "IIIB", "always at least IIIB when first diagnosed"),
    ("cT4d cN1 cM0", "IV", "spread to lymph nodes: stage IV"),
    ("cT4d cN2a cM0", "IV", "spread to lymph nodes: stage IV"),
    ("cT4d cN3c cM0", "IV", "spread to lymph nodes: stage IV"),
    ("cT4d cN1 cM1", "IV", "spread to other body parts: stage IV"),
)


def ibc_staging_view():  # -> pandas.DataFrame
    """IBC cases run through :func:`breastcancer_kit.stage` beside what the guide says.

    Examples
    --------
    >>> df = ibc_staging_view()
    >>> df[["tnm", "stage", "guide_says", "agrees"]].values.tolist()[:2]
    [['cT4d cN0 cM0', 'IIIB', 'IIIB', True], ['cT4d cN1 cM0', 'IIIB', 'IV', False]]
    """
    import pandas as pd

    rows = []
    for tnm, guide_stage, guide_words in _IBC_CASES:
        result = staging.stage(tnm)
        rows.append(
            {
                "tnm": tnm,
                "stage": result.anatomic,
                "guide_says": guide_stage,
                "guide_words": guide_words,
                "agrees": result.anatomic == guide_stage,
            }
        )
    return pd.DataFrame(rows)


__all__ += ["guide_figures_text", "her2_rule_grid"]


def her2_rule_grid():  # -> pandas.DataFrame
    """HER2 category for every IHC score (rows) x ISH result (columns): the whole rule table.

    Examples
    --------
    >>> grid = her2_rule_grid()
    >>> grid.loc["2+", "no ISH"], grid.loc["2+", "group 3"], grid.loc["2+", "group 4"]
    ('equivocal', 'HER2-positive', 'HER2-low')
    """
    import pandas as pd

    rows = receptors.her2_rules()
    ihc = list(dict.fromkeys(r["ihc"] for r in rows))
    groups = list(dict.fromkeys(r["ish_group"] for r in rows))
    names = {g: "no ISH" if g == "none" else f"group {g}" for g in groups}
    cell = {(r["ihc"], r["ish_group"]): r["her2_category"] for r in rows}
    return pd.DataFrame(
        [[cell[(i, g)] for g in groups] for i in ihc],
        index=pd.Index(ihc, name="IHC"),
        columns=[names[g] for g in groups],
    )


def guide_figures_text() -> str:
    """The guide's prevalence and age figures and the SEER subtype shares, one line each.

    Reads the statistics tables ``guide_figures`` and ``seer_subtypes``.

    Examples
    --------
    >>> print(guide_figures_text().splitlines()[1])
    - triple-negative: 10-20 % of breast cancers (the guide)
    """
    import pandas as pd

    from . import datasets
    from .figures import guide_figures_table

    def amount(value, low, high) -> str:
        if not pd.isna(value):
            return f"{float(value):g}"
        if not pd.isna(high):
            return f"{float(low):g}-{float(high):g}"
        return f"over {float(low):g}"

    lines = [
        f"- {r.label}: {amount(r.value, r.low, r.high)} {r.unit} (the guide)"
        for r in guide_figures_table().itertuples(index=False)
    ]
    seer = datasets.load_table("seer_subtypes")
    for r in seer[seer.quantity == "share_of_cases"].itertuples(index=False):
        lines.append(f"- {r.group}: {float(r.value):g} {r.unit} ({r.population}, {r.period}, SEER)")
    return "\n".join(lines)
