"""Lesson 02 in a real browser: grade, receptors and the table move the prognostic grid.

Every cell of the prognostic grid Plotly holds (``gd.data``) is compared with
``bck.stage`` (prognostic stage, and its arrow against the anatomic stage) after each change.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import breastcancer_kit as bck
from breastcancer_kit import plotly_script

from .test_layout import check_fits, check_fits_lab_with_file_browser

pytestmark = pytest.mark.browser

NOTEBOOK = "02_prognostic_staging.ipynb"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
# Order of the ToggleButtons in the explorer.
TABLE, GRADE, ER, PR, HER2 = range(5)
FRONT_ENDS = [("voila", 1), ("voila", 2), ("lab", 1)]
STAGES = ["0", "IA", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IV"]


def check_prognostic_grid(chart: dict, table: str, grade, er, pr, her2) -> None:
    heat = chart["data"][0]
    # While a chart is being replaced the page may list another chart in this place: a
    # failed assertion (not an engine error on its labels) makes plots.wait_for look again.
    assert all(str(t).startswith("T") for t in heat.get("y") or [None]), heat.get("y")
    prefix = "c" if table == "clinical" else "p"
    expected = []
    for t in heat["y"]:
        row = []
        for n in heat["x"]:
            r = bck.stage(t=t, n=n, m="M0", prefix=prefix, grade=grade, er=er, pr=pr, her2=her2)
            text = r.prognostic or "–"
            if r.prognostic and r.anatomic and r.prognostic != r.anatomic:
                worse = STAGES.index(r.prognostic) > STAGES.index(r.anatomic)
                text += " ↑" if worse else " ↓"
            row.append(text)
        expected.append(row)
    assert heat["text"] == expected


PROFILES = [(g, er, pr, her2) for g in (1, 2, 3) for er in "+-" for pr in "+-" for her2 in "+-"]


def check_all_profiles_matrix(chart: dict, table: str, t_cats: list, n_cats: list) -> None:
    """The "all 24 profiles" matrix: for every profile and staged M0 cell, anatomic stage
    (row) to prognostic stage (column), counted here from ``bck.stage`` cell by cell."""
    heat = chart["data"][0]
    assert table in chart["layout"]["title"]["text"], chart["layout"]["title"]["text"]
    prefix = "c" if table == "clinical" else "p"
    counts = {(a, p): 0 for a in heat["y"] for p in heat["x"]}
    for grade, er, pr, her2 in PROFILES:
        for t in t_cats:
            for n in n_cats:
                r = bck.stage(t=t, n=n, m="M0", prefix=prefix, grade=grade, er=er, pr=pr, her2=her2)
                if r.anatomic and r.prognostic:
                    counts[r.anatomic, r.prognostic] += 1
    expected = [[counts[a, p] for p in heat["x"]] for a in heat["y"]]
    assert heat["z"] == expected, table


def check_heatmaps_on_one_projector_screen(page, explorer) -> None:
    """At 1280x720 with the explorer at the top, both heatmaps are whole on the screen.

    ipywidgets 8 puts a toggle group's name on a line of its own: the five groups pushed
    both heatmaps' lower rows below a 720 px screen (the kit's style names them beside).
    """
    page.set_viewport_size({"width": 1280, "height": 720})
    explorer.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    charts = explorer.locator(".js-plotly-plot")
    for which in (0, 1):
        box = charts.nth(which).locator(".main-svg").first.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 720 + 1, box


@pytest.mark.parametrize(("front_end", "load"), FRONT_ENDS)
def test_biomarkers_move_the_prognostic_grid(
    open_lesson, plots, save_screenshot, artifacts_dir, front_end, load
):
    root = open_lesson(NOTEBOOK, front_end)
    explorer = root.locator(".bck-prognostic-explorer")
    expect(explorer).to_have_count(1)
    expect(explorer.locator(".js-plotly-plot")).to_have_count(3)
    summary = explorer.locator(".bck-shift-text")
    expect(summary).to_contain_text("Clinical table, G2, ER-positive, PR-positive, HER2-negative")
    profile = ["clinical", 2, "+", "+", "-"]
    plots.wait_for(explorer, lambda charts: check_prognostic_grid(charts[1], *profile))

    toggles = explorer.locator(".widget-toggle-buttons")
    steps = ((GRADE, "3", 3), (ER, "negative", "-"), (PR, "negative", "-"),
             (TABLE, "pathological", "pathological"))  # fmt: skip
    for which, label, value in steps:
        toggles.nth(which).locator(f"button:text-is('{label}')").click()
        profile[0 if which == TABLE else which] = value
        plots.wait_for(
            explorer, lambda charts, p=tuple(profile): check_prognostic_grid(charts[1], *p)
        )
    expect(summary).to_contain_text("Pathological table, G3, ER-negative, PR-negative")
    # The grid's categories, as the page draws them, for the matrix over all 24 profiles;
    # its table toggle must redraw the matrix (it kept the clinical numbers in 13 of 19
    # fresh Voila loads once).
    grid = plots.read(explorer)[1]["data"][0]
    overview = root.locator(".bck-shift-overview")
    expect(overview).to_have_count(1)
    for i, table in enumerate(("clinical", "pathological", "clinical")):
        if i:  # it opens on the clinical table
            overview.locator(f"button:text-is('{table}')").click()
        plots.wait_for(
            overview,
            lambda charts, t=table: check_all_profiles_matrix(charts[0], t, grid["y"], grid["x"]),
        )
    explorer.scroll_into_view_if_needed()
    save_screenshot(root.page, f"-{front_end}")
    expect(root.locator(STDERR)).to_have_count(0)
    expect(root).not_to_contain_text("Traceback")
    # Where plotly's code came from: the served script in Voila (kept compiled by the browser
    # from one lesson to the next), the kernel's copy in JupyterLab.
    served = root.page.evaluate(f"() => typeof globalThis.{plotly_script.GLOBAL}?.default")
    assert served == ("function" if front_end == "voila" else "undefined")
    if (front_end, load) == ("voila", 1):
        check_heatmaps_on_one_projector_screen(root.page, explorer)
        check_fits(root.page, ".bck-prognostic-explorer", artifacts_dir, "02")
    if front_end == "lab":
        check_fits_lab_with_file_browser(root.page, root, ".bck-prognostic-explorer", artifacts_dir)
