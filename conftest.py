"""Test-session setup for every pytest run in this repo (tests/, doctests, nbval on notebooks/).

At the repo root so that `pytest notebooks/ --nbval-lax` alone is covered too: a conftest in
tests/ is not loaded when only notebooks/ is collected. Other fixtures live in tests/conftest.py.
"""

from __future__ import annotations

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


def pytest_configure(config: pytest.Config) -> None:
    """Point Jupyter/IPython dirs at a session temp dir (restored in pytest_unconfigure)."""
    # Process-wide (not a fixture) so nbval's kernels and every subprocess inherit it.
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
