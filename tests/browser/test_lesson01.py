"""Lesson 01 in a real browser: change T and N, the stage text and the highlighted cell follow."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from breastcancer_kit.ui import tnm as tnm_ui

pytestmark = pytest.mark.browser

NOTEBOOK = "01_tnm_and_stage_groups.ipynb"
EXPLORER = ".bck-stage-explorer"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'


def _label(options, value):
    return next(label for label, v in options if v == value)


@pytest.fixture
def lesson(voila_server, page):
    page.goto(voila_server(NOTEBOOK), wait_until="domcontentloaded")
    explorer = page.locator(EXPLORER)
    expect(explorer).to_have_count(1)
    expect(explorer.locator(".js-plotly-plot")).to_have_count(1)
    expect(explorer.locator(".bck-stage-label")).to_have_text("Stage IIB")  # cT2 cN1 cM0
    return page, explorer


def _highlight(explorer):
    cell = explorer.locator(".shapelayer path")
    expect(cell).to_have_count(1)
    return cell


def test_changing_t_and_n_updates_stage_and_highlight(lesson, save_screenshot):
    page, explorer = lesson
    selects = explorer.locator(".widget-dropdown select")
    expect(selects).to_have_count(4)  # prefix, T, N, M
    start = _highlight(explorer).get_attribute("d")

    selects.nth(1).select_option(label=_label(tnm_ui.t_options(), "T4d"))
    expect(explorer.locator(".bck-stage-label")).to_have_text("Stage IIIB")
    expect(explorer.locator(".bck-explanation")).to_contain_text("inflammatory carcinoma")
    expect(_highlight(explorer)).not_to_have_attribute("d", start)
    after_t = _highlight(explorer).get_attribute("d")

    selects.nth(2).select_option(label=_label(tnm_ui.n_options("c"), "N3c"))
    expect(explorer.locator(".bck-stage-label")).to_have_text("Stage IIIC")
    expect(_highlight(explorer)).not_to_have_attribute("d", after_t)
    explorer.scroll_into_view_if_needed()
    save_screenshot(page)
    expect(page.locator(STDERR)).to_have_count(0)


def test_invalid_typed_text_shows_a_message_not_a_traceback(lesson, save_screenshot):
    page, explorer = lesson
    box = explorer.locator(".widget-text input")
    box.fill("T5 N0 M0")
    box.press("Enter")
    expect(explorer.locator(".bck-error .bck-stage-label")).to_have_text("Invalid input")
    expect(explorer.locator(".bck-explanation")).to_contain_text("T5 N0 M0")
    expect(explorer.locator(".shapelayer path")).to_have_count(0)
    expect(page.locator(STDERR)).to_have_count(0)
    expect(page.locator("#rendered_cells")).not_to_contain_text("Traceback")
    explorer.scroll_into_view_if_needed()
    save_screenshot(page)
