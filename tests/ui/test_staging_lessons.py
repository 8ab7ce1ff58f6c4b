"""The lesson widgets: pure views, figures and builders, without a kernel or a browser."""

from __future__ import annotations

import pytest

import breastcancer_kit as bck
from breastcancer_kit.ui import plotly_compat, stage_charts
from breastcancer_kit.ui import prognostic as prognostic_ui
from breastcancer_kit.ui import tnm as tnm_ui

# ---------------------------------------------------------------- views


@pytest.mark.parametrize(
    ("args", "label", "cell"),
    [
        (("c", "T4d", "N1", "cM0"), "Stage IIIB", ("T4", "N1")),
        (("p", "T1mi", "N1mi", "cM0"), "Stage IB", ("T1", "N1mi")),
        (("p", "T2", "N1mi", "cM0"), "Stage IIB", ("T2", "N1mi")),
        (("c", "TX", "N3c", "cM0"), "Stage IIIC", ("TX", "N3")),
        (("c", "T0", "N0", "cM0"), "No stage group", ("T0", "N0")),
        (("c", "T2", "N0", "pM1"), "Stage IV", ("T2", "N0")),
    ],
)
def test_stage_view(args, label, cell):
    v = tnm_ui.stage_view(*args)
    assert v.ok and v.stage_label == label and v.highlight == cell
    assert v.explanation == bck.stage(v.tnm_text).explain()


@pytest.mark.parametrize("text", ["T9 N0 M0", "pT1 pN0 pM0", "hello", "T1 N0"])
def test_invalid_typed_text_is_a_message_not_an_exception(text):
    v = tnm_ui.stage_view(text=text)
    assert not v.ok
    assert v.stage_label == "Invalid input"
    assert v.highlight is None
    assert "got" in v.explanation
    assert 'class="bck-error"' in v.to_html()


def test_typed_text_wins_over_dropdowns():
    assert tnm_ui.stage_view("c", "T1", "N0", "cM0", text="ypT0 ypN0 cM0").stage_label == (
        "No stage group"
    )


def test_html_is_escaped():
    v = tnm_ui.stage_view(text="<script>alert(1)</script>")
    assert "<script>" not in v.to_html()


@pytest.mark.parametrize(
    ("size", "nodes", "tnm", "label"),
    [
        (18, 0, "pT1c pN0 cM0", "Stage IA"),
        (34, 5, "pT2 pN2a cM0", "Stage IIIA"),
        (60, 0, "pT3 pN0 cM0", "Stage IIB"),
        (25, 12, "pT2 pN3a cM0", "Stage IIIC"),
        (0.8, 2, "pT1mi pN1a cM0", "Stage IIA"),
    ],
)
def test_size_nodes_view(size, nodes, tnm, label):
    v = tnm_ui.size_nodes_view(size, nodes)
    assert (v.tnm_text, v.stage_label) == (tnm, label)


def test_size_nodes_view_bad_input_is_a_message():
    v = tnm_ui.size_nodes_view(-1, 2)
    assert not v.ok and "size_mm" in v.explanation


def test_dropdown_options_follow_the_data():
    assert [v for _, v in tnm_ui.t_options()] == bck.categories().query("axis == 'T'").code.tolist()
    clinical_n = [v for _, v in tnm_ui.n_options("c")]
    pathological_n = [v for _, v in tnm_ui.n_options("p")]
    assert "N1a" not in clinical_n and "N1a" in pathological_n
    assert "N0(i+)" not in clinical_n and "N0(i+)" in pathological_n
    assert [v for _, v in tnm_ui.n_options("yp")] == pathological_n
    assert "pM0" not in [v for _, v in tnm_ui.m_options()]


def test_every_dropdown_combination_stages_or_explains():
    # Every combination a student can pick in the dropdowns gives a valid view.
    for _, prefix in tnm_ui.prefix_options():
        for _, t in tnm_ui.t_options():
            for _, n in tnm_ui.n_options(prefix):
                for _, m in tnm_ui.m_options():
                    v = tnm_ui.stage_view(prefix, t, n, m)
                    assert v.ok, (prefix, t, n, m, v.explanation)


def test_categories_view_rejects_unknown_axis():
    with pytest.raises(bck.StagingError, match="allowed: T, N, M"):
        tnm_ui.categories_view("Q")


# ---------------------------------------------------------------- figures


def test_heatmap_cells_match_the_grid():
    fig = stage_charts.anatomic_heatmap("M0")
    heat = fig.data[0]
    grid = bck.stage_grid("M0")
    for row in grid.itertuples(index=False):
        i, j = list(heat.y).index(row.t), list(heat.x).index(row.n)
        shown = heat.text[i][j]
        if isinstance(row.stage, str):
            assert shown == row.stage
            assert heat.z[i][j] is not None
        else:
            assert shown == "–" and heat.z[i][j] is None
            assert fig.data[1].z[i][j] == 0


def test_heatmap_m1_is_all_stage_iv():
    heat = stage_charts.anatomic_heatmap("M1").data[0]
    assert {c for row in heat.text for c in row} == {"IV"}


def test_highlight_shape_sits_on_the_chosen_cell():
    fig = stage_charts.anatomic_heatmap("M0", highlight=("T3", "N2"))
    shape = fig.layout.shapes[0]
    heat = fig.data[0]
    assert heat.x[int(shape.x0 + 0.5)] == "N2"
    assert heat.y[int(shape.y0 + 0.5)] == "T3"
    assert stage_charts.anatomic_heatmap("M0").layout.shapes == ()


def test_heatmap_rejects_unknown_m():
    with pytest.raises(bck.StagingError):
        stage_charts.anatomic_heatmap("M2")


# ---------------------------------------------------------------- widget builders


def test_stage_explorer_follows_the_dropdowns():
    ex = tnm_ui.stage_explorer("cT2 cN1 cM0")
    assert ex.view.stage_label == "Stage IIB"
    first = ex.figure.layout.shapes[0].to_plotly_json()
    ex.t.value = "T4d"
    assert ex.view.stage_label == "Stage IIIB"
    assert "bck-stage-label" in ex.result.value and "IIIB" in ex.result.value
    assert ex.figure.layout.shapes[0].to_plotly_json() != first
    ex.n.value = "N3c"
    assert ex.view.stage_label == "Stage IIIC"


def test_stage_explorer_prefix_switch_keeps_the_nodal_group():
    ex = tnm_ui.stage_explorer("pT2 pN1a cM0")
    ex.prefix.value = "c"
    assert ex.n.value == "N1" and ex.view.tnm_text == "cT2 cN1 cM0"


def test_stage_explorer_m1_switches_the_grid():
    ex = tnm_ui.stage_explorer("cT2 cN1 cM0")
    ex.m.value = "cM1"
    assert ex.grid_m.value == "M1" and ex.view.stage_label == "Stage IV"
    assert set(c for row in ex.figure.data[0].text for c in row) == {"IV"}
    ex.grid_m.value = "M0"  # look at the M0 grid: the M1 case has no cell there
    assert ex.figure.layout.shapes == ()


def test_stage_explorer_invalid_text_shows_a_message():
    ex = tnm_ui.stage_explorer()
    ex.typed.value = "T5 N0 M0"
    assert "bck-error" in ex.result.value and "Invalid input" in ex.result.value
    assert ex.figure.layout.shapes == ()
    assert ex.errors.outputs == ()
    ex.t.value = "T3"  # picking from a dropdown clears the typed text
    assert ex.typed.value == "" and ex.view.ok


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("ypT4b ypN2a cM1", ("yp", "T4b", "N2a", "cM1")),
        ("pT1c(m) pN1mi(sn) cM0", ("p", "T1c", "N1mi", "cM0")),  # suffixes stay in the text
        ("cT4d cN3c cM0", ("c", "T4d", "N3c", "cM0")),
    ],
)
def test_typed_text_moves_the_dropdowns_and_keeps_its_text(typed, shown):
    ex = tnm_ui.stage_explorer()
    ex.typed.value = typed
    assert (ex.prefix.value, ex.t.value, ex.n.value, ex.m.value) == shown
    assert ex.typed.value == typed  # moving the dropdowns did not clear it
    assert ex.view.stage_label == f"Stage {bck.stage(typed).anatomic}"


@pytest.mark.parametrize("typed", ["T5 N0 M0", "cT2 pN1 cM0"])
def test_typed_text_the_dropdowns_cannot_show_leaves_them(typed):
    ex = tnm_ui.stage_explorer("cT2 cN1 cM0")
    ex.typed.value = typed  # invalid, or T and N with different prefixes
    assert (ex.prefix.value, ex.t.value, ex.n.value, ex.m.value) == ("c", "T2", "N1", "cM0")
    assert ex.typed.value == typed


def test_stage_explorer_rejects_bad_initial_value():
    with pytest.raises(bck.StagingError):
        tnm_ui.stage_explorer("T5 N0 M0")


def test_size_nodes_explorer_moves_the_highlight():
    ex = tnm_ui.size_nodes_explorer(18, 0)
    assert ex.view.highlight == ("T1", "N0")
    ex.size.value = 30.0
    ex.nodes.value = 4
    assert ex.view.highlight == ("T2", "N2")
    shape = ex.figure.layout.shapes[0]
    expected = stage_charts.highlight_shape("T2", "N2")
    assert (shape.x0, shape.y0) == (expected["x0"], expected["y0"])
    assert ex.view.stage_label == "Stage IIIA"


def test_category_browser_switches_tables():
    box = tnm_ui.category_browser("T")
    toggle, table = box.children
    assert "T4d" in table.value and "N3c" not in table.value
    toggle.value = "N"
    assert "N3c" in table.value
    with pytest.raises(bck.StagingError):
        tnm_ui.category_browser("X")


@pytest.mark.parametrize("m", ["M0", "M1"])
def test_heatmap_is_strict_json(m):
    # NaN is not JSON: FigureWidget updates carrying it fail in the browser (seen in Voila).
    import json

    fig = stage_charts.anatomic_heatmap(m, highlight=("T1", "N0"))
    json.dumps(fig.to_dict(), allow_nan=False)


# ---------------------------------------------------------------- lesson 02: prognostic staging


def test_biomarker_profiles_are_the_24_combinations():
    profiles = prognostic_ui.biomarker_profiles()
    assert len(profiles) == len(set(profiles)) == 24


def test_stage_shift_counts_every_staged_m0_cell():
    staged_m0 = bck.stage_grid("M0").stage.notna().sum()
    for profile in prognostic_ui.biomarker_profiles():
        shift = prognostic_ui.stage_shift("pathological", *profile)
        assert int(shift.to_numpy().sum()) == staged_m0
        assert list(shift.index) == list(shift.columns)


def test_shift_summary_counts_add_up():
    text = prognostic_ui.shift_summary(prognostic_ui.stage_shift("clinical", 3, "-", "-", "-"))
    numbers = [int(w) for w in text.replace(",", "").split() if w.isdigit()]
    better, total, worse, same = numbers[0], numbers[1], numbers[2], numbers[3]
    assert better + worse + same == total


@pytest.mark.parametrize(("table", "disabled"), [("clinical", True), ("pathological", False)])
def test_oncotype_box_is_greyed_out_from_the_start_on_the_clinical_table(table, disabled):
    # AJCC 8th edition: the Oncotype DX rule (T1-2 N0, HR+/HER2-) is part of the
    # pathological prognostic table only.
    assert prognostic_ui.prognostic_explorer(table).oncotype.disabled is disabled


def test_oncotype_toggle_changes_t2_n0():
    profile = ("pathological", 1, "positive", "negative", "negative")
    plain = prognostic_ui.stage_shift(*profile)
    onco = prognostic_ui.stage_shift(*profile, oncotype_rs=5)
    assert int(onco.loc["IIA", "IA"]) == int(plain.loc["IIA", "IA"]) + 1


def test_prognostic_heatmap_marks_moves():
    fig = prognostic_ui.prognostic_heatmap("clinical", 3, "-", "-", "-")
    texts = {c for row in fig.data[0].text for c in row}
    assert "IIIC ↑" in texts and not any(c.endswith("↓") for c in texts)


def test_prognostic_explorer_reacts_to_every_control():
    ex = prognostic_ui.prognostic_explorer("clinical", 2, "positive", "positive", "negative")
    before = (ex.summary.value, [list(r) for r in ex.prognostic.data[0].text])
    for control, value in (
        (ex.grade, 3),
        (ex.er, "negative"),
        (ex.pr, "negative"),
        (ex.her2, "positive"),
        (ex.table, "pathological"),
    ):
        control.value = value
        now = (ex.summary.value, [list(r) for r in ex.prognostic.data[0].text])
        assert now != before, control.description
        before = now
    assert not ex.oncotype.disabled
    ex.table.value = "clinical"
    assert ex.oncotype.disabled and ex.rs is None
    assert ex.errors.outputs == ()


def test_prognostic_explorer_oncotype_only_for_pathological():
    ex = prognostic_ui.prognostic_explorer("pathological", 1, "positive", "negative", "negative")
    t2_n0 = (4, 1)
    assert ex.prognostic.data[0].text[t2_n0[0]][t2_n0[1]] == "IB ↓"
    ex.oncotype.value = True
    assert ex.prognostic.data[0].text[t2_n0[0]][t2_n0[1]] == "IA ↓"
    assert "Oncotype DX below 11" in ex.summary_text


def test_stage_shift_overview_toggles_tables():
    box = prognostic_ui.stage_shift_overview("clinical")
    toggle, summary, slot = box.children
    first = summary.value
    toggle.value = "pathological"
    assert summary.value != first and "pathological" in slot.children[0].layout.title.text


def test_every_edit_goes_through_the_plotly_shim(monkeypatch):
    # The shim's effect is shown in a browser (tests/browser/test_plotly_compat.py); here:
    # every explorer edits its charts through it, so late-drawn views get the edit too.
    synced = []
    monkeypatch.setattr(plotly_compat, "sync_state", synced.append)
    ex = prognostic_ui.prognostic_explorer("clinical", 2, "positive", "positive", "negative")
    ex.grade.value = 3
    assert ex.prognostic in synced and ex.shift in synced
    st = tnm_ui.stage_explorer("cT2 cN1 cM0")
    synced.clear()
    st.t.value = "T4d"
    assert synced == [st.figure]
    sizes = tnm_ui.size_nodes_explorer(18, 0)
    synced.clear()
    sizes.nodes.value = 5
    assert synced == [sizes.figure]


@pytest.mark.parametrize("size", [1.0, 1.5, 5.0, 5.5, 10.0, 10.5, 20.0, 20.5, 50.0, 50.5])
@pytest.mark.parametrize("noise", [-1e-12, 0.0, 1e-12])
def test_slider_sizes_stage_as_shown_even_with_browser_float_noise(size, noise):
    # The browser sends 20.499999999999996 for a slider showing 20.50: it must stage as 20.5.
    ex = tnm_ui.size_nodes_explorer(18, 0)
    ex.size.value = size + noise
    assert ex.view.tnm_text.split()[0] == bck.t_from_size_mm(size, prefix="p")


@pytest.mark.parametrize(("nodes", "pn"), [(3, "pN1a"), (4, "pN2a"), (9, "pN2a"), (10, "pN3a")])
def test_node_slider_boundaries(nodes, pn):
    ex = tnm_ui.size_nodes_explorer(18, 0)
    ex.nodes.value = nodes
    assert ex.view.tnm_text.split()[1] == pn


def test_lesson01_runs_without_pandas():
    # Each served page is one kernel: pandas alone is ~90 MB of it, and lesson 01 needs none.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from breastcancer_kit.ui import lesson_parameters, tnm\n"
        "lesson_parameters.check('01_tnm_and_stage_groups', initial_tnm='cT2 cN1 cM0',"
        " size_mm=18.0, positive_nodes=0)\n"
        "import breastcancer_kit as bck\n"
        "a = tnm.stage_explorer('cT2 cN1 cM0'); b = tnm.size_nodes_explorer(18, 0)\n"
        "c = tnm.category_browser('T')\n"
        "a.t.value = 'T4d'; a.prefix.value = 'p'; a.typed.value = 'pT1 pN1mi cM0'\n"
        "a.grid_m.value = 'M1'; b.size.value = 30.0; c.children[0].value = 'N'\n"
        "bck.stage('pT1c(m) pN1mi(sn) cM0').explain(); bck.stage('ypT0 ypN0 cM0')\n"
        "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_every_change_shows_a_fresh_view_of_the_whole_chart():
    # A drawn chart can drop an update message; a fresh FigureWidget draws its full state.
    ex = tnm_ui.stage_explorer("cT2 cN1 cM0")
    before = ex.slot.children[0]
    ex.t.value = "T4d"
    shown = ex.slot.children[0]
    assert shown is not before and before.comm is not None  # retired: closed at the next edit
    ex.n.value = ex.n.options[-1][1]
    assert before.comm is None and shown.comm is not None  # so at most one retired chart
    ex.n.value = ex.n.options[0][1]
    shown = ex.slot.children[0]
    assert shown.layout.shapes[0].to_plotly_json() == ex.figure.layout.shapes[0].to_plotly_json()
    assert [list(r) for r in shown.data[0].text] == [list(r) for r in ex.figure.data[0].text]
