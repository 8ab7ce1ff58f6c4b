"""Lesson 03 in a real browser: HER2 toggles and ER/PR sliders change status, subtype and chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from breastcancer_kit import receptors, statistics
from breastcancer_kit.ui import palette

from .test_layout import check_at_zoom, check_fits

pytestmark = pytest.mark.browser

NOTEBOOK = "03_receptors_and_subtypes.ipynb"
EXPLORER = ".bck-receptor-explorer"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
ER, PR = 0, 1  # order of the sliders in the explorer
TNBC_FILL = "rgb(213, 94, 0)"  # Okabe-Ito vermillion #D55E00, as the browser draws it


def _rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i : i + 2], 16) for i in (0, 2, 4)))


@pytest.fixture(params=["voila", "lab"])
def lesson(request, open_lesson):
    root = open_lesson(NOTEBOOK, request.param)
    page = root.page
    explorer = root.locator(EXPLORER)
    expect(explorer).to_have_count(1)
    expect(explorer.locator(".js-plotly-plot")).to_have_count(1)
    expect(explorer.locator(".bck-subtype")).to_have_text("HR+/HER2-")  # ER 80, PR 60, IHC 1+
    expect(explorer.locator(".bck-her2")).to_have_text("HER2-negative (HER2-low)")
    return page, explorer


def _click_ihc(explorer, label: str) -> None:
    explorer.locator(".widget-toggle-buttons").first.locator(f"button:text-is('{label}')").click()


def _set_slider(explorer, which: int, value: float) -> None:
    readout = explorer.locator(".widget-hslider .widget-readout").nth(which)
    readout.click()
    readout.press("Control+a")
    readout.type(f"{value}")
    readout.press("Enter")


def check_subtype_bars(chart: dict, er: float, pr: float, ihc: str) -> None:
    """SEER's shares from the table; only the engine's subtype in colour, the rest dimmed."""
    subtype = receptors.receptor_status(er, pr, ihc).subtype
    chosen = str(subtype.value) if subtype is not None else None
    seer = statistics.load_table("seer_subtypes").query("quantity == 'share_of_cases'")
    share = dict(zip(seer.group.astype(str), seer.value.astype(float), strict=True))
    bars = chart["data"][0]
    assert dict(zip(bars["y"], bars["x"], strict=True)) == share
    expected = [palette.subtype_colour(g) if g == chosen else palette.DIM for g in bars["y"]]
    assert bars["marker"]["color"] == expected


def _tnbc_bar_fill(explorer):
    # first trace = SEER bars; the triple-negative bar is the second point
    return explorer.locator(".barlayer .trace").first.locator(".point path").nth(1)


def test_her2_toggles_change_status_and_subtype(lesson, plots, save_screenshot, artifacts_dir):
    page, explorer = lesson
    assert _rgb(palette.SUBTYPE_COLOURS["triple-negative"]) == TNBC_FILL
    plots.wait_for(explorer, lambda charts: check_subtype_bars(charts[0], 80, 60, "1+"))
    _click_ihc(explorer, "2+")
    # HER2 equivocal: no subtype, so no bar is coloured.
    plots.wait_for(explorer, lambda charts: check_subtype_bars(charts[0], 80, 60, "2+"))
    expect(explorer.locator(".bck-her2")).to_have_text("HER2 equivocal: ISH needed")
    expect(explorer.locator(".bck-subtype")).to_contain_text("no subtype while HER2 is equivocal")
    expect(explorer.locator(".bck-treatments li")).to_have_count(0)
    _click_ihc(explorer, "3+")
    expect(explorer.locator(".bck-subtype")).to_have_text("HR+/HER2+")
    plots.wait_for(explorer, lambda charts: check_subtype_bars(charts[0], 80, 60, "3+"))
    expect(explorer.locator(".bck-treatments")).to_contain_text("CLEOPATRA")
    explorer.scroll_into_view_if_needed()
    save_screenshot(page)
    expect(page.locator(STDERR)).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Traceback")  # Voila and JupyterLab
    if "/lab/" in page.url:  # its file browser open (Voila's layout: check_fits below)
        check_at_zoom(page, artifacts_dir, "03-lab")


def test_er_pr_sliders_make_it_triple_negative_and_move_the_highlight(
    open_lesson, plots, save_screenshot, artifacts_dir
):
    root = open_lesson(NOTEBOOK, "voila")
    page, explorer = root.page, root.locator(EXPLORER)
    expect(explorer.locator(".bck-subtype")).to_have_text("HR+/HER2-")
    bar = _tnbc_bar_fill(explorer)
    expect(bar).not_to_have_attribute("style", _style_with(TNBC_FILL))
    _click_ihc(explorer, "0")
    _set_slider(explorer, ER, 0.9)
    _set_slider(explorer, PR, 0)
    expect(explorer.locator(".bck-subtype")).to_have_text("triple-negative")
    expect(explorer.locator(".bck-explanation")).to_contain_text("ER 0.9 % of nuclei: negative")
    expect(explorer.locator(".bck-response")).to_contain_text("chemotherapy")
    expect(bar).to_have_attribute("style", _style_with(TNBC_FILL))
    plots.wait_for(explorer, lambda charts: check_subtype_bars(charts[0], 0.9, 0, "0"))
    _set_slider(explorer, ER, 1)
    expect(explorer.locator(".bck-subtype")).to_have_text("HR+/HER2-")
    expect(explorer.locator(".bck-explanation")).to_contain_text("low positive")
    plots.wait_for(explorer, lambda charts: check_subtype_bars(charts[0], 1, 0, "0"))
    explorer.scroll_into_view_if_needed()
    save_screenshot(page)
    expect(page.locator(STDERR)).to_have_count(0)
    expect(page.locator("#rendered_cells")).not_to_contain_text("Traceback")
    check_fits(page, EXPLORER, artifacts_dir, "03")


def _style_with(colour: str):
    import re

    return re.compile(re.escape(f"fill: {colour}"))
