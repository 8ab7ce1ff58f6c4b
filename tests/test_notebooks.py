"""Lesson notebooks: committed clean, parameterisable, and executable end to end with papermill."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

pytestmark = pytest.mark.notebooks

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))

# Extra (non-default) parameter sets, each run once with papermill on top of the default run,
# with a text that must then appear in the outputs (proof that the parameter took effect).
# Keys are file names in notebooks/; every key in a set must be a variable of the notebook's
# `parameters` cell. A notebook name that does not exist fails the test.
PARAMETER_VARIANTS: dict[str, list[tuple[dict[str, object], str]]] = {
    "00_start_here.ipynb": [
        ({"example_tnm": "cT4d cN1 cM0"}, "T4 N1 M0 is stage IIIB"),
        ({"example_tnm": "ypT0 ypN0 cM0"}, "complete pathological response"),
    ],
    "01_tnm_and_stage_groups.ipynb": [
        ({"initial_tnm": "cT4d cN3c cM1", "size_mm": 55.0, "positive_nodes": 12}, "-> Stage IV"),
        ({"size_mm": 55.0, "positive_nodes": 12}, "A 55 mm tumour is pT3; 12 positive"),
        ({"initial_tnm": "pT1mi pN1mi(sn) cM0"}, "-> Stage IB"),
    ],
    "02_prognostic_staging.ipynb": [
        (
            {"grade": 3, "er": "negative", "pr": "negative", "her2": "negative"},
            "0 of 26 staged cells move to a better stage, 17 to a worse one",
        ),
        (
            {
                "table": "pathological",
                "grade": 1,
                "er": "positive",
                "pr": "negative",
                "her2": "negative",
                "oncotype_low": True,
            },
            "Oncotype DX below 11: 11 of 26",
        ),
    ],
    "03_receptors_and_subtypes.ipynb": [
        ({"her2_ihc": "2+"}, "HER2 equivocal: ISH needed"),
        (
            {"her2_ihc": "2+", "her2_ish_ratio": 1.8, "her2_copy_number": 6.5},
            "ISH group 3 (ratio 1.8, 6.5 HER2 copies per cell): positive",
        ),
        (
            {
                "er_percent": 0.0,
                "pr_percent": 0.0,
                "her2_ihc": "0",
                "germline_brca": True,
                "pdl1_positive": True,
            },
            "immunotherapy with chemotherapy (because PD-L1 positive)",
        ),
        ({"er_percent": 5.0}, "ER low positive"),
    ],
    "04_tnbc_ibc_and_men.ipynb": [
        ({"ibc_tnm": "cT4d cN3c cM0"}, "cT4d cN3c cM0 -> Stage IIIC"),
        ({"age": 62}, "Triple-negative, age 62, female:"),
        ({"age": 70, "sex": "male"}, "Triple-negative, age 70, male:"),
    ],
    "05_prevalence_and_survival.ipynb": [
        ({"view": "Sites of first relapse by subtype"}, "Showing: Sites of first relapse"),
    ],
    "06_real_cohort.ipynb": [
        ({"split": "hr_status", "endpoint": "rfs"}, "Log-rank test across 2 groups (HR+, HR-)"),
    ],
}

# Same limits as the nbval run in the Makefile: a stalled kernel fails instead of hanging CI.
EXECUTION_TIMEOUT = 120
START_TIMEOUT = 60


def _read(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    return nb


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _execute(path: Path, out_dir: Path, parameters: dict[str, object]) -> nbformat.NotebookNode:
    output = out_dir / path.name
    pm.execute_notebook(
        str(path),
        str(output),
        parameters=parameters,
        kernel_name="python3",
        execution_timeout=EXECUTION_TIMEOUT,
        start_timeout=START_TIMEOUT,
        progress_bar=False,
        # A temp cwd: lessons must not depend on (or write next to) their own folder.
        cwd=str(out_dir),
    )
    return nbformat.read(output, as_version=4)


def _assert_no_stderr(nb: nbformat.NotebookNode) -> None:
    """Fail on stderr text a student would see (warnings etc.), outside cells that expect errors.

    Voila shows the same text in red, and tests/browser checks for it there too.
    """
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "raises-exception" in _tags(cell):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"--- cell {index} stderr:\n{out.get('text', '')[:2000]}")
    if found:
        pytest.fail("\n".join(found), pytrace=False)


def test_notebooks_exist():
    assert NOTEBOOKS, f"no *.ipynb found in {NOTEBOOKS_DIR}"


def test_python3_kernel_is_this_environment():
    # The suite points JUPYTER_DATA_DIR at a temp dir; "python3" must still mean this venv's Python.
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.language == "python"
    cmd = KernelManager(kernel_name="python3").format_kernel_cmd()
    assert Path(cmd[0]).resolve() == Path(sys.executable).resolve(), cmd


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_or_widget_state(path: Path):
    nb = _read(path)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    problems = []
    if dirty:
        problems.append(f"cells {dirty} have outputs or execution counts")
    if "widgets" in nb.metadata:
        problems.append("metadata.widgets holds saved widget state")
    assert not problems, "; ".join(problems) + ": strip them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_has_exactly_one_parameters_cell(path: Path):
    cells = [c for c in _read(path).cells if "parameters" in _tags(c)]
    assert len(cells) == 1, f"{len(cells)} cells tagged 'parameters' (need exactly one)"
    assert cells[0].cell_type == "code"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_with_title_and_education_note(path: Path):
    markdown = [c for c in _read(path).cells if c.cell_type == "markdown"]
    assert markdown, "no markdown cell"
    lines = [line.strip() for line in markdown[0].source.splitlines() if line.strip()]
    assert lines, "first markdown cell is empty"
    assert lines[0].startswith("# ") and len(lines[0]) > 2, f"no '# Title' first: {lines[0]!r}"
    assert "for education only" in markdown[0].source.lower(), (
        "first markdown cell lacks the one-line 'For education only' note"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executes_with_default_parameters(path: Path, tmp_path: Path, private_jupyter_dirs):
    executed = _execute(path, tmp_path, parameters={})
    _assert_no_stderr(executed)


VARIANTS = [
    pytest.param(name, params, expected, id=f"{name}-{i}")
    for name, sets in PARAMETER_VARIANTS.items()
    for i, (params, expected) in enumerate(sets)
]


def _output_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/"):
                    parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def test_every_notebook_has_a_variant():
    assert {p.name for p in NOTEBOOKS} <= set(PARAMETER_VARIANTS)


@pytest.mark.parametrize(("name", "parameters", "expected"), VARIANTS)
def test_executes_with_parameter_variant(
    name: str, parameters: dict[str, object], expected: str, tmp_path: Path, private_jupyter_dirs
):
    path = NOTEBOOKS_DIR / name
    if not path.is_file():
        pytest.fail(f"PARAMETER_VARIANTS names {name}, which is not in {NOTEBOOKS_DIR}")
    known = set(pm.inspect_notebook(str(path)))
    unknown = set(parameters) - known
    # papermill would silently inject an unknown name; that variant would test nothing.
    assert not unknown, f"not in the parameters cell of {name}: {sorted(unknown)} (has {known})"
    executed = _execute(path, tmp_path, parameters=parameters)
    _assert_no_stderr(executed)
    assert expected in _output_text(executed), f"{expected!r} not in the outputs of {name}"
