"""Layouts that fit: results beside or below the controls, never over them; charts not cut.

Each lesson with controls is loaded once in Voila at 1280x720 (a projector), then the same
page is narrowed to 853x480 CSS px at a device scale of 1.5 (what 150 % zoom gives a
1280x720 window). One JupyterLab check at 1280 px with the file browser open. Element
bounding boxes decide; a screenshot of each state goes to test-artifacts/ for a person.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CONTROLS = (
    ".widget-dropdown, .widget-hslider, .widget-toggle-buttons, .widget-text, .widget-checkbox"
)
RESULTS = ".bck-result, .bck-shift-summary, .bck-logrank, .js-plotly-plot, .bck-genetic-prompts"
LESSONS = {
    "01_tnm_and_stage_groups.ipynb": ".bck-stage-explorer",
    "02_prognostic_staging.ipynb": ".bck-prognostic-explorer",
    "03_receptors_and_subtypes.ipynb": ".bck-receptor-explorer",
    "06_real_cohort.ipynb": ".bck-cohort-explorer",
}
# Boxes of every visible control and result of one explorer, and of each chart's drawing.
BOXES = """([root, controls, results]) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {x: r.left, y: r.top, w: r.width, h: r.height, cls: el.className.toString()}; };
  const shown = (el) => el.getClientRects().length > 0 && el.getBoundingClientRect().width > 0;
  const within = Array.from(document.querySelectorAll(root));
  const pick = (sel) => within.flatMap((r) => Array.from(r.querySelectorAll(sel)))
    .filter(shown).map(box);
  const charts = within.flatMap((r) => Array.from(r.querySelectorAll('.js-plotly-plot')))
    .filter(shown).map((gd) => ({plot: box(gd), svg: box(gd.querySelector('svg.main-svg')),
      slot: box(gd.parentElement)}));
  return {controls: pick(controls), results: pick(results), charts,
          width: document.documentElement.clientWidth};
}"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] + 1 < b["x"] + b["w"]
        and b["x"] + 1 < a["x"] + a["w"]
        and a["y"] + 1 < b["y"] + b["h"]
        and b["y"] + 1 < a["y"] + a["h"]
    )


# Controls a screen reader could not name, or toggle buttons whose state it would not hear.
UNNAMED = """(root) => {
  const within = Array.from(document.querySelectorAll(root));
  const all = (sel) => within.flatMap((r) => Array.from(r.querySelectorAll(sel)));
  return {
    sliders: all('.noUi-handle').filter((h) => !h.getAttribute('aria-label')).length,
    toggles: all('button.widget-toggle-button').filter((b) =>
      b.getAttribute('aria-pressed') !== String(b.classList.contains('mod-active'))).length,
    groups: all('.widget-toggle-buttons').filter((g) =>
      !g.querySelector('[role=group][aria-label]')).length,
    controls: all('.noUi-handle, button.widget-toggle-button').length,
  };
}"""


def check_names(page, root: str) -> None:
    """Every slider is named, every toggle group named and its buttons' states announced."""
    got = page.evaluate(UNNAMED, root)
    assert got["sliders"] == got["toggles"] == got["groups"] == 0, got


def check_layout(page, root: str, right_edge: float | None = None) -> None:
    boxes = page.evaluate(BOXES, [root, CONTROLS, RESULTS])
    assert boxes["controls"] and boxes["results"], boxes
    clashes = [
        (c["cls"], r["cls"])
        for c in boxes["controls"]
        for r in boxes["results"]
        if _overlap(c, r)
    ]
    assert clashes == [], f"results over controls: {clashes}"
    edge = right_edge if right_edge is not None else boxes["width"]
    for chart in boxes["charts"]:
        svg, slot = chart["svg"], chart["slot"]
        # The drawing fits the slot it sits in and the visible page: resized, not cut.
        assert svg["x"] + svg["w"] <= max(slot["x"] + slot["w"], edge) + 2, chart
        assert svg["x"] + svg["w"] <= edge + 2, (chart, edge)


@pytest.mark.parametrize("notebook", list(LESSONS))
def test_voila_layout_fits_a_projector_and_150_percent_zoom(
    voila_server, browser, artifacts_dir, notebook
):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_default_timeout(120_000)  # Voila sends the page once every cell has run
    try:
        page = context.new_page()
        page.goto(voila_server(notebook), wait_until="domcontentloaded")
        explorer = page.locator(LESSONS[notebook])
        expect(explorer.locator(".js-plotly-plot").first).to_be_visible(timeout=120_000)
        page.wait_for_timeout(500)
        check_layout(page, LESSONS[notebook])
        check_names(page, LESSONS[notebook])
        explorer.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / f"layout-{notebook[:2]}-1280x720.png"))
        # 150 % zoom: the CSS viewport shrinks to two thirds; charts must follow.
        page.set_viewport_size({"width": 853, "height": 480})
        page.wait_for_timeout(1500)  # plotly resizes on the window's resize event
        check_layout(page, LESSONS[notebook])
        explorer.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / f"layout-{notebook[:2]}-zoom150.png"))
    finally:
        context.close()


def test_lab_with_file_browser_open_keeps_lesson02_charts_whole(
    open_lesson, page, artifacts_dir
):
    page.set_viewport_size({"width": 1280, "height": 720})
    root = open_lesson("02_prognostic_staging.ipynb", "lab")
    expect(page.locator("#filebrowser")).to_be_visible()  # the side panel is open
    explorer = root.locator(".bck-prognostic-explorer")
    expect(explorer.locator(".js-plotly-plot")).to_have_count(3)
    explorer.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    panel = root.bounding_box()
    check_layout(page, ".jp-NotebookPanel:not(.lm-mod-hidden) .bck-prognostic-explorer",
                 right_edge=panel["x"] + panel["width"])  # fmt: skip
    page.screenshot(path=str(artifacts_dir / "layout-02-lab-filebrowser.png"))
