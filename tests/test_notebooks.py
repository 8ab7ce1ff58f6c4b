"""Lesson notebooks: committed clean, parameterisable, and executable end to end with papermill.

Each notebook executes once per parameter set (its defaults, and each entry of
PARAMETER_VARIANTS), in a session-wide cache keyed by (notebook, parameters); every check on an
execution reads that one run. The checks on a notebook's runs are the methods of one generated
class (``TestRun_<notebook>``, parametrized by ``run``: "defaults", "variant0", ...), so under
``pytest -n 3 --dist loadscope`` they run on the same worker, no run is repeated and the runs
share one kernel.
(Classes rather than ``xdist_group`` marks: with pytest 9.2, pytest-xdist 3.8's loadgroup
silently stops grouping, pytest-dev/pytest-xdist#1386.)

This replaces the former nbval pass (``--nbval-lax`` over notebooks committed without outputs
compares no output, so it only proved that every cell ran without error): that is
``test_default_run_executes_every_cell_without_error`` below, on the same execution that the
stderr checks read.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))

# Extra (non-default) parameter sets, each run once with papermill on top of the default run,
# with a text that must then appear in the outputs (proof that the parameter took effect) and
# must not appear in the outputs of the default run (so the parameter, not the default, made it).
# Keys are file names in notebooks/; every key in a set must be a variable of the notebook's
# `parameters` cell. A notebook name that does not exist fails the test.
PARAMETER_VARIANTS: dict[str, list[tuple[dict[str, object], str]]] = {
    "00_start_here.ipynb": [
        ({"example_tnm": "cT4d cN1 cM0"}, "T4 N1 M0 is stage IIIB"),
        ({"example_tnm": "ypT0 ypN0 cM0"}, "complete pathological response"),
    ],
    "01_tnm_and_stage_groups.ipynb": [
        # the explorer's result (its HTML in the saved widget state) shows the case
        (
            {"initial_tnm": "cT4d cN3c cM1", "size_mm": 55.0, "positive_nodes": 12},
            'monospace">cT4d cN3c cM1</div>',
        ),
        ({"size_mm": 55.0, "positive_nodes": 12}, "A 55 mm tumour is pT3; 12 positive"),
        ({"initial_tnm": "pT1mi pN1mi(sn) cM0"}, 'monospace">pT1mi pN1mi cM0</div>'),
    ],
    "02_prognostic_staging.ipynb": [
        (
            {"grade": 3, "er": "negative", "pr": "negative", "her2": "negative"},
            "0 of 27 staged cells move to a better stage, 17 to a worse one",
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
            "Oncotype DX below 11: 12 of 27",
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
        ({"ibc_tnm": "cT4d cN3c cM0"}, "T4 N3 M0 is stage IIIC (locally advanced)"),
        ({"age": 62}, "Triple-negative, age 62, female:"),
        ({"age": 70, "sex": "male"}, "Triple-negative, age 70, male:"),
    ],
    "05_prevalence_and_survival.ipynb": [
        (
            {"view": "Sites of metastasis after relapse, by subtype"},
            "Sites of metastasis in patients who relapsed, by subtype",
        ),
    ],
    "06_real_cohort.ipynb": [
        ({"split": "hr_status", "endpoint": "rfs"}, "Log-rank test across 2 groups (HR+, HR-)"),
    ],
    "07_drills.ipynb": [
        (
            {"level": "traps", "seed": 7, "n": 2},
            "Warm-up: Post-therapy and not-stageable traps, seed 7",
        ),
    ],
    "08_metastatic_disease.ipynb": [
        ({"subtype": "HR-/HER2+"}, "HR-/HER2+: what the sources say about metastatic disease"),
    ],
    "09_treatment_by_line.ipynb": [
        (
            {"subtype": "triple-negative", "pdl1_cps": 12.0, "gbrca": True},
            "triple-negative, first line (germline BRCA1/2, PD-L1 CPS 12)",
        ),
    ],
    "10_reading_a_trial.ipynb": [
        ({"endpoint": "os", "trial": "TROPION-Breast01"}, "TROPION-Breast01 (HR+/HER2-): "),
    ],
}

# Every execution has these limits: a stalled kernel fails instead of hanging CI.
EXECUTION_TIMEOUT = 120  # s per cell
START_TIMEOUT = 60  # s for the kernel to start
KERNEL = "python3"  # this venv's Python (test_python3_kernel_is_this_environment)
JUPYTER_DIR_VARS = ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR")


def _read(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    return nb


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


# --- one execution per (notebook, parameters) --------------------------------------------------


@dataclass(frozen=True)
class Execution:
    """One papermill run: the executed notebook (partial if it failed) and the failure, if any."""

    label: str
    notebook: nbformat.NotebookNode | None
    failure: str | None
    seconds: float

    def executed(self) -> nbformat.NotebookNode:
        """The executed notebook; fails the calling test if the run did not reach the end."""
        if self.failure is not None:
            pytest.fail(f"{self.label} did not run to the end:\n{self.failure}", pytrace=False)
        assert self.notebook is not None
        return self.notebook


@contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    # Process-wide, as the former per-test monkeypatch was: the kernel inherits it. No threads
    # run executions, so nothing else reads the environment meanwhile.
    saved = {var: os.environ.get(var) for var in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


# The hidden first cell of every run after a notebook's first: an empty namespace, as a
# fresh kernel has (imported modules stay loaded: that is the time saved).
_RESET_SOURCE = "get_ipython().run_line_magic('reset', '-f')"


class NotebookRuns:
    """Session cache: ``get(name, parameters)`` executes a notebook at most once per parameters.

    papermill injects the parameters; nbclient (papermill's engine) runs the cells. A
    notebook's first run (its defaults, when the tests go in order) gets a fresh kernel, as
    a student's does; its other runs reuse that kernel after ``%reset -f``, so each parameter
    set costs its cells, not a kernel start and the lesson's imports again. The kernel is shut
    down after the notebook's last run (or at the end of the session).
    """

    def __init__(self, make_dir: Callable[[str], Path]) -> None:
        self._make_dir = make_dir
        self._runs: dict[tuple[str, str], Execution] = {}
        self._clients: dict[str, NotebookClient] = {}

    def get(self, name: str, parameters: dict[str, object]) -> Execution:
        key = (name, json.dumps(parameters, sort_keys=True))
        if key not in self._runs:
            self._runs[key] = self._execute(name, parameters)
            done = sum(run_name == name for run_name, _ in self._runs)
            if done == 1 + len(PARAMETER_VARIANTS.get(name, [])):  # its last run
                self._shutdown(name)
        return self._runs[key]

    def close(self) -> None:
        for name in list(self._clients):
            self._shutdown(name)

    def _shutdown(self, name: str) -> None:
        client = self._clients.pop(name, None)
        if client is not None and client.km is not None:
            client.kc.stop_channels()
            client.km.shutdown_kernel(now=True)

    def _execute(self, name: str, parameters: dict[str, object]) -> Execution:
        path = NOTEBOOKS_DIR / name
        label = f"{name} with {parameters or 'its default parameters'}"
        nb = parameterize_notebook(load_notebook_node(str(path)), parameters, kernel_name=KERNEL)
        client = self._clients.get(name)
        if client is not None:  # the same kernel and channels, a new notebook
            nb.cells.insert(0, nbformat.v4.new_code_cell(_RESET_SOURCE))
            client.nb = nb
        start = time.monotonic()
        failure = None
        try:
            if client is None:
                client = self._clients[name] = self._fresh_kernel_client(name, nb)
            client.execute(cleanup_kc=False)
        except Exception:  # reported by every test that reads this run
            failure = traceback.format_exc(limit=-3)[-6000:]
        if nb.cells and nb.cells[0].source == _RESET_SOURCE:
            del nb.cells[0]
        return Execution(label, nb, failure, time.monotonic() - start)

    def _fresh_kernel_client(self, name: str, nb: nbformat.NotebookNode) -> NotebookClient:
        work = self._make_dir(f"run-{Path(name).stem}")
        # A temp cwd (lessons must not depend on, or write next to, their own folder) and
        # private Jupyter/IPython dirs (no history or config shared with other notebooks).
        cwd = work / "cwd"
        cwd.mkdir()
        env = {}
        for var in JUPYTER_DIR_VARS:
            env[var] = str(work / "jupyter-home" / var.lower())
            Path(env[var]).mkdir(parents=True)
        km = KernelManager(kernel_name=KERNEL)
        with _environ(env):  # the kernel inherits it at start
            km.start_kernel(cwd=str(cwd), env={**os.environ})
        return NotebookClient(
            nb, km=km, timeout=EXECUTION_TIMEOUT, startup_timeout=START_TIMEOUT,
            kernel_name=KERNEL, resources={"metadata": {"path": str(cwd)}},
        )  # fmt: skip


@pytest.fixture(scope="session")
def notebook_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NotebookRuns]:
    runs = NotebookRuns(lambda label: tmp_path_factory.mktemp(label))
    yield runs
    runs.close()


# --- what the checks read ----------------------------------------------------------------------


def _output_text(nb: nbformat.NotebookNode) -> str:
    """The text a student reads: cell outputs, and the widgets' text (what the lesson's
    explorers show: HTML values, chart titles, table cells) from the saved widget state."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/"):
                    parts.append(value if isinstance(value, str) else "".join(value))
    saved = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model in saved.get("state", {}).values():
        _strings(model.get("state", {}), parts)
    return "\n".join(parts)


def _strings(value: object, parts: list[str]) -> None:
    # Every string in a widget's state but its code (a chart's plotly bundle is megabytes)
    # and the options of a choice (the defaults run lists every option a variant may pick).
    if isinstance(value, str):
        parts.append(value)
    elif isinstance(value, list):
        for item in value:
            _strings(item, parts)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("_esm", "_css", "_options_labels", "_dom_classes"):
                _strings(item, parts)


def _assert_every_cell_ran_without_error(nb: nbformat.NotebookNode) -> None:
    # What nbval --nbval-lax proved: each code cell executed and none raised (except cells
    # tagged raises-exception, which nbval allowed to raise).
    not_run, errors = [], []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        if cell.get("execution_count") is None:
            not_run.append(index)
        if "raises-exception" in _tags(cell):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"--- cell {index}: {out.get('ename')}: {out.get('evalue')}")
    assert not not_run, f"code cells {not_run} did not execute"
    assert not errors, "\n".join(errors)


def _assert_readable_tables(nb: nbformat.NotebookNode) -> None:
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            html_out = data.get("text/html", "")
            html_out = html_out if isinstance(html_out, str) else "".join(html_out)
            plain = out.get("text", "") + str(data.get("text/plain", ""))
            if 'class="dataframe' in html_out:
                found.append(f"cell {index}: a raw DataFrame")
            if "<NA>" in plain or "&lt;NA&gt;" in html_out:
                found.append(f"cell {index}: <NA> shown")
    assert not found, found


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


# --- static checks (no execution) --------------------------------------------------------------


def test_notebooks_exist():
    assert NOTEBOOKS, f"no *.ipynb found in {NOTEBOOKS_DIR}"


def test_python3_kernel_is_this_environment():
    # The suite points JUPYTER_DATA_DIR at a temp dir; "python3" must still mean this venv's Python.
    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    assert spec.language == "python"
    cmd = KernelManager(kernel_name=KERNEL).format_kernel_cmd()
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


def test_every_notebook_has_a_variant():
    assert {p.name for p in NOTEBOOKS} <= set(PARAMETER_VARIANTS)


VARIANT_IDS = [(name, i) for name, sets in PARAMETER_VARIANTS.items() for i in range(len(sets))]


@pytest.mark.parametrize(("name", "index"), VARIANT_IDS, ids=[f"{n}-{i}" for n, i in VARIANT_IDS])
def test_variant_names_a_notebook_and_its_parameters(name: str, index: int):
    _known_variant(name, index)


def _known_variant(name: str, index: int) -> dict[str, object]:
    path = NOTEBOOKS_DIR / name
    if not path.is_file():
        pytest.fail(f"PARAMETER_VARIANTS names {name}, which is not in {NOTEBOOKS_DIR}")
    parameters = PARAMETER_VARIANTS[name][index][0]
    known = set(pm.inspect_notebook(str(path)))
    unknown = set(parameters) - known
    # papermill would silently inject an unknown name; that variant would test nothing.
    assert not unknown, f"not in the parameters cell of {name}: {sorted(unknown)} (has {known})"
    return parameters


# --- checks on the executions: one generated class per notebook ---------------------------------

RUNS = ["defaults", *(f"variant{i}" for i in range(max(map(len, PARAMETER_VARIANTS.values()))))]


class _ExecutionChecks:
    """The checks that read a notebook's executions; subclasses set NOTEBOOK and RUN_IDS.

    ``run`` is "defaults" or "variant<i>" (``PARAMETER_VARIANTS[NOTEBOOK][i]``). All of a
    notebook's runs are one class, so ``--dist loadscope`` keeps them on one worker, where they
    share a kernel (see :class:`NotebookRuns`); the defaults go first.
    """

    NOTEBOOK: str

    def execution(self, notebook_runs: NotebookRuns, run: str) -> Execution:
        if run == "defaults":
            return notebook_runs.get(self.NOTEBOOK, {})
        return notebook_runs.get(self.NOTEBOOK, _known_variant(self.NOTEBOOK, _index(run)))

    def test_executes_every_cell_without_error(self, notebook_runs: NotebookRuns, run: str):
        _assert_every_cell_ran_without_error(self.execution(notebook_runs, run).executed())

    def test_writes_nothing_to_stderr(self, notebook_runs: NotebookRuns, run: str):
        _assert_no_stderr(self.execution(notebook_runs, run).executed())

    def test_tables_read_as_text_for_students(self, notebook_runs: NotebookRuns, run: str):
        """No ``<NA>``, no raw DataFrame (pandas cuts long cells with "..." and shows keys):
        every table goes through ``ui.controls.readable``."""
        _assert_readable_tables(self.execution(notebook_runs, run).executed())

    def test_shows_what_its_parameters_say(self, notebook_runs: NotebookRuns, run: str):
        text = _output_text(self.execution(notebook_runs, run).executed())
        if run == "defaults":
            # Each variant's text must come from its parameters: the defaults must not show it.
            shown = [exp for _, exp in PARAMETER_VARIANTS.get(self.NOTEBOOK, []) if exp in text]
            assert not shown, f"already in the default outputs of {self.NOTEBOOK}: {shown}"
        else:
            expected = PARAMETER_VARIANTS[self.NOTEBOOK][_index(run)][1]
            assert expected in text, f"{expected!r} not in the outputs of {self.NOTEBOOK}"


def _index(run: str) -> int:
    return int(run.removeprefix("variant"))


def _add_execution_class(notebook: str) -> None:
    stem = re.sub(r"\W", "_", Path(notebook).stem)
    runs = RUNS[: 1 + len(PARAMETER_VARIANTS.get(notebook, []))]
    attrs = {"NOTEBOOK": notebook, "__doc__": f"{notebook}: its default run and its variants."}
    cls = type(f"TestRun_{stem}", (_ExecutionChecks,), attrs)
    globals()[cls.__name__] = pytest.mark.notebooks(pytest.mark.parametrize("run", runs)(cls))


for _path in NOTEBOOKS:
    _add_execution_class(_path.name)
