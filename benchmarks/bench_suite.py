"""Where the test suite's time goes: wall time, busy cores and CPU by kind of process.

Goal (issue 10): the whole ``make test`` under 3 minutes on the project's 2-core machine.
The machine's speed changes through a day, so this prints its speed first (a fixed Python
loop), then runs the command while it samples ``/proc`` once a second, then prints:

* the wall time and the CPU the whole machine used meanwhile (``/proc/stat``), as busy
  cores on average: near 2 of 2 means the suite waits on the CPU, and only less work (or
  a faster machine) makes it faster; well under 2, it waits on something else;
* the CPU it could count by kind of process (Chromium, test workers, kernels, servers, ...),
  as seconds and as shares of what it counted: each process (a pid and its start time) from
  its first sample to its last, named by the first command line seen. A process that lives
  less than a second is missed, and so is the last second of each one; one that was running
  before the command counts only what it used during it.

Linux only. Usage::

    python benchmarks/bench_suite.py                      # make test PYTEST_ARGS=-q
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


def processes() -> dict[tuple[int, int], tuple[str, float]]:
    """``{(pid, start time): (command line, CPU seconds so far)}`` for every readable process.

    The start time tells a reused pid from the process that had it; the command line may be
    empty (a process that ended and waits for its parent, or a kernel thread): then its name.
    """
    found = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        name = stat[stat.find("(") + 1 : stat.rfind(")")]
        after = stat[stat.rfind(")") + 2 :].split()  # fields 3 on: state, ppid, ...
        cpu = (int(after[11]) + int(after[12])) / HZ  # utime, stime: fields 14, 15
        found[int(entry.name), int(after[19])] = (cmd.strip()[:400] or f"[{name}]", cpu)
    return found


def kind(cmd: str) -> str:
    for name, pattern in KINDS:
        if pattern.search(cmd):
            return name
    return "other"


class Sampler(threading.Thread):
    """Each process's CPU from its first sample to its last, once a second, until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        now = processes()
        self.first = {key: cpu for key, (_, cpu) in now.items()}  # already running: baseline
        self.names = {key: cmd for key, (cmd, _) in now.items()}
        self.last = dict(self.first)
        self.done = threading.Event()

    def sample(self) -> None:
        for key, (cmd, cpu) in processes().items():
            self.first.setdefault(key, 0.0)  # started during the command: from zero
            if self.names.setdefault(key, cmd).startswith("[") and not cmd.startswith("["):
                self.names[key] = cmd  # first seen before it had its command line
            self.last[key] = cpu

    def run(self) -> None:
        while not self.done.wait(1.0):
            self.sample()
        self.sample()  # once more after the command

    def by_kind(self) -> Counter[str]:
        used: Counter[str] = Counter()
        for key, cpu in self.last.items():
            if key[0] != os.getpid():  # not this benchmark's own sampling
                used[kind(self.names[key])] += cpu - self.first[key]
        return used


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "command", nargs="*", help="the command to time (default: make test PYTEST_ARGS=-q)"
    )
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
    print(f"by kind of process: {counted:.0f} s counted (not processes of under a second, nor")
    print("each one's last second), shares of that:")
    for name, seconds_used in used.most_common():
        print(f"  {seconds_used:7.1f} s  {100 * seconds_used / counted:5.1f} %  {name}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
