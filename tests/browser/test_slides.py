"""Presentation mode (`breastcancer-kit serve --slides`, `make present`) in a real browser.

Lesson 01 served exactly as `serving.voila_command(..., slides=True)` builds it, seen on a
1280x720 projector: no request leaves 127.0.0.1 (reveal.js and jQuery come from npm via
`make js`, not a CDN), the code is hidden, the first chart slide shows its whole chart
without scrolling, and a dropdown on that slide restages and moves the chart's highlight.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from breastcancer_kit import js_assets, serving
from breastcancer_kit.ui import tnm as tnm_ui

from .test_layout import check_words
from .test_serving import NOTEBOOKS, running

pytestmark = pytest.mark.browser
LESSON = NOTEBOOKS / "01_tnm_and_stage_groups.ipynb"
PROJECTOR = {"width": 1280, "height": 720}
PRESENT = ".reveal .slides section.present:not(.stack)"  # the slide on screen


@pytest.fixture
def slides_server(artifacts_dir, jupyter_dirs_factory):
    try:
        cmd = serving.voila_command(LESSON, port=serving.free_port(), slides=True)
    except js_assets.JsAssetError as err:  # make test runs `make js` first
        pytest.fail(f"front-end files missing: {err}")
    log = artifacts_dir / "voila-slides.log"
    with running(cmd, jupyter_dirs_factory("slides"), log):
        yield cmd


@pytest.fixture
def projector(profile):
    expect.set_options(timeout=60_000)
    tab = profile.new_page()
    tab.set_viewport_size(PROJECTOR)
    tab.set_default_timeout(120_000)
    try:
        yield tab
    finally:
        tab.close()


def _label(options, value):
    return next(label for label, v in options if v == value)


def test_a_lesson_as_slides_is_local_fits_the_projector_and_stays_live(
    slides_server, projector, save_screenshot
):
    page = projector
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(slides_server.url, wait_until="domcontentloaded", timeout=180_000)
    expect(page.locator(".reveal .slides > section").first).to_contain_text(
        "For education only", timeout=180_000
    )
    expect(page.locator(".bck-stage-explorer .js-plotly-plot")).to_have_count(1, timeout=180_000)
    # Code is hidden: no source line of the lesson's code cells is on any slide.
    for code in ("lesson.stage_explorer(params.initial_tnm)", "import breastcancer_kit"):
        expect(page.locator(".reveal")).not_to_contain_text(code)

    # Forward (space) to the first slide that holds a chart.
    for _ in range(12):
        if page.locator(f"{PRESENT} .js-plotly-plot").count():
            break
        page.keyboard.press("Space")
        page.wait_for_timeout(300)
    slide = page.locator(PRESENT)
    chart = slide.locator(".js-plotly-plot")
    expect(chart).to_have_count(1)
    expect(chart.locator(".shapelayer path")).to_have_count(1)
    page.wait_for_timeout(500)  # the fit-to-slide scale follows the chart's last resize
    box = chart.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= PROJECTOR["width"], box
    assert page.evaluate("document.scrollingElement.scrollTop") == 0
    save_screenshot(page, "-chart-slide")

    # A control on the slide restages and redraws the chart.
    explorer = slide.locator(".bck-stage-explorer")
    start = chart.locator(".shapelayer path").get_attribute("d")
    explorer.locator(".widget-dropdown select").nth(1).select_option(
        label=_label(tnm_ui.t_options(), "T4d")
    )
    expect(explorer.locator(".bck-stage-label")).to_have_text("Stage IIIB")
    expect(explorer.locator(".shapelayer path")).not_to_have_attribute("d", start)
    save_screenshot(page, "-after-change")
    check_words(page)  # the printed text on the slide on screen

    hosts = {urlsplit(url).hostname for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(hosts)
    assert any("/static/vendor/reveal.js/dist/reveal.css" in url for url in requests)
