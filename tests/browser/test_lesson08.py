"""Lesson 08 in Voila and JupyterLab: the subtype dropdown redraws the chart and its sources."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from breastcancer_kit.ui import palette
from breastcancer_kit.ui.metastatic import views as lesson08

from .test_layout import ZOOM_150, check_at_zoom, check_charts_settled

pytestmark = pytest.mark.browser

NOTEBOOK = "08_metastatic_disease.ipynb"
EXPLORER = ".bck-metastatic-explorer"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'


def _value(subtype: str, topic: str, measure: str) -> float:
    rows = lesson08.pattern_view(subtype)
    return float(rows[(rows.topic == topic) & (rows.measure == measure)].value.iloc[0])


def check_pattern(chart: dict, subtype: str) -> None:
    """The three panels hold the engine's numbers for ``subtype``; only its bars coloured."""
    panels: dict[str, list[dict]] = {}
    for trace in chart["data"]:
        panels.setdefault(trace.get("xaxis", "x"), []).append(trace)
    rows = lesson08.pattern_view(subtype)
    sites = rows[rows.topic == "sites after relapse"]
    expected_sites = {
        str(group): dict(zip(part.measure, part.value.astype(float), strict=True))
        for group, part in sites.groupby("group", sort=False)
    }
    drawn_sites = {t["name"]: dict(zip(t["x"], t["y"], strict=True)) for t in panels["x"]}
    assert drawn_sites == expected_sites
    for axis, topic, measure in (
        ("x2", "brain metastases", "brain_metastasis_cumulative_incidence_5y"),
        ("x3", "survival", "distant"),
    ):
        (bars,) = panels[axis]
        assert dict(zip(bars["x"], bars["y"], strict=True)) == {
            s: _value(s, topic, measure) for s in bars["x"]
        }, axis
        colours = bars["marker"]["color"]
        assert [c != palette.DIM for c in colours] == [s == subtype for s in bars["x"]], axis


@pytest.mark.parametrize("front_end", ["voila", "lab"])
def test_choosing_a_subtype_shows_its_pattern_and_sources(
    open_lesson, plots, front_end, save_screenshot, artifacts_dir
):
    root = open_lesson(NOTEBOOK, front_end)
    explorer = root.locator(EXPLORER)
    expect(explorer).to_have_count(1)
    if front_end == "lab":  # both subtypes drawn at 150 % zoom beside the file browser
        root.page.set_viewport_size(ZOOM_150)
    explorer.scroll_into_view_if_needed()  # JupyterLab draws a chart once it is on screen
    summary = explorer.locator(".bck-metastatic-summary")
    # Opens on HR+/HER2-: Kaplan et al. 2016, luminal A bone 66.2 % of relapsed patients.
    expect(summary).to_contain_text("luminal A, surrogate group): bone 66.2 %")
    expect(explorer.locator(".js-plotly-plot .gtitle")).to_contain_text("HR+/HER2-")
    plots.wait_for(explorer, lambda charts: check_pattern(charts[0], "HR+/HER2-"))
    if front_end == "lab":
        check_charts_settled(root.page, EXPLORER)
    explorer.locator(".widget-dropdown select").select_option("triple-negative")
    # Kaplan 2016: TNBC brain 23.1 %; Sammons 2025: 22 % brain metastases within 5 years;
    # SEER 2023 release: distant 5-year relative survival 12.8 %.
    expect(summary).to_contain_text("brain 23.1 %")
    expect(summary).to_contain_text("22 % with brain metastases")
    expect(summary).to_contain_text("distant 12.8 %")
    expect(explorer.locator(".js-plotly-plot .gtitle")).to_contain_text("triple-negative")
    plots.wait_for(explorer, lambda charts: check_pattern(charts[0], "triple-negative"))
    expect(explorer.locator(".js-plotly-plot").first).to_contain_text("Sammons et al.")
    if front_end == "lab":
        check_charts_settled(root.page, EXPLORER)
    explorer.scroll_into_view_if_needed()
    save_screenshot(root.page, f"-{front_end}")
    check_at_zoom(root.page, artifacts_dir, f"08-{front_end}")
    expect(root.locator(STDERR)).to_have_count(0)
    expect(root).not_to_contain_text("Traceback")
