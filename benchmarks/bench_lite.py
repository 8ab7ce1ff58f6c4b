"""JupyterLite: time to first executed cell, and to lesson 00 done, in headless Chromium.

    python benchmarks/bench_lite.py [--runs 2] [--keep]

Builds the site with an offline Pyodide (tools/assemble_pyodide.py: the npm ``pyodide`` core
plus pure-Python wheels, since Pyodide's CDN is out of reach here), serves it on 127.0.0.1,
opens lesson 00 in a fresh browser profile each run, runs all cells and prints:

* page: JupyterLab's notebook view shown;
* kernel idle: Pyodide and the kernel started (micropip, IPython), before any cell runs;
* first cell: the first code cell (the site's ``%pip install`` cell) has run, which includes
  starting Pyodide, the kernel and installing the kit; this is what a student waits for;
* lesson done: the last cell has run, with the staged case (IIB) on the page.

Every request the page makes goes to 127.0.0.1 (checked). With the real site the first run
also downloads Pyodide's numpy, pandas and pyarrow from its CDN (~25 MB), which this figure
does not include. Needs /usr/bin/chromium; about a minute per run on 2 busy cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from assemble_pyodide import assemble  # noqa: E402
from build_lite import build  # noqa: E402
from lite_server import serve  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]  # fmt: skip
TIMEOUT_MS = 600_000


def run_once(browser, url: str) -> dict[str, float]:
    """Open lesson 00, run all cells, return the three times in seconds."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []
    page.on("request", lambda r: urlparse(r.url).hostname not in ("127.0.0.1", None)
            and outside.append(r.url))  # fmt: skip
    start = time.monotonic()
    page.goto(url + "lab/index.html?path=00_start_here.ipynb")
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    cells.first.wait_for()
    shown = time.monotonic() - start
    page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first.wait_for()
    kernel = time.monotonic() - start
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    cells.first.locator(".jp-InputPrompt", has_text="[1]").wait_for()
    first = time.monotonic() - start
    count = cells.count()
    cells.nth(count - 1).locator(".jp-InputPrompt", has_text=f"[{count}]").wait_for()
    page.locator(".jp-OutputArea-output", has_text="IIB - early").first.wait_for()
    done = time.monotonic() - start
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    if errors.count():
        raise SystemExit(f"error output in lesson 00: {errors.first.inner_text()[:500]}")
    context.close()
    if outside:
        raise SystemExit(f"requests left 127.0.0.1: {outside[:5]}")
    return {"page": shown, "kernel idle": kernel, "first cell": first, "lesson done": done}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the built site")
    args = parser.parse_args()
    t0 = time.monotonic()
    pyodide = assemble()
    with tempfile.TemporaryDirectory(prefix="bck-lite-") as tmp:
        site = build(Path(tmp) / "site", local_pyodide=pyodide)
        print(f"site built in {time.monotonic() - t0:.1f} s (assembly included)", flush=True)
        results = []
        with serve(site) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            try:
                for i in range(args.runs):
                    r = run_once(browser, url)
                    results.append(r)
                    print(f"run {i + 1}: " + ", ".join(f"{k} {v:.1f} s" for k, v in r.items()),
                          flush=True)
            finally:
                browser.close()
        if args.keep:
            import shutil

            shutil.copytree(site, ROOT / "build" / "lite-local", dirs_exist_ok=True)
    print("load average (1, 5, 15 min) at the end: {:.1f} {:.1f} {:.1f} on {} cores".format(
        *os.getloadavg(), os.cpu_count()))
    for key in results[0]:
        values = [r[key] for r in results]
        print(f"{key:>12}: median {statistics.median(values):.1f} s "
              f"(min {min(values):.1f}, max {max(values):.1f}, {len(values)} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
