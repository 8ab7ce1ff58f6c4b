"""A class opening a lesson at once: page time and kernel memory for N concurrent loads.

    python benchmarks/bench_class_load.py [--lesson 01_tnm_and_stage_groups] [--sizes 1 5 10 20 30]
        [--client protocol|browser|both] [--classic] [--warm]

Serves the lesson with ``breastcancer-kit serve``'s own Voila command (127.0.0.1, token in the
environment, culling on) and opens N pages at once. Two kinds of student:

- ``protocol`` (the server's share of the work, as in a class where each student's browser
  runs on the student's own machine): each student fetches the page (a new kernel), asks Voila
  to run the lesson over its execution websocket and reads every cell's output, as the
  progressive page does (``--classic``: Voila runs the lesson before sending the page), then
  opens the kernel's websocket and asks for every widget's state, as the page's widget
  manager does. Time: until the states arrive.
- ``browser``: N headless Debian Chromium pages on this same machine (server and every
  student's browser sharing its cores). Time: until every page shows its charts.

``--warm``: served as ``breastcancer-kit serve --warm N --warm-lesson LESSON`` for a class of N
(a pool of N kernels runs the lesson before the class arrives); the round starts once every pool
kernel has run it (the server quiet for 2 s), and the time and server CPU that took are printed.

Printed per N: first and last student, the server's CPU seconds (Voila and kernels) per
student, and the resident memory of each kernel (mean and max). Each round gets a fresh
server.
``--memory-lessons 02 03`` then opens each of those lessons alone (one kernel each) and prints
a table of kernel memory per lesson.
Needs /usr/bin/chromium (see the README); takes a few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from playwright.async_api import async_playwright
from tornado.httpclient import AsyncHTTPClient
from tornado.websocket import websocket_connect

from breastcancer_kit import serving

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]  # fmt: skip



def kernel_rss_mib(server_pid: int) -> list[float]:
    """Resident memory of each kernel the server started (Linux /proc)."""
    sizes = []
    for pid in serving.child_pids(server_pid, b"ipykernel"):
        with contextlib.suppress(OSError, StopIteration, ValueError):
            status = Path(f"/proc/{pid}/status").read_text()
            kb = next(int(line.split()[1]) for line in status.splitlines()
                      if line.startswith("VmRSS"))  # fmt: skip
            sizes.append(kb / 1024)
    return sizes


async def load(browser, url: str, start: float, charts: int = 1) -> tuple[float, object]:
    """Open one page; the time until its ``charts``-th chart is drawn."""
    page = await browser.new_page(viewport={"width": 1280, "height": 720})
    page.set_default_timeout(600_000)
    await page.goto(url, wait_until="domcontentloaded")
    await page.locator(".js-plotly-plot").nth(charts - 1).wait_for()
    took = time.perf_counter() - start
    return took, page


async def one_page(url: str, server_pid: int) -> tuple[float, int, float]:
    """One page alone: time to its first chart, its chart count once quiet, its kernel's RSS."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        took, page = await load(browser, url, time.perf_counter())
        await page.wait_for_load_state("networkidle")
        await asyncio.sleep(3)
        charts = await page.locator(".js-plotly-plot").count()
        rss = kernel_rss_mib(server_pid)
        await browser.close()
    return took, charts, max(rss, default=0.0)


async def round_of(n: int, url: str, server_pid: int, charts: int) -> str:
    """N pages at once: first and last page time, kernel memory (mean and max)."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        start = time.perf_counter()
        results = await asyncio.gather(*(load(browser, url, start, charts) for _ in range(n)))
        times = sorted(t for t, _ in results)
        await asyncio.sleep(1)  # let the kernels settle after their last output
        rss = kernel_rss_mib(server_pid)
        await browser.close()
    return (
        f"N={n:>2} browser: first page {times[0]:5.1f} s, last page {times[-1]:5.1f} s; "
        f"{len(rss)} kernels, {sum(rss) / max(len(rss), 1):.0f} MiB mean, "
        f"{max(rss, default=0):.0f} MiB max"
    )


def server_cpu_seconds(server_pid: int) -> float:
    """CPU time (user + system, children included) of the server and its kernels so far."""
    pids = [server_pid, *serving.child_pids(server_pid)]
    return sum(serving.cpu_seconds(pid, children=True) for pid in pids)


def _message(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> str:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
              "username": "student", "date": "", "version": "5.3"}  # fmt: skip
    return json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {},
                       "content": content, "channel": "shell", "buffers": []})  # fmt: skip


def _decode(frame: str | bytes) -> dict:
    """A kernel websocket frame (JSON text, or the binary form with buffers) as a message."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i : 8 + 4 * i], "big") for i in range(count)]
    return json.loads(frame[offsets[0] : offsets[1] if count > 1 else None])


async def run_cells(base: str, kernel_id: str, token: str) -> None:
    """Ask Voila to run the lesson, as the progressive page does; return after its last cell."""
    ws = await websocket_connect(
        f"{base.replace('http', 'ws', 1)}/voila/execution/{kernel_id}?token={token}"
    )
    ws.write_message(json.dumps({"action": "execute", "payload": {"kernel_id": kernel_id}}))
    while True:
        frame = await ws.read_message()
        if frame is None:
            raise RuntimeError("the execution websocket closed before the last cell")
        msg = json.loads(frame)
        if msg.get("action") == "execution_error":
            raise RuntimeError(f"Voila refused to run the lesson: {msg['payload']}")
        payload = msg.get("payload", {})
        if msg.get("action") == "execution_result" and (
            payload["cell_index"] == payload["total_cell"] - 1
        ):
            ws.close()
            return


async def protocol_student(url: str, start: float, progressive: bool = True) -> float:
    """One student as the server sees it: the page, then every widget's state (seconds)."""
    page = await AsyncHTTPClient().fetch(url, request_timeout=900, connect_timeout=900)
    kernel_id = re.search(rb'"kernelId":\s*"([0-9a-f-]+)"', page.body).group(1).decode()
    base, token = url.partition("/voila/render/")[0], url.rsplit("token=", 1)[1]
    if progressive:
        await run_cells(base, kernel_id, token)
    ws = await websocket_connect(
        f"{base.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels?token={token}"
    )
    session, comm_id = uuid.uuid4().hex, uuid.uuid4().hex
    # The widget control channel (ipywidgets 8's protocol 1.0), as the page's manager opens it.
    ws.write_message(_message("comm_open", {"comm_id": comm_id, "data": {},
                                            "target_name": "jupyter.widget.control"}, session,
                              {"version": "1.0.0"}))  # fmt: skip
    ws.write_message(_message("comm_msg", {"comm_id": comm_id,
                                           "data": {"method": "request_states"}}, session))
    while True:
        frame = await ws.read_message()
        if frame is None:
            raise RuntimeError("the kernel's websocket closed before the widget states came")
        msg = _decode(frame)
        data = msg.get("content", {}).get("data") or {}
        if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
            ws.close()
            return time.perf_counter() - start


async def protocol_round(n: int, url: str, server_pid: int, progressive: bool = True) -> str:
    """N protocol students at once: first and last, server CPU per student, kernel memory."""
    AsyncHTTPClient.configure(None, max_clients=max(10, n))  # every student at once
    cpu = server_cpu_seconds(server_pid)
    start = time.perf_counter()
    students = (
        asyncio.wait_for(protocol_student(url, start, progressive), 900) for _ in range(n)
    )
    times = sorted(await asyncio.gather(*students))
    cpu = server_cpu_seconds(server_pid) - cpu
    await asyncio.sleep(1)
    rss = kernel_rss_mib(server_pid)
    return (
        f"N={n:>2} protocol: first {times[0]:5.1f} s, last {times[-1]:5.1f} s; server CPU "
        f"{cpu / n:.2f} s per student; {len(rss)} kernels, "
        f"{sum(rss) / max(len(rss), 1):.0f} MiB mean, {max(rss, default=0):.0f} MiB max"
    )


@contextlib.contextmanager
def serve(progressive: bool = True, warm: int = 0, lesson: str | None = None):
    """``breastcancer-kit serve``'s Voila command on a free port; stopped with its kernels.

    Culling as served (idle kernels of closed pages shut down), with a timeout long enough
    that a kernel still starting on a loaded machine is not culled; each round gets a fresh
    server, so no round inherits the previous one's kernels.
    """
    port = serving.free_port()
    pool = {"warm": warm, "warm_lesson": f"{lesson}.ipynb"} if warm else {}
    cmd = serving.voila_command(ROOT / "notebooks", port=port, cull_idle_seconds=300,
                                cull_interval_seconds=60, progressive=progressive,
                                **pool)  # fmt: skip
    home = tempfile.mkdtemp(prefix="bck-class-load-")
    env = {**os.environ, **cmd.env, "JUPYTER_CONFIG_DIR": f"{home}/c", "JUPYTER_DATA_DIR":
           f"{home}/d", "JUPYTER_RUNTIME_DIR": f"{home}/r", "IPYTHONDIR": f"{home}/i"}  # fmt: skip
    log = Path(home) / "voila.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd.argv, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip
    try:
        started = time.perf_counter()
        serving.wait_for_port(port, timeout=120, proc=proc)
        if warm:
            while b"is filled with" not in log.read_bytes():
                if proc.poll() is not None or time.perf_counter() - started > 900:
                    raise RuntimeError(f"the pool did not fill; see {log}")
                time.sleep(0.2)
            # "Filled" means started: the kernels go on running the lesson. Ready once the
            # server and its kernels have been quiet (under 5 % of a core) for 2 s.
            quiet, cpu = 0, server_cpu_seconds(proc.pid)
            while quiet < 4:
                time.sleep(0.5)
                now = server_cpu_seconds(proc.pid)
                quiet = quiet + 1 if now - cpu < 0.025 else 0
                cpu = now
            print(f"      pool of {warm} ready (every kernel ran the lesson) "
                  f"{time.perf_counter() - started - 2:.1f} s after the start, "
                  f"{server_cpu_seconds(proc.pid):.1f} CPU-s", flush=True)
        token = cmd.env["JUPYTER_TOKEN"]
        yield f"http://127.0.0.1:{port}/voila/render/{{}}.ipynb?token={token}", proc.pid
    finally:
        kernels = serving.child_pids(proc.pid)
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for pid in kernels:  # a kernel in its own session would outlive the server
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    """Run the rounds and print one line per class size, then the per-lesson table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="01_tnm_and_stage_groups")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 5, 10, 20, 30])
    parser.add_argument("--client", choices=["protocol", "browser", "both"], default="both")
    parser.add_argument("--classic", action="store_true",
                        help="Voila's classic page (the lesson runs before the page is sent)")
    parser.add_argument("--warm", action="store_true",
                        help="a pool of N kernels runs the lesson first (serve --warm N)")
    parser.add_argument(
        "--memory-lessons",
        nargs="*",
        default=[],
        help="lesson numbers (02 ...) to open alone afterwards, one kernel each",
    )
    args = parser.parse_args()
    progressive = not args.classic and not args.warm
    page = "warm pool of N" if args.warm else "progressive" if progressive else "classic"
    print(f"lesson {args.lesson}, breastcancer-kit serve (Voila, {page} page) on 127.0.0.1, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    for n in args.sizes if args.client != "browser" else []:
        with serve(progressive, warm=n if args.warm else 0, lesson=args.lesson) as (url, pid):
            print(asyncio.run(protocol_round(n, url.format(args.lesson), pid, progressive)),
                  flush=True)  # fmt: skip
    if args.sizes and args.client != "protocol":
        with serve(progressive) as (url, pid):
            _, charts, _ = asyncio.run(one_page(url.format(args.lesson), pid))
        print(f"browser page time: until all {charts} charts of the lesson are drawn", flush=True)
    for n in args.sizes if args.client != "protocol" else []:
        with serve(progressive, warm=n if args.warm else 0, lesson=args.lesson) as (url, pid):
            print(asyncio.run(round_of(n, url.format(args.lesson), pid, charts)), flush=True)
    if args.memory_lessons:
        print(
            f"{'lesson (one kernel each)':<28} {'first chart':>11} {'charts':>6} {'kernel RSS':>10}"
        )
    for number in args.memory_lessons:
        name = next(p.stem for p in (ROOT / "notebooks").glob(f"{number}_*.ipynb"))
        with serve(progressive) as (url, pid):
            took, charts, rss = asyncio.run(one_page(url.format(name), pid))
        print(f"{name:<28} {took:10.1f}s {charts:6d} {rss:6.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
