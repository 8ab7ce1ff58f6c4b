"""Lesson 09 in Voila and JupyterLab: subtype, line and biomarkers change the treatment classes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_layout import check_at_zoom

pytestmark = pytest.mark.browser

NOTEBOOK = "09_treatment_by_line.ipynb"
EXPLORER = ".bck-treatment-explorer"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'


def _set_cps(explorer, value: float) -> None:
    readout = explorer.locator(".widget-hslider .widget-readout").first
    # The slider is enabled by the kernel once "PD-L1 tested" is ticked: typing into it
    # before then is lost (seen on a busy machine).
    expect(readout).to_have_attribute("contenteditable", "true")
    readout.click()
    readout.press("Control+a")
    readout.type(f"{value}")
    readout.press("Enter")


@pytest.mark.parametrize("front_end", ["voila", "lab"])
def test_line_and_biomarkers_change_the_classes_and_tests(
    open_lesson, front_end, save_screenshot, artifacts_dir
):
    root = open_lesson(NOTEBOOK, front_end)
    explorer = root.locator(EXPLORER)
    expect(explorer).to_have_count(1)
    explorer.scroll_into_view_if_needed()
    heading = explorer.locator(".bck-heading")
    classes = explorer.locator(".bck-classes")
    expect(heading).to_have_text("HR+/HER2-, first line (no biomarker results given)")
    expect(classes).to_contain_text("PALOMA-2")  # CDK4/6 inhibitor first line
    expect(classes).not_to_contain_text("EMERALD")

    # After progression, an ESR1 mutation found in ctDNA brings the oral SERDs.
    explorer.locator("button:text-is('second or later line')").click()
    explorer.get_by_label("ESR1 mutation (ctDNA)").check()
    expect(heading).to_have_text("HR+/HER2-, second or later line (ESR1 mutation)")
    expect(classes).to_contain_text("EMERALD")
    expect(classes).to_contain_text("EMBER-3")
    expect(explorer.locator(".bck-tests")).to_contain_text("circulating tumour DNA")

    # First-line triple-negative disease: the PD-L1 score splits the options at CPS 10.
    explorer.locator("select").first.select_option("triple-negative")
    explorer.locator("button:text-is('first line')").click()
    expect(explorer.locator(".bck-message")).to_contain_text("No PD-L1 result yet")
    explorer.get_by_label("PD-L1 tested").check()
    _set_cps(explorer, 12)
    expect(heading).to_have_text("triple-negative, first line (PD-L1 CPS 12)")
    expect(classes).to_contain_text("KEYNOTE-355")
    expect(classes).to_contain_text("ASCENT-04")
    _set_cps(explorer, 5)
    expect(classes).to_contain_text("ASCENT-03")
    expect(classes).to_contain_text("TROPION-Breast02")
    expect(classes).not_to_contain_text("KEYNOTE-355")
    # ESR1 does not apply here: its box is greyed out.
    expect(explorer.get_by_label("ESR1 mutation (ctDNA)")).to_be_disabled()
    explorer.scroll_into_view_if_needed()
    save_screenshot(root.page, f"-{front_end}")
    check_at_zoom(root.page, artifacts_dir, f"09-{front_end}")
    expect(root.locator(STDERR)).to_have_count(0)
    expect(root).not_to_contain_text("Traceback")
