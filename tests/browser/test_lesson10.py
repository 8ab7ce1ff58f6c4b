"""Lesson 10 in Voila and JupyterLab: the forest plot and its text follow endpoint and subtype."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from breastcancer_kit.ui.trials import views as lesson10

from .test_layout import ZOOM_150, check_at_zoom, check_charts_settled

pytestmark = pytest.mark.browser

NOTEBOOK = "10_reading_a_trial.ipynb"
EXPLORER = ".bck-forest-explorer"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
# ASCENT, ASCENT-03, ASCENT-04, KEYNOTE-355 (CPS >= 10), TROPION-Breast02 report a PFS
# hazard ratio; ASCENT, KEYNOTE-355 (CPS >= 10 and >= 1) and TROPION-Breast02 an OS one.
TNBC_PFS_POINTS, TNBC_OS_POINTS = 5, 4


def check_forest(chart: dict, endpoint: str, group: str | None) -> None:
    """Every hazard ratio and interval the page draws is the engine's row, and only those."""
    drawn = {}
    for trace in chart["data"]:
        if trace.get("mode") != "markers":
            continue
        error = trace.get("error_x") or {}
        for i, (hr, label) in enumerate(zip(trace["x"], trace["y"], strict=True)):
            plus, minus = (
                error.get(k, [None] * len(trace["x"]))[i] for k in ("array", "arrayminus")
            )
            high = None if plus is None else round(hr + plus, 6)
            low = None if minus is None else round(hr - minus, 6)
            drawn[label] = (trace["name"], hr, low, high)
    rows = lesson10.forest_rows(endpoint, group)
    def bound(value: float) -> float | None:  # not read in the source: no bar that side
        return None if value != value else round(float(value), 6)

    expected = {
        r.label: (str(r.group), float(r.hr), bound(r.low), bound(r.high))
        for r in rows.itertuples(index=False)
    }
    assert drawn == expected, (endpoint, group)


@pytest.mark.parametrize("front_end", ["voila", "lab"])
def test_endpoint_and_subtype_redraw_the_forest_plot(
    open_lesson, plots, front_end, save_screenshot, artifacts_dir
):
    root = open_lesson(NOTEBOOK, front_end)
    explorer = root.locator(EXPLORER)
    expect(explorer).to_have_count(1)
    lab = front_end == "lab"
    if lab:  # every state drawn at 150 % zoom beside the file browser: a 420 px chart
        root.page.set_viewport_size(ZOOM_150)
    explorer.scroll_into_view_if_needed()  # JupyterLab draws a chart once it is on screen
    plot = explorer.locator(".js-plotly-plot")
    expect(plot).to_have_count(1)
    text = explorer.locator(".bck-forest-text")
    expect(text).to_contain_text("Hazard ratios for progression-free survival")
    expect(text).to_contain_text("KEYNOTE-355 (PD-L1 CPS >= 10): HR 0.65 (95% CI 0.49-0.86)")
    expect(plot).to_contain_text("PALOMA-2")
    plots.wait_for(explorer, lambda charts: check_forest(charts[0], "pfs", None))
    if lab:  # all subtypes: the longest trial names and the whole legend
        plot.scroll_into_view_if_needed()
        check_charts_settled(root.page, EXPLORER)

    explorer.locator("select").first.select_option("triple-negative")
    points = explorer.locator(".js-plotly-plot .scatterlayer .point")
    expect(points).to_have_count(TNBC_PFS_POINTS)
    charts = plots.wait_for(
        explorer, lambda charts: check_forest(charts[0], "pfs", "triple-negative")
    )
    # ASCENT, PFS without brain metastases: HR 0.41 (95 % CI 0.32-0.52), Bardia et al.,
    # N Engl J Med 2021;384:1529-41.
    ascent = next(t for t in charts[0]["data"] if "ASCENT (without brain metastases)" in t["y"])
    i = ascent["y"].index("ASCENT (without brain metastases)")
    assert ascent["x"][i] == 0.41
    assert ascent["x"][i] + ascent["error_x"]["array"][i] == pytest.approx(0.52)
    expect(plot).not_to_contain_text("PALOMA-2")
    if lab:
        check_charts_settled(root.page, EXPLORER)

    explorer.locator("button:text-is('overall survival')").click()
    expect(text).to_contain_text("Hazard ratios for overall survival")
    expect(text).to_contain_text("TROPION-Breast02: HR 0.79 (95% CI 0.64-0.98)")
    expect(points).to_have_count(TNBC_OS_POINTS)
    plots.wait_for(explorer, lambda charts: check_forest(charts[0], "os", "triple-negative"))
    expect(plot).to_contain_text("KEYNOTE-355 (PD-L1 CPS >= 1)")
    explorer.scroll_into_view_if_needed()
    save_screenshot(root.page, f"-{front_end}")
    check_at_zoom(root.page, artifacts_dir, f"10-{front_end}")
    expect(root.locator(STDERR)).to_have_count(0)
    expect(root).not_to_contain_text("Traceback")
