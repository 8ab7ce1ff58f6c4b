"""The JupyterLite site: built once, its contents checked, served on 127.0.0.1, opened in Chromium.

``make test`` only (browser marker): the build takes ~15-40 s on 2 busy cores. It fetches the
lessons' pure-Python wheels from the package registry the first time (cached in
build/lite-cache/wheels). The lighter browser check here opens the site and lesson 00 and
checks that nothing but Pyodide's CDN is asked for; running lesson 00 in a kernel needs an
assembled Pyodide (~1 min): that is ``make bench-lite`` (benchmarks/bench_lite.py), which
also prints the time to the first executed cell.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from packaging.requirements import Requirement
from playwright.sync_api import expect

pytest.importorskip("jupyterlite_core", reason="the lite extra is not installed")
from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
KIT_VERSION = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build_lite = _tool("build_lite")
lite_server = _tool("lite_server")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_lite.build(tmp_path_factory.mktemp("lite") / "site")


def _code(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_site_holds_every_lesson_with_one_setup_cell_in_front(site: Path, notebooks_dir: Path):
    lessons = sorted(p.name for p in notebooks_dir.glob("*.ipynb"))
    assert len(lessons) >= 7
    assert sorted(p.name for p in (site / "files").glob("*.ipynb")) == lessons
    listed = json.loads((site / "api" / "contents" / "all.json").read_text())["content"]
    assert sorted(item["name"] for item in listed if item["type"] == "notebook") == lessons
    for name in lessons:
        source = json.loads((notebooks_dir / name).read_text())
        served = json.loads((site / "files" / name).read_text())
        setup, *rest = _code(served)
        assert rest == _code(source), f"{name}: the lesson's own cells changed"
        assert re.search(r"^%pip install -q breastcancer_kit plotly ipywidgets anywidget", setup,
                         re.M), setup
        assert ("lifelines" in setup) is (name == "06_real_cohort.ipynb")
        first_code = next(c for c in served["cells"] if c["cell_type"] == "code")
        assert first_code["metadata"]["tags"] == ["jupyterlite-setup"]


def test_site_serves_the_kit_and_every_package_the_setup_cells_install(site: Path):
    index = json.loads((site / "pypi" / "all.json").read_text())
    names = {re.sub(r"[-_.]+", "-", n).lower() for n in build_lite.SITE_WHEELS}
    assert set(index) == names | {"breastcancer-kit"}
    locked = build_lite.locked_versions()  # the versions the lessons are tested with
    for name, project in index.items():
        ((version, files),) = project["releases"].items()
        assert version == locked.get(name, KIT_VERSION), (name, version)
        (wheel,) = files
        assert wheel["filename"].endswith("-py3-none-any.whl"), wheel["filename"]
        assert (site / "pypi" / wheel["filename"]).is_file()
    # every package a setup cell names is served here (or is Pyodide's own)
    for nb in (site / "files").glob("*.ipynb"):
        setup = _code(json.loads(nb.read_text()))[0]
        for line in setup.splitlines():
            if line.startswith("%pip install"):
                for pkg in line.split()[3:]:
                    assert re.sub(r"[-_.]+", "-", pkg).lower() in index, (nb.name, pkg)


def test_kit_wheel_in_the_site_requires_ranges_only(site: Path):
    (wheel,) = (site / "pypi").glob("breastcancer_kit-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(meta_name).decode())
        assert any(n.endswith("data/anatomic_stage_groups.csv") for n in zf.namelist())
    unconditional = [r for r in meta.get_all("Requires-Dist") if "extra ==" not in r]
    assert sorted(re.split(r"[<>=!~ ;]", r)[0] for r in unconditional) == [
        "numpy", "pandas", "pyarrow"
    ]
    # piplite cannot install exact pins of the Jupyter stack: the kit has none at all
    requirements = [Requirement(r) for r in meta.get_all("Requires-Dist")]
    assert not [r for r in requirements if any(s.operator in ("==", "===") for s in r.specifier)]


def test_site_settings_no_pypi_fallback_and_pyodide_from_its_cdn(site: Path):
    config = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"][KERNEL_PLUGIN]
    assert kernel["disablePyPIFallback"] is True
    assert "pyodideUrl" not in kernel  # the kernel's default: Pyodide's CDN
    schema = site / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"
    schema = json.loads((schema / "schema" / "kernel.v0.schema.json").read_text())
    assert schema["properties"]["pyodideUrl"]["default"] == PYODIDE_CDN + "pyodide.mjs"
    extensions = {e["name"] for e in config["federated_extensions"]}
    assert extensions == {
        "@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension",
        "anywidget", "jupyterlab-plotly",
    }


def test_site_opens_lesson00_in_chromium_and_asks_only_for_pyodide_cdn(site: Path, page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    with lite_server.serve(site) as url:
        assert urlparse(url).hostname == "127.0.0.1"
        page.goto(url + "lab/index.html?path=00_start_here.ipynb")
        notebook = page.locator(".jp-Notebook")
        expect(notebook.locator(".jp-CodeCell").first).to_contain_text(
            "%pip install -q breastcancer_kit"
        )
        expect(notebook).to_contain_text("breastcancer_kit: start here")
        listing = page.locator(".jp-DirListing-content")
        for name in ("00_start_here", "06_real_cohort"):
            expect(listing).to_contain_text(name)
        # the kernel starts with the notebook: its only request outside is Pyodide's CDN
        for _ in range(60):
            if any(urlparse(u).hostname != "127.0.0.1" for u in requests):
                break
            page.wait_for_timeout(500)
        page.wait_for_timeout(1000)  # and whatever follows it at once
    outside = [u for u in requests if urlparse(u).hostname != "127.0.0.1"]
    assert outside, "the kernel never asked for Pyodide"
    assert all(u.startswith(PYODIDE_CDN) for u in outside), outside
