"""A real cohort to stage: GBSG2 (686 node-positive women, 1984-1989), with survival.

The data ship inside lifelines (``lifelines.datasets.load_lymph_node``) and load offline.
This module derives pT and pN with the kit's own helpers, the anatomic stage with
:func:`breastcancer_kit.staging.frame.stage_frame` and a hormone-receptor status, and computes
Kaplan-Meier curves and log-rank tests with lifelines (never by hand). What the data
cannot show is in :func:`gbsg2_provenance` ``["limitations"]``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from .. import data
from .._meta import import_extra
from ..errors import DatasetError
from ..limits import preview
from ..staging.anatomic import stage_labels
from ..staging.frame import stage_frame
from ..staging.measurements import pn_from_positive_nodes, t_from_size_mm

__all__ = [
    "ENDPOINTS",
    "SPLITS",
    "LogRank",
    "gbsg2_cohort",
    "gbsg2_provenance",
    "hr_cutoff_fmol",
    "km_table",
    "logrank",
    "numbers_at_risk",
]

DAYS_PER_YEAR = 365.25

#: endpoint -> (duration column, event column, label)
ENDPOINTS = {
    "os": ("os_years", "died", "Overall survival"),
    "rfs": ("rfs_years", "recurred", "Recurrence-free survival"),
}
#: split -> (column, label)
SPLITS = {
    "anatomic_stage": ("anatomic_stage", "AJCC 8th anatomic stage (derived)"),
    "stage_group": ("stage_group", "Stage II vs III"),
    "hr_status": ("hr_status", "Hormone-receptor status"),
    "grade": ("grade", "Histologic grade"),
    "hormone_therapy": ("hormone_therapy", "Tamoxifen (randomised)"),
}


def gbsg2_provenance() -> dict[str, Any]:
    """Study, loader, derivations and limitations of the GBSG2 cohort.

    Examples
    --------
    >>> gbsg2_provenance()["population"][:9]
    '686 women'
    """
    return data.provenance("gbsg2")


def hr_cutoff_fmol() -> float:
    """The receptor cut-off (fmol/mg) for HR+ in GBSG2, as recorded in its provenance.

    Examples
    --------
    >>> hr_cutoff_fmol()
    10.0
    """
    record = gbsg2_provenance()["derivations"]["hr_status"]
    found = re.search(r"at least (\d+(?:\.\d+)?) fmol/mg", record)
    if found is None:  # pragma: no cover - the record is shipped with the package
        raise DatasetError("the GBSG2 record states no HR cut-off", field="gbsg2", value=record)
    return float(found.group(1))


@cache
def _cohort() -> pd.DataFrame:
    raw = data.load_table("gbsg2")
    # Size and node count take few distinct values: derive each category once.
    t_of = {int(s): t_from_size_mm(int(s), prefix="p") for s in raw["size"].unique()}
    n_of = {int(k): pn_from_positive_nodes(int(k)) for k in raw["nodes"].unique()}
    df = pd.DataFrame(
        {
            "patient": np.arange(1, len(raw) + 1),
            "age": raw["age"].astype(int),
            "menopause": pd.Categorical(
                raw["menopause"].map({1: "pre", 2: "post"}),
                categories=["pre", "post"],
                ordered=True,
            ),
            "hormone_therapy": pd.Categorical(
                raw["hormone"].map({1: "no", 2: "yes"}), categories=["no", "yes"]
            ),
            "size_mm": raw["size"].astype(int),
            "nodes": raw["nodes"].astype(int),
            "grade": pd.Categorical(
                raw["grade"].map({1: "G1", 2: "G2", 3: "G3"}),
                categories=["G1", "G2", "G3"],
                ordered=True,
            ),
            "er_fmol": raw["estrg_recp"].astype(int),
            "pr_fmol": raw["prog_recp"].astype(int),
            "t": raw["size"].map(t_of),
            "n": raw["nodes"].map(n_of),
            "m": "cM0",
            "os_years": raw["survtime"] / DAYS_PER_YEAR,
            "died": raw["censdead"].astype(bool),
            "rfs_years": raw["rectime"] / DAYS_PER_YEAR,
            "recurred": raw["censrec"].astype(bool),
        }
    )
    staged = stage_frame(df[["t", "n", "m"]])
    df["anatomic_stage"] = staged["anatomic_stage"].cat.remove_unused_categories()
    # Stage group: the Roman numeral of the stage (IIIA -> III), in the order of the labels.
    roman = r"^(I{1,3}V?|IV)"
    numerals = [m.group(1) for m in map(re.compile(roman).match, stage_labels()) if m]
    df["stage_group"] = pd.Categorical(
        df["anatomic_stage"].astype(str).str.extract(roman)[0],
        categories=list(dict.fromkeys(numerals)),
        ordered=True,
    ).remove_unused_categories()
    cutoff = hr_cutoff_fmol()
    hr_pos = (df["er_fmol"] >= cutoff) | (df["pr_fmol"] >= cutoff)
    df["hr_status"] = pd.Categorical(np.where(hr_pos, "HR+", "HR-"), categories=["HR+", "HR-"])
    df.attrs["provenance"] = gbsg2_provenance()
    return df


def gbsg2_cohort() -> pd.DataFrame:
    """The GBSG2 cohort, staged: one row per patient (a fresh copy).

    Returns
    -------
    pandas.DataFrame
        Patient columns (age, menopause, size_mm, nodes, grade, er_fmol, pr_fmol,
        hormone_therapy), derived ``t``, ``n``, ``m``, ``anatomic_stage``, ``stage_group``
        and ``hr_status``, and survival: ``os_years``/``died`` and
        ``rfs_years``/``recurred``.

    Examples
    --------
    >>> df = gbsg2_cohort()
    >>> len(df), df.anatomic_stage.value_counts().sort_index().to_dict()
    (686, {'IIA': 118, 'IIB': 246, 'IIIA': 219, 'IIIC': 103})
    """
    df = _cohort().copy()
    df.attrs["provenance"] = gbsg2_provenance()
    return df


def _lifelines(module: str):
    """Import a lifelines module, or say which extra brings it."""
    return import_extra(module, "lessons", "Kaplan-Meier curves and log-rank tests")


@contextmanager
def _quiet_lifelines() -> Iterator[None]:
    # lifelines 0.30.0 calls pandas APIs that pandas 3 flags for pandas 4; the results are
    # right, and students should not see the warning in every lesson.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Starting with pandas version 4.0")
        yield


def _check(split: str, endpoint: str) -> tuple[str, str, str]:
    if not isinstance(split, str) or split not in SPLITS:
        raise DatasetError(
            "unknown split", field="split", value=preview(split), allowed=list(SPLITS)
        )
    if not isinstance(endpoint, str) or endpoint not in ENDPOINTS:
        raise DatasetError(
            "unknown endpoint", field="endpoint", value=preview(endpoint), allowed=list(ENDPOINTS)
        )
    duration, event, _ = ENDPOINTS[endpoint]
    return SPLITS[split][0], duration, event


def _check_cohort(cohort: object, columns: tuple[str, ...], *, groups: int = 1) -> None:
    """A DataFrame with ``columns`` and patients in at least ``groups`` groups of the split."""
    if not isinstance(cohort, pd.DataFrame):
        raise DatasetError(
            "expected a cohort DataFrame (gbsg2_cohort())",
            field="cohort",
            value=type(cohort).__name__,
        )
    missing = [c for c in columns if c not in cohort.columns]
    if missing:
        raise DatasetError("the cohort lacks columns", field="cohort", value=missing)
    found = cohort[columns[0]].dropna().nunique()
    if found < groups:
        raise DatasetError(
            f"needs patients in at least {groups} group(s) of the split",
            field="cohort",
            value=f"{len(cohort)} rows in {found} group(s)",
        )


def _groups(cohort: pd.DataFrame, column: str) -> list[tuple[str, pd.DataFrame]]:
    return [(str(name), sub) for name, sub in cohort.groupby(column, observed=True, sort=True)]


def km_table(cohort: pd.DataFrame, split: str = "anatomic_stage", endpoint: str = "os"):
    """Kaplan-Meier estimates (lifelines) per group, as one tidy table.

    Returns
    -------
    pandas.DataFrame
        ``group, time, survival, lower, upper`` (95 % confidence band), ``n`` per group.

    Examples
    --------
    >>> t = km_table(gbsg2_cohort(), "stage_group", "os")
    >>> sorted(t.group.unique())
    ['II', 'III']
    """
    KaplanMeierFitter = _lifelines("lifelines").KaplanMeierFitter

    column, duration, event = _check(split, endpoint)
    _check_cohort(cohort, (column, duration, event))
    parts = []
    for name, sub in _groups(cohort, column):
        with _quiet_lifelines():
            kmf = KaplanMeierFitter().fit(sub[duration], sub[event], label=name)
        sf = kmf.survival_function_[name]
        ci = kmf.confidence_interval_
        parts.append(
            pd.DataFrame(
                {
                    "group": name,
                    "time": sf.index.to_numpy(dtype=float),
                    "survival": sf.to_numpy(dtype=float),
                    "lower": ci.iloc[:, 0].to_numpy(dtype=float),
                    "upper": ci.iloc[:, 1].to_numpy(dtype=float),
                    "n": len(sub),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def numbers_at_risk(
    cohort: pd.DataFrame,
    split: str = "anatomic_stage",
    endpoint: str = "os",
    times: tuple[float, ...] = tuple(range(8)),
):
    """Patients still at risk (not yet failed or censored) at each time, per group.

    Examples
    --------
    >>> numbers_at_risk(gbsg2_cohort(), "stage_group").loc["II"].tolist()[:3]
    [364, 346, 309]
    """
    column, duration, _ = _check(split, endpoint)
    _check_cohort(cohort, (column, duration))
    rows = {
        name: [int((sub[duration] >= t).sum()) for t in times]
        for name, sub in _groups(cohort, column)
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=[float(t) for t in times])


@dataclass(frozen=True)
class LogRank:
    """A log-rank test comparing the survival curves of the groups.

    Attributes
    ----------
    statistic : float
    p_value : float
    degrees_of_freedom : int
    groups : tuple of str
    """

    statistic: float
    p_value: float
    degrees_of_freedom: int
    groups: tuple[str, ...]

    def explain(self) -> str:
        """One sentence for students."""
        p = "p < 0.001" if self.p_value < 0.001 else f"p = {self.p_value:.3f}"
        return (
            f"Log-rank test across {len(self.groups)} groups ({', '.join(self.groups)}): "
            f"chi-squared {self.statistic:.1f} on {self.degrees_of_freedom} degree(s) of "
            f"freedom, {p}."
        )


def logrank(cohort: pd.DataFrame, split: str = "anatomic_stage", endpoint: str = "os") -> LogRank:
    """Log-rank test (lifelines ``multivariate_logrank_test``) between the groups of a split.

    Examples
    --------
    >>> r = logrank(gbsg2_cohort(), "stage_group", "os")
    >>> r.groups, r.p_value < 1e-6
    (('II', 'III'), True)
    """
    multivariate_logrank_test = _lifelines("lifelines.statistics").multivariate_logrank_test

    column, duration, event = _check(split, endpoint)
    _check_cohort(cohort, (column, duration, event), groups=2)
    sub = cohort[cohort[column].notna()]
    with _quiet_lifelines():
        result = multivariate_logrank_test(sub[duration], sub[column].astype(str), sub[event])
    groups = tuple(name for name, _ in _groups(sub, column))
    return LogRank(
        float(result.test_statistic), float(result.p_value), int(result.degrees_of_freedom), groups
    )
