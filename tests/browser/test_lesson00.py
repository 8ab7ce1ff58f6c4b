"""Smoke test: the start page renders in Voila and JupyterLab, with the engine's stage."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import breastcancer_kit as bck

from .test_layout import check_at_zoom

pytestmark = pytest.mark.browser

NOTEBOOK = "00_start_here.ipynb"
# Voila and JupyterLab render stderr streams and error tracebacks with this mime type.
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
# Voila embeds each output as one of these scripts and removes it once rendered.
UNRENDERED = 'script[type="application/vnd.voila.cell-output+json"]'
EXAMPLE = "cT2 cN1 cM0"  # the parameters cell's default


@pytest.mark.parametrize("front_end", ["voila", "lab"])
def test_start_page_renders_title_without_errors(
    open_lesson, save_screenshot, front_end, artifacts_dir
):
    cells = open_lesson(NOTEBOOK, front_end)
    expect(cells).to_be_visible()
    if front_end == "voila":
        expect(cells.page.locator("#loading")).to_have_count(0)
        expect(cells.page.locator(UNRENDERED)).to_have_count(0)
    expect(cells).to_contain_text("breastcancer_kit")
    result = bck.stage(EXAMPLE)
    expect(cells).to_contain_text(f"{result.anatomic} - {result.extent}")
    expect(cells.locator(STDERR)).to_have_count(0)
    expect(cells).not_to_contain_text("Traceback")
    expect(cells).not_to_contain_text("There was an error when executing cell")
    save_screenshot(cells.page, f"-{front_end}")
    check_at_zoom(cells.page, artifacts_dir, f"00-{front_end}")
