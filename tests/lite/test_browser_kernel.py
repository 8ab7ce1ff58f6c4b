"""What a browser kernel (JupyterLite's Pyodide) lacks degrades to one readable line.

The kit knows it runs in a browser from ``sys.platform == "emscripten"``
(``breastcancer_kit._meta.IN_BROWSER``). These tests set that flag on CPython and make the
missing package unimportable, then check what a student would see: one line naming the
package and where the feature runs, never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from breastcancer_kit import _meta

REPO = Path(__file__).resolve().parents[2]


def test_in_browser_is_the_emscripten_platform():
    assert _meta.IN_BROWSER is (sys.platform == "emscripten")
    assert _meta.IN_BROWSER is False  # this suite runs on CPython


@pytest.mark.parametrize("in_browser", [False, True])
def test_missing_extra_is_one_line_naming_package_and_remedy(monkeypatch, in_browser):
    monkeypatch.setattr(_meta, "IN_BROWSER", in_browser)
    with pytest.raises(ImportError) as caught:
        _meta.import_extra("no_such_package_here.sub", "lessons", "Kaplan-Meier curves")
    err = caught.value
    assert isinstance(err, _meta.ExtraUnavailable)
    (line,) = err._render_traceback_()
    assert line.startswith("ExtraUnavailable: Kaplan-Meier curves uses no_such_package_here,")
    if in_browser:
        assert "browser kernel (JupyterLite)" in line and "JupyterLab" in line
        assert "pip install" not in line  # nothing to pip-install in a browser
    else:
        assert "pip install 'breastcancer_kit[lessons]'" in line


# Runs a lesson's code cells in an IPython shell as the browser would (IN_BROWSER set, the
# blocked packages unimportable) and reports each cell's outcome and what IPython drew.
RUNNER = textwrap.dedent(
    """
    import io, json, sys, contextlib
    BLOCKED = set(sys.argv[2].split(","))

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ImportError(f"{name} is not in this kernel", name=name)

    sys.meta_path.insert(0, Block())
    import breastcancer_kit._meta as meta
    meta.IN_BROWSER = True
    if "plotly" not in BLOCKED:
        import plotly.io as pio
        pio.renderers.default = "json"  # figures as data: nothing to draw here
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance(colors="nocolor")
    report = []
    for source in json.loads(sys.argv[1]):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            result = shell.run_cell(source)
        report.append({"ok": result.success, "output": out.getvalue()})
        if not result.success:
            break
    print(json.dumps(report))
    """
)


def _run_lesson_as_browser(notebook: Path, blocked: tuple[str, ...]) -> list[dict]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(cells), ",".join(blocked)],
        capture_output=True, text=True, timeout=300, cwd=notebook.parent, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.notebooks
def test_lesson06_without_lifelines_stops_at_one_line_not_a_traceback(notebooks_dir: Path):
    report = _run_lesson_as_browser(notebooks_dir / "06_real_cohort.ipynb", ("lifelines",))
    *before, failed = report
    # the lesson's parameters, imports and the cohort's limitations run first
    assert len(before) >= 3 and all(cell["ok"] for cell in before)
    assert any("No HER2" in cell["output"] for cell in before)
    assert not failed["ok"], "a lifelines cell ran without lifelines"
    (line,) = failed["output"].strip().splitlines()  # one line, no traceback
    assert line.startswith("ExtraUnavailable: ") and "Traceback" not in failed["output"]
    assert "uses lifelines, which this browser kernel (JupyterLite) could not load" in line
    assert "JupyterLab (make lab) or on Binder" in line


@pytest.mark.notebooks
def test_lesson00_without_lesson_packages_says_to_run_the_setup_cell(notebooks_dir: Path):
    report = _run_lesson_as_browser(
        notebooks_dir / "00_start_here.ipynb", ("plotly", "ipywidgets", "anywidget")
    )
    *before, failed = report  # the parameters cell runs; the check cell imports the ui layer
    assert len(before) == 1 and before[0]["ok"]
    assert failed["output"].strip().splitlines() == [
        "ExtraUnavailable: the lessons' figures and widgets need plotly, ipywidgets, anywidget: "
        "run the lesson's first cell (it installs them from this site), then this one again"
    ], failed["output"]


@pytest.mark.notebooks
def test_lesson00_runs_without_numpy_and_pandas():
    # The offline browser kernel (tools/assemble_pyodide.py) has no numpy, pandas or pyarrow,
    # and lesson 00 must still run there: staging and the parameter check need none of them.
    blocked = ("numpy", "pandas", "pyarrow", "scipy", "lifelines")
    report = _run_lesson_as_browser(REPO / "notebooks" / "00_start_here.ipynb", blocked)
    assert all(cell["ok"] for cell in report), report[-1]["output"]
    assert any("IIB - early" in cell["output"] for cell in report)
