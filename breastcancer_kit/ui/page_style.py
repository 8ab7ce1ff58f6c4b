"""The lessons' page style: one ``<style>`` block, shown on every lesson page, offline.

What it sets, and why:

* **Printed text wraps between words.** JupyterLab's output style (and the copy of it that
  Voila and nbconvert pages inline) sets ``word-break: break-all`` on printed text, so at a
  narrow width ("III / B", "mov / e" at 150 % zoom) a line broke inside a word. Here a line
  wraps at spaces, and only a word longer than the line itself is broken (JupyterLab's own
  ``overflow-wrap: break-word`` still does that).
* **Control names whole.** ipywidgets sizes toggle buttons and checkboxes to a fixed width
  and cuts a longer name with an ellipsis (lesson 10's "progression-free survi...", lesson
  04's "personal or family history sugg..."); a button is at least as wide as its name, a
  checkbox as wide as its row.
* **Nothing wider than the page.** A widget is at most as wide as its container, and a row
  that does not fit wraps: at 150 % zoom beside JupyterLab's file browser, lesson 09's 720 px
  result and lessons 05, 07 and 10's dropdowns ran under the panel's edge. A result table
  that cannot be narrowed enough scrolls sideways in its own box (``bck-table-box``).
* **A focus ring that shows** (the default was a faint 1 px border), and the chosen toggle
  marked by more than its shade.
* **Lesson 02's toggle groups named beside their buttons** (ipywidgets 8 puts a name on a
  line of its own: its five groups pushed both heatmaps below a 720 px screen; the other
  lessons' groups sit in narrow columns, where a name beside them would push the buttons out).
* **The numbers tables** under the charts readable.

Every lesson shows it from its parameter check (:func:`show`, called by
:func:`breastcancer_kit.ui.lesson_parameters.check`), so the first thing a lesson puts on the
page; every chart's numbers carry it too, for a chart shown outside a lesson.

Examples
--------
>>> STYLE.startswith("<style>") and STYLE.endswith("</style>")
True
>>> "word-break: normal" in STYLE
True
"""

from __future__ import annotations

__all__ = ["RESULT_CLASS", "STYLE", "TEXT_WRAP", "show"]

#: The class every lesson's result panel carries beside its own (a stage, a receptor result,
#: a summary, a drill's feedback; charts are found as ``.js-plotly-plot``): the browser tests
#: find every result by it, to check that none covers a control, and a page's own CSS can too.
RESULT_CLASS = "bck-result"

#: Printed text wraps between words. More specific than JupyterLab's own rule, so it wins
#: wherever on the page it sits. The slides template (``bck-reveal``) carries it too: a
#: slide leaves out the check cell that shows :data:`STYLE`.
TEXT_WRAP = "body .jp-OutputArea-output pre { word-break: normal; }"

STYLE = (
    f"<style>\n{TEXT_WRAP}\n"
    """.jupyter-widgets select:focus-visible, .jupyter-widgets input:focus-visible,
.jupyter-widgets button:focus-visible, .jupyter-widgets .widget-readout:focus-visible,
.jupyter-widgets .noUi-handle:focus-visible, .bck-numbers-toggle summary:focus-visible {
  outline: 3px solid #0072B2 !important; outline-offset: 2px;
}
/* A control's name whole: ipywidgets gives a toggle button a fixed width and a checkbox
   300 px, and cuts a longer name with an ellipsis ("progression-free survi..."). */
.jupyter-widgets .widget-toggle-button { min-width: max-content; }
.jupyter-widgets.widget-checkbox { width: auto; max-width: 100%; }
.jupyter-widgets.widget-checkbox .widget-label-basic { white-space: normal; }
/* Nothing wider than the page: ipywidgets sets fixed widths (a 420 px dropdown, a 720 px
   result), so a widget is never wider than its container, and a row of controls and results
   that does not fit goes on in the next line. */
.jp-OutputArea-output .jupyter-widgets { max-width: 100%; }
.jp-OutputArea-output .widget-hbox { flex-wrap: wrap; }
/* A result table narrower than its longest words allow (lesson 09's four columns in 421 px,
   at 150 % zoom beside the file browser: its status column was cut) scrolls sideways in its
   own box; the result around it still fits. */
.jp-OutputArea-output .widget-html-content { min-width: 0; }
.bck-table-box { overflow-x: auto; max-width: 100%; }
.jupyter-widgets .widget-toggle-button.mod-active {
  box-shadow: inset 0 -4px 0 #000; font-weight: 600;
}
.bck-prognostic-explorer .widget-toggle-buttons { display: flex; align-items: center; }
.bck-prognostic-explorer .widget-toggle-buttons > .widget-label {
  flex: 0 0 auto; min-width: 70px; margin-right: 8px;
}
.bck-numbers-toggle summary { cursor: pointer; color: #0b5394; }
.bck-numbers table { border-collapse: collapse; margin: 4px 12px 8px 0; display: inline-table;
  vertical-align: top; font-size: 0.9em; }
.bck-numbers th, .bck-numbers td { border: 1px solid #ccc; padding: 1px 6px; text-align: right; }
.bck-numbers caption { font-weight: 600; text-align: left; }
</style>"""
)


def show() -> bool:
    """Put :data:`STYLE` on the page of the running notebook; nothing outside a kernel.

    Returns whether it was shown (False in plain Python, a script or a doctest, where there
    is no page).

    Examples
    --------
    >>> show()  # plain Python: no page
    False
    """
    import IPython  # ipywidgets' own dependency, as every ui module has it
    import IPython.display

    shell = IPython.get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return False
    IPython.display.display(IPython.display.HTML(STYLE))
    return True
