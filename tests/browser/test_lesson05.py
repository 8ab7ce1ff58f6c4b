"""Lesson 05 in a real browser (Voila and JupyterLab): every view holds the tables' numbers.

For each entry of the view dropdown, the numbers Plotly holds in the page (``gd.data``) are
compared with the statistics tables read here through the public ``bck.statistics`` API.
"""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import expect

from breastcancer_kit import statistics

from .test_layout import ZOOM_150, check_at_zoom, check_charts_settled

pytestmark = pytest.mark.browser

NOTEBOOK = "05_prevalence_and_survival.ipynb"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
# One fresh page load in each front end; `make soak` loads it again and again.
FRONT_ENDS = [("voila", 1), ("lab", 1)]


def _rows(name: str, quantity: str):
    return statistics.load_table(name).query(f"quantity == '{quantity}'")


def _by(rows, key: str, col: str) -> dict[str, dict[str, float]]:
    """{key value: {col value: value}} from table rows."""
    out: dict[str, dict[str, float]] = {}
    for r in rows.itertuples(index=False):
        out.setdefault(str(getattr(r, key)), {})[str(getattr(r, col))] = float(r.value)
    return out


def _bars(chart: dict) -> list[dict[str, float]]:
    """Each bar trace as {x: y} (vertical bars; traces without a base)."""
    return [
        dict(zip(t["x"], t["y"], strict=True))
        for t in chart["data"]
        if t.get("type") == "bar" and not t.get("base")
    ]


def check_subtype_shares(chart: dict) -> None:
    share = _by(_rows("seer_subtypes", "share_of_cases"), "quantity", "group")["share_of_cases"]
    seer = _bars(chart)[0]
    for subtype, value in share.items():
        if subtype != "all":
            assert seer[subtype] == pytest.approx(value)
    assert seer["HER2-positive (sum)"] == pytest.approx(share["HR+/HER2+"] + share["HR-/HER2+"])
    guide = statistics.load_table("guide_figures").query("quantity == 'tnbc_share'").iloc[0]
    ranges = [t for t in chart["data"] if t.get("base")]
    assert [(ranges[0]["base"][0], ranges[0]["base"][0] + ranges[0]["y"][0])] == [
        (float(guide.low), float(guide.high))
    ]


def check_survival(by: str):
    def check(chart: dict) -> None:
        rows = _rows("seer_survival_subtype_stage", "five_year_relative_survival")
        series, x = ("stage", "group") if by == "subtype" else ("group", "stage")
        expected = _by(rows, series, x)
        drawn = {t["name"]: dict(zip(t["x"], t["y"], strict=True)) for t in chart["data"]}
        assert drawn == expected

    return check


def check_stage_at_diagnosis(chart: dict) -> None:
    expected = _by(_rows("stage_at_diagnosis", "share_of_cases"), "source_id", "stage")
    assert sorted(_bars(chart), key=str) == sorted(expected.values(), key=str)


def check_metastasis_sites(chart: dict) -> None:
    expected = _by(_rows("metastasis_sites", "relapse_site_share"), "site", "group")
    drawn = {t["name"]: dict(zip(t["x"], t["y"], strict=True)) for t in chart["data"]}
    assert drawn == expected


def check_ibc(chart: dict) -> None:
    rows = [
        _rows("guide_figures", "ibc_share"),
        _rows("ibc_male", "ibc_share_of_breast_cancers"),
    ]
    ranges, points = [], []
    for table in rows:
        for r in table.itertuples(index=False):
            if not pd.isna(r.low) and not pd.isna(r.high):
                ranges.append((float(r.low), float(r.high)))
            elif not pd.isna(r.value):
                points.append(float(r.value))
    bar = next(t for t in chart["data"] if t.get("type") == "bar")
    drawn = sorted((b, round(b + w, 9)) for b, w in zip(bar["base"], bar["x"], strict=True))
    assert drawn == sorted(ranges)
    dots = next(t for t in chart["data"] if t.get("type") == "scatter")
    assert sorted(dots["x"]) == pytest.approx(sorted(points))


# Dropdown label -> check, in the order a student might go through them.
VIEWS = {
    "Subtype shares: SEER vs the guide": check_subtype_shares,
    "5-year survival by subtype (x) and stage": check_survival("subtype"),
    "5-year survival by stage (x) and subtype": check_survival("stage"),
    "Stage at diagnosis": check_stage_at_diagnosis,
    "Sites of metastasis after relapse, by subtype": check_metastasis_sites,
    "Inflammatory breast cancer: how common?": check_ibc,
}


@pytest.mark.parametrize(("front_end", "load"), FRONT_ENDS)
def test_lesson05_every_view_shows_the_tables(
    open_lesson, plots, save_screenshot, front_end, load, artifacts_dir
):
    root = open_lesson(NOTEBOOK, front_end)
    explorer = root.locator(".bck-statistics-explorer")
    expect(explorer).to_have_count(1)
    select = explorer.locator(".widget-dropdown select")
    captions = []
    if front_end == "lab":  # every view drawn at 150 % zoom beside the file browser: 420 px
        root.page.set_viewport_size(ZOOM_150)
    for i, (label, check) in enumerate(VIEWS.items()):
        if i:
            select.select_option(label=label)
        charts = plots.wait_for(explorer, lambda charts, check=check: check(charts[0]))
        if front_end == "lab":
            check_charts_settled(root.page, ".bck-statistics-explorer")
        texts = [a["text"] for a in charts[0]["layout"]["annotations"]]
        assert len(texts) == 1 and texts[0].startswith("Source: "), texts
        captions.append(texts[0])
        # the text alternative names the same numbers
    assert len(set(captions)) >= 5, captions  # a view's caption never stays behind
    explorer.scroll_into_view_if_needed()
    save_screenshot(root.page, f"-{front_end}")
    check_at_zoom(root.page, artifacts_dir, f"05-{front_end}")
    expect(root.locator(STDERR)).to_have_count(0)
    expect(root).not_to_contain_text("Traceback")
