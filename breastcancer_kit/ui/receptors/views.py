"""Pure views for lesson 03: receptor results, subtype, likely response, treatment classes."""

from __future__ import annotations

import html
from dataclasses import dataclass

from ... import receptors
from ...errors import BreastCancerKitError, DatasetError
from ...statistics import tables
from ..page_style import RESULT_CLASS

__all__ = [
    "ReceptorView",
    "her2_rule_grid",
    "receptor_view",
    "treatment_view",
    "trial_outcomes_view",
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
                f'<div class="{RESULT_CLASS} bck-error">'
                '<div class="bck-subtype" style="font-weight:600">'
                f"Invalid input</div><div>{esc(self.inputs)}</div>"
                f'<div class="bck-explanation">{esc(self.explanation)}</div></div>'
            )
        items = "".join(f"<li>{esc(t)}</li>" for t in self.treatments)
        return (
            f'<div class="{RESULT_CLASS} bck-receptor-result">'
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


# Shown after the guide's Table 3 line when the receptor result makes it unreliable.
_RESPONSE_CAVEAT = "but see the ER note below: this line may not hold for this result"


def receptor_view(
    er_percent: object,
    pr_percent: object,
    her2_ihc: object,
    her2_ish_ratio: object = None,
    her2_copy_number: object = None,
    germline_brca: bool = False,
    pdl1_positive: bool = False,
    **modifiers: object,
) -> ReceptorView:
    """Receptor status, subtype, likely response and treatment classes for display.

    Never raises for bad input: an invalid value gives ``ok=False`` and the message.
    ``modifiers`` are passed to :func:`breastcancer_kit.receptors.treatment_classes`
    (``pdl1_cps``, ``line``, ``esr1_mutation``, ``pik3ca_akt1_pten``, ``brain_metastases``,
    ``immunotherapy_eligible``, ``male``). For an ER-low or ER-negative/PR-positive result
    the guide's Table 3 line is followed by a caveat.

    Examples
    --------
    >>> v = receptor_view(0, 0, "0", pdl1_positive=True)
    >>> v.subtype_label, v.her2_label
    ('triple-negative', 'HER2-negative (HER2-0)')
    >>> receptor_view(50, 50, "2+").her2_label
    'HER2 equivocal: ISH needed'
    >>> receptor_view(50, 50, "4+").ok
    False
    >>> "may not hold" in receptor_view(5, 0, "0").response
    True
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
                    result, germline_brca=germline_brca, pdl1_positive=pdl1_positive,
                    **modifiers,
                )
            )  # fmt: skip
    except BreastCancerKitError as err:
        return ReceptorView(False, inputs, "", "Invalid input", "", (), str(err))
    if result.her2 is receptors.ReceptorStatus.EQUIVOCAL:
        her2_label = "HER2 equivocal: ISH needed"
    elif result.her2_category is receptors.HER2Category.POSITIVE:
        her2_label = "HER2-positive"
    else:
        her2_label = f"HER2-negative ({result.her2_category})"
    response = result.likely_response or ""
    er_pr_only = (result.er, result.pr) == (
        receptors.ReceptorStatus.NEGATIVE, receptors.ReceptorStatus.POSITIVE)  # fmt: skip
    if response and (result.er_low or er_pr_only):
        response = f"{response} ({_RESPONSE_CAVEAT})"
    return ReceptorView(
        ok=True,
        inputs=inputs,
        her2_label=her2_label,
        subtype_label=result.subtype_label,
        response=response,
        treatments=treatments,
        explanation=result.explain(),
        subtype=result.subtype.value if result.subtype else None,
    )


def treatment_view(
    subtype: str,
    her2_category: str | None = None,
    germline_brca=False,
    pdl1_positive=False,
    **modifiers: object,
):  # -> pandas.DataFrame
    """Treatment classes for a subtype as a table (class, when, line, meaning, evidence, status).

    ``modifiers`` go to :func:`breastcancer_kit.receptors.treatment_classes` (``line``,
    ``pdl1_cps``, ``esr1_mutation``, ``pik3ca_akt1_pten``, ``brain_metastases``,
    ``immunotherapy_eligible``, ``er_low``, ``male``).

    Examples
    --------
    >>> treatment_view("HR-/HER2+", line="first").treatment_class.tolist()
    ['anti-HER2 antibodies with chemotherapy', 'anti-HER2 antibody-drug conjugate with pertuzumab']
    >>> treatment_view("triple-negative", pdl1_cps=12, line="first").when.tolist()[1]
    'PD-L1 positive: CPS >= 10 by the PD-L1 IHC 22C3 pharmDx assay'
    """
    import pandas as pd

    rows = receptors.treatment_classes(
        subtype, her2_category=her2_category, germline_brca=germline_brca,
        pdl1_positive=pdl1_positive, **modifiers,
    )  # fmt: skip
    return pd.DataFrame(
        {
            "treatment_class": [t.treatment_class for t in rows],
            "when": [t.condition_text for t in rows],
            "line": [t.line.value for t in rows],
            "what_it_means": [t.what_it_means for t in rows],
            "evidence": [t.evidence for t in rows],
            "status": [t.regulatory for t in rows],
        }
    )


def trial_outcomes_view(*trials: str):  # -> pandas.DataFrame
    """Median PFS/OS and hazard ratios of the named pivotal trials, one row per trial and cohort.

    Reads the statistics table ``trial_outcomes``; a figure the sources did not give is empty.

    Examples
    --------
    >>> df = trial_outcomes_view("KEYNOTE-355")
    >>> df[["cohort", "hr_os"]].values.tolist()
    [['PD-L1 CPS >= 10', '0.73 (0.55-0.95)'], ['PD-L1 CPS >= 1', '0.86']]
    >>> trial_outcomes_view("OlympiAD").pfs_months.item()
    '7.0 vs 4.2'
    """
    import pandas as pd

    df = tables.load_table("trial_outcomes")
    known = list(df.trial.cat.categories)
    unknown = [t for t in trials if t not in known]
    if unknown:
        raise DatasetError("unknown trial", field="trials", value=unknown, allowed=known)
    df = df[df.trial.isin(trials or known)]

    def number(value: float, hazard_ratio: bool) -> str:
        if not hazard_ratio:
            return f"{value:.1f}"
        return f"{value:.2f}" if round(value, 2) == value else f"{value:.3f}"

    def cell(rows, hazard_ratio: bool = False) -> str:
        if rows.empty:
            return ""
        r = rows.iloc[0]
        text = number(float(r.value), hazard_ratio)
        if not pd.isna(r.low) and not pd.isna(r.high):
            text += f" ({number(float(r.low), hazard_ratio)}-{number(float(r.high), hazard_ratio)})"
        return text

    def arms(part, quantity: str) -> str:
        q, g = part.quantity.astype(str), part.group.astype(str)
        cells = [
            cell(part[(q == quantity) & (g == arm)]) for arm in ("experimental arm", "control arm")
        ]
        return " vs ".join(cells) if any(cells) else ""

    out = []
    for (trial, cohort), part in df.groupby(["trial", "cohort"], observed=True, sort=False):
        q = part.quantity.astype(str)
        out.append(
            {
                "trial": str(trial),
                "cohort": str(cohort),
                "pfs_months": arms(part, "median_progression_free_survival"),
                "hr_pfs": cell(part[q == "hazard_ratio_progression_free_survival"], True),
                "os_months": arms(part, "median_overall_survival"),
                "hr_os": cell(part[q == "hazard_ratio_overall_survival"], True),
                "source": "; ".join(dict.fromkeys(part.source.astype(str))),
            }
        )
    return pd.DataFrame(out)


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
