"""Shared fixtures. Jupyter dir isolation (session-wide and per test) is in the root conftest.py."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the run: browser tests, then ordinary tests, then notebook executions.

    ``make test`` runs ``-n 4 --dist loadscope --no-loadscope-reorder``: scopes (a module, or
    one notebook execution's class) go to the workers in this order. The browser modules, the
    longest scopes, start first; the notebook executions, one short class each, fill the
    workers at the end.
    """

    def rank(item: pytest.Item) -> int:
        if item.get_closest_marker("browser"):
            return 0
        return 2 if item.get_closest_marker("notebooks") else 1

    items.sort(key=rank)  # stable: the order within each rank is the collection order


# The JupyterLab tests (a lesson's "lab" case, or a test named ..._in_jupyterlab) go to
# LAB_GROUPS scopes of their own instead of their modules' scopes. Each worker that runs a Lab
# test starts a JupyterLab server and loads one Lab page (about 25 s of CPU together, see
# tests/browser/conftest.py LabPage); with the Lab tests spread over every module, all 4
# workers paid it. A test that uses the Lab without matching still passes, in its module's
# worker, at that cost.
LAB_GROUPS = 2
LAB_TEST = re.compile(r"\[lab(-\d+)?\]$|_in_jupyterlab$")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadscope`` with the JupyterLab tests in :data:`LAB_GROUPS` scopes.

    A module's Lab tests all go to one group; modules are dealt to the groups in turn.
    """
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class LabGroupScheduling(LoadScopeScheduling):
        def __init__(self, config: pytest.Config, log=None) -> None:
            super().__init__(config, log)
            self.lab_groups: dict[str, int] = {}

        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            if not LAB_TEST.search(nodeid):
                return scope
            group = self.lab_groups.setdefault(scope, len(self.lab_groups) % LAB_GROUPS)
            return f"jupyterlab-tests-{group}"

    return LabGroupScheduling(config, log)


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
