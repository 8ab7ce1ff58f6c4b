"""Lesson 04 in a real browser (Voila and JupyterLab): the charts hold the engine's numbers.

Expected values are computed here from the package's public functions (``bck.stage``,
``bck.statistics.load_table``, ``bck.receptors.genetic_testing_prompts``), never read from
the lesson's own figure code, and compared with what Plotly holds in the page (``gd.data``).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import breastcancer_kit as bck
from breastcancer_kit import receptors, statistics
from breastcancer_kit.ui import tnm as tnm_ui

from .test_layout import check_at_zoom
from .test_lesson01 import check_stage_grid as check_anatomic_grid

pytestmark = pytest.mark.browser

NOTEBOOK = "04_tnbc_ibc_and_men.ipynb"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
# One fresh page load in each front end; `make soak` loads it again and again (a chart that
# loses an update shows up in some loads only). Lessons 02 and 06 load twice in Voila here.
FRONT_ENDS = [("voila", 1), ("lab", 1)]


def check_stage_grid(chart: dict, tnm: str) -> None:
    """Lesson 01's grid check, and the title names the M half shown."""
    check_anatomic_grid(chart, tnm)
    assert f"({bck.stage(tnm).m_group})" in chart["layout"]["title"]["text"]


def check_guide_ranges(charts: list[dict]) -> None:
    """The prevalence chart: the guide's ranges and SEER's shares, from the tables."""
    guide = statistics.load_table("guide_figures")
    share = guide[guide.unit == "% of breast cancers"]
    ranges = share[share.low.notna() & share.high.notna()]
    seer = statistics.load_table("seer_subtypes").query("quantity == 'share_of_cases'")
    seer_share = dict(zip(seer.group.astype(str), seer.value.astype(float), strict=True))
    bars = charts[0]["data"][0]
    drawn = sorted((b, b + w) for b, w in zip(bars["base"], bars["x"], strict=True))
    assert drawn == sorted(zip(ranges.low.astype(float), ranges.high.astype(float), strict=True))
    points = [t for t in charts[0]["data"] if t.get("marker", {}).get("symbol") == "diamond"]
    xs = sorted(x for t in points for x in t["x"])
    her2 = seer_share["HR+/HER2+"] + seer_share["HR-/HER2+"]
    assert xs == pytest.approx(sorted([seer_share["triple-negative"], her2]))


def _select(box, which: int, label: str) -> None:
    box.locator(".widget-dropdown select").nth(which).select_option(label=label)


def _set_int_slider(box, value: int) -> None:
    readout = box.locator(".widget-hslider .widget-readout").first
    readout.click()
    readout.press("Control+a")
    readout.type(str(value))
    readout.press("Enter")


def _prompts_text(subtype: str, age: int, sex: str) -> list[str]:
    return [p.prompt for p in receptors.genetic_testing_prompts(subtype, age, sex)]


@pytest.mark.parametrize(("front_end", "load"), FRONT_ENDS)
def test_lesson04_charts_follow_the_engine(
    open_lesson, plots, save_screenshot, front_end, load, artifacts_dir
):
    root = open_lesson(NOTEBOOK, front_end)
    explorer = root.locator(".bck-stage-explorer")
    expect(explorer).to_have_count(1)
    expect(root.locator(".js-plotly-plot")).to_have_count(3)  # prevalence, ages, stage grid
    plots.wait_for(root, check_guide_ranges)

    # The IBC case of the parameters cell, then nodes N3c, then M1: IIIB, IIIC, IV.
    plots.wait_for(explorer, lambda charts: check_stage_grid(charts[0], "cT4d cN1 cM0"))
    steps = ((2, tnm_ui.n_options("c"), "N3c", "cT4d cN3c cM0"),
             (3, tnm_ui.m_options(), "cM1", "cT4d cN3c cM1"))  # fmt: skip
    for which, options, value, tnm in steps:
        _select(explorer, which, next(label for label, v in options if v == value))
        expect(explorer.locator(".bck-stage-label")).to_have_text(
            f"Stage {bck.stage(tnm).anatomic}"
        )
        plots.wait_for(explorer, lambda charts, tnm=tnm: check_stage_grid(charts[0], tnm))

    # BRCA prompts: age 62, then a man of 62; each time the engine's prompts, all of them.
    brca = root.locator(".bck-brca-explorer")
    prompts = brca.locator(".bck-genetic-prompts")
    _set_int_slider(brca, 62)
    for sex in ("female", "male"):
        if sex == "male":
            brca.locator(".widget-toggle-buttons button:text-is('male')").click()
        expected = _prompts_text("triple-negative", 62, sex)
        expect(prompts).to_contain_text(f"age 62, {sex}:")
        for text in expected:
            expect(prompts).to_contain_text(text)
        assert prompts.inner_text().count("\n- ") == len(expected)

    explorer.scroll_into_view_if_needed()
    save_screenshot(root.page, f"-{front_end}")
    check_at_zoom(root.page, artifacts_dir, f"04-{front_end}")
    expect(root.locator(STDERR)).to_have_count(0)
    expect(root).not_to_contain_text("Traceback")
