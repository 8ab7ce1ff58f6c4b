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

import ipywidgets as W
import plotly
import plotly.graph_objects as go

__all__ = [
    "TESTED",
    "FigureSlot",
    "check_version",
    "fresh_widget",
    "replace_figure",
    "sync_state",
    "updating",
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


class _OpenWhenBuilt(go.FigureWidget):
    """A FigureWidget whose comm opens only once plotly has set its data and layout.

    ``BaseFigureWidget.__init__`` opens the widget's comm first (ipywidgets does it in the
    base constructor, with ``_widget_data`` still empty) and sets ``_widget_data`` and
    ``_widget_layout`` afterwards, as separate update messages. A view created right away
    (a widget swapped into a displayed box) can render from the empty state before those
    updates are applied, and plotly's front end never redraws on a later ``_widget_data``
    change: the chart stays empty. Seen in Chromium under Voila on a loaded machine in
    about half of the lesson-10 runs. Opening the comm after the constructor sends the
    whole state in the one ``comm_open`` message.
    """

    _bck_built = False

    def __init__(self, figure: go.Figure | go.FigureWidget) -> None:
        super().__init__(figure)
        self._bck_built = True
        self.open()

    def open(self) -> None:
        if self._bck_built:
            super().open()


def fresh_widget(figure: go.Figure | go.FigureWidget) -> go.FigureWidget:
    """A new FigureWidget of ``figure`` whose first message to the browser holds everything.

    Examples
    --------
    >>> w = fresh_widget(go.Figure(go.Bar(x=["a"], y=[1])))
    >>> isinstance(w, go.FigureWidget), w.comm is not None, w._widget_data[0]["y"]
    (True, True, [1])
    """
    return _OpenWhenBuilt(figure)


class FigureSlot(W.Box):
    """Where a lesson shows a chart: every edit shows a fresh view of the whole figure.

    Why: an edit reaches a chart that is already drawn as a one-off update message, and
    plotly 7.1's front end applies it with ``Plotly.update`` on the spot. Seen in Chromium
    under Voila (about half of the full-suite runs on 2 busy cores), an update arriving
    while the plot was still settling (drawing, resizing) was lost: the text beside the chart
    changed, the chart did not. A new FigureWidget is drawn from its complete state, so
    after each edit the slot swaps in a fresh copy of ``source`` (the figure the lesson
    edits) and closes the old view: no message can be lost.

    Examples
    --------
    >>> slot = FigureSlot(go.FigureWidget(go.Bar(x=["a"], y=[1])))
    >>> with updating(slot.source, slot):
    ...     slot.source.data[0].y = [2]
    >>> slot.children[0].data[0].y
    (2,)
    """

    def __init__(self, source: go.FigureWidget) -> None:
        self.source = source
        super().__init__([fresh_widget(source)])
        self.add_class("bck-figure")

    def renew(self) -> go.FigureWidget:
        """Show a fresh view of ``source`` (and close the old one)."""
        old = self.children[0]
        self.children = (fresh_widget(self.source),)
        old.close()
        return self.children[0]


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
