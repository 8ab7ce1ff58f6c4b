"""Build the JupyterLite site: every lesson and the kit's own wheel, run in the browser (Pyodide).

Usage: python tools/build_lite.py [--output DIR] [--local-pyodide DIR]

What it does (``make lite`` runs it with the defaults; the site lands in ``build/lite/``):

1. builds the kit's wheel (no network, no build isolation) and collects the pure-Python
   wheels the lessons need in the browser (plotly, ipywidgets, anywidget, lifelines and
   their pure dependencies, at the versions of ``requirements/test.lock``) from the package
   registry with pip; they are cached in ``build/lite-cache/wheels`` and reused;
2. copies every ``notebooks/*.ipynb`` into the site, each with one cell put in front of the
   lesson: ``%pip install`` of the kit and the lesson packages from the site itself (piplite,
   PyPI fallback off), so a student opens a lesson and runs it top to bottom;
3. runs ``jupyter lite build`` (jupyterlite-core + jupyterlite-pyodide-kernel; no network).

The Pyodide distribution itself (the interpreter, numpy, pandas, pyarrow, scipy, matplotlib)
is on no package registry: the built site loads it at run time from Pyodide's public CDN, the
one CDN exception of this project (README, "Lessons in the browser"). ``--local-pyodide DIR``
puts an assembled Pyodide (see ``benchmarks/bench_lite.py``: the npm ``pyodide`` core plus
pure-Python wheels) into the site instead, and installs the kit without its dependencies: only
what needs no numpy (lesson 00) runs there; it exists for offline testing.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
TEST_LOCK = REPO / "requirements" / "test.lock"
DEFAULT_OUTPUT = REPO / "build" / "lite"
CACHE = REPO / "build" / "lite-cache"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"

#: What every lesson installs in the browser, besides the kit (imported by breastcancer_kit.ui).
LESSON_PACKAGES = ("plotly", "ipywidgets", "anywidget")
#: What one lesson needs on top (lesson 06: Kaplan-Meier and the GBSG2 data).
EXTRA_PACKAGES = {"06_real_cohort": ("lifelines",)}
#: Pure-Python wheels the site serves (the packages above and their dependencies that
#: Pyodide's own distribution does not ship). Pyodide ships numpy, pandas, pyarrow, scipy,
#: matplotlib, narwhals, typing-extensions, wrapt, ipython, traitlets (tests/browser/test_lite.py
#: checks this list against pyodide-lock.json).
SITE_WHEELS = (
    "plotly",
    "ipywidgets",
    "comm",
    "jupyterlab-widgets",
    "anywidget",
    "psygnal",
    "lifelines",
    "autograd",
    "autograd-gamma",
    "formulaic",
    "interface-meta",
)
#: The served dependencies of LESSON_PACKAGES, named when installing without dependencies.
NO_DEPS_EXTRA = ("comm", "jupyterlab-widgets", "psygnal")
#: Front-end extensions the site needs (from this environment's share/jupyter/labextensions).
LABEXTENSIONS = (
    "@jupyter-widgets/jupyterlab-manager",
    "@jupyterlite/pyodide-kernel-extension",
    "anywidget",
    "jupyterlab-plotly",
)

SETUP_TAG = "jupyterlite-setup"
SETUP_NOTE = (
    "# JupyterLite only (added by `make lite`, not in the repository's notebook): install the kit\n"
    "# and the lesson packages from this site. The first run also loads Pyodide (~30 MB).\n"
)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(lock: Path = TEST_LOCK) -> dict[str, str]:
    """``{canonical name: version}`` of the exact pins in ``requirements/test.lock``."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)", line.strip())
        if match:
            pins[_canonical(match[1])] = match[2]
    return pins


def setup_cell_source(lesson: str, *, no_deps: bool = False) -> str:
    """The code of the cell put in front of ``lesson`` in the site."""
    packages = ("breastcancer_kit", *LESSON_PACKAGES, *EXTRA_PACKAGES.get(lesson, ()))
    if no_deps:  # an assembled offline Pyodide has no numpy/pandas: name the pure deps too
        return SETUP_NOTE + f"%pip install -q --no-deps {' '.join(packages + NO_DEPS_EXTRA)}"
    return SETUP_NOTE + f"%pip install -q {' '.join(packages)}"


def lite_notebook(path: Path, *, no_deps: bool = False) -> dict:
    """The lesson at ``path`` with the setup cell in front of its first code cell."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": "jupyterlite-setup",
        "metadata": {"tags": [SETUP_TAG]},
        "outputs": [],
        "source": setup_cell_source(path.stem, no_deps=no_deps),
    }
    first_code = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    nb["cells"].insert(first_code, cell)
    return nb


def _run(cmd: list[str], **kwargs) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def kit_wheel(dest: Path) -> Path:
    """Build the kit's wheel into ``dest`` (offline: no build isolation).

    One build at a time (a lock file in build/): setuptools writes build/ and the egg-info in
    the source tree, and two builds at once (test workers) broke each other.
    """
    for old in dest.glob("breastcancer_kit-*.whl"):
        old.unlink()
    lock_path = REPO / "build" / ".kit-wheel.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
             "-w", str(dest), str(REPO)],
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
            capture_output=True,
        )
    (wheel,) = dest.glob("breastcancer_kit-*.whl")
    return wheel


def pure_wheel(name: str, version: str, cache: Path) -> Path:
    """A py3-none-any wheel of ``name==version``: from the cache, the registry, or its sdist."""
    stem = f"{_canonical(name).replace('-', '_')}-{version}-"
    found = [p for p in cache.glob("*.whl") if p.name.lower().startswith(stem)]
    if found:
        return found[0]
    pip = [sys.executable, "-m", "pip"]
    quiet = ["-q", "--disable-pip-version-check"]
    try:
        _run([*pip, "download", *quiet, "--no-deps", "--only-binary=:all:", "--platform", "any",
              "--python-version", "3.14", "--implementation", "py", "--abi", "none",
              "-d", str(cache), f"{name}=={version}"])
    except subprocess.CalledProcessError:  # sdist only (autograd-gamma): build it here
        _run([*pip, "wheel", *quiet, "--no-deps", "--no-build-isolation", "-w", str(cache),
              f"{name}=={version}"])
    found = [p for p in cache.glob("*.whl") if p.name.lower().startswith(stem)]
    if not found or not found[0].name.endswith("-none-any.whl"):
        raise SystemExit(f"error: no pure-Python wheel for {name}=={version} in {cache}")
    return found[0]


def labextension_dirs() -> list[Path]:
    """The front-end extensions of this environment that the site ships."""
    root = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    dirs = [root / name for name in LABEXTENSIONS]
    missing = [str(d) for d in dirs if not (d / "package.json").is_file()]
    if missing:
        raise SystemExit(f"error: labextensions missing (install the lock): {missing}")
    return dirs


def build(output: Path, local_pyodide: Path | None = None) -> Path:
    """Build the site into ``output``; return it."""
    output = output.resolve()
    lite_dir = CACHE / ("src-local" if local_pyodide else "src")
    wheels = CACHE / "wheels"
    site_wheels = lite_dir / "wheels"
    shutil.rmtree(lite_dir, ignore_errors=True)
    for folder in (wheels, site_wheels, lite_dir / "files"):
        folder.mkdir(parents=True, exist_ok=True)

    versions = locked_versions()
    shutil.copy2(kit_wheel(CACHE), site_wheels)
    for name in SITE_WHEELS:
        shutil.copy2(pure_wheel(name, versions[_canonical(name)], wheels), site_wheels)

    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = lite_notebook(path, no_deps=local_pyodide is not None)
        (lite_dir / "files" / path.name).write_text(json.dumps(nb, indent=1), encoding="utf-8")

    if local_pyodide is not None:
        shutil.copytree(local_pyodide, lite_dir / "static" / "pyodide")

    # No PyPI fallback: the browser installs only what this site serves (and Pyodide's own).
    (lite_dir / "jupyter-lite.json").write_text(
        json.dumps({
            "jupyter-lite-schema-version": 0,
            "jupyter-config-data": {
                "appName": "breastcancer_kit lessons",
                "litePluginSettings": {KERNEL_PLUGIN: {"disablePyPIFallback": True}},
            },
        }, indent=2),
        encoding="utf-8",
    )
    (lite_dir / "jupyter_lite_config.json").write_text(
        json.dumps({
            "LiteBuildConfig": {
                "contents": ["files"],
                "output_dir": str(output),
                # only the extensions listed here, not every one in this environment (Voila's)
                "ignore_sys_prefix": ["federated_extensions"],
                "federated_extensions": [str(d) for d in labextension_dirs()],
                "no_sourcemaps": True,
            },
            "PipliteAddon": {"piplite_urls": ["wheels"]},
        }, indent=2),
        encoding="utf-8",
    )
    shutil.rmtree(output, ignore_errors=True)
    jupyter = Path(sys.executable).with_name("jupyter")
    _run([str(jupyter), "lite", "build"], cwd=lite_dir)
    (output / ".nojekyll").touch()  # GitHub Pages: serve the files as they are
    return output


def main(argv: list[str] | None = None) -> int:
    """Command line: build the site and say where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--local-pyodide", type=Path, default=None,
                        help="an assembled Pyodide folder to serve instead of the CDN one")
    args = parser.parse_args(argv)
    out = build(args.output, args.local_pyodide)
    print(f"==> JupyterLite site in {out} (serve it with any static web server)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
