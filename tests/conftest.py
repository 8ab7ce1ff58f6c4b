"""Shared fixtures. Session-wide Jupyter dir isolation is in the root conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
JUPYTER_DIR_VARS = ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR")


def make_jupyter_dirs(base: Path) -> dict[str, str]:
    """Create fresh, empty Jupyter/IPython dirs under ``base`` and return them as env vars."""
    env = {}
    for var in JUPYTER_DIR_VARS:
        path = base / var.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    return env


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def notebooks_dir() -> Path:
    return NOTEBOOKS_DIR


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where screenshots and server logs go (git-ignored, kept after the run for debugging)."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


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
