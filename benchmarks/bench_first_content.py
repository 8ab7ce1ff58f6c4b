"""Time to first content and time to usable, per lesson, in Voila: progressive or not.

    python benchmarks/bench_first_content.py [--loads 2] [--lessons 01 02 05] [--mode both]
        [--browser desktop|headless-shell] [--profile fresh|kept]

Serves notebooks/ with ``breastcancer-kit serve``'s own Voila command, once with
``progressive_rendering`` off (Voila's spinner until every cell has run) and once on (each
cell shown as it runs), opens each lesson in headless Debian Chromium and prints, per lesson
and mode, the median over ``--loads`` fresh page loads of:

* first content: the lesson's title (its first heading) is visible;
* usable: every chart of the page has drawn its data (as many charts as a drawn page holds,
  counted on an uncounted load first), and the last cell's output is there;
* CPU: the seconds of CPU Chromium's processes and the page's kernel spent from the request
  to one second after usable (``/proc``, Linux), so a browser build can be compared by cost:
  ``--browser headless-shell`` is Debian's Chromium headless shell the browser tests run in.

``--profile fresh`` (the default) opens every load in a new browser profile, a student's first
visit; ``--profile kept`` opens them all in one profile, as a student's browser goes from one
lesson to the next (Chromium keeps the scripts it ran compiled: plotly's two 5 MB scripts, once
``breastcancer-kit serve`` serves the widget's as a classic script, see
``breastcancer_kit/plotly_script.py``). With ``kept``, each lesson is loaded twice first, not
counted (per server: each is its own origin): Chromium keeps a script compiled from its
third load on; the load that counts the charts is one of them.

Needs /usr/bin/chromium (or chromium-headless-shell). Run it on a quiet machine: two cores
shared with other jobs can double the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from breastcancer_kit import serving

BROWSERS = {"desktop": "/usr/bin/chromium", "headless-shell": "/usr/bin/chromium-headless-shell"}
CHROMIUM_DIR = "/usr/lib/chromium/"  # where both Debian builds' binaries live
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]  # fmt: skip
# Every chart on the page holds data, and nothing is still waiting to be rendered.
USABLE = """(charts) => {
  const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
  if (plots.length < charts) return false;
  const pending = document.querySelector(
    'script[type="application/vnd.voila.cell-output+json"], #loading');
  const cells = document.querySelectorAll('.jp-Cell');
  const last = cells.length ? cells[cells.length - 1] : null;
  return !pending && last !== null && last.innerText.trim().length > 0 &&
    plots.every((gd) => (gd.data || []).length > 0);
}"""
FIRST = """() => {
  const h = document.querySelector('#rendered_cells h1, .jp-Cell h1');
  return h !== null && h.getBoundingClientRect().height > 0;
}"""



def _serve(progressive: bool, home: Path) -> tuple[subprocess.Popen, str, str]:
    port = serving.free_port()
    cmd = serving.voila_command(NOTEBOOKS, port=port, progressive=progressive,
                                cull_idle_seconds=20, cull_interval_seconds=5)  # fmt: skip
    env = {**os.environ, **cmd.env}
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[var] = str(home / var.lower())
    proc = subprocess.Popen(cmd.argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    serving.wait_for_port(port, timeout=60, proc=proc)
    return proc, f"http://127.0.0.1:{port}", cmd.env["JUPYTER_TOKEN"]


def _cpu_seconds(server_pid: int) -> dict[int, float]:
    """CPU seconds so far of every Chromium process and of the server's kernels, by PID."""
    pids = set(serving.child_pids(server_pid, b"ipykernel"))
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            if cmdline.read_bytes().startswith(CHROMIUM_DIR.encode()):
                pids.add(int(cmdline.parent.name))
    return {pid: serving.cpu_seconds(pid) for pid in pids}


def _kept(browser) -> bool:
    """True for ``--profile kept``: ``browser`` is then one persistent context (one profile)."""
    return not hasattr(browser, "new_context")


def _close(browser, page) -> None:
    (page if _kept(browser) else page.context).close()
    time.sleep(1)  # the page's kernel goes with the page


def _load(browser, url: str, charts: int, server_pid: int):
    """Load ``url`` in a new page; ``(first, usable, charts shown, CPU), page`` (still open)."""
    if _kept(browser):
        page = browser.new_page()
    else:
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    before = _cpu_seconds(server_pid)
    start = time.monotonic()
    page.goto(url, wait_until="commit")
    page.wait_for_function(FIRST, timeout=180_000, polling=50)
    first = time.monotonic() - start
    page.wait_for_function(USABLE, arg=charts, timeout=180_000, polling=100)
    usable = time.monotonic() - start
    shown = page.locator(".js-plotly-plot").count()
    time.sleep(1)
    after = _cpu_seconds(server_pid)
    cpu = sum(t - before.get(pid, 0.0) for pid, t in after.items())
    return (first, usable, shown, cpu), page


def _measure(browser, url: str, charts: int, server_pid: int) -> tuple[float, float, int, float]:
    figures, page = _load(browser, url, charts, server_pid)
    _close(browser, page)
    return figures


DRAWN = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .filter((gd) => (gd.data || []).length > 0).length"""


def _count_charts(browser, url: str, server_pid: int, settle: float = 3.0) -> int:
    """How many charts a fully drawn page of ``url`` holds (uncounted load).

    The number of drawn charts once it has not grown for ``settle`` s after the last cell's
    output: widget charts draw after the text, so a count taken at that moment came short
    (before 2026-12-02 this script counted there, and its "usable" was reached too early).
    """
    _, page = _load(browser, url, 0, server_pid)
    count, since = -1, time.monotonic()
    deadline = since + 120
    while time.monotonic() < deadline:
        now = page.evaluate(DRAWN)
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= settle:
            break
        time.sleep(0.2)
    _close(browser, page)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=2)
    parser.add_argument("--lessons", nargs="*", default=None, help="e.g. 01 05 (default: all)")
    parser.add_argument("--mode", choices=["both", "progressive", "classic"], default="both")
    parser.add_argument("--browser", choices=list(BROWSERS), default="desktop")
    parser.add_argument("--profile", choices=["fresh", "kept"], default="fresh")
    args = parser.parse_args()
    lessons = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if args.lessons:
        lessons = [n for n in lessons if n[:2] in args.lessons]
    modes = {"both": [False, True], "progressive": [True], "classic": [False]}[args.mode]
    rows, charts = [], {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        if args.profile == "kept":
            browser = pw.chromium.launch_persistent_context(
                Path(tmp) / "profile", executable_path=BROWSERS[args.browser], args=ARGS,
                viewport={"width": 1280, "height": 720})  # fmt: skip
        else:
            browser = pw.chromium.launch(executable_path=BROWSERS[args.browser], args=ARGS)
        for progressive in modes:
            proc, base, token = _serve(progressive, Path(tmp) / str(progressive))
            try:
                for name in lessons:
                    url = f"{base}/voila/render/{name}?token={token}"
                    # Kept profile: two uncounted loads first (each server is its own origin),
                    # Chromium keeps a script compiled from its third load on.
                    warm = 2 if args.profile == "kept" else 0
                    if name not in charts:  # one uncounted load counts the drawn charts
                        charts[name] = _count_charts(browser, url, proc.pid)
                        warm -= 1
                    for _ in range(max(warm, 0)):
                        _measure(browser, url, charts[name], proc.pid)
                    runs = [_measure(browser, url, charts[name], proc.pid)
                            for _ in range(args.loads)]  # fmt: skip
                    rows.append((name, "progressive" if progressive else "classic",
                                 statistics.median(r[0] for r in runs),
                                 statistics.median(r[1] for r in runs),
                                 statistics.median(r[3] for r in runs)))  # fmt: skip
                    print(f"{rows[-1][0]:<32} {rows[-1][1]:<11} {charts[name]} charts  first "
                          f"{rows[-1][2]:5.1f} s   usable {rows[-1][3]:5.1f} s   "
                          f"CPU {rows[-1][4]:5.1f} s", flush=True)
            finally:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
        browser.close()
    print(f"\nmedian of {args.loads} fresh loads per lesson, 1280x720, {os.cpu_count()} cores, "
          f"{args.browser} Chromium, {args.profile} profile (CPU: its processes and the page's "
          "kernel)")


if __name__ == "__main__":
    main()
