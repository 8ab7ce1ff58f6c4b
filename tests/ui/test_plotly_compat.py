"""plotly_compat without a browser: a fresh FigureWidget's first message holds its whole state."""

from __future__ import annotations

import ipywidgets.widgets.widget as widget_module
import plotly.graph_objects as go

from breastcancer_kit.ui.plotly_compat import FigureSlot, fresh_widget


def _opened_with(monkeypatch, build) -> list:
    states = []
    create = widget_module.comm.create_comm

    def record(**kwargs):
        states.append(kwargs["data"]["state"].get("_widget_data"))
        return create(**kwargs)

    monkeypatch.setattr(widget_module.comm, "create_comm", record)
    build()
    return states


def test_stock_figure_widget_opens_empty_and_fresh_widget_opens_full(monkeypatch):
    figure = go.Figure(go.Bar(x=["a"], y=[1]))
    # The reason for fresh_widget: plotly opens the comm before it sets _widget_data.
    assert _opened_with(monkeypatch, lambda: go.FigureWidget(figure)) == [[]]
    (state,) = _opened_with(monkeypatch, lambda: fresh_widget(figure))
    assert [trace["y"] for trace in state] == [[1]]


def test_figure_slot_views_open_with_their_data(monkeypatch):
    slot = FigureSlot(go.Figure(go.Bar(x=["a"], y=[1])))
    slot.source = go.Figure(go.Bar(x=["b"], y=[2]))
    states = _opened_with(monkeypatch, slot.renew)
    assert [[trace["y"] for trace in s] for s in states if s is not None] == [[[2]]]
    assert slot.children[0].data[0].y == (2,)
