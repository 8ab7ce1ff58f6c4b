"""Lessons 09 and 10 without a kernel or a browser: treatment views and explorer, forest plot.

Expected numbers are the published ones (each with its source beside it), not values read
back from the kit's tables.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

import plotly.graph_objects as go
import pytest

from breastcancer_kit.errors import DatasetError, ParameterError
from breastcancer_kit.ui import lesson_parameters, palette
from breastcancer_kit.ui import treatment as lesson09
from breastcancer_kit.ui import trials as lesson10

# ------------------------------------------------------------------ lesson 09: views


def test_view_lists_classes_with_trials_and_the_tests():
    v = lesson09.treatment_view("HR+/HER2-", "later", esr1=True)
    assert v.ok and v.heading == "HR+/HER2-, second or later line (ESR1 mutation)"
    trials = [c[2] for c in v.classes]
    assert any(t.startswith("EMERALD (Bidard et al., J Clin Oncol 2022)") for t in trials)
    tests = {name: state for name, _what, _when, state in v.tests}
    assert tests["ESR1 mutation"].startswith("brings in: oral oestrogen receptor degrader")
    assert tests["PIK3CA, AKT1 or PTEN alteration"].startswith("decides the")
    html = v.to_html()
    for css in ("bck-heading", "bck-classes", "bck-tests", "bck-education"):
        assert f'class="{css}"' in html
    assert "For education only" in html and "not a recommendation" in html


def test_view_of_bad_input_is_a_message_not_an_exception():
    v = lesson09.treatment_view("HR-/HER2+", "first", her2_low="HER2-low")
    assert not v.ok and "her2_low" in v.message
    assert 'class="bck-result bck-error"' in v.to_html()
    assert v.summary_text.startswith("Invalid input: her2_low")
    assert not lesson09.treatment_view("HR+/HER2-", "third").ok


def test_view_html_is_escaped():
    v = lesson09.treatment_view("triple-negative", "first", pdl1_cps=50)
    assert "CPS &gt;= 10" in v.to_html() and "CPS >= 10" not in v.to_html()


def test_first_line_triple_negative_messages_follow_the_pd_l1_result():
    # KEYNOTE-355 (Cortes et al., Lancet 2020): the PD-L1 CPS decides; ASCENT-03 / TROPION-
    # Breast02 enrolled people who could not receive a PD-(L)1 antibody.
    assert "No PD-L1 result yet" in lesson09.treatment_view("triple-negative", "first").message
    low = lesson09.treatment_view("triple-negative", "first", pdl1_cps=3)
    assert "Not a candidate" in low.message
    assert [c[2].split(" (")[0] for c in low.classes][1:] == ["ASCENT-03", "TROPION-Breast02"]
    assert lesson09.treatment_view("triple-negative", "first", pdl1_cps=30).message == ""


def test_tables():
    table = lesson09.treatment_table("HR-/HER2+", "later", brain_mets=True)
    assert [t.split(" (")[0] for t in table.trial] == ["DESTINY-Breast03", "HER2CLIMB"]
    tests = lesson09.biomarker_test_table()
    assert len(tests) == 6 and list(tests.columns) == [
        "biomarker", "subtypes", "test", "when", "decides", "source",
    ]  # fmt: skip
    assert "ctDNA" in tests.set_index("biomarker").loc["ESR1 mutation", "test"]


# ------------------------------------------------------------------ lesson 09: explorer


def _classes(ex) -> list[str]:
    return [c[0] for c in ex.view.classes]


def test_explorer_controls_drive_the_view():
    ex = lesson09.treatment_explorer()
    assert ex.view.heading == "HR+/HER2-, first line (no biomarker results given)"
    assert "endocrine therapy with a CDK4/6 inhibitor" in _classes(ex)  # PALOMA-2
    ex.genes.value = "PIK3CA"  # INAVO120: first line, PIK3CA-mutated
    assert any("inavolisib" in c for c in _classes(ex))
    ex.line.value = "second or later line"
    assert any("capivasertib" in c for c in _classes(ex))
    ex.her2_low.value = "HER2-ultralow"  # DESTINY-Breast06
    assert "antibody-drug conjugate (trastuzumab deruxtecan)" in _classes(ex)
    assert 'class="bck-classes"' in ex.result.value


def test_explorer_disables_what_does_not_apply_and_ignores_it():
    ex = lesson09.treatment_explorer("HR+/HER2-", "first line", esr1=True, her2_low="HER2-low")
    assert ex.cps.disabled and ex.cps_tested.disabled
    ex.subtype.value = "HR+/HER2+"
    assert ex.esr1.disabled and ex.genes.disabled and ex.her2_low.disabled and ex.gbrca.disabled
    assert ex.view.ok  # the HER2-low choice left in the greyed box is not sent
    ex.subtype.value = "triple-negative"
    assert not ex.cps_tested.disabled and ex.cps.disabled  # not tested yet
    ex.cps_tested.value = True
    ex.cps.value = 10.0
    assert "immunotherapy with chemotherapy" in _classes(ex)  # KEYNOTE-355 at CPS 10
    ex.cps.value = 9.5
    assert "immunotherapy with chemotherapy" not in _classes(ex)
    assert "TROP2 antibody-drug conjugate (datopotamab deruxtecan)" in _classes(ex)
    ex.cps.value = 40.0
    ex.excluded.value = True
    assert "immunotherapy with chemotherapy" not in _classes(ex)


def test_explorer_starts_from_out_of_range_values_without_failing():
    ex = lesson09.treatment_explorer("triple-negative", "nonsense", pdl1_cps=250.0)
    assert ex.line.value == "first line" and ex.cps.value == 100.0 and ex.view.ok


# ------------------------------------------------------------------ lesson 10: views

# Published hazard ratios (95% CI), each from the trial report named.
PUBLISHED = [
    ("pfs", "KEYNOTE-355 (PD-L1 CPS >= 10)", 0.65, "0.49-0.86"),  # Cortes, Lancet 2020
    ("pfs", "PALOMA-2", 0.58, "0.46-0.72"),  # Finn, NEJM 2016 (0.576, 0.463-0.718)
    ("pfs", "ASCENT-04 (PD-L1 CPS >= 10)", 0.65, "0.51-0.84"),  # Tolaney, NEJM 2026
    ("pfs", "DESTINY-Breast09", 0.56, "0.44-0.71"),  # Tolaney, NEJM 2025
    ("os", "TROPION-Breast01", 1.01, "0.83-1.22"),  # Pistilli, Ann Oncol 2026
    ("os", "CLEOPATRA", 0.68, "0.56-0.84"),  # Swain, NEJM 2015
    ("os", "EMBRACA", 0.848, "0.670-1.073"),  # Litton, Ann Oncol 2020
    ("os", "TROPION-Breast02", 0.79, "0.64-0.98"),  # Dent, ESMO 2025 (OncLive report)
]


@pytest.mark.parametrize(("endpoint", "label", "hr", "interval"), PUBLISHED)
def test_forest_rows_carry_the_published_hazard_ratios(endpoint, label, hr, interval):
    rows = lesson10.forest_rows(endpoint).set_index("label")
    assert rows.loc[label, "hr"] == hr and rows.loc[label, "interval"] == interval


@pytest.mark.parametrize(
    ("endpoint", "label", "reading"),
    [
        ("os", "PALOMA-2", "no clear difference"),  # 0.96 (0.78-1.18), Finn JCO 2024
        ("os", "MONALEESA-2", "favours the new treatment"),  # 0.76 (0.63-0.93), NEJM 2022
        ("os", "KEYNOTE-355 (PD-L1 CPS >= 1)", "no interval in the kit's source"),
        ("pfs", "TROPiCS-02", "no interval in the kit's source"),
    ],
)
def test_readings(endpoint, label, reading):
    assert (
        lesson10.forest_rows(endpoint).set_index("label").loc[label, "reading"].startswith(reading)
    )


def test_subtype_groups_follow_the_trials_populations():
    groups = lesson10.trial_groups()
    her2_positive = {"CLEOPATRA", "DESTINY-Breast09", "DESTINY-Breast03", "HER2CLIMB"}
    triple_negative = {"ASCENT", "ASCENT-03", "ASCENT-04", "KEYNOTE-355", "TROPION-Breast02"}
    # PARP trials enrolled HER2-negative gBRCA carriers with HR+ or TNBC (OlympiAD, EMBRACA);
    # DESTINY-Breast04 HER2-low HR+ and a small HR- cohort.
    mixed = {"OlympiAD", "EMBRACA", "DESTINY-Breast04"}
    for trial, group in groups.items():
        if trial in her2_positive:
            assert group == "HER2-positive (HR+ or HR-)", trial
        elif trial in triple_negative:
            assert group == "triple-negative", trial
        elif trial in mixed:
            assert group == "HER2-negative (HR+ or triple-negative)", trial
        else:
            assert group == "HR+/HER2-", trial
    assert len(groups) == 22


def _hazard_ratio_rows(quantity: str) -> int:
    path = resources.files("breastcancer_kit.data").joinpath("statistics/trial_outcomes.csv")
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return sum(r["quantity"] == quantity for r in rows)


@pytest.mark.parametrize("endpoint", ["pfs", "os"])
def test_one_point_per_hazard_ratio_and_the_text_says_the_same(endpoint):
    quantity = lesson10.ENDPOINTS[endpoint][0]
    fig = lesson10.forest_plot(endpoint)
    points = sum(len(t.x) for t in fig.data)
    assert points == _hazard_ratio_rows(quantity) == len(lesson10.forest_rows(endpoint))
    text = lesson10.forest_text(endpoint).splitlines()
    assert len(text) == points + 1
    labels = [y for t in fig.data for y in t.y]
    assert [line[2:].split(": HR")[0] for line in text[1:]] == labels


def test_forest_plot_is_colour_blind_safe_and_marks_no_difference():
    fig = lesson10.forest_plot("pfs")
    assert fig.layout.xaxis.type == "log"
    assert any(s.x0 == 1 and s.x1 == 1 for s in fig.layout.shapes)
    colours = [t.marker.color for t in fig.data]
    symbols = [t.marker.symbol for t in fig.data]
    assert len(set(colours)) == len(colours) == len(set(symbols))  # never colour alone
    okabe_ito = set(palette.SUBTYPE_COLOURS.values()) | set(palette.OTHER)
    assert set(colours) <= okabe_ito
    by_name = {t.name: t.marker.color for t in fig.data}
    assert by_name["triple-negative"] == palette.subtype_colour("triple-negative")
    assert "Source: the kit's table of trial outcomes" in fig.layout.annotations[0].text


def test_error_bars_match_the_intervals_and_are_absent_where_not_read():
    fig = lesson10.forest_plot("pfs", "HR+/HER2-")
    (trace,) = fig.data
    i = list(trace.y).index("TROPiCS-02")
    assert trace.error_x.array[i] is None  # PFS interval not read (ecancer interview only)
    j = list(trace.y).index("PALOMA-2")
    assert trace.x[j] + trace.error_x.array[j] == pytest.approx(0.72)
    assert trace.x[j] - trace.error_x.arrayminus[j] == pytest.approx(0.46)


def test_trial_summary_and_bad_names():
    text = lesson10.trial_summary("TROPION-Breast01")
    assert text.startswith("TROPION-Breast01 (HR+/HER2-): ")
    assert "overall survival, intention to treat: medians 18.6 vs 18.3 months; HR 1.01" in text
    assert "no hazard ratio in the kit's sources" in lesson10.trial_summary("INAVO120")
    for call, field in (
        (lambda: lesson10.trial_summary("KEYNOTE-999"), "trial"),
        (lambda: lesson10.forest_rows("dfs"), "endpoint"),
        (lambda: lesson10.forest_rows("pfs", "luminal"), "group"),
    ):
        with pytest.raises(DatasetError) as err:
            call()
        assert err.value.field == field


def test_forest_explorer_updates_plot_and_text():
    ex = lesson10.forest_explorer()
    assert isinstance(ex.slot.children[0], go.FigureWidget)
    assert "Hazard ratios for progression-free survival" in ex.text.value
    ex.endpoint.value = "os"
    assert "Hazard ratios for overall survival" in ex.text.value
    ex.group.value = "triple-negative"
    shown = ex.slot.children[0]
    assert sorted(y for t in shown.data for y in t.y) == sorted(
        ["ASCENT (without brain metastases)", "KEYNOTE-355 (PD-L1 CPS >= 10)",
         "KEYNOTE-355 (PD-L1 CPS >= 1)", "TROPION-Breast02"]
    )  # fmt: skip


# ------------------------------------------------------------------ parameters


def test_lesson_parameters():
    p = lesson_parameters.check(
        "09_treatment_by_line", subtype="triple-negative", line="later", esr1=False,
        pik3ca_akt1_pten=False, gbrca=True, pdl1_cps=None, her2_low="HER2-low",
        brain_mets=False,
    )  # fmt: skip
    assert p.line == "second or later line" and p.gbrca is True
    with pytest.raises(ParameterError, match=r"^pdl1_cps: "):
        lesson_parameters.check(
            "09_treatment_by_line", subtype="triple-negative", line="first", esr1=False,
            pik3ca_akt1_pten=False, gbrca=False, pdl1_cps=-1, her2_low=None, brain_mets=False,
        )  # fmt: skip
    assert lesson_parameters.check(
        "10_reading_a_trial", endpoint="os", group=None, trial="CLEOPATRA"
    ).group is None  # fmt: skip
    with pytest.raises(ParameterError, match=r"^group: not an option"):
        lesson_parameters.check("10_reading_a_trial", endpoint="os", group="x", trial="CLEOPATRA")
