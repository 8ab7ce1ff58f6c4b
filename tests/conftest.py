"""Shared fixtures. Jupyter dir isolation (session-wide and per test) is in the root conftest.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the run: browser tests, then ordinary tests, then notebook executions.

    ``make test`` runs ``-n 3 --dist loadscope --no-loadscope-reorder``: scopes (a module, or
    one notebook execution's class) go to the workers in this order. The browser modules, the
    longest scopes, start first; the notebook executions, one short class each, fill the
    workers at the end.
    """

    def rank(item: pytest.Item) -> int:
        if item.get_closest_marker("browser"):
            return 0
        return 2 if item.get_closest_marker("notebooks") else 1

    items.sort(key=rank)  # stable: the order within each rank is the collection order


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
def kit_wheel():
    """``build(dest) -> wheel``: tools/build_lite.py's ``kit_wheel`` (one build at a time)."""
    path = REPO_ROOT / "tools" / "build_lite.py"
    spec = importlib.util.spec_from_file_location("build_lite", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_lite", module)
    spec.loader.exec_module(module)
    return module.kit_wheel
