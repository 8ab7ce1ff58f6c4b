"""Pure views for lesson 10: hazard ratios with their intervals, grouped by subtype.

The numbers are rows of the statistics table ``trial_outcomes``; the subtype group of a
trial is read from ``treatment_classes`` (the subtypes whose rows name the trial). Nothing
here is typed in by hand. No plotly or ipywidgets.
"""

from __future__ import annotations

import re
from functools import cache

from ... import data, receptors
from ...errors import DatasetError

__all__ = ["ENDPOINTS", "forest_rows", "forest_text", "trial_groups", "trial_summary"]

#: Endpoint key -> (hazard-ratio quantity, median quantity, words) in ``trial_outcomes``.
ENDPOINTS = {
    "pfs": (
        "hazard_ratio_progression_free_survival",
        "median_progression_free_survival",
        "progression-free survival",
    ),
    "os": ("hazard_ratio_overall_survival", "median_overall_survival", "overall survival"),
}
#: A hazard ratio of 1 means no difference between the arms (its definition, not a cut-off).
NO_DIFFERENCE = 1.0
#: Group labels for trials that span subtypes (named by what the subtypes share).
HER2_POSITIVE = "HER2-positive (HR+ or HR-)"
HER2_NEGATIVE = "HER2-negative (HR+ or triple-negative)"


def _check_endpoint(endpoint: str) -> tuple[str, str, str]:
    if endpoint not in ENDPOINTS:
        raise DatasetError("unknown endpoint", field="endpoint", value=endpoint,
                           allowed=list(ENDPOINTS))  # fmt: skip
    return ENDPOINTS[endpoint]


@cache
def trial_groups() -> dict[str, str]:
    """Trial -> the subtype group its treatment rows belong to, for every trial with outcomes.

    Examples
    --------
    >>> g = trial_groups()
    >>> g["PALOMA-2"], g["ASCENT-04"], g["CLEOPATRA"]
    ('HR+/HER2-', 'triple-negative', 'HER2-positive (HR+ or HR-)')
    >>> g["OlympiAD"]
    'HER2-negative (HR+ or triple-negative)'
    """
    rows = receptors.therapy._treatments()
    trials = list(dict.fromkeys(r["trial"] for r in data.rows("trial_outcomes")))
    out = {}
    for trial in trials:
        named = re.compile(rf"(?<![\w-]){re.escape(trial)}(?![\w-])")
        subs = {r.subtype for r in rows if named.search(r.evidence)}
        her2 = {s.value.endswith("HER2+") for s in subs}
        if len(subs) == 1:
            out[trial] = next(iter(subs)).value
        elif her2 == {True}:
            out[trial] = HER2_POSITIVE
        elif her2 == {False}:
            out[trial] = HER2_NEGATIVE
        else:  # pragma: no cover - no trial spans HER2-positive and -negative rows
            out[trial] = " / ".join(sorted(s.value for s in subs))
    return out


def _group_rank(group: str) -> int:
    # HER2-negative groups first (HR+, mixed, triple-negative), then the HER2-positive ones.
    order = [
        receptors.Subtype.HR_POS_HER2_NEG.value,
        HER2_NEGATIVE,
        receptors.Subtype.TRIPLE_NEGATIVE.value,
        HER2_POSITIVE,
        receptors.Subtype.HR_POS_HER2_POS.value,
        receptors.Subtype.HR_NEG_HER2_POS.value,
    ]
    return order.index(group) if group in order else len(order)


#: A row whose source, as the kit has it, gives no 95 % interval (said so to students in
#: these words, not as an authoring note).
NO_INTERVAL = "no interval in the kit's source"


def _reading(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return f"{NO_INTERVAL}: cannot say"
    if high < NO_DIFFERENCE:
        return "favours the new treatment (whole interval below 1)"
    if low > NO_DIFFERENCE:
        return "favours the control (whole interval above 1)"
    return "no clear difference (interval crosses 1)"


def _number(text: str) -> float | None:
    return float(text) if text else None


@cache
def _records(endpoint: str) -> tuple[dict, ...]:
    # Plain rows of the table (data.rows: no pandas, no provenance copied per operation).
    hr_quantity, median_quantity, _words = ENDPOINTS[endpoint]
    groups = trial_groups()
    rows = data.rows("trial_outcomes")
    medians: dict[tuple[str, str], dict[str, float]] = {}
    for r in rows:
        if r["quantity"] == median_quantity:
            medians.setdefault((r["trial"], r["cohort"]), {})[r["group"]] = float(r["value"])
    out = []
    for r in rows:
        if r["quantity"] != hr_quantity:
            continue
        trial, cohort = r["trial"], r["cohort"]
        low, high = _number(r["low"]), _number(r["high"])
        by_arm = medians.get((trial, cohort), {})
        median_text = (
            f"{by_arm['experimental arm']:.1f} vs {by_arm['control arm']:.1f} months"
            if {"experimental arm", "control arm"} <= set(by_arm)
            else "medians not recorded"
        )
        out.append(
            {
                "group": groups[trial],
                "trial": trial,
                "cohort": cohort,
                "label": trial if cohort == "intention to treat" else f"{trial} ({cohort})",
                "hr": float(r["value"]),
                "hr_text": r["value"],  # as transcribed: 0.848 keeps three decimals
                "low": low,
                "high": high,
                "interval": (
                    NO_INTERVAL if low is None or high is None else f"{r['low']}-{r['high']}"
                ),
                "reading": _reading(low, high),
                "medians": median_text,
                "period": r["period"],
                "source": r["source"],
                "url": r["url"],
                "note": r["note"],
            }
        )
    # Groups in a fixed order; within a group, the table's own order of trials and cohorts.
    return tuple(sorted(out, key=lambda rec: _group_rank(rec["group"])))


def forest_rows(endpoint: str = "pfs", group: str | None = None):  # -> pandas.DataFrame
    """One row per trial and cohort with a hazard ratio for the endpoint, grouped by subtype.

    Columns: group, trial, cohort, label, hr, low, high, interval, reading, medians,
    period, source, url. ``low``/``high`` are empty (NaN) where the interval was not read.

    Parameters
    ----------
    endpoint : {"pfs", "os"}
    group : str, optional
        Only one group (a value of :func:`trial_groups`).

    Examples
    --------
    >>> df = forest_rows("os")
    >>> row = df[df.trial == "TROPION-Breast01"].iloc[0]
    >>> float(row.hr), row.interval, row.reading
    (1.01, '0.83-1.22', 'no clear difference (interval crosses 1)')
    >>> forest_rows("pfs", group="triple-negative").trial.unique().tolist()
    ['ASCENT', 'ASCENT-03', 'ASCENT-04', 'KEYNOTE-355', 'TROPION-Breast02']
    """
    import pandas as pd

    _check_endpoint(endpoint)
    groups = trial_groups()
    if group is not None and group not in set(groups.values()):
        raise DatasetError("unknown group", field="group", value=group,
                           allowed=sorted(set(groups.values())))  # fmt: skip
    out = [r for r in _records(endpoint) if group is None or r["group"] == group]
    columns = list(_records("pfs")[0])
    return pd.DataFrame(out, columns=columns)


def forest_text(endpoint: str = "pfs", group: str | None = None) -> str:
    """The forest plot as text: one line per trial and cohort (the plot's text alternative).

    Examples
    --------
    >>> for line in forest_text("os", "triple-negative").splitlines()[1:3]:
    ...     print(line.split(";")[0])
    - ASCENT (without brain metastases): HR 0.48 (95% CI 0.38-0.59), 12.1 vs 6.7 months
    - KEYNOTE-355 (PD-L1 CPS >= 10): HR 0.73 (95% CI 0.55-0.95), 23.0 vs 16.1 months
    """
    words = _check_endpoint(endpoint)[2]
    df = forest_rows(endpoint, group)
    lines = [f"Hazard ratios for {words}, new treatment vs control (below 1 favours the new one):"]
    for r in df.itertuples():
        ci = NO_INTERVAL if r.interval == NO_INTERVAL else f"95% CI {r.interval}"
        lines.append(f"- {r.label}: HR {r.hr_text} ({ci}), {r.medians}; {r.reading}")
    return "\n".join(lines)


def trial_summary(trial: str) -> str:
    """One trial read in words: population, each endpoint's medians and hazard ratio.

    Examples
    --------
    >>> print(trial_summary("KEYNOTE-355").splitlines()[0][:60])
    KEYNOTE-355 (triple-negative): previously untreated advanced
    >>> print(trial_summary("KEYNOTE-355").splitlines()[-1][:72])
      overall survival, PD-L1 CPS >= 1: medians 17.6 vs 16.0 months; HR 0.86
    """
    groups = trial_groups()
    if trial not in groups:
        raise DatasetError("unknown trial", field="trial", value=trial, allowed=list(groups))
    population = next(
        r["population"] for r in data.rows("trial_outcomes")
        if r["trial"] == trial and not r["population"].startswith("as ")
    )  # fmt: skip
    lines = [f"{trial} ({groups[trial]}): {population}"]
    for endpoint, (_hr, _median, words) in ENDPOINTS.items():
        rows = forest_rows(endpoint)
        for r in rows[rows.trial == trial].itertuples():
            what = NO_INTERVAL if r.interval == NO_INTERVAL else f"95% CI {r.interval}"
            if r.interval != NO_INTERVAL:
                what += f": {r.reading}"
            note = f". Note: {r.note}" if r.note else ""
            lines.append(
                f"  {words}, {r.cohort}: medians {r.medians}; HR {r.hr_text} ({what}){note}"
            )
        if rows[rows.trial == trial].empty:
            lines.append(
                f"  {words}: no hazard ratio in the kit's sources (immature, or not reported)"
            )
    return "\n".join(lines)
