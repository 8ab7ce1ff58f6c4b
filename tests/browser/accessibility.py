"""Keyboard and screen-reader checks on a lesson page a content test already loaded.

:func:`check_access` is called from :func:`.test_layout.check_at_zoom` and
:func:`.test_layout.check_fits`, so every lesson runs it, in Voila and in JupyterLab, after its
controls have been used. It checks what issue 10 asks and what the CSS and markup alone
cannot show to be true on the page:

* **A text alternative for every chart**: each drawn chart has "Show the numbers" under it;
  Enter on it (keyboard only) opens the tables, and every number in them is one the chart
  itself draws in the page (``gd.data`` of the trace the table names), as the chart is now,
  after the test's last change. A table that kept an earlier state, or a chart that did,
  fails here. Every named trace in the legend and every labelled heatmap has its table.
* **No Tab stop inside a chart** (Plotly's toolbar had 11 of them per chart).
* **A focus ring that shows**: each kind of control, focused after a key press (so the
  browser's ``:focus-visible`` applies, as when a student tabs to it), draws an outline at
  least 2 px wide.
* **Every control named**: each dropdown, text box and checkbox has a label a screen reader
  reads (``<label for>``, an enclosing label or ``aria-label``).
"""

from __future__ import annotations

import math
import re
import time

from playwright.sync_api import expect

# The drawn charts of the lesson's outputs: a widget's chart inside an output, a plain chart
# the output element itself.
_CHARTS = "const charts = (o) => `${o} .js-plotly-plot, ${o}.js-plotly-plot`;"
# An element the page draws (laid out, with a width).
_SHOWN = (
    "const shown = (el) => el.getClientRects().length > 0 && el.getBoundingClientRect().width > 0;"
)

# Every drawn chart of the page: its traces as Plotly holds them, and the tables of the
# "Show the numbers" box beside it (read from the DOM whether the box is open or not).
CHART_NUMBERS = (
    """(outputs) => {
  """
    + _CHARTS
    + _SHOWN
    + """
  const cells = (row) => Array.from(row.children).map((c) => c.textContent.trim());
  // A chart a control redraws sits in a .bck-figure box with its numbers; a chart that
  // never changes is an output of its own (the output element itself is the chart), its
  // numbers the next output of the same cell.
  const numbers = (gd) => {
    const slot = gd.closest('.bck-figure');
    const next = gd.closest('.jp-OutputArea-child')?.nextElementSibling;
    const box = slot ?? next?.querySelector(':scope .bck-numbers-toggle');
    return box ? box.querySelector('details') : null;
  };
  return Array.from(document.querySelectorAll(charts(outputs)))
    .filter((gd) => shown(gd) && (gd.data || []).length > 0)
    .map((gd) => {
      const details = numbers(gd);
      return {
        title: gd.layout?.title?.text ?? '',
        traces: gd.data.map((t) => ({type: t.type, name: t.name ?? '', x: t.x ?? null,
          y: t.y ?? null, text: t.text ?? null, base: t.base ?? null,
          orientation: t.orientation ?? 'v', showlegend: t.showlegend ?? true,
          hoverinfo: t.hoverinfo ?? ''})),
        tables: details ? Array.from(details.querySelectorAll('table')).map((table) => ({
          caption: table.caption ? table.caption.textContent : '',
          rows: Array.from(table.rows).map(cells)})) : null,
      };
    });
}"""
)

# Elements inside drawn charts that Tab would stop on.
CHART_TAB_STOPS = (
    """(outputs) => {
  """
    + _CHARTS
    + """
  return Array.from(document.querySelectorAll(charts(outputs)))
    .flatMap((gd) => Array.from(gd.querySelectorAll(
      'a[href], button, input, select, textarea, [tabindex], [contenteditable="true"]')))
    .filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0)
    .map((el) => el.tagName + '.' + (el.className.baseVal ?? el.className));
}"""
)

# Dropdowns, text boxes and checkboxes without a name a screen reader would read.
UNLABELLED = """(outputs) => Array.from(document.querySelectorAll(outputs))
  .flatMap((out) => Array.from(out.querySelectorAll('select, input, textarea')))
  .filter((el) => el.getClientRects().length > 0 && el.type !== 'hidden')
  .filter((el) => {
    const aria = (el.getAttribute('aria-label') || '').trim();
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '').join('').trim();
    const labels = Array.from(el.labels || []).map((l) => l.textContent).join('').trim();
    return !(aria || by || labels);
  })
  .map((el) => `${el.tagName.toLowerCase()} in ${el.closest('.jupyter-widgets')?.className}`)"""

# Focus the first visible control of each kind in turn (the page's last input was a key, so
# the browser treats it as keyboard focus) and read its outline, then blur it: one call for
# every kind, not five round trips each. A control that cannot take focus reads focused: false.
RINGS = (
    """([outputs, kinds]) => {
  """
    + _SHOWN
    + """
  const rings = {};
  for (const [kind, selector] of Object.entries(kinds)) {
    const el = Array.from(document.querySelectorAll(`${outputs} ${selector}`))
      .find((e) => shown(e) && e.checkVisibility({visibilityProperty: true}));  // :visible
    if (!el) continue;
    el.focus();
    const s = getComputedStyle(el);
    rings[kind] = {visible: el.matches(':focus-visible'), focused: document.activeElement === el,
                   style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0};
    el.blur();
  }
  return rings;
}"""
)

# One of each kind of control a student reaches by Tab.
# (A disabled control takes no focus, so it has no ring to show.)
FOCUSABLE = {
    "dropdown": ".widget-dropdown select:not(:disabled)",
    "toggle button": "button.widget-toggle-button:not(:disabled)",
    "button": "button.widget-button:not(:disabled)",
    "slider": ".noUi-handle",
    "checkbox": ".widget-checkbox input:not(:disabled)",
    "text box": ".widget-text input:not(:disabled)",
    "numbers box": ".bck-numbers-toggle summary",
}

# What a student should never read in a table: a missing-value marker, a cut cell.
_UNREADABLE = re.compile(r"(?<!\w)(?:<NA>|NaN|nan|None|null|undefined)(?!\w)|…")
_RANGE = re.compile(r"(-?[0-9.]+(?:e[-+]?\d+)?)-(-?[0-9.]+(?:e[-+]?\d+)?)")


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _same(a: object, b: str) -> bool:
    """Whether the page's value ``a`` is what the table's cell ``b`` prints."""
    if isinstance(a, bool) or a is None:
        return str(a) == b
    if isinstance(a, int | float):
        number = _float(b)
        # The table prints 3 significant digits below 1, up to 6 from 1 on.
        return number is not None and math.isclose(a, number, rel_tol=6e-3, abs_tol=1e-9)
    return str(a) == b


def _categories(trace: dict) -> list:
    return (trace["y"] if trace["orientation"] == "h" else trace["x"]) or []


def _values(trace: dict) -> list:
    return (trace["x"] if trace["orientation"] == "h" else trace["y"]) or []


def _tabled(trace: dict) -> bool:
    """A trace the chart's text alternative must hold (a named legend entry, or a heatmap
    with its labels); bands and label-only traces carry no numbers of their own."""
    if trace["type"] == "heatmap":
        return trace["text"] is not None
    return bool(trace["name"]) and trace["showlegend"] is not False and trace["hoverinfo"] != "skip"


def _check_heatmap(trace: dict, rows: list[list[str]], where: str) -> None:
    head, body = rows[0], rows[1:]
    assert head[1:] == [str(x) for x in trace["x"]], f"{where}: columns {head[1:]}"
    assert [r[0] for r in body] == [str(y) for y in trace["y"]], f"{where}: rows"
    assert [r[1:] for r in body] == [[str(c) for c in row] for row in trace["text"]], (
        f"{where}: the table's cells are not the heatmap's"
    )


def _check_series(trace: dict, rows: list[list[str]], where: str) -> None:
    categories, values = _categories(trace), _values(trace)
    base = trace["base"]
    if base is not None and not isinstance(base, list):
        base = [base] * len(values)
    assert rows, f"{where}: an empty table"
    for label, cell in rows:
        at = [i for i, c in enumerate(categories) if _same(c, label)]
        assert at, f"{where}: {label!r} is not drawn (drawn: {categories[:12]})"
        if base is not None:
            match = _RANGE.fullmatch(cell)
            assert match, f"{where}: {label!r} reads {cell!r}, not a range"
            low, high = match.groups()
            ok = any(_same(base[i], low) and _same(base[i] + values[i], high) for i in at)
        else:
            ok = any(_same(values[i], cell) for i in at)
        assert ok, f"{where}: {label!r} reads {cell!r}; the chart draws {[values[i] for i in at]}"


def check_numbers(page, outputs: str) -> int:
    """Every drawn chart's "Show the numbers" tables hold exactly what the chart draws.

    Returns the number of charts checked.
    """
    charts = page.evaluate(CHART_NUMBERS, outputs)
    for chart in charts:
        where = f"chart {chart['title']!r}"
        assert chart["tables"] is not None, f"{where} has no 'Show the numbers'"
        tables = chart["tables"]
        text = " ".join(c for t in tables for r in t["rows"] for c in r)
        bad = _UNREADABLE.search(text)
        assert bad is None, f"{where}: {bad.group()!r} in its numbers"
        named = [t for t in chart["traces"] if _tabled(t)]
        assert tables, f"{where}: no table of numbers"
        used: set[int] = set()
        for table in tables:
            same_name = [
                i for i, t in enumerate(chart["traces"])
                if t["name"] == table["caption"] and i not in used and _tabled(t)
            ]  # fmt: skip
            assert same_name, f"{where}: table {table['caption']!r} names no trace drawn"
            i = same_name[0]
            used.add(i)
            trace, place = chart["traces"][i], f"{where}, table {table['caption']!r}"
            if trace["type"] == "heatmap":
                _check_heatmap(trace, table["rows"], place)
            else:
                _check_series(trace, table["rows"], place)
        missing = [t["name"] for i, t in enumerate(chart["traces"]) if _tabled(t) and i not in used]
        assert not missing and len(used) == len(named), f"{where}: no table for {missing}"
    return len(charts)


def open_numbers_by_keyboard(page, outputs: str) -> None:
    """The first "Show the numbers" opens with Enter and closes with Enter again."""
    summary = page.locator(f"{outputs} .bck-numbers-toggle summary").first
    if summary.count() == 0 or not summary.is_visible():
        return
    details = summary.locator("xpath=..")
    summary.focus()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    expect(details.locator("table").first).to_be_visible()
    page.keyboard.press("Enter")
    expect(details).not_to_have_attribute("open", "")


def check_focus_rings(page, outputs: str) -> list[str]:
    """Each kind of control shows a ring of 2 px or more when focused from the keyboard.

    Returns the kinds found on the page.
    """
    page.keyboard.press("Shift")  # the last input a key: focus shows as keyboard focus
    rings = page.evaluate(RINGS, [outputs, FOCUSABLE])
    for kind, ring in rings.items():
        assert ring["focused"] and ring["visible"], f"{kind}: not keyboard-focused {ring}"
        assert ring["style"] != "none" and ring["width"] >= 2, f"{kind}: focus ring {ring}"
    return list(rings)


def check_access(page, outputs: str = ".jp-OutputArea-output") -> None:
    """The checks of this module's docstring, on the page as the test left it."""
    stops = page.evaluate(CHART_TAB_STOPS, outputs)
    assert stops == [], f"Tab stops inside charts: {stops}"
    unlabelled = page.evaluate(UNLABELLED, outputs)
    assert unlabelled == [], f"controls without a name: {unlabelled}"
    check_focus_rings(page, outputs)
    open_numbers_by_keyboard(page, outputs)
    # A chart and its table are renewed together after a change; read them once both are.
    deadline = time.monotonic() + 15
    while True:
        try:
            check_numbers(page, outputs)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.wait_for_timeout(500)
