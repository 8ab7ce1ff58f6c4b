"""The browser kernel's versions: recorded for the Pyodide that JupyterLite runs, and locked.

``requirements/pyodide-constraints.txt`` (tools/pyodide_versions.py, from Pyodide's own
``pyodide-lock.json``) and ``requirements/compat.lock`` (``make lock``) are what ``make compat``
installs on CPython to run the tests and the lessons on those versions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONSTRAINTS = REPO / "requirements" / "pyodide-constraints.txt"
COMPAT_LOCK = REPO / "requirements" / "compat.lock"
TEST_LOCK = REPO / "requirements" / "test.lock"
PIN = re.compile(r"^([a-z0-9][a-z0-9.-]*)==(\S+)")


def _pins(path: Path) -> dict[str, str]:
    return _pins_of(path.read_text(encoding="utf-8").lower().replace("_", "-"))


def _sections() -> tuple[dict[str, str], dict[str, str]]:
    """(Pyodide's own packages, packages the site serves) of the constraints file."""
    text = CONSTRAINTS.read_text(encoding="utf-8")
    pyodide_part, site_part = text.split("# Served by the site")
    return _pins_of(pyodide_part), _pins_of(site_part)


def _pins_of(text: str) -> dict[str, str]:
    return {m[1]: m[2] for m in map(PIN.match, text.splitlines()) if m}


def test_constraints_are_for_the_pyodide_jupyterlite_runs():
    constants = pytest.importorskip("jupyterlite_pyodide_kernel.constants")
    head = CONSTRAINTS.read_text(encoding="utf-8").splitlines()[1]
    assert f"# Pyodide {constants.PYODIDE_VERSION} " in head, head
    assert f"Python {constants.PYODIDE_PYTHON_VERSION}." in head, head


def test_pyodide_pins_the_engine_at_the_versions_it_ships():
    pyodide, _site = _sections()
    # the engine's three dependencies and scipy are Pyodide's; the issue names pandas 3.0.x
    # and pyarrow 22 for Pyodide 314 (its lock says so)
    assert {"numpy", "pandas", "pyarrow", "scipy"} <= set(pyodide)
    assert pyodide["pandas"].startswith("3.0.")
    assert pyodide["pyarrow"].split(".")[0] == "22"
    # the site serves nothing Pyodide ships (it would shadow Pyodide's own build)
    assert not set(pyodide) & set(_site)


def test_site_serves_the_test_locks_versions():
    _pyodide, site = _sections()
    locked = _pins(TEST_LOCK)
    assert site and all(locked[name] == version for name, version in site.items()), site


def test_compat_lock_pins_every_constraint_exactly():
    pyodide, site = _sections()
    compat = _pins(COMPAT_LOCK)
    wanted = {**pyodide, **site}
    wrong = {n: (v, compat.get(n)) for n, v in wanted.items() if n in compat and compat[n] != v}
    assert not wrong, wrong
    # everything the lessons import in the browser is in the compat environment
    for name in ("numpy", "pandas", "pyarrow", "scipy", "plotly", "ipywidgets", "lifelines"):
        assert name in compat, name
