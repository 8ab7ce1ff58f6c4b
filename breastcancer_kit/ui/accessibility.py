"""Names and states screen readers announce, for the ipywidgets controls of a lesson page.

ipywidgets 8 draws a slider as a ``div`` handle (``role="slider"``) beside a ``<label>``
that is not tied to it, so a screen reader says "slider, 20.5" with no name; toggle
buttons mark the chosen option only by a CSS class (``mod-active``), so the selected state
is never announced. The :class:`PageHelper` widget (invisible; shown with every chart and
with the lessons' control panels) watches the page and fills in what is missing:

- each slider handle and its typed readout get the slider's description as ``aria-label``;
- each set of toggle buttons becomes a named ``group``, each button carries
  ``aria-pressed`` (true for the chosen option), updated whenever the choice changes.

It works the same in JupyterLab, Voila, the slides and JupyterLite (one watcher per page,
however many helpers the page shows). For education only.
"""

from __future__ import annotations

import anywidget
import ipywidgets as W

__all__ = ["PageHelper", "page_helper"]

_ESM = """// breastcancer_kit: accessible names and states for ipywidgets controls (one per page).
function describe(control) {
  const label = control.querySelector(":scope > .widget-label");
  return label ? label.textContent.trim() : "";
}
function set(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}
function tidy(root) {
  for (const slider of root.querySelectorAll(".widget-slider")) {
    const name = describe(slider);
    if (!name) continue;
    for (const handle of slider.querySelectorAll(".noUi-handle")) set(handle, "aria-label", name);
    for (const readout of slider.querySelectorAll(".widget-readout")) {
      set(readout, "aria-label", `${name}: type a value`);
    }
  }
  for (const group of root.querySelectorAll(".widget-toggle-buttons")) {
    const buttons = group.querySelectorAll("button.widget-toggle-button");
    if (!buttons.length) continue;
    const holder = buttons[0].parentElement;
    set(holder, "role", "group");
    const name = describe(group);
    if (name) set(holder, "aria-label", name);
    for (const button of buttons) {
      set(button, "aria-pressed", button.classList.contains("mod-active") ? "true" : "false");
    }
  }
}
function watch() {
  if (globalThis.__bckAccessibility) return;
  globalThis.__bckAccessibility = true;
  let queued = false;
  const run = () => {
    queued = false;
    tidy(document);
  };
  // Only class changes and added nodes matter (a toggle's mod-active, a control drawn).
  new MutationObserver(() => {
    if (!queued) {
      queued = true;
      setTimeout(run, 30);
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                             attributeFilter: ["class"]});
  run();
}
export default {
  render({el}) {
    el.style.display = "none";
    watch();
  },
};
"""


class PageHelper(anywidget.AnyWidget):
    """An invisible widget that names sliders and announces toggle states (module docstring).

    Examples
    --------
    >>> helper = page_helper()
    >>> helper is page_helper(), "aria-pressed" in helper._esm
    (True, True)
    """

    _esm = _ESM


_helper: list[PageHelper] = []


def page_helper() -> PageHelper:
    """The kernel's one :class:`PageHelper` (made again if it was closed)."""
    if not _helper or _helper[0].comm is None:
        _helper[:] = [PageHelper(layout=W.Layout(display="none"))]
    return _helper[0]
