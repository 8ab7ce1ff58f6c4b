"""Smoke test: the start page renders in a real browser, with no Python errors shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOK = "00_start_here.ipynb"
# Voila renders stderr streams and error tracebacks with this mime type.
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
# Voila embeds each output as one of these scripts and removes it once rendered.
UNRENDERED = 'script[type="application/vnd.voila.cell-output+json"]'


def test_start_page_renders_title_without_errors(voila_server, page, save_screenshot):
    page.goto(voila_server(NOTEBOOK), wait_until="domcontentloaded")
    cells = page.locator("#rendered_cells")
    # Retrying assertions: Voila executes every cell before it shows them, then renders outputs.
    expect(page.locator("#loading")).to_have_count(0)
    expect(cells).to_be_visible()
    expect(page.locator(UNRENDERED)).to_have_count(0)
    expect(cells).to_contain_text("breastcancer_kit")
    expect(page.locator(STDERR)).to_have_count(0)
    expect(cells).not_to_contain_text("Traceback")
    expect(cells).not_to_contain_text("There was an error when executing cell")
    save_screenshot(page)
