"""Lesson 02 in a real browser: changing grade and receptors moves the prognostic grid."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOK = "02_prognostic_staging.ipynb"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
# Order of the ToggleButtons in the explorer.
TABLE, GRADE, ER, PR, HER2 = range(5)


def test_biomarkers_move_the_prognostic_grid(voila_server, page, save_screenshot):
    page.goto(voila_server(NOTEBOOK), wait_until="domcontentloaded")
    explorer = page.locator(".bck-prognostic-explorer")
    expect(explorer).to_have_count(1)
    expect(explorer.locator(".js-plotly-plot")).to_have_count(3)
    summary = explorer.locator(".bck-shift-text")
    expect(summary).to_contain_text("Clinical table, G2, ER-positive, PR-positive, HER2-negative")
    prognostic_plot = explorer.locator(".js-plotly-plot").nth(1)
    # Wait for the first drawing (G2 ER+ PR+ HER2-: T4 N0 is IIIB, shown unchanged).
    expect(prognostic_plot).to_contain_text("IIIB ↓")
    expect(prognostic_plot).not_to_contain_text("IIIC ↑")

    toggles = explorer.locator(".widget-toggle-buttons")

    def click(which: int, label: str) -> None:
        toggles.nth(which).locator(f"button:text-is('{label}')").click()

    click(GRADE, "3")
    click(ER, "negative")
    click(PR, "negative")
    expect(summary).to_contain_text("G3, ER-negative, PR-negative, HER2-negative")
    expect(summary).to_contain_text("0 of 27 staged cells move to a better stage, 17 to a worse")
    expect(prognostic_plot).to_contain_text("IIIC ↑")  # T4 N0: IIIB anatomic, IIIC for TNBC G3

    click(TABLE, "pathological")
    expect(summary).to_contain_text("Pathological table")
    explorer.scroll_into_view_if_needed()
    save_screenshot(page)
    expect(page.locator(STDERR)).to_have_count(0)
    expect(page.locator("#rendered_cells")).not_to_contain_text("Traceback")
