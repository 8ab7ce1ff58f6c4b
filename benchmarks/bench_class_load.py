"""A class opening a lesson at once: page time and kernel memory for N concurrent loads.

    python benchmarks/bench_class_load.py [--lesson 01_tnm_and_stage_groups] [--sizes 1 5 10 20 30]

Serves the lesson with ``breastcancer-kit serve``'s own Voila command (127.0.0.1, token in the
environment, culling on), opens N pages at once in headless Debian Chromium and prints, per N:
the time until every page shows its charts (first and last page), and the resident memory of
each kernel (mean and max). Pages are closed and their kernels culled between rounds.
Needs /usr/bin/chromium (see the README); takes a few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright

from breastcancer_kit import serving

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kernel_rss_mib(server_pid: int) -> list[float]:
    """Resident memory of each kernel the server started (Linux /proc)."""
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent != server_pid or b"ipykernel" not in (stat.parent / "cmdline").read_bytes():
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        sizes.append(kb / 1024)
    return sizes


async def load(browser, url: str, start: float) -> float:
    page = await browser.new_page(viewport={"width": 1280, "height": 720})
    page.set_default_timeout(600_000)
    await page.goto(url, wait_until="domcontentloaded")
    await page.locator(".js-plotly-plot").first.wait_for()
    took = time.perf_counter() - start
    return took, page


async def round_of(n: int, url: str, server_pid: int) -> None:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        start = time.perf_counter()
        results = await asyncio.gather(*(load(browser, url, start) for _ in range(n)))
        times = sorted(t for t, _ in results)
        rss = kernel_rss_mib(server_pid)
        print(
            f"N={n:>2}: first page {times[0]:5.1f} s, last page {times[-1]:5.1f} s; "
            f"{len(rss)} kernels, {sum(rss) / max(len(rss), 1):.0f} MiB mean, "
            f"{max(rss, default=0):.0f} MiB max",
            flush=True,
        )
        for _, page in results:
            await page.close()
        await browser.close()
    deadline = time.monotonic() + 60
    while kernel_rss_mib(server_pid) and time.monotonic() < deadline:
        await asyncio.sleep(1)


def main() -> None:
    """Run the rounds and print one line per class size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="01_tnm_and_stage_groups")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 10, 20, 30])
    args = parser.parse_args()
    cmd = serving.voila_command(ROOT / "notebooks", port=_free_port(), cull_idle_seconds=2,
                                cull_interval_seconds=1)  # fmt: skip
    home = tempfile.mkdtemp(prefix="bck-class-load-")
    env = {**os.environ, **cmd.env, "JUPYTER_CONFIG_DIR": f"{home}/c", "JUPYTER_DATA_DIR":
           f"{home}/d", "JUPYTER_RUNTIME_DIR": f"{home}/r", "IPYTHONDIR": f"{home}/i"}  # fmt: skip
    proc = subprocess.Popen(cmd.argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        port = int(cmd.url.split(":")[2].split("/")[0])
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        token = cmd.env["JUPYTER_TOKEN"]
        url = f"http://127.0.0.1:{port}/voila/render/{args.lesson}.ipynb?token={token}"
        print(f"lesson {args.lesson}, Voila on 127.0.0.1, {os.cpu_count()} cores")
        for n in args.sizes:
            asyncio.run(round_of(n, url, proc.pid))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
