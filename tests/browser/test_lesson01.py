"""Lesson 01 in a real browser: change T, N and M; the stage text and the grid follow the engine.

The grid Plotly holds in the page (``gd.data``: every cell's label, the outlined cell) is
compared with ``bck.stage`` for every T x N cell, after each change.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import breastcancer_kit as bck
from breastcancer_kit.ui import tnm as tnm_ui

from .test_layout import check_at_zoom, check_fits

pytestmark = pytest.mark.browser

NOTEBOOK = "01_tnm_and_stage_groups.ipynb"
EXPLORER = ".bck-stage-explorer"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'


def _label(options, value):
    return next(label for label, v in options if v == value)


def check_stage_grid(chart: dict, tnm: str) -> None:
    """The grid shows ``tnm``'s M half as ``bck.stage`` stages it, ``tnm``'s cell outlined."""
    result = bck.stage(tnm)
    heat = chart["data"][0]
    expected = [
        [bck.stage(t=t, n=n, m=result.m_group).anatomic or "–" for n in heat["x"]]
        for t in heat["y"]
    ]
    assert heat["text"] == expected
    shapes = [s for s in chart["layout"]["shapes"] if s.get("type") == "rect"]
    assert len(shapes) == 1, shapes
    outlined = (
        heat["y"][round((shapes[0]["y0"] + shapes[0]["y1"]) / 2)],
        heat["x"][round((shapes[0]["x0"] + shapes[0]["x1"]) / 2)],
    )
    assert outlined == (result.t_group, result.n_group)


@pytest.fixture(params=["voila", "lab"])
def lesson(request, open_lesson):
    root = open_lesson(NOTEBOOK, request.param)
    explorer = root.locator(EXPLORER)
    expect(explorer).to_have_count(1)
    expect(explorer.locator(".js-plotly-plot")).to_have_count(1)
    expect(explorer.locator(".bck-stage-label")).to_have_text("Stage IIB")  # cT2 cN1 cM0
    return root, explorer, request.param


def test_changing_t_n_and_m_updates_stage_and_grid(lesson, plots, save_screenshot, artifacts_dir):
    root, explorer, front_end = lesson
    selects = explorer.locator(".widget-dropdown select")
    expect(selects).to_have_count(4)  # prefix, T, N, M
    plots.wait_for(explorer, lambda charts: check_stage_grid(charts[0], "cT2 cN1 cM0"))
    steps = (
        (1, tnm_ui.t_options(), "T4d", "cT4d cN1 cM0"),
        (2, tnm_ui.n_options("c"), "N3c", "cT4d cN3c cM0"),
        (3, tnm_ui.m_options(), "cM1", "cT4d cN3c cM1"),
    )
    for which, options, value, tnm in steps:
        selects.nth(which).select_option(label=_label(options, value))
        expect(explorer.locator(".bck-stage-label")).to_have_text(
            f"Stage {bck.stage(tnm).anatomic}"
        )
        plots.wait_for(explorer, lambda charts, tnm=tnm: check_stage_grid(charts[0], tnm))
    expect(explorer.locator(".bck-explanation")).to_contain_text("inflammatory carcinoma")
    explorer.scroll_into_view_if_needed()
    save_screenshot(root.page, f"-{front_end}")
    expect(root.locator(STDERR)).to_have_count(0)
    check_names_and_states(root)
    if front_end == "voila":
        check_fits(root.page, EXPLORER, artifacts_dir, "01")
        check_fits(root.page, ".bck-size-nodes-explorer", artifacts_dir, "01-size")
    else:  # JupyterLab, its file browser open
        check_at_zoom(root.page, artifacts_dir, "01-lab")


def check_names_and_states(root) -> None:
    """Sliders have accessible names, toggle buttons announce the chosen option (a11y).

    By role and name, as a screen reader finds them (the kit's PageHelper fills them in).
    """
    size = root.get_by_role("slider", name="Size (mm)")
    expect(size).to_have_attribute("aria-valuenow", "18.0")
    expect(root.get_by_role("slider", name="+ nodes")).to_have_count(1)
    size.focus()
    size.press("ArrowRight")  # one step by keyboard
    expect(size).to_have_attribute("aria-valuenow", "18.5")
    # The T1/T2 boundary reached by keyboard (AJCC 8th edition, the guide's Table 1: T1c is
    # over 10 up to 20 mm, T2 over 20 mm): 20 mm stays T1c, the next step is T2.
    result = root.locator(".bck-size-nodes-explorer .bck-stage")
    for size_mm, tnm in ((20.0, "pT1c pN0 cM0"), (20.5, "pT2 pN0 cM0")):
        while size.get_attribute("aria-valuenow") != f"{size_mm:.1f}":
            size.press("ArrowRight")
        expect(result.locator(".bck-tnm")).to_have_text(tnm)
        expect(result.locator(".bck-stage-label")).to_have_text(f"Stage {bck.stage(tnm).anatomic}")
    grid = root.get_by_role("group", name="Grid")
    m0, m1 = grid.get_by_role("button", name="M0"), grid.get_by_role("button", name="M1")
    expect(m1).to_have_attribute("aria-pressed", "true")  # the grid follows the case (cM1)
    expect(m0).to_have_attribute("aria-pressed", "false")
    m0.click()
    expect(m0).to_have_attribute("aria-pressed", "true")
    expect(m1).to_have_attribute("aria-pressed", "false")


def test_typed_text_moves_the_dropdowns_or_shows_a_message(open_lesson, save_screenshot):
    root = open_lesson(NOTEBOOK, "voila")
    explorer = root.locator(EXPLORER)
    box = explorer.locator(".widget-text input")
    box.fill("T5 N0 M0")
    box.press("Enter")
    expect(explorer.locator(".bck-error .bck-stage-label")).to_have_text("Invalid input")
    expect(explorer.locator(".bck-explanation")).to_contain_text("T5 N0 M0")
    expect(explorer.locator(".shapelayer path")).to_have_count(0)
    # Valid typed notation stages and moves the dropdowns to what was typed.
    box.fill("ypT4b ypN2a cM1")
    box.press("Enter")
    expect(explorer.locator(".bck-stage-label")).to_have_text(
        f"Stage {bck.stage('ypT4b ypN2a cM1').anatomic}"
    )
    selects = explorer.locator(".widget-dropdown select")
    shown = (
        (tnm_ui.prefix_options(), "yp"), (tnm_ui.t_options(), "T4b"),
        (tnm_ui.n_options("yp"), "N2a"), (tnm_ui.m_options(), "cM1"),
    )  # fmt: skip
    for which, (options, value) in enumerate(shown):
        expect(selects.nth(which)).to_have_value(_label(options, value))  # option = its label
    expect(root.locator(STDERR)).to_have_count(0)
    expect(root).not_to_contain_text("Traceback")
    explorer.scroll_into_view_if_needed()
    save_screenshot(root.page)
