"""binder/ must install exactly what pyproject.toml pins, and that set must co-resolve.

repo2docker reads only binder/ when it exists, so binder/requirements.txt repeats the runtime
pins; these tests keep the two lists identical. "Co-resolves" is proven without network: the
environment running the tests was installed from pyproject and must satisfy every binder line.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

REPO_ROOT = Path(__file__).resolve().parent.parent
BINDER = REPO_ROOT / "binder"
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# Files repo2docker would prefer over requirements.txt (it would then ignore our pins).
COMPETING_CONFIGS = ("environment.yml", "Pipfile", "Pipfile.lock", "setup.py", "Project.toml")


def _binder_lines() -> list[str]:
    lines = []
    for raw in (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


BINDER_LINES = _binder_lines()
BINDER_REQS = {
    canonicalize_name(r.name): r
    for r in (Requirement(line) for line in BINDER_LINES if not line.startswith("-"))
}
PYPROJECT_REQS = {canonicalize_name(r.name): r for r in map(Requirement, PYPROJECT["dependencies"])}


def _pin(req: Requirement) -> str:
    specs = list(req.specifier)
    assert len(specs) == 1 and specs[0].operator == "==", f"{req} is not an exact == pin"
    return specs[0].version


def test_binder_requirements_not_empty():
    assert BINDER_REQS, "no requirements parsed from binder/requirements.txt"


@pytest.mark.parametrize("line", BINDER_LINES)
def test_binder_line_is_a_pinned_requirement_or_editable_install(line: str):
    if line.startswith("-"):
        assert line == "-e .", f"unexpected pip option line: {line!r}"
        return
    _pin(Requirement(line))


@pytest.mark.parametrize("name", sorted(BINDER_REQS))
def test_binder_pin_equals_pyproject(name: str):
    binder = BINDER_REQS[name]
    assert name in PYPROJECT_REQS, f"{name} is in binder/requirements.txt, not in pyproject"
    project = PYPROJECT_REQS[name]
    assert _pin(binder) == _pin(project), f"binder {binder} != pyproject {project}"
    assert binder.extras == project.extras
    assert str(binder.marker or "") == str(project.marker or "")


@pytest.mark.parametrize("name", sorted(PYPROJECT_REQS))
def test_pyproject_dependency_is_in_binder(name: str):
    assert name in BINDER_REQS, f"runtime dependency {name} missing from binder/requirements.txt"


def test_binder_installs_the_kit_itself():
    assert "-e ." in BINDER_LINES, "binder/requirements.txt needs a '-e .' line"


def test_binder_has_no_competing_config():
    present = [f for f in COMPETING_CONFIGS if (BINDER / f).exists()]
    assert not present, f"repo2docker would use {present} instead of requirements.txt"


def test_runtime_txt_is_python_311_and_allowed_by_requires_python():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == "python-3.11"
    version = runtime.removeprefix("python-")
    allowed = SpecifierSet(PYPROJECT["requires-python"])
    assert allowed.contains(version), f"{version} not allowed by {allowed}"


def _installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


@pytest.mark.parametrize("name", sorted(BINDER_REQS))
def test_installed_environment_satisfies_binder_pin(name: str):
    req = BINDER_REQS[name]
    installed = _installed_version(req.name)
    assert installed, f"{req.name} is not installed (run: pip install -e '.[test]')"
    assert req.specifier.contains(installed, prereleases=True), f"installed {installed}, want {req}"


def _unsatisfied_closure(root: Requirement) -> list[str]:
    """Walk the installed dependency tree of ``root``; return requirements it does not meet."""
    problems, seen = [], set()
    stack = [(root, "")]
    while stack:
        req, extra = stack.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        key = (canonicalize_name(req.name), str(req.specifier), tuple(sorted(req.extras)))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{req} (required): not installed")
            continue
        if not req.specifier.contains(dist.version, prereleases=True):
            problems.append(f"{req}: installed {dist.version}")
        # Requirements of the package itself, plus those of any extras that were asked for.
        for child in map(Requirement, dist.requires or []):
            stack.append((child, ""))
            stack.extend((child, wanted) for wanted in req.extras)
    return problems


@pytest.mark.parametrize("name", sorted(BINDER_REQS))
def test_installed_dependency_tree_is_consistent(name: str):
    # Like `pip check` limited to what Binder installs: the pins co-resolve with their own deps.
    problems = _unsatisfied_closure(BINDER_REQS[name])
    assert not problems, problems


def test_installed_kit_matches_pyproject_version():
    installed = _installed_version(PYPROJECT["name"])
    assert installed, f"{PYPROJECT['name']} is not installed (run: pip install -e '.[test]')"
    assert installed == PYPROJECT["version"]
