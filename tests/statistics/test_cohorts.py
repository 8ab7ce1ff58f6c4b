"""GBSG2 cohort: derived stage counts, Kaplan-Meier and log-rank agree with lifelines."""

from __future__ import annotations

import numpy as np
import pytest
from lifelines import KaplanMeierFitter
from lifelines.datasets import load_lymph_node
from lifelines.statistics import multivariate_logrank_test

import breastcancer_kit as bck
from breastcancer_kit.statistics import cohorts as cohort
from breastcancer_kit.ui import cohort as cohort_ui
from breastcancer_kit.ui import statistics as statistics_ui


@pytest.fixture(scope="module")
def gbsg2():
    return cohort.gbsg2_cohort()


def test_counts_by_derived_category(gbsg2):
    # Independent derivation in shared/reference/statistics-and-datasets.md, section B1.
    expected = cohort.gbsg2_provenance()["expected_counts"]
    assert gbsg2.anatomic_stage.value_counts().to_dict() == expected["anatomic_stage"]
    groups = {c: bck.parse_tnm(f"{c} pN1a cM0").t.group for c in gbsg2.t.unique()}
    assert gbsg2.t.map(groups).value_counts().to_dict() == expected["t"]
    n_groups = {c: bck.parse_tnm(f"pT1 {c} cM0").n.group for c in gbsg2.n.unique()}
    assert gbsg2.n.map(n_groups).value_counts().to_dict() == expected["n"]
    assert len(gbsg2) == 686


def test_stage_matches_stage_row_by_row(gbsg2):
    for row in gbsg2.drop_duplicates(["t", "n"]).itertuples():
        assert bck.stage(t=row.t, n=row.n, m=row.m).anatomic == row.anatomic_stage


def test_hr_status_uses_the_10_fmol_cutoff(gbsg2):
    hr = (gbsg2.er_fmol >= 10) | (gbsg2.pr_fmol >= 10)
    assert (gbsg2.hr_status == "HR+").equals(hr)
    assert round(hr.mean(), 3) == 0.800  # 80.0 % HR+, reference section B1


def test_survival_columns(gbsg2):
    raw = load_lymph_node()
    assert gbsg2.died.sum() == raw.censdead.sum() == 171
    assert np.allclose(gbsg2.os_years * 365.25, raw.survtime)


@pytest.mark.parametrize("split", list(cohort.SPLITS))
@pytest.mark.parametrize("endpoint", list(cohort.ENDPOINTS))
def test_km_table_agrees_with_lifelines(gbsg2, split, endpoint):
    column, duration, event = cohort._check(split, endpoint)
    table = cohort.km_table(gbsg2, split, endpoint)
    for name, sub in gbsg2.groupby(column, observed=True):
        kmf = KaplanMeierFitter().fit(sub[duration], sub[event])
        ours = table[table.group == str(name)]
        assert np.allclose(ours.survival, kmf.survival_function_.iloc[:, 0])
        assert np.allclose(ours.lower, kmf.confidence_interval_.iloc[:, 0])
        assert np.allclose(ours.upper, kmf.confidence_interval_.iloc[:, 1])
        assert (ours.n == len(sub)).all()


@pytest.mark.parametrize("split", list(cohort.SPLITS))
def test_logrank_agrees_with_lifelines(gbsg2, split):
    column, duration, event = cohort._check(split, "os")
    ours = cohort.logrank(gbsg2, split, "os")
    theirs = multivariate_logrank_test(gbsg2[duration], gbsg2[column].astype(str), gbsg2[event])
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
    (split, endpoint), summary, figure = box.children[0].children, box.children[1], box.children[2]
    first = summary.value
    split.value = "hr_status"
    assert summary.value != first and "HR+" in summary.value
    assert {t.legendgroup for t in figure.data} == {"HR+", "HR-"}
    endpoint.value = "rfs"
    assert "Recurrence-free" in figure.layout.title.text
    assert box.children[3].outputs == ()


def test_statistics_explorer_switches_views():
    box = statistics_ui.statistics_explorer()
    choice, figure = box.children[0], box.children[1]
    for view in statistics_ui.STATISTICS_VIEWS:
        choice.value = view
        assert (
            figure.layout.title.text == statistics_ui.statistics_figure(view).layout.title.text
        )
    with pytest.raises(bck.DatasetError):
        statistics_ui.statistics_figure("nope")
