"""Lesson parameters: one package check per lesson; bad values fail in one readable line."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from breastcancer_kit.errors import ParameterError
from breastcancer_kit.ui import lesson_parameters

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _parameters_cell(name: str) -> dict[str, object]:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    tree = ast.parse(cell.source)
    return {t.id: ast.literal_eval(n.value) for n in tree.body for t in n.targets}


def _check_cell(name: str) -> str:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    return nb.cells[index + 1].source


LESSONS = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))


def test_every_lesson_has_a_check():
    assert sorted(lesson_parameters.LESSONS) == LESSONS


@pytest.mark.parametrize("name", LESSONS)
def test_the_cell_after_parameters_checks_every_parameter(name):
    defaults = _parameters_cell(name)
    assert set(lesson_parameters.LESSONS[name][0]) == set(defaults)
    source = _check_cell(name)
    assert f'lesson_parameters.check(\n    "{name}"' in source or f'check("{name}"' in source
    for parameter in defaults:
        assert f"{parameter}={parameter}" in source
    params = lesson_parameters.check(name, **defaults)  # the defaults are valid
    assert set(params.values) == set(defaults)


# Each hostile value replaces one default; the error must name that parameter.
HOSTILE = {
    "example_tnm": ["T5 N0 M0", 5, "", "T2" + "," * 4000],
    "initial_tnm": ["cT2 cN1", None],
    "ibc_tnm": ["pM0", ["cT4d"]],
    "size_mm": [-5, 0, math.nan, 10**400, "20", True],
    "positive_nodes": [-1, 2.5, "3", 10**6],
    "table": ["both", 1],
    "grade": [4, "G4", True, None],
    "er": ["HER2+", "maybe", None],
    "pr": [7],
    "her2": ["ER+", "2+"],
    "oncotype_low": ["yes", 1],
    "er_percent": [150, -1, "80"],
    "pr_percent": [math.inf],
    "her2_ihc": ["4+", 7],
    "her2_ish_ratio": [2.1, -1.0],
    "her2_copy_number": [5.0],
    "germline_brca": ["no"],
    "pdl1_positive": [None],
    "age": [200, -3, "45"],
    "sex": ["x", None],
    "view": ["nope"],
    "split": ["nope"],
    "endpoint": ["dfs"],
    "level": ["hard", 3, None, "basic" * 100],
    "seed": [-1, 1.5, True, "7", 2**64],
    "n": [0, -2, 1001, 2.0, "3"],
    "subtype": ["HER2+", None, "luminal A"],
}
CASES = [
    pytest.param(name, parameter, value, id=f"{name[:2]}-{parameter}-{type(value).__name__}")
    for name in LESSONS
    for parameter in _parameters_cell(name)
    for value in HOSTILE[parameter]
]


@pytest.mark.parametrize(("name", "parameter", "value"), CASES)
def test_a_bad_value_fails_in_one_line_naming_the_parameter(name, parameter, value):
    values = {**_parameters_cell(name), parameter: value}
    if parameter == "her2_copy_number":  # a copy number without its ratio
        values["her2_ish_ratio"] = None
    with pytest.raises(ParameterError) as caught:
        lesson_parameters.check(name, **values)
    (line,) = caught.value._render_traceback_()
    expected_field = "her2_copy_number" if parameter == "her2_copy_number" else parameter
    assert line.startswith(f"ParameterError: {expected_field}: "), line
    assert len(line) < 400 and "\n" not in line


@pytest.mark.parametrize(
    ("name", "changes", "expected"),
    [
        ("02_prognostic_staging", {"er": "+", "pr": "PR-", "her2": "low", "grade": "G3"},
         {"er": "positive", "pr": "negative", "her2": "negative", "grade": 3}),
        ("02_prognostic_staging", {"her2": "equivocal"}, {"her2": "equivocal"}),
        ("03_receptors_and_subtypes", {"her2_ihc": 3}, {"her2_ihc": "3+"}),
        ("03_receptors_and_subtypes", {"her2_ihc": "ultralow"}, {"her2_ihc": ">0<1+"}),
        ("01_tnm_and_stage_groups", {"size_mm": 150}, {"size_mm": 150.0}),
    ],
)  # fmt: skip
def test_lessons_accept_what_the_engine_accepts_in_its_spelling(name, changes, expected):
    params = lesson_parameters.check(name, **{**_parameters_cell(name), **changes})
    assert {k: params.values[k] for k in expected} == expected


def test_unknown_or_missing_parameter_names_are_named():
    with pytest.raises(ParameterError, match=r"unknown.*'sizemm'"):
        lesson_parameters.check("01_tnm_and_stage_groups", initial_tnm="T2 N1 M0", sizemm=3,
                                size_mm=3, positive_nodes=0)  # fmt: skip
    with pytest.raises(ParameterError, match="allowed: 00_start_here"):
        lesson_parameters.check("99_nope")


def test_widgets_show_the_start_value_the_engine_accepted():
    from breastcancer_kit.ui import prognostic, receptors, tnm

    sizes = tnm.size_nodes_explorer(150.0, 40)
    assert (sizes.size.value, sizes.nodes.value) == (150.0, 40)
    assert sizes.view.tnm_text == "pT3 pN3a cM0"
    ex = receptors.receptor_explorer(0, 0, "2+", 12.0, 30.0)
    assert (ex.ratio.value, ex.copies.value) == (12.0, 30.0)
    pe = prognostic.prognostic_explorer("clinical", 2, "positive", "positive", "equivocal")
    assert pe.her2.value == "equivocal" and "ISH" in pe.summary_text


@pytest.mark.notebooks
def test_a_bad_papermill_value_is_one_line_in_the_notebook(tmp_path, private_jupyter_dirs):
    with pytest.raises(pm.PapermillExecutionError) as caught:
        pm.execute_notebook(
            str(NOTEBOOKS / "00_start_here.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"example_tnm": "T5 N0 M0"},
            kernel_name="python3",
            execution_timeout=120,
            start_timeout=60,
            progress_bar=False,
            cwd=str(tmp_path),
        )
    err = caught.value
    assert err.ename == "ParameterError"
    assert err.evalue.startswith("example_tnm: cannot read 't5' as a TNM category")
    assert len(err.traceback) == 1, err.traceback
