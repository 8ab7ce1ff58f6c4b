"""Lesson 06 in a real browser (Voila and JupyterLab): the curves are the cohort's.

The Kaplan-Meier curves Plotly holds in the page (``gd.data``) are compared with
lifelines' estimate computed here from the GBSG2 cohort (``bck.statistics.cohorts``), the
numbers at risk with a count from the cohort frame, after each change of split and endpoint.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from breastcancer_kit.statistics import cohorts

from .test_layout import ZOOM_150, check_at_zoom, check_charts_settled, check_fits

pytestmark = pytest.mark.browser

NOTEBOOK = "06_real_cohort.ipynb"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
FRONT_ENDS = [("voila", 1), ("voila", 2), ("lab", 1)]


def check_curves(chart: dict, split: str, endpoint: str) -> None:
    from lifelines import KaplanMeierFitter  # here: a second to import, and one worker uses it

    cohort = cohorts.gbsg2_cohort()
    column = cohorts.SPLITS[split][0]
    time_col, event_col, _ = cohorts.ENDPOINTS[endpoint]
    curves = [t for t in chart["data"] if t.get("mode") == "lines"]
    at_risk = [t for t in chart["data"] if t.get("mode") == "text"]
    groups = sorted(str(g) for g in cohort[column].dropna().unique())
    assert sorted(t["legendgroup"] for t in curves) == groups
    for curve in curves:
        sub = cohort[cohort[column].astype(str) == curve["legendgroup"]]
        assert f"(n={len(sub)})" in curve["name"]
        km = KaplanMeierFitter().fit(sub[time_col], sub[event_col])
        expected = km.survival_function_at_times(curve["x"]).tolist()
        assert curve["y"] == pytest.approx(expected, abs=1e-9)
        row = next(t for t in at_risk if t["legendgroup"] == curve["legendgroup"])
        counts = [int((sub[time_col] >= year).sum()) for year in row["x"]]
        assert [int(v) for v in row["text"]] == counts


@pytest.mark.parametrize(("front_end", "load"), FRONT_ENDS)
def test_lesson06_curves_follow_split_and_endpoint(
    open_lesson, plots, save_screenshot, artifacts_dir, front_end, load
):
    root = open_lesson(NOTEBOOK, front_end)
    explorer = root.locator(".bck-cohort-explorer")
    expect(explorer).to_have_count(1)
    summary = explorer.locator(".bck-logrank-text")
    if front_end == "lab":  # every state drawn at 150 % zoom beside the file browser: 420 px
        root.page.set_viewport_size(ZOOM_150)
    steps = [("anatomic_stage", "os"), ("grade", "os"), ("grade", "rfs"), ("hr_status", "rfs")]
    for i, (split, endpoint) in enumerate(steps):
        if i and split != steps[i - 1][0]:
            explorer.locator(".widget-dropdown select").select_option(
                label=cohorts.SPLITS[split][1]
            )
        if i and endpoint != steps[i - 1][1]:
            label = cohorts.ENDPOINTS[endpoint][2]
            explorer.locator(f".widget-toggle-buttons button:text-is('{label}')").click()
        cohort = cohorts.gbsg2_cohort()
        expect(summary).to_have_text(cohorts.logrank(cohort, split, endpoint).explain())
        plots.wait_for(
            explorer, lambda charts, s=split, e=endpoint: check_curves(charts[0], s, e)
        )
        if front_end == "lab":
            explorer.locator(".js-plotly-plot").scroll_into_view_if_needed()
            check_charts_settled(root.page, ".bck-cohort-explorer")
    explorer.scroll_into_view_if_needed()
    save_screenshot(root.page, f"-{front_end}")
    expect(root.locator(STDERR)).to_have_count(0)
    expect(root).not_to_contain_text("Traceback")
    if (front_end, load) == ("voila", 1):
        check_fits(root.page, ".bck-cohort-explorer", artifacts_dir, "06")
    if (front_end, load) == ("voila", 2):
        check_a_chart_drawn_off_the_page_is_fitted(root.page, explorer)
    if front_end == "lab":  # its file browser open
        check_at_zoom(root.page, artifacts_dir, "06-lab")


# The explorer's chart slot hidden, a control changed, the slot shown again: the fresh chart was
# drawn with no width to take (plotly then uses its default 700 px), as it is when its box
# reaches the page late on a busy page.
HIDE_SLOT = "(el) => { el.querySelector('.bck-figure').style.display = 'none'; }"
SHOW_SLOT = "(el) => { el.querySelector('.bck-figure').style.display = ''; }"
FITTED = """(el) => { const gd = el.querySelector('.bck-figure .js-plotly-plot');
  const svg = gd?.querySelector('svg.main-svg');
  return Boolean(svg && gd.getBoundingClientRect().width > 800
    && Math.abs(svg.getBoundingClientRect().width - gd.getBoundingClientRect().width) <= 2); }"""


def check_a_chart_drawn_off_the_page_is_fitted(page, explorer) -> None:
    """The kit's chart loader fits a chart to its box once the box has a width (no resize)."""
    handle = explorer.element_handle()
    page.evaluate(HIDE_SLOT, handle)
    label = cohorts.ENDPOINTS["os"][2]
    explorer.locator(f".widget-toggle-buttons button:text-is('{label}')").click()
    expect(explorer.locator(".bck-logrank-text")).to_have_text(
        cohorts.logrank(cohorts.gbsg2_cohort(), "hr_status", "os").explain()
    )
    page.wait_for_timeout(3000)  # the fresh chart draws in the hidden slot
    page.evaluate(SHOW_SLOT, handle)
    page.wait_for_function(FITTED, arg=handle, timeout=15_000)
