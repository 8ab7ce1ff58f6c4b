"""The one place the kit works around plotly internals: resending a FigureWidget's state.

Why it is needed. A ``go.FigureWidget`` sends each edit to the browser as a one-off
message (restyle, relayout). A view that renders after those messages went out never
applies them and keeps showing the figure as it was built: Voila draws widgets only after
the notebook has run, and a student can move a control before a chart has drawn. plotly
has no public call to resend the whole state, so :func:`sync_state` resets the two synced
traits that hold it, ``_widget_data`` and ``_widget_layout`` (plotly's own names, set the
same way in ``plotly/basewidget.py`` when a figure is first built).

The guard. This was checked on plotly 7.1 (:data:`TESTED`). Importing this module on any
other plotly version raises an ImportError naming it, so that an upgrade is a deliberate
step: re-run ``tests/browser/test_plotly_compat.py`` (a browser sees an edit made before
its view rendered), then extend :data:`TESTED`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass

import ipywidgets as W
import plotly
import plotly.graph_objects as go
import plotly.io as pio
from traitlets import Instance, Unicode

from .. import plotly_script
from .accessibility import page_helper
from .chart_parts import numbers_table
from .page_style import STYLE

__all__ = [
    "CONFIG",
    "TESTED",
    "FigureSlot",
    "FigureWidget",
    "PlotlyBundle",
    "StaticChart",
    "check_version",
    "fresh_widget",
    "plotly_bundle",
    "replace_figure",
    "sync_state",
    "updating",
    "with_numbers",
]

#: plotly (major, minor) versions whose FigureWidget internals this shim was checked on.
TESTED = ((7, 1),)
_TRAITS = ("_widget_data", "_widget_layout")


def check_version(version: str) -> None:
    """Raise ImportError unless ``version`` is a plotly release this shim was checked on.

    Examples
    --------
    >>> check_version("7.1.0")
    >>> check_version("8.0.0")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ImportError: breastcancer_kit.ui was checked on plotly 7.1.x only ..., not 8.0.0: ...
    """
    try:
        major, minor = (int(part) for part in version.split(".")[:2])
    except ValueError:
        major = minor = -1
    if (major, minor) not in TESTED:
        tested = ", ".join(f"{a}.{b}.x" for a, b in TESTED)
        raise ImportError(
            f"breastcancer_kit.ui was checked on plotly {tested} only (its FigureWidget state "
            f"resend reads plotly internals), not {version}: install the locked version "
            "(pip install -r requirements/lessons.lock) or re-check the shim in "
            "breastcancer_kit/ui/plotly_compat.py"
        )


check_version(plotly.__version__)

#: Plotly's page config for every chart the lessons show: no toolbar (its eleven buttons
#: were eleven Tab stops per chart, before the next control), no plotly.com link.
CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}
# Charts shown as plain figures (not widgets) take the same config.
for _name in ("plotly_mimetype", "jupyterlab", "notebook", "notebook_connected"):
    if _name in pio.renderers:
        pio.renderers[_name].config = dict(CONFIG)


# plotly's FigureWidget is an anywidget whose front-end code (``_esm``, plotly.js and its
# widget, about 5 MB) is part of every figure's state: each chart, and each fresh view of a
# chart after an edit, sent those 5 MB to the page and had the browser compile them again
# (lesson 01 took 15 s to show its first control; each control change in lesson 02 over a
# second). Here the code travels once per kernel, in one plain widget model (the bundle),
# and each chart's ``_esm`` is this small loader: it loads plotly's code once per page (per
# plotly version: the next lesson opened in the same JupyterLab page reuses it) and hands
# each chart to plotly's own widget (anywidget calls it with the chart's model). A page that
# ``breastcancer-kit serve`` serves loads the code as a classic script from the server
# instead, which the browser keeps compiled from one lesson to the next
# (:mod:`breastcancer_kit.plotly_script`); any other page imports the bundle's code.
_LOADER_ESM = """// breastcancer_kit: plotly's widget code, loaded once per page.
const loaded = (globalThis.__bckPlotlyWidget ??= new Map());
async function holder(manager, id) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await manager.get_model(id);
    } catch (err) {  // the bundle's model may still be on its way (minutes on a busy page)
      if (attempt >= 1200) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
// A kit-served Voila page (its body says data-voila) has the code at a versioned URL.
function fromScript(version) {
  const body = document.body;
  if (!version || !body?.dataset?.voila || !body.dataset.baseUrl) {
    return Promise.reject(new Error("no script route"));
  }
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = `${body.dataset.baseUrl}__ROUTE__${encodeURIComponent(version)}.js`;
    script.onload = () => {
      const exports = globalThis.__GLOBAL__;
      exports?.default ? resolve(exports.default) : reject(new Error("no plotly widget"));
    };
    script.onerror = () => reject(new Error("plotly widget script not served"));
    document.head.appendChild(script);
  });
}
async function fromBundle(manager, id) {
  const bundle = await holder(manager, id);
  const url = URL.createObjectURL(new Blob([bundle.get("code")], {type: "text/javascript"}));
  try {
    return (await import(url)).default;
  } finally {
    URL.revokeObjectURL(url);
  }
}
function plotlyWidget(model) {
  const id = String(model.get("_bck_bundle") || "").replace(/^IPY_MODEL_/, "");
  const version = String(model.get("_bck_plotly") || "");
  const key = version || id;
  let got = loaded.get(key);
  if (!got) {
    got = fromScript(version).catch(() => fromBundle(model.widget_manager, id));
    got.catch(() => loaded.delete(key));
    loaded.set(key, got);
  }
  return got;
}
// A chart drawn before its box was on the page (a fresh view in a slot, after an edit) takes
// plotly's default 700 px; its "responsive" config follows only window resizes. When the
// box's width and the drawn width differ, ask every responsive chart to fit (once a frame).
let fitting = false;
function fitLater() {
  if (fitting) return;
  fitting = true;
  requestAnimationFrame(() => {
    fitting = false;
    window.dispatchEvent(new Event("resize"));
  });
}
function fitWhenShown(el) {
  const misfit = () => {
    const gd = el.classList.contains("js-plotly-plot") ? el : el.querySelector(".js-plotly-plot");
    const width = gd?.getBoundingClientRect().width;
    const drawn = gd?._fullLayout?.width;
    return Boolean(width && drawn && !gd.layout?.width && Math.abs(drawn - width) > 2);
  };
  // Checked for a while after the view renders (the box may reach the page later), then on
  // every change of the box's size.
  let tries = 0;
  const poll = () => {
    if (misfit()) fitLater();
    if (++tries < 40) timer = setTimeout(poll, 250);
  };
  let timer = setTimeout(poll, 0);
  const observer = new ResizeObserver(() => misfit() && fitLater());
  observer.observe(el);
  return () => {
    clearTimeout(timer);
    observer.disconnect();
  };
}
// plotly never wraps a title: one longer than its chart is cut at the chart's edge (a
// 420 px chart beside JupyterLab's file browser at 150 % zoom). After every draw, a title
// that does not fit is broken between words into lines that do, kept centred where plotly
// put it (lower where the top line would be cut). Only the drawing changes: the chart's layout
// (and the kernel's copy) keeps its text.
const SVG_NS = "http://www.w3.org/2000/svg";
function wrapTitles(gd) {
  for (const text of gd.querySelectorAll("text.gtitle")) {
    const svg = text.ownerSVGElement;
    if (!svg || text.dataset.bckWrapped === text.textContent) continue;
    const room = svg.getBoundingClientRect().right - text.getBoundingClientRect().left - 6;
    if (!(room > 40) || text.getBoundingClientRect().width <= room) continue;
    const words = text.textContent.split(/\\s+/).filter(Boolean);
    const x = text.getAttribute("x");
    const lines = [];
    const probe = document.createElementNS(SVG_NS, "tspan");
    text.replaceChildren(probe);
    let line = "";
    for (const word of words) {
      probe.textContent = line ? `${line} ${word}` : word;
      if (line && probe.getComputedTextLength() > room) {
        lines.push(line);
        line = word;
      } else {
        line = probe.textContent;
      }
    }
    lines.push(line);
    const spans = lines.map((content, i) => {
      const span = document.createElementNS(SVG_NS, "tspan");
      span.setAttribute("class", "line");
      span.setAttribute("x", x);
      span.setAttribute("dy", i ? "1.2em" : `${-0.6 * (lines.length - 1)}em`);
      span.textContent = content;
      return span;
    });
    text.replaceChildren(...spans);
    // Centred on plotly's line, a title at the very top (yanchor "top") would lose its
    // first line above the chart: move the lines down by what is cut.
    const cut = svg.getBoundingClientRect().top - text.getBoundingClientRect().top + 2;
    if (cut > 0) {
      const size = parseFloat(getComputedStyle(text).fontSize) || 16;
      spans[0].setAttribute("dy", `${-0.6 * (lines.length - 1) * size + cut}px`);
    }
    text.dataset.bckWrapped = text.textContent;
  }
}
function wrapTitlesOnDraw(el) {
  const gd = el.classList.contains("js-plotly-plot") ? el : el.querySelector(".js-plotly-plot");
  if (!gd?.on) return;
  gd.on("plotly_afterplot", () => wrapTitles(gd));
  wrapTitles(gd);
}
export default () => {
  let widget;
  let ready;
  const start = (ctx) =>
    (ready ??= plotlyWidget(ctx.model).then((make) => {
      widget = make();
      return widget.initialize?.(ctx);
    }));
  return {
    initialize(ctx) {
      // Not awaited: anywidget gives up on a model whose start takes over 2 s ("Failed to
      // initialize model", and its views do not draw), and plotly's code can take longer to
      // arrive and compile on a busy page. render waits for it (and reports a failure).
      start(ctx).catch(() => {});
    },
    async render(ctx) {
      await start(ctx);
      const cleanup = await widget.render?.(ctx);
      wrapTitlesOnDraw(ctx.el);
      const unobserve = fitWhenShown(ctx.el);
      return () => {
        unobserve();
        if (typeof cleanup === "function") cleanup();
      };
    },
  };
};
"""


class PlotlyBundle(W.Widget):
    """plotly's widget code, sent to the page once per kernel (see :class:`FigureWidget`)."""

    code = Unicode().tag(sync=True)


_bundle: list[PlotlyBundle] = []


def plotly_bundle() -> PlotlyBundle:
    """The kernel's one :class:`PlotlyBundle` (made again if it was closed).

    Examples
    --------
    >>> plotly_bundle() is plotly_bundle(), len(plotly_bundle().code) > 1_000_000
    (True, True)
    """
    if not _bundle or _bundle[0].comm is None:
        _bundle[:] = [PlotlyBundle(code=str(go.FigureWidget._esm))]
    return _bundle[0]


class FigureWidget(go.FigureWidget):
    """A ``go.FigureWidget`` whose view always starts from its whole figure, and is light.

    Why: plotly's ``FigureWidget.__init__`` opens the widget's comm first and sends the
    figure (``_widget_data``, ``_widget_layout``) in a second message. Seen in JupyterLab
    4.6 under load: a view created between the two drew an empty chart, and plotly's
    front end ignores later changes of those traits (``do_data`` does nothing). Here the
    comm opens only once the figure is complete, so the first message carries it. The
    view also takes :data:`CONFIG`. Its front-end code is a small loader of the kernel's
    :func:`plotly_bundle`, not the 5 MB of plotly.js in every chart's state.

    Examples
    --------
    >>> fig = FigureWidget(go.Bar(x=["a"], y=[1]))
    >>> fig.comm is not None, fig._widget_data[0]["y"], fig._config["displayModeBar"]
    (True, [1], False)
    >>> len(fig._esm) < 10_000, fig._bck_bundle is plotly_bundle()  # a loader, not 5 MB
    (True, True)
    """

    _esm = _LOADER_ESM.replace("__ROUTE__", plotly_script.ROUTE).replace(
        "__GLOBAL__", plotly_script.GLOBAL
    )
    #: The page keeps one copy of plotly's code per version (and finds its script by it).
    _bck_plotly = Unicode(plotly.__version__).tag(sync=True)
    _bck_bundle = Instance(PlotlyBundle, allow_none=True).tag(
        sync=True, **W.widget_serialization
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._bck_hold_open = True
        try:
            super().__init__(*args, **kwargs)
            self._config = {**CONFIG, **(self._config or {})}
            self._bck_bundle = plotly_bundle()
        finally:
            self._bck_hold_open = False
        self.open()

    def open(self) -> None:
        """Open the comm, unless the figure is still being built."""
        if getattr(self, "_bck_hold_open", False):
            return
        super().open()


def sync_state(fig: go.FigureWidget) -> None:
    """Make every view of ``fig``, early or late, show its current data and layout.

    Examples
    --------
    >>> fig = go.FigureWidget(go.Bar(x=["a"], y=[1]))
    >>> fig.data[0].y = [2]
    >>> sync_state(fig)  # a view drawn from now on shows y = [2]
    """
    if not all(hasattr(fig, name) for name in _TRAITS):  # pragma: no cover - guarded above
        raise RuntimeError(f"plotly {plotly.__version__} FigureWidget lacks {_TRAITS}")
    fig._widget_data = deepcopy(fig._data)
    fig._widget_layout = deepcopy(fig._layout_obj._props)


def fresh_widget(figure: go.Figure | go.FigureWidget) -> go.FigureWidget:
    """A new FigureWidget of ``figure`` whose first message to the browser holds everything.

    Examples
    --------
    >>> w = fresh_widget(go.Figure(go.Bar(x=["a"], y=[1])))
    >>> isinstance(w, go.FigureWidget), w.comm is not None, w._widget_data[0]["y"]
    (True, True, [1])
    """
    return FigureWidget(figure)


class FigureSlot(W.Box):
    """Where a lesson shows a chart: every edit shows a fresh view of the whole figure.

    Why: an edit reaches a chart that is already drawn as a one-off update message, and
    plotly 7.1's front end applies it with ``Plotly.update`` on the spot. Seen in Chromium
    under Voila (about half of the full-suite runs on 2 busy cores), an update arriving
    while the plot was still settling (drawing, resizing) was lost: the text beside the chart
    changed, the chart did not. A new FigureWidget is drawn from its complete state, so
    after each edit the slot swaps in a fresh copy of ``source`` (the figure the lesson
    edits) and later closes the old one (see :meth:`renew`): no message can be lost.

    Examples
    --------
    >>> slot = FigureSlot(go.FigureWidget(go.Bar(x=["a"], y=[1])))
    >>> with updating(slot.source, slot):
    ...     slot.source.data[0].y = [2]
    >>> slot.children[0].data[0].y
    (2,)
    >>> "<th>a</th><td>2</td>" in slot.numbers.value  # the text alternative follows
    True
    """

    def __init__(self, source: go.FigureWidget, layout: dict | None = None) -> None:
        self.source = source
        # Under the chart, its text alternative: the numbers it draws, one click away (a
        # native <details>, so keyboards and screen readers open it and hear its state).
        self.numbers = W.HTML(_numbers_html(source))
        self.numbers.add_class("bck-numbers-toggle")
        # The chart takes the slot's width (plotly resizes it when the page does).
        box = {"width": "100%", "flex_flow": "column", **(layout or {})}
        super().__init__(
            [FigureWidget(source), self.numbers, page_helper()], layout=W.Layout(**box)
        )
        self.add_class("bck-figure")
        self._retired: go.FigureWidget | None = None  # see renew

    def renew(self) -> go.FigureWidget:
        """Show a fresh view of ``source`` and its numbers; close the chart before the last.

        The chart just replaced is closed at the next renewal, not now: the page may still be
        drawing it, and plotly's view then reports its traces to the model, which raised "no
        comm channel defined" in the page when the model was already closed. So a slot holds
        at most one retired chart.

        Examples
        --------
        >>> slot = FigureSlot(go.FigureWidget(go.Bar(x=["a"], y=[1])))
        >>> first = slot.children[0]
        >>> second = slot.renew()
        >>> first.comm is not None  # retired, still open
        True
        >>> third = slot.renew()
        >>> first.comm is None, second.comm is not None, slot.children[0] is third
        (True, True, True)
        """
        old = self.children[0]
        self.numbers.value = _numbers_html(self.source)
        self.children = (FigureWidget(self.source), *self.children[1:])
        if self._retired is not None:
            self._retired.close()
        self._retired = old
        return self.children[0]


def _numbers_html(fig: go.Figure | go.FigureWidget) -> str:
    return (
        f"{STYLE}<details><summary>Show the numbers</summary>{numbers_table(fig)}</details>"
    )


@dataclass(frozen=True)
class StaticChart:
    """A chart that never changes, shown with its numbers one click away under it.

    What :class:`FigureSlot` does for a chart the controls redraw, for one that stays as
    built: displayed, it shows the figure, then the same "Show the numbers" box (a native
    ``<details>``, so a keyboard opens it). No widget: it shows in a static HTML export too.

    Examples
    --------
    >>> chart = with_numbers(go.Figure(go.Bar(x=["a"], y=[3], name="shares")))
    >>> "<th>a</th><td>3</td>" in chart.numbers_html()
    True
    """

    figure: go.Figure

    def numbers_html(self) -> str:
        """The "Show the numbers" box, as HTML."""
        return f'<div class="bck-numbers-toggle">{_numbers_html(self.figure)}</div>'

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        display(self.figure)
        display(HTML(self.numbers_html()))


def with_numbers(figure: go.Figure) -> StaticChart:
    """``figure`` with its text alternative (see :class:`StaticChart`); for a lesson cell."""
    return StaticChart(figure)


@contextmanager
def updating(fig: go.FigureWidget, slot: FigureSlot | None = None) -> Iterator[go.FigureWidget]:
    """``fig.batch_update()``, then :func:`sync_state` (and a fresh view in ``slot``).

    This is how every lesson edits a chart.
    """
    with fig.batch_update():
        yield fig
    sync_state(fig)
    if slot is not None:
        slot.renew()


def replace_figure(widget: go.FigureWidget, new: go.Figure) -> None:
    """Swap every trace and the layout of a FigureWidget for those of ``new``."""
    widget.data = ()
    widget.add_traces(list(new.data))
    widget.layout = new.layout
    # Assigning a layout merges into the old one: a caption (annotation) or shape the new
    # figure lacks would stay behind under the wrong chart.
    widget.layout.annotations = new.layout.annotations or ()
    widget.layout.shapes = new.layout.shapes or ()
    sync_state(widget)
