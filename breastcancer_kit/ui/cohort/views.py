"""Pure views for lesson 06: stage counts, survival at a time point, GBSG2 beside SEER."""

from __future__ import annotations

import pandas as pd

from ...errors import DatasetError
from ...limits import bounded_number
from ...statistics import cohorts as cohort_mod
from ...statistics import tables

__all__ = ["cohort_vs_seer", "stage_counts", "survival_at"]


def survival_at(cohort: pd.DataFrame, split: str, endpoint: str = "os", years: float = 5.0):
    """Kaplan-Meier survival at a time point per group, with its 95 % interval.

    Examples
    --------
    >>> s = survival_at(cohort_mod.gbsg2_cohort(), "stage_group", "os", 5)
    >>> round(float(s.loc["II", "survival"]), 3), round(float(s.loc["III", "survival"]), 3)
    (0.83, 0.552)
    """
    table = cohort_mod.km_table(cohort, split, endpoint)
    longest = float(table["time"].max())
    years = bounded_number(years, "years", DatasetError, low=0.0, high=longest)
    rows = {}
    for name, sub in table.groupby("group", sort=False):
        last = sub[sub["time"] <= years].iloc[-1]
        rows[name] = {
            "survival": last["survival"],
            "lower": last["lower"],
            "upper": last["upper"],
            "n": int(last["n"]),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def cohort_vs_seer(cohort: pd.DataFrame):
    """GBSG2 5-year overall survival beside SEER 5-year relative survival for regional disease.

    Every GBSG2 patient had positive nodes, which SEER calls *regional* disease. The two
    numbers differ in era (1984-1989 vs 2013-2019) and in measure (overall vs relative
    survival), so compare direction, not level.

    Examples
    --------
    >>> t = cohort_vs_seer(cohort_mod.gbsg2_cohort())
    >>> list(t.columns)
    ['group', 'measure', 'percent', 'population', 'period', 'source']
    """
    seer = tables.load_table("seer_survival_subtype_stage").query("stage == 'regional'")
    rows = []
    for split in ("stage_group", "hr_status"):
        at5 = survival_at(cohort, split, "os", 5)
        for name, r in at5.iterrows():
            rows.append(
                {
                    "group": f"GBSG2 {name}",
                    "measure": "5-year overall survival (KM)",
                    "percent": round(100 * float(r["survival"]), 1),
                    "population": f"GBSG2 trial, node-positive (n={int(r['n'])})",
                    "period": "diagnosed 1984-1989",
                    "source": "lifelines GBSG2; this kit",
                }
            )
    for _, r in seer.iterrows():
        rows.append(
            {
                "group": f"SEER regional {r['group']}",
                "measure": "5-year relative survival",
                "percent": float(r["value"]),
                "population": r["population"],
                "period": r["period"],
                "source": r["source"],
            }
        )
    return pd.DataFrame(rows)


def stage_counts(cohort: pd.DataFrame):
    """Patients per derived anatomic stage, with percentages.

    Examples
    --------
    >>> stage_counts(cohort_mod.gbsg2_cohort())["patients"].tolist()
    [118, 246, 219, 103]
    """
    counts = cohort["anatomic_stage"].value_counts(sort=False)
    counts = counts[counts > 0]
    out = pd.DataFrame({"patients": counts.astype(int)})
    out["percent"] = (100 * out["patients"] / out["patients"].sum()).round(1)
    out.index.name = "anatomic stage"
    return out
