"""The plotly shim's public effect, seen in a real browser (Voila + Debian Chromium).

A FigureWidget displayed in one cell and edited in the next, before the page has drawn it
(Voila's classic page, not the kit's progressive one, draws widgets after the notebook ran):
with ``plotly_compat.updating`` the page shows the edit; with plain ``batch_update`` it shows
the figure as displayed (plotly resyncs its state only when a figure is displayed; later edits
are one-off messages that a view not yet drawn never receives). This is the behaviour the
shim exists for. If the second test starts
failing after a plotly upgrade, plotly fixed it upstream and the shim can go.
"""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The kit's FigureWidget (plotly's, with its code sent once per page: a plain one carries
# 5 MB of code that anywidget may give up compiling on a busy page), edited with or without
# the shim (``updating``).
BUILD = (
    "import plotly.graph_objects as go\n"
    "from breastcancer_kit.ui.plotly_compat import FigureWidget, updating\n"
    'fig = FigureWidget(go.Bar(x=["a"], y=[1], text=["before-edit"], textposition="inside"))\n'
    "fig"
)

# Classic Voila sends nothing until the kernel has started and run the whole notebook, and
# the page then carries the widgets' state (plotly's 5 MB of code among it). Once in a full
# suite run on 2 cores (3 workers, 2026-12-02) that took over the 60 s a navigation is given.
CLASSIC_PAGE_MS = 150_000


@pytest.fixture(scope="module")
def shim_dir(tmp_path_factory):
    """One folder for both notebooks, so one classic Voila serves them (a server is ~3 s of CPU)."""
    return tmp_path_factory.mktemp("shim")


def _notebook(tmp_path, name: str, edit: str) -> str:
    nb = nbformat.v4.new_notebook()
    # Displayed in the first cell, edited in the second: no view has drawn it yet.
    nb.cells = [nbformat.v4.new_code_cell(BUILD), nbformat.v4.new_code_cell(edit)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_edit_before_render_reaches_the_browser_with_the_shim(
    shim_dir, voila_server, page, save_screenshot
):
    edit = 'with updating(fig):\n    fig.data[0].text = ["after-edit"]'
    page.goto(voila_server(_notebook(shim_dir, "shim.ipynb", edit), progressive=False),
              wait_until="domcontentloaded", timeout=CLASSIC_PAGE_MS)  # fmt: skip
    plot = page.locator(".js-plotly-plot")
    expect(plot).to_have_count(1)
    expect(plot).to_contain_text("after-edit")
    expect(plot).not_to_contain_text("before-edit")
    save_screenshot(page)


def test_without_the_shim_the_browser_keeps_the_first_state(shim_dir, voila_server, page):
    edit = 'with fig.batch_update():\n    fig.data[0].text = ["after-edit"]'
    page.goto(voila_server(_notebook(shim_dir, "plain.ipynb", edit), progressive=False),
              wait_until="domcontentloaded", timeout=CLASSIC_PAGE_MS)  # fmt: skip
    plot = page.locator(".js-plotly-plot")
    expect(plot).to_have_count(1)
    expect(plot).to_contain_text("before-edit")
    expect(plot).not_to_contain_text("after-edit")
