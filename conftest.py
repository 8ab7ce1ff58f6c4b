"""Test-session setup for every pytest run in this repo (tests/ and the package's doctests).

At the repo root so that it also covers `pytest breastcancer_kit` (doctests) alone, and so that
the xdist controller, which collects nothing, loads the scheduler hook below. Other fixtures
live in tests/conftest.py.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Per-user dirs that Jupyter, IPython and kernels write to. Pointing them at a temp dir keeps
# tests from writing to (or being influenced by) HOME. Kernelspecs are still found: jupyter_path()
# always includes sys.prefix/share/jupyter (this venv), and the native "python3" kernel falls back
# to sys.executable (tests/test_notebooks.py checks it).
JUPYTER_DIR_VARS = ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR")

# The deprecated compatibility modules warn on import (filterwarnings = error would turn that
# into a collection error); tests/test_architecture.py imports each of them on purpose.
collect_ignore = [
    f"breastcancer_kit/{name}.py"
    for name in ("figures", "views", "widgets", "statistics_views", "statistics_widgets")
]
# A JupyterHub config file shipped as data, run only by JupyterHub (tests/serving/ runs it).
collect_ignore.append("breastcancer_kit/serving/jupyterhub/jupyterhub_config.py")
# The registry module's doctests need its optional extra (duckdb); without it (make compat, a
# plain install) they are not collected. tests/staging/test_registry.py skips by itself.
if importlib.util.find_spec("duckdb") is None:
    collect_ignore.append("breastcancer_kit/staging/registry.py")

_saved_env: dict[str, str | None] = {}
_session_home: Path | None = None


def make_jupyter_dirs(base: Path) -> dict[str, str]:
    """Create fresh, empty Jupyter/IPython dirs under ``base`` and return them as env vars."""
    env = {}
    for var in JUPYTER_DIR_VARS:
        path = base / var.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    return env


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--fresh-loads N``: each lesson's browser test N times, each on a page of its own.

    For ``make soak``: a chart that keeps an earlier state after a change shows up in some
    page loads and not others (lesson 02's matrix did in 13 of 19), so a soak repeats every
    lesson test, in Voila and JupyterLab, and the figure is how many loads held.
    """
    parser.addoption(
        "--fresh-loads", type=int, default=1, metavar="N",
        help="run each lesson's browser test N times, each on a fresh page load (make soak)",
    )  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    """Point Jupyter/IPython dirs at a session temp dir (restored in pytest_unconfigure)."""
    loads = config.getoption("fresh_loads")
    if loads < 1:
        raise pytest.UsageError(f"--fresh-loads: {loads!r}; allowed: a whole number from 1")
    # Process-wide (not a fixture) so kernels and every subprocess inherit it.
    global _session_home
    _session_home = Path(tempfile.mkdtemp(prefix="bck-jupyter-"))
    env = make_jupyter_dirs(_session_home)
    # The debugger's frozen-modules notice goes to kernel stderr on Python 3.11: noise only.
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    for var, value in env.items():
        _saved_env[var] = os.environ.get(var)
        os.environ[var] = value


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore the environment and remove the session's Jupyter dirs."""
    for var, value in _saved_env.items():
        if value is None:
            os.environ.pop(var, None)
        else:
            os.environ[var] = value
    _saved_env.clear()
    if _session_home is not None:
        shutil.rmtree(_session_home, ignore_errors=True)


@pytest.fixture(scope="session")
def jupyter_dirs_factory(tmp_path_factory: pytest.TempPathFactory):
    """Return ``make(label) -> env`` creating private Jupyter/IPython dirs (for subprocesses)."""

    def make(label: str) -> dict[str, str]:
        return make_jupyter_dirs(tmp_path_factory.mktemp(label))

    return make


@pytest.fixture
def private_jupyter_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Give one test fresh Jupyter/IPython dirs (no history or config shared between runs)."""
    env = make_jupyter_dirs(tmp_path / "jupyter-home")
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    return env


# Under ``make test`` (``-n 3 --dist loadscope``) each scope goes to one worker: a module, or
# a class (tests/test_notebooks.py has one class per notebook execution). Browser tests are
# scoped by module like the rest, so three workers share them (each starts its own Chromium,
# Voila and, when one of its tests needs it, JupyterLab). Until plotly's widget code went to
# the page once per kernel (ui/plotly_compat.py), a page took 15 s and all of tests/browser
# ran on one worker, which made it the run's long pole (7.5 of 7.8 minutes).
