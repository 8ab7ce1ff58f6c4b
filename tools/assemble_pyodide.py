"""Assemble a Pyodide distribution for the JupyterLite site from registries only (offline tests).

Usage: python tools/assemble_pyodide.py [DEST]   (default build/lite-cache/pyodide-local)

The full Pyodide distribution (numpy, pandas, pyarrow, scipy ... built for WebAssembly) is
only on Pyodide's CDN, which this machine cannot reach. The npm package ``pyodide`` is the
core alone: the interpreter, the standard library and ``pyodide-lock.json``. This script
takes that core, at the version jupyterlite-pyodide-kernel was built for, and puts next to it
the pure-Python wheels the kernel itself needs (micropip, IPython, jedi and their
dependencies) from PyPI, at the versions the lock names, rewriting their lock entries
(file name, sha256). Packages with compiled code (numpy, pandas, pyarrow ...) stay listed
but absent: a kernel built from this runs what needs none of them (lesson 00).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "build" / "lite-cache"
DEFAULT_DEST = CACHE / "pyodide-local"
#: What the kernel loads at start (micropip, then piplite installs jedi and ipython from the
#: lock), plus the pure dependencies the lesson packages take from Pyodide.
KERNEL_NEEDS = ("micropip", "packaging", "ipython", "jedi", "typing-extensions", "narwhals")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyodide_version() -> str:
    """The Pyodide version jupyterlite-pyodide-kernel was built for."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    return PYODIDE_VERSION


def npm_core(version: str, cache: Path = CACHE) -> Path:
    """The npm ``pyodide`` package at ``version``, unpacked (``npm pack``, cached)."""
    tarball = cache / f"pyodide-{version}.tgz"
    if not tarball.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", "--silent", f"pyodide@{version}"], cwd=cache, check=True,
                       stdout=subprocess.DEVNULL)
    unpacked = cache / f"pyodide-{version}-npm"
    if not (unpacked / "package" / "pyodide-lock.json").exists():
        shutil.rmtree(unpacked, ignore_errors=True)
        with tarfile.open(tarball) as tar:
            tar.extractall(unpacked, filter="data")
    return unpacked / "package"


def closure(packages: dict, roots: tuple[str, ...]) -> list[str]:
    """The lock's names of ``roots`` and everything they depend on."""
    by_canonical = {_canonical(name): name for name in packages}
    todo, seen = [by_canonical[_canonical(r)] for r in roots], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += [by_canonical[_canonical(dep)] for dep in packages[name]["depends"]]
    return sorted(seen)


def _pypi_wheel(name: str, version: str, wheels: Path) -> Path:
    stem = f"{_canonical(name).replace('-', '_')}-{version}-"
    found = [p for p in wheels.glob("*.whl") if p.name.lower().startswith(stem)]
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
             "--no-deps", "--only-binary=:all:", "--platform", "any", "--python-version",
             "3.14", "--implementation", "py", "--abi", "none", "-d", str(wheels),
             f"{name}=={version}"],
            check=True,
        )
        found = [p for p in wheels.glob("*.whl") if p.name.lower().startswith(stem)]
    return found[0]


def assemble(dest: Path = DEFAULT_DEST) -> Path:
    """Write the assembled distribution to ``dest`` (replaced) and return it."""
    core = npm_core(pyodide_version())
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(core, dest, ignore=shutil.ignore_patterns("*.map", "*.d.ts", "*.html",
                                                              "package.json", "README.md"))
    lock_path = dest / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    wheels = CACHE / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    for name in closure(lock["packages"], KERNEL_NEEDS):
        entry = lock["packages"][name]
        if not entry["file_name"].endswith("-none-any.whl"):
            raise SystemExit(f"error: {name} is not pure Python in Pyodide: {entry['file_name']}")
        wheel = _pypi_wheel(name, entry["version"], wheels)
        shutil.copy2(wheel, dest / wheel.name)
        entry["file_name"] = wheel.name
        entry["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    lock_path.write_text(json.dumps(lock), encoding="utf-8")
    return dest


if __name__ == "__main__":
    target = assemble(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DEST)
    print(f"==> assembled Pyodide {pyodide_version()} (core + pure-Python wheels) in {target}")
