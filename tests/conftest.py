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

    ``make test`` runs ``-n 3 --dist loadscope --no-loadscope-reorder``: scopes (a module, or
    one notebook execution's class) go to the workers in this order. The browser modules, the
    longest scopes, start first; the notebook executions, one short class each, fill the
    workers at the end.
    """

    def rank(item: pytest.Item) -> int:
        if item.path.name in WAITING_MODULES:
            return 0
        if item.get_closest_marker("browser"):
            return 1
        return 3 if item.get_closest_marker("notebooks") else 2

    items.sort(key=rank)  # stable: the order within each rank is the collection order


# The JupyterLab tests (a lesson's "lab" case, or a test named ..._in_jupyterlab; in any
# round of make soak) go to
# LAB_GROUPS scopes of their own instead of their modules' scopes. Each worker that runs a Lab
# test starts a JupyterLab server and loads one Lab page (about 25 s of CPU together, see
# tests/browser/conftest.py LabPage); with the Lab tests spread over every module, every
# worker paid it. A test that uses the Lab without matching still passes, in its module's
# worker, at that cost.
LAB_GROUPS = 2
LAB_TEST = re.compile(r"\[(round\d+-)?lab(-\d+)?\]$|_in_jupyterlab(\[round\d+\])?$")
# Seconds a module's Lab tests took in a timeline of `make test` (2026-12-02, 4 workers on 2
# cores), to balance the groups; a module not listed counts as 15 s. Only the split depends
# on them, never a result.
LAB_SECONDS = {
    "test_lesson00.py": 17, "test_lesson01.py": 30, "test_lesson02.py": 19,
    "test_lesson03.py": 19, "test_lesson04.py": 20, "test_lesson05.py": 18,
    "test_lesson06.py": 28, "test_lesson07_drills.py": 6, "test_lesson08.py": 19,
    "test_lesson09.py": 8, "test_lesson10.py": 13,
}  # fmt: skip
# Modules that mostly wait (servers culling kernels on a timer: test_serving.py is 100 s of
# wall time and 25 s of CPU). Started first, they wait while the other workers compute;
# started last, they were the run's tail.
WAITING_MODULES = ("test_serving.py",)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadscope`` with the JupyterLab tests in :data:`LAB_GROUPS` scopes.

    A module's Lab tests all go to one group, the one with the fewest seconds so far
    (:data:`LAB_SECONDS`), in collection order.
    """
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class LabGroupScheduling(LoadScopeScheduling):
        def __init__(self, config: pytest.Config, log=None) -> None:
            super().__init__(config, log)
            self.lab_groups: dict[str, int] = {}
            self.lab_load = [0] * LAB_GROUPS

        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            if not LAB_TEST.search(nodeid):
                return scope
            if scope not in self.lab_groups:
                group = self.lab_load.index(min(self.lab_load))
                self.lab_groups[scope] = group
                self.lab_load[group] += LAB_SECONDS.get(scope.rsplit("/", 1)[-1], 15)
            return f"jupyterlab-tests-{self.lab_groups[scope]}"

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
