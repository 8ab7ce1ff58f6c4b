"""Layouts that fit: results beside or below the controls, never over them; charts not cut.

The checks the content tests call on a page they already loaded (no page load of its own):
each lesson with controls (01, 02, 03, 06), in one Voila load, at 1280x720 (a projector),
then narrowed to 853x480 CSS px (what 150 % zoom gives a 1280x720 window); every lesson at
853x480 in JupyterLab with its file browser open (:func:`check_at_zoom`; lessons without
a layout test of their own in Voila too): no word of printed text cut in two, every chart
fitted, no control's name cut, every control and result inside the visible page, no result
anywhere in the lesson over a control. Element bounding boxes decide; a screenshot of each
state goes to test-artifacts/ for a person. Both entry points also run the keyboard and
screen-reader checks of :mod:`.accessibility` (chart numbers one Enter away and equal to what
the chart draws, no Tab stop inside a chart, focus rings, named controls).
"""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import expect

from .accessibility import check_access

CONTROLS = (
    ".widget-dropdown, .widget-hslider, .widget-toggle-buttons, .widget-text, .widget-checkbox"
)
# Every cell's output: the lesson's own widgets and text, none of JupyterLab's.
OUTPUTS = ".jp-OutputArea-output"
# Every result: each lesson's result panel carries the kit's shared class (a stage, a receptor
# result, a summary, a drill's feedback: tests/ui/test_page_style.py), and every chart.
RESULTS = ".bck-result, .js-plotly-plot"
# Boxes of every visible control and result of one explorer.
BOXES = """([root, controls, results]) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {x: r.left, y: r.top, w: r.width, h: r.height, cls: el.className.toString()}; };
  const shown = (el) => el.getClientRects().length > 0 && el.getBoundingClientRect().width > 0;
  const within = Array.from(document.querySelectorAll(root));
  // A plain (non-widget) chart is the output element itself: counted with the rest.
  const pick = (sel) => within
    .flatMap((r) => (r.matches(sel) ? [r] : []).concat(Array.from(r.querySelectorAll(sel))))
    .filter(shown).map(box);
  return {controls: pick(controls), results: pick(results)};
}"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] + 1 < b["x"] + b["w"]
        and b["x"] + 1 < a["x"] + a["w"]
        and a["y"] + 1 < b["y"] + b["h"]
        and b["y"] + 1 < a["y"] + a["h"]
    )


# Controls a screen reader could not name, or toggle buttons whose state it would not hear.
UNNAMED = """(root) => {
  const within = Array.from(document.querySelectorAll(root));
  const all = (sel) => within.flatMap((r) => Array.from(r.querySelectorAll(sel)));
  return {
    sliders: all('.noUi-handle').filter((h) => !h.getAttribute('aria-label')).length,
    toggles: all('button.widget-toggle-button').filter((b) =>
      b.getAttribute('aria-pressed') !== String(b.classList.contains('mod-active'))).length,
    groups: all('.widget-toggle-buttons').filter((g) =>
      !g.querySelector('[role=group][aria-label]')).length,
    controls: all('.noUi-handle, button.widget-toggle-button').length,
    // A button or label whose text the page cuts with "...": ipywidgets' fixed button width
    // cut "pathological" to "patholog..." in lesson 02. Its text is measured against the box
    // inside its padding: lesson 10's "progression-free survi..." overflowed by 1 px of
    // scrollWidth, which rounds.
    cut: all('button, .widget-label, .widget-label-basic').filter((el) => {
      if (el.offsetParent === null) return false;
      const style = getComputedStyle(el);
      if (style.display === 'inline') return false;  // no box of its own to be cut by
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const text = document.createRange();
      text.selectNodeContents(el);
      return el.scrollWidth > el.clientWidth + 1 || text.getBoundingClientRect().width > room + 0.5;
    }).map((el) => el.innerText),
  };
}"""


# Places where printed (monospace) text wraps inside a word: the character before a new line
# and the one that starts it both belong to a word ("mov" / "e"). A wrap after a space or a
# hyphen is where a reader expects one, and a word longer than its line has to wrap inside.
MID_WORD = """() => {
  const found = [];
  const breakable = /[\\s\\-\u2010-\u2014\\/]/;
  for (const pre of document.querySelectorAll('.jp-OutputArea-output pre')) {
    if (!pre.getClientRects().length || pre.textContent.length > 20000) continue;
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let last = null;  // {top, ch} of the character before
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (ch === '\\n') { last = null; continue; }
        range.setStart(node, i); range.setEnd(node, i + 1);
        const r = range.getClientRects()[0];
        if (!r || r.width === 0) { last = {top: null, ch}; continue; }
        if (last && last.top !== null && r.top > last.top + r.height / 2
            && !breakable.test(last.ch) && !breakable.test(ch)) {
          const before = text.slice(0, i).split(/\\s/).pop();
          const after = text.slice(i).split(/\\s/)[0];
          const word = before + after;
          if (word.length * r.width < pre.clientWidth) found.push(before + ' / ' + after);
        }
        last = {top: r.top, ch};
      }
    }
  }
  return found;
}"""


def check_words(page) -> None:
    """No printed line on the page wraps in the middle of a word that would fit on a line."""
    found = page.evaluate(MID_WORD)
    assert found == [], f"printed text wraps inside words: {found}"


# Every drawn chart under ``root``, and the right edge of what the reader can see: the
# notebook panel in JupyterLab (beside the file browser), the window in Voila.
CHARTS = """(root) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {x: r.left, y: r.top, w: r.width, h: r.height}; };
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const edge = panel ? box(panel).x + box(panel).w : document.documentElement.clientWidth;
  const charts = Array.from(document.querySelectorAll(root))
    .flatMap((r) => Array.from(r.querySelectorAll('.js-plotly-plot')))
    .filter((gd) => gd.getClientRects().length > 0 && gd.getBoundingClientRect().width > 0
                    && gd.querySelector('svg.main-svg'))
    .map((gd) => ({plot: box(gd), svg: box(gd.querySelector('svg.main-svg')),
      slot: box(gd.parentElement), autosized: !gd.layout?.width,
      title: gd.layout?.title?.text ?? '',
      titles: Array.from(gd.querySelectorAll('text.gtitle')).map(box),
      legend: gd.querySelector('.legend .bg') ? box(gd.querySelector('.legend .bg')) : null,
      // Each annotation's text; a caption is one placed on the page under the plot (the
      // curves' labels sit on the axes, subplot titles above).
      captions: Array.from(gd.querySelectorAll('g.annotation text.annotation-text'))
        .map((t) => {
          const note = gd.layout?.annotations?.[t.closest('g.annotation')?.dataset.index];
          return {...box(t), text: t.textContent,
                  under: note?.yref === 'paper' && note?.y <= 0};
        }),
      // What a caption must not cross: axis labels and titles, the legend.
      furniture: Array.from(gd.querySelectorAll(
        '.xtick text, .g-xtitle text, .g-x2title text, .legend text, .ytick text'))
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => ({...box(el), text: el.textContent, ytick: Boolean(el.closest('.ytick'))})),
      // The numbers printed on points and bars ("about 25 %" beside its marker), and the
      // plot area they are clipped to (each subplot's own).
      labels: Array.from(gd.querySelectorAll('.textpoint text, text.bartext'))
        .filter((el) => el.getClientRects().length > 0 && el.textContent)
        .map((el) => {
          const subplot = el.closest('g.subplot');
          const id = subplot ? [...subplot.classList].find((c) => c !== 'subplot') : 'xy';
          const area = gd.querySelector(`.draglayer .${id} .nsewdrag`);
          return {...box(el), text: el.textContent, area: area ? box(area) : null};
        })}));
  return {charts, edge};
}"""


# Every control, result or table in a cell's output whose right edge is past what the reader
# can see (the notebook panel in JupyterLab, the window in Voila): beside the file browser at
# 150 % zoom, lesson 10's 420 px subtype dropdown ran under the panel's edge and lesson 09's
# 720 px table of classes was cut after "FDA approv".
PAST_EDGE = """([outputs, controls]) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const edge = panel ? panel.getBoundingClientRect().right : document.documentElement.clientWidth;
  const scrolled = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const x = getComputedStyle(box).overflowX;
      if ((x === 'auto' || x === 'scroll') && box.scrollWidth > box.clientWidth)
        return box.getBoundingClientRect().right <= edge + 2;
    }
    return false;
  };
  return Array.from(document.querySelectorAll(outputs))
    .flatMap((out) => Array.from(out.querySelectorAll(controls)))
    .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > edge + 2)
    // A wide data table inside a box that scrolls sideways (a DataFrame in its output) is
    // read by scrolling that box, as in any notebook: only the box has to fit. Controls and
    // results have to fit without it.
    .filter((el) => !(el.tagName === 'TABLE' && scrolled(el)))
    .map((el) => `${el.className} ${el.innerText.slice(0, 40)}: right ${
      Math.round(el.getBoundingClientRect().right)} > ${Math.round(edge)}`);
}"""


def check_controls_fit(page) -> None:
    """Every control, result and table in the lesson's output is inside the visible page."""
    past = page.evaluate(PAST_EDGE, [OUTPUTS, f"{CONTROLS}, {RESULTS}, .widget-html, table"])
    assert past == [], f"controls past the visible page: {past}"


def check_charts_fit(page, root: str = "body", at_least: int = 0) -> None:
    """Every chart under ``root`` fits its slot and the visible page, its title whole (and
    at least ``at_least`` of them are drawn)."""
    got = page.evaluate(CHARTS, root)
    assert len(got["charts"]) >= at_least, f"{len(got['charts'])} charts drawn under {root}"
    for chart in got["charts"]:
        _check_chart(chart, got["edge"])


ZOOM_150 = {"width": 853, "height": 480}  # 150 % zoom of a 1280x720 window, in CSS px


def check_charts_settled(page, root: str = "body", at_least: int = 1) -> None:
    """:func:`check_charts_fit` until it holds (a chart redraws after a change or resize),
    with at least ``at_least`` charts drawn under ``root``."""
    _settled(page, lambda: check_charts_fit(page, root, at_least))


def check_at_zoom(page, artifacts_dir: Path, name: str) -> None:
    """At 150 % zoom of a 1280x720 window (853x480 CSS px): no printed word cut in two, every
    chart fitted, no control's name cut, nothing past the visible page; then back to the
    page's size.

    Every lesson runs it (those with controls to lay out in JupyterLab, the others in both
    front ends); a screenshot of the top of the page goes to
    test-artifacts/layout-<name>-zoom150.png, and one of each chart to
    layout-<name>-zoom150-chart<i>.png.
    """
    check_access(page)  # at the page's own size, as the test left it
    check_no_overlap(page)
    size = page.viewport_size
    page.set_viewport_size(ZOOM_150)
    try:
        page.wait_for_timeout(300)  # one reflow; the check reads the laid-out text
        _settled(page, lambda: check_no_overlap(page))
        check_words(page)
        _settled(page, lambda: check_charts_fit(page))
        page.screenshot(path=str(artifacts_dir / f"layout-{name}-zoom150.png"))
        check_names(page, OUTPUTS)
        check_controls_fit(page)
        # Each chart whole, for a person to look at: the same width, a window tall enough
        # for the tallest chart (JupyterLab scrolls its panel, not the page).
        page.set_viewport_size({"width": 853, "height": 1400})
        charts = page.locator(".js-plotly-plot:visible")
        for i in range(charts.count()):
            charts.nth(i).screenshot(
                path=str(artifacts_dir / f"layout-{name}-zoom150-chart{i}.png")
            )
    finally:
        page.set_viewport_size(size)


def check_names(page, root: str) -> None:
    """Every slider is named, every toggle group named and its buttons' states announced;
    no button or label text is cut."""
    got = page.evaluate(UNNAMED, root)
    assert got["sliders"] == got["toggles"] == got["groups"] == 0, got
    assert got["cut"] == [], f"text cut on the page: {got['cut']}"


def _assert_no_clash(boxes: dict) -> None:
    clashes = [
        (c["cls"], r["cls"]) for c in boxes["controls"] for r in boxes["results"] if _overlap(c, r)
    ]
    assert clashes == [], f"results over controls: {clashes}"


def check_no_overlap(page, root: str = OUTPUTS) -> None:
    """No result (text panel or chart) anywhere in the lesson's output over a control."""
    boxes = page.evaluate(BOXES, [root, CONTROLS, RESULTS])
    _assert_no_clash(boxes)


def check_layout(page, root: str) -> None:
    boxes = page.evaluate(BOXES, [root, CONTROLS, RESULTS])
    assert boxes["controls"] and boxes["results"], boxes
    _assert_no_clash(boxes)
    check_charts_fit(page, root)


def _check_chart(chart: dict, edge: float) -> None:
    svg, slot = chart["svg"], chart["slot"]
    # The drawing fits the slot it sits in and the visible page: resized, not cut.
    assert svg["x"] + svg["w"] <= max(slot["x"] + slot["w"], edge) + 2, chart
    assert svg["x"] + svg["w"] <= edge + 2, ("past the visible page", chart, edge)
    # A chart without a set width fills its slot (one drawn at plotly's default 700 px,
    # before its box was on the page, cut its title), and its title is not cut.
    if chart["autosized"]:
        right = svg["x"] + svg["w"]
        assert right >= min(slot["x"] + slot["w"], edge) - 4, ("not fitted", chart)
    for title in chart["titles"]:
        left, right = title["x"], title["x"] + title["w"]
        assert svg["x"] - 1 <= left and right <= svg["x"] + svg["w"] + 1, ("title cut", chart)
        assert title["y"] >= svg["y"] - 1, ("title cut at the top", chart)
        legend = chart["legend"]
        assert legend is None or not _overlap(title, legend), ("legend over the title", chart)
    # Two lines of a long name must not run into the next row's.
    ticks = [part for part in chart["furniture"] if part["ytick"]]
    crossing = [
        (a["text"], b["text"])
        for i, a in enumerate(ticks)
        for b in ticks[i + 1 :]
        if _overlap(a, b)
    ]
    assert crossing == [], f"axis labels over each other: {crossing}"
    for label in chart["labels"]:  # a number on a point or bar, whole inside its plot area
        area = label["area"]
        if area is None:
            continue
        inside = (
            area["x"] - 1 <= label["x"] and label["x"] + label["w"] <= area["x"] + area["w"] + 1
            and area["y"] - 1 <= label["y"] and label["y"] + label["h"] <= area["y"] + area["h"] + 1
        )  # fmt: skip
        assert inside, f"{label['text']!r} cut at the plot's edge: {label}"
    for part in chart["furniture"]:  # axis labels and titles, the legend: not cut either
        inside = svg["x"] - 1 <= part["x"] and part["x"] + part["w"] <= svg["x"] + svg["w"] + 1
        assert inside, f"{part['text']!r} cut at the chart's edge: {part} in {svg}"
    for note in chart["captions"]:
        left, right = note["x"], note["x"] + note["w"]
        where = (
            f"{note['text']!r} at x {left:.0f}-{right:.0f}, y to {note['y'] + note['h']:.0f}; "
            f"chart x {svg['x']:.0f}-{svg['x'] + svg['w']:.0f}, y to {svg['y'] + svg['h']:.0f}"
        )
        assert svg["x"] - 1 <= left and right <= svg["x"] + svg["w"] + 1, f"caption cut: {where}"
        assert note["y"] + note["h"] <= svg["y"] + svg["h"] + 1, f"caption cut below: {where}"
        if note["under"]:
            crossed = [part["text"] for part in chart["furniture"] if _overlap(note, part)]
            assert crossed == [], f"caption over the chart's labels {crossed}: {where}"


def check_fits(page, root: str, artifacts_dir: Path, lesson: str) -> None:
    """The page of a content test at 1280x720 (a projector), then at 150 % zoom.

    Called at the end of one Voila load of each lesson with controls (01, 02, 03, 06), so
    the layout is checked on a page whose controls have just been used, without a page
    load of its own: the explorer under ``root`` closely, and no result over a control
    anywhere in the lesson. Screenshots: test-artifacts/layout-<lesson>-*.png.
    """
    # First as the test left it, before any resize: a chart drawn before its box was on the
    # page is fitted by the kit's chart loader within a few seconds, even on a busy page.
    _settled_layout(page, root)
    # Then at each size. plotly redraws a responsive chart after the window's resize event;
    # on a busy machine (CI: 3 workers on 2 cores) that took longer than the 1.5 s once
    # waited here (lesson 02 at 150 %: the chart was still 625 px wide in an 823 px slot).
    page.set_viewport_size({"width": 1280, "height": 720})
    _settled_layout(page, root)
    check_names(page, root)
    check_access(page)  # the whole lesson: its other charts and controls too
    _settled(page, lambda: check_no_overlap(page))  # and no result over any control
    page.locator(root).first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / f"layout-{lesson}-1280x720.png"))
    # 150 % zoom: the CSS viewport shrinks to two thirds; charts must follow.
    page.set_viewport_size({"width": 853, "height": 480})
    _settled_layout(page, root)
    _settled(page, lambda: check_charts_fit(page))  # the lesson's other charts too
    _settled(page, lambda: check_no_overlap(page))
    check_words(page)
    check_names(page, OUTPUTS)
    check_controls_fit(page)
    page.locator(root).first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / f"layout-{lesson}-zoom150.png"))


def _settled_layout(page, root: str, timeout: float = 15) -> None:
    """:func:`check_layout` until it holds; after ``timeout`` s its last failure is raised."""
    _settled(page, lambda: check_layout(page, root), timeout)


def _settled(page, check, timeout: float = 15) -> None:
    """``check()`` until it holds (plotly redraws after a resize, late on a busy machine);
    after ``timeout`` s its last failure is raised."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            check()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.wait_for_timeout(500)


def check_fits_lab_with_file_browser(page, notebook_root, explorer: str, artifacts_dir: Path):
    """JupyterLab at 1280x720 with its file browser open: the lesson's charts stay whole."""
    page.set_viewport_size({"width": 1280, "height": 720})
    expect(page.locator("#filebrowser")).to_be_visible()  # the side panel is open
    notebook_root.locator(explorer).scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    check_layout(page, f".jp-NotebookPanel:not(.lm-mod-hidden) {explorer}")  # to its edge
    check_words(page)
    page.screenshot(path=str(artifacts_dir / "layout-02-lab-filebrowser.png"))
    check_at_zoom(page, artifacts_dir, "02-lab")
