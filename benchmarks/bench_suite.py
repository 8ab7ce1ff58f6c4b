"""Where the test suite's time goes: wall time, busy cores and CPU by kind of process.

Goal (issue 10): the whole ``make test`` under 3 minutes on the project's 2-core machine.
The machine's speed changes through a day, so this prints its speed first (a fixed Python
loop), then runs the command while it samples ``/proc`` once a second, then prints:

* the wall time and the CPU the whole machine used meanwhile (``/proc/stat``), as busy
  cores on average: near 2 of 2 means the suite waits on the CPU, and only less work (or
  a faster machine) makes it faster; well under 2, it waits on something else;
* that CPU by kind of process (Chromium, test workers, kernels, servers, ...), each process
  counted from its first sample (a process that lives less than a second is missed; one
  that was running before the command counts only what it used during it).

Linux only. Usage::

    python benchmarks/bench_suite.py                      # make test
    python benchmarks/bench_suite.py -- make quick        # any command
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

PROC = Path("/proc")
HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
LOOP_STEPS = 20_000_000  # about 1.3 s on a usual day of the project's machine
KINDS = (  # (kind, pattern in the command line), first match wins
    ("Chromium", re.compile(r"chrom")),
    ("kernels", re.compile(r"ipykernel")),
    ("Voila servers", re.compile(r"voila")),
    ("JupyterLab servers", re.compile(r"jupyterlab|jupyter-lab")),
    ("JupyterHub and its proxy", re.compile(r"jupyterhub|configurable-http-proxy")),
    ("Playwright driver (node)", re.compile(r"playwright/driver|(^|/)node ")),
    ("test workers (xdist)", re.compile(r"exec\(eval\(sys\.stdin\.readline")),
    ("pytest controller", re.compile(r"pytest")),
)


def machine_speed() -> float:
    """Seconds for a fixed pure-Python loop (the figure the notes compare days by)."""
    start = time.perf_counter()
    total = 0
    for i in range(LOOP_STEPS):
        total += i
    return time.perf_counter() - start


def busy_ticks() -> int:
    """Clock ticks the whole machine spent busy (user, nice, system, irq, softirq)."""
    fields = (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[:7])
    return user + nice + system + irq + softirq


def processes() -> dict[tuple[int, str], float]:
    """``{(pid, command line): CPU seconds so far}`` for every readable process."""
    found = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        after = stat[stat.rfind(")") + 2 :].split()
        found[int(entry.name), cmd[:400]] = (int(after[11]) + int(after[12])) / HZ
    return found


def kind(cmd: str) -> str:
    for name, pattern in KINDS:
        if pattern.search(cmd):
            return name
    return "other" if cmd.strip() else "other (ended, name gone)"


class Sampler(threading.Thread):
    """Each process's CPU from its first sample on, once a second, until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.first: dict[tuple[int, str], float] = processes()  # already running: baseline
        self.last: dict[tuple[int, str], float] = dict(self.first)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            for key, cpu in processes().items():
                self.first.setdefault(key, 0.0)  # started during the command: from zero
                self.last[key] = max(cpu, self.last.get(key, 0.0))

    def by_kind(self) -> Counter[str]:
        used: Counter[str] = Counter()
        for key, cpu in self.last.items():
            if key[0] != os.getpid():  # not this benchmark's own sampling
                used[kind(key[1])] += cpu - self.first[key]
        return used


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", nargs="*", help="the command to time (default: make test)")
    args = parser.parse_args()
    if not (PROC / "stat").is_file():
        print("error: this benchmark reads /proc (Linux only)", file=sys.stderr)
        return 2
    command = args.command or ["make", "test", "PYTEST_ARGS=-q"]
    print(f"machine speed: a {LOOP_STEPS:,}-step Python loop takes {machine_speed():.2f} s")
    print(f"running: {' '.join(command)}", flush=True)
    sampler = Sampler()
    ticks, start = busy_ticks(), time.monotonic()
    sampler.start()
    try:
        rc = subprocess.call(command)
    except FileNotFoundError as err:
        print(f"error: cannot run {command[0]!r}: {err.strerror}", file=sys.stderr)
        return 2
    finally:
        sampler.done.set()
        sampler.join()
    wall = time.monotonic() - start
    cpu = (busy_ticks() - ticks) / HZ
    cores = os.cpu_count() or 1
    minutes, seconds = divmod(round(wall), 60)
    print(f"\nexit status {rc}; wall {minutes}:{seconds:02d} ({wall:.0f} s)")
    print(f"machine CPU {cpu:.0f} s: {cpu / wall:.2f} of {cores} cores busy on average")
    used = sampler.by_kind()
    counted = sum(used.values()) or 1.0
    print(f"by kind of process ({counted:.0f} s counted; processes of under a second missed):")
    for name, seconds_used in used.most_common():
        print(f"  {seconds_used:7.1f} s  {100 * seconds_used / counted:5.1f} %  {name}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
