"""GBSG2 cohort: derived stage counts, Kaplan-Meier and log-rank agree with lifelines."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import breastcancer_kit as bck
from breastcancer_kit.statistics import cohorts as cohort
from breastcancer_kit.ui import cohort as cohort_ui
from breastcancer_kit.ui import statistics as statistics_ui


def lifelines():
    """lifelines, imported by the tests that use it (about 1 s at every worker's collection)."""
    import lifelines
    import lifelines.datasets
    import lifelines.statistics

    return lifelines


@pytest.fixture(scope="module")
def gbsg2():
    return cohort.gbsg2_cohort()


# Published counts for the derived stage, with M0 assumed (shared/reference/
# statistics-and-datasets.md, section B1, derived there from lifelines' load_lymph_node).
PUBLISHED_STAGE_COUNTS = {"IIA": 118, "IIB": 246, "IIIA": 219, "IIIC": 103}
PUBLISHED_T_COUNTS = {"T1": 180, "T2": 453, "T3": 53}
PUBLISHED_N_COUNTS = {"N1": 376, "N2": 207, "N3": 103}


def _independent_stage(size_mm: int, nodes: int) -> tuple[str, str, str]:
    """AJCC 8th edition (NCI PDQ tables), written out here, not read from the package:
    T1 up to 20 mm, T2 over 20 to 50 mm, T3 over 50 mm (whole-mm sizes need no rounding);
    pN1 1-3 nodes, pN2 4-9, pN3 10 or more; M0: T1 N1 IIA, T2 N1 IIB, T3 N1 IIIA,
    T1-T3 N2 IIIA, any T N3 IIIC."""
    t = "T1" if size_mm <= 20 else ("T2" if size_mm <= 50 else "T3")
    n = "N1" if nodes <= 3 else ("N2" if nodes <= 9 else "N3")
    grid = {("T1", "N1"): "IIA", ("T2", "N1"): "IIB", ("T3", "N1"): "IIIA"}
    stage = "IIIC" if n == "N3" else ("IIIA" if n == "N2" else grid[(t, n)])
    return t, n, stage


def test_counts_by_derived_category(gbsg2):
    raw = lifelines().datasets.load_lymph_node()
    pairs = zip(raw["size"], raw["nodes"], strict=True)
    derived = [_independent_stage(int(s), int(k)) for s, k in pairs]
    ours = gbsg2.anatomic_stage.value_counts().to_dict()
    assert ours == Counter(stage for _, _, stage in derived) == PUBLISHED_STAGE_COUNTS
    groups = {c: bck.parse_tnm(f"{c} pN1a cM0").t.group for c in gbsg2.t.unique()}
    assert gbsg2.t.map(groups).value_counts().to_dict() == PUBLISHED_T_COUNTS
    assert Counter(t for t, _, _ in derived) == PUBLISHED_T_COUNTS
    n_groups = {c: bck.parse_tnm(f"pT1 {c} cM0").n.group for c in gbsg2.n.unique()}
    assert gbsg2.n.map(n_groups).value_counts().to_dict() == PUBLISHED_N_COUNTS
    # Row by row, not only in total.
    assert [s for _, _, s in derived] == gbsg2.anatomic_stage.astype(str).tolist()
    assert len(gbsg2) == 686


def test_stage_matches_stage_row_by_row(gbsg2):
    for row in gbsg2.drop_duplicates(["t", "n"]).itertuples():
        assert bck.stage(t=row.t, n=row.n, m=row.m).anatomic == row.anatomic_stage


def test_hr_status_uses_the_10_fmol_cutoff(gbsg2):
    hr = (gbsg2.er_fmol >= 10) | (gbsg2.pr_fmol >= 10)
    assert (gbsg2.hr_status == "HR+").equals(hr)
    assert round(hr.mean(), 3) == 0.800  # 80.0 % HR+, reference section B1


def test_survival_columns(gbsg2):
    raw = lifelines().datasets.load_lymph_node()
    assert gbsg2.died.sum() == raw.censdead.sum() == 171
    assert np.allclose(gbsg2.os_years * 365.25, raw.survtime)


@pytest.mark.parametrize("split", list(cohort.SPLITS))
@pytest.mark.parametrize("endpoint", list(cohort.ENDPOINTS))
def test_km_table_agrees_with_lifelines(gbsg2, split, endpoint):
    column, duration, event = cohort._check(split, endpoint)
    table = cohort.km_table(gbsg2, split, endpoint)
    for name, sub in gbsg2.groupby(column, observed=True):
        kmf = lifelines().KaplanMeierFitter().fit(sub[duration], sub[event])
        ours = table[table.group == str(name)]
        assert np.allclose(ours.survival, kmf.survival_function_.iloc[:, 0])
        assert np.allclose(ours.lower, kmf.confidence_interval_.iloc[:, 0])
        assert np.allclose(ours.upper, kmf.confidence_interval_.iloc[:, 1])
        assert (ours.n == len(sub)).all()


@pytest.mark.parametrize("split", list(cohort.SPLITS))
def test_logrank_agrees_with_lifelines(gbsg2, split):
    column, duration, event = cohort._check(split, "os")
    ours = cohort.logrank(gbsg2, split, "os")
    logrank = lifelines().statistics.multivariate_logrank_test
    theirs = logrank(gbsg2[duration], gbsg2[column].astype(str), gbsg2[event])
    assert ours.p_value == pytest.approx(theirs.p_value)
    assert ours.statistic == pytest.approx(theirs.test_statistic)
    assert "Log-rank" in ours.explain()


def test_five_year_survival_matches_the_reference(gbsg2):
    # Reference B1: 5-yr OS stage II 83.0 %, III 55.2 %; HR+ 75.6 %, HR- 48.2 %.
    s = cohort_ui.survival_at(gbsg2, "stage_group", "os", 5)
    assert round(100 * s.loc["II", "survival"], 1) == 83.0
    assert round(100 * s.loc["III", "survival"], 1) == 55.2
    h = cohort_ui.survival_at(gbsg2, "hr_status", "os", 5)
    assert round(100 * h.loc["HR+", "survival"], 1) == 75.6
    assert round(100 * h.loc["HR-", "survival"], 1) == 48.2


def test_numbers_at_risk(gbsg2):
    table = cohort.numbers_at_risk(gbsg2, "stage_group", "os", (0, 5))
    assert table[0.0].sum() == 686
    assert (table[5.0] <= table[0.0]).all()


def test_km_figure_carries_lifelines_numbers(gbsg2):
    fig = cohort_ui.km_figure(gbsg2, "stage_group", "os")
    table = cohort.km_table(gbsg2, "stage_group", "os")
    curves = [t for t in fig.data if t.mode == "lines"]
    assert len(curves) == 2
    for trace in curves:
        group = trace.legendgroup
        assert np.allclose(trace.y, table[table.group == group].survival)
    bands = [t for t in fig.data if t.fill == "toself"]
    assert len(bands) == 2


def test_limitations_are_stated():
    text = " ".join(cohort.gbsg2_provenance()["limitations"])
    for word in ("HER2", "M1", "1984"):
        assert word in text


@pytest.mark.parametrize(("split", "endpoint"), [("nope", "os"), ("hr_status", "dfs")])
def test_bad_split_or_endpoint(gbsg2, split, endpoint):
    with pytest.raises(bck.DatasetError):
        cohort.km_table(gbsg2, split, endpoint)


def test_cohort_vs_seer_has_both_sides(gbsg2):
    t = cohort_ui.cohort_vs_seer(gbsg2)
    assert t.group.str.startswith("GBSG2").sum() == 4
    assert t.group.str.startswith("SEER regional").sum() == 6


def test_cohort_explorer_redraws(gbsg2):
    box = cohort_ui.cohort_explorer("stage_group", "os")
    (split, endpoint), summary, slot = box.children[0].children, box.children[1], box.children[2]
    first = summary.value
    split.value = "hr_status"
    assert summary.value != first and "HR+" in summary.value
    # What is displayed is a fresh view after every change (see plotly_compat.FigureSlot).
    assert {t.legendgroup for t in slot.children[0].data} == {"HR+", "HR-"}
    endpoint.value = "rfs"
    assert "Recurrence-free" in slot.children[0].layout.title.text
    assert box.children[3].outputs == ()


def test_statistics_explorer_switches_views():
    box = statistics_ui.statistics_explorer()
    choice, slot = box.children[0], box.children[1]
    for view in statistics_ui.STATISTICS_VIEWS:
        choice.value = view
        shown = slot.children[0].layout.title.text
        assert shown == statistics_ui.statistics_figure(view).layout.title.text
    with pytest.raises(bck.DatasetError):
        statistics_ui.statistics_figure("nope")
