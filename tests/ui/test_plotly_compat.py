"""plotly_compat without a browser: a fresh FigureWidget's first message holds its whole state."""

from __future__ import annotations

import json

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
    opened = _opened_with(monkeypatch, lambda: fresh_widget(figure))
    (state,) = [s for s in opened if s is not None]  # (the kernel's PlotlyBundle may open too)
    assert [trace["y"] for trace in state] == [[1]]


def test_plotly_code_goes_to_the_page_once_per_kernel(monkeypatch):
    # plotly's own FigureWidget carries its ~5 MB front-end code in every figure's state.
    sent = []
    create = widget_module.comm.create_comm

    def record(**kwargs):
        sent.append(kwargs["data"]["state"])
        return create(**kwargs)

    monkeypatch.setattr(widget_module.comm, "create_comm", record)
    stock = go.FigureWidget(go.Bar(x=["a"], y=[1]))
    assert len(sent[-1]["_esm"]) > 1_000_000
    stock.close()
    sent.clear()
    figures = [fresh_widget(go.Figure(go.Bar(x=["a"], y=[i]))) for i in range(3)]
    big = [state for state in sent if len(json.dumps(state)) > 1_000_000]
    assert len(big) <= 1  # the bundle, if this kernel had not sent it yet
    bundle = figures[0]._bck_bundle
    assert len(bundle.code) > 1_000_000
    for fig in figures:
        assert fig._bck_bundle is bundle and len(fig._esm) < 10_000  # a loader of about 6 kB
    # Each chart's state names the bundle's model, where the page's loader finds the code.
    chart_states = [state for state in sent if "_widget_data" in state]
    assert [state["_bck_bundle"] for state in chart_states] == [f"IPY_MODEL_{bundle.model_id}"] * 3


def test_figure_slot_views_open_with_their_data(monkeypatch):
    slot = FigureSlot(go.Figure(go.Bar(x=["a"], y=[1])))
    slot.source = go.Figure(go.Bar(x=["b"], y=[2]))
    states = _opened_with(monkeypatch, slot.renew)
    assert [[trace["y"] for trace in s] for s in states if s is not None] == [[[2]]]
    assert slot.children[0].data[0].y == (2,)
