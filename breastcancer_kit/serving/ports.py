"""Loopback ports and processes of a served lesson.

Pick a free port, wait until a server listens on it, and list the processes a server started
(its kernels), for the tests and benchmarks that stop or measure them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

__all__ = ["child_pids", "free_port", "wait_for_port"]

_LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    Examples
    --------
    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_LOOPBACK, 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60, proc: subprocess.Popen | None = None) -> bool:
    """Wait until ``port`` on 127.0.0.1 accepts connections: True, or False on timeout.

    A TCP probe, not an HTTP request (a GET on Voila would start, and leak, a kernel). With
    ``proc``, False as soon as that process has exited (the server gave up).

    Examples
    --------
    >>> wait_for_port(free_port(), timeout=0.3)
    False
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection((_LOOPBACK, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def child_pids(pid: int, command_contains: bytes | None = None) -> list[int]:
    """PIDs whose parent is ``pid`` (Linux ``/proc``; empty elsewhere).

    With ``command_contains``, only those whose command line holds it (``b"ipykernel"``: a
    server's kernels).

    Examples
    --------
    >>> child_pids(-1)  # no process has that parent
    []
    """
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent != pid:
                continue
            if command_contains is not None:
                if command_contains not in (stat.parent / "cmdline").read_bytes():
                    continue
        except (OSError, IndexError, ValueError):
            continue
        found.append(int(stat.parent.name))
    return found


def cpu_seconds(pid: int, children: bool = False) -> float:
    """User and system CPU seconds of process ``pid`` so far (Linux ``/proc``; 0.0 if gone).

    ``children=True`` adds the children it has waited for (kernels that exited).

    Examples
    --------
    >>> import os
    >>> cpu_seconds(os.getpid()) > 0, cpu_seconds(-1)
    (True, 0.0)
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = sum(int(v) for v in fields[11 : 15 if children else 13])
    except (OSError, IndexError, ValueError):
        return 0.0
    return ticks / os.sysconf("SC_CLK_TCK")
