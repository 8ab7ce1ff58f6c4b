"""Real-browser fixtures: Voila serves a lesson, Debian Chromium (driven by Playwright) loads it.

Playwright's own browser download does not work here (and is never needed): we drive the system
Chromium. Everything that waits has a timeout, so a stalled kernel fails the test instead of
hanging CI.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
APT_HINT = "apt-get update && apt-get install -y chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # needed when running as root (CI containers)
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # No internet in tests: every host but the local server fails at once instead of hanging.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

SERVER_START_TIMEOUT = 60  # s; Voila is usually up in about 3 s
SERVER_STOP_TIMEOUT = 15  # s; then SIGKILL
PAGE_TIMEOUT_MS = 60_000  # default for every Playwright action and expect()


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def _missing_browser(reason: str) -> None:
    message = f"{reason}. Install Debian Chromium with: {APT_HINT}"
    # In CI a silently skipped browser suite would look green: fail instead.
    if _flag("CI") or _flag("BCK_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One headless Debian Chromium for the whole session."""
    if not CHROMIUM.exists():
        _missing_browser(f"{CHROMIUM} not found")
    # The crash reporter writes under ~/.config even with a temp profile: use a temp HOME.
    home = tmp_path_factory.mktemp("chromium-home")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    env["XDG_CACHE_HOME"] = str(home / ".cache")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            env=env,
            timeout=60_000,
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest, artifacts_dir: Path) -> Iterator[object]:
    """A fresh page (own context: no cookies shared between tests).

    On failure: a screenshot, and the page's console messages, uncaught errors (JavaScript
    errors in widget views show only there) and widget messages in test-artifacts/.
    """
    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    tab = context.new_page()
    start = time.monotonic()
    console: list[str] = []

    def note(kind: str, text: str) -> None:
        console.append(f"{time.monotonic() - start:7.2f}s {kind}: {text}")

    def watch(ws) -> None:  # widget traffic (comm messages), a line each, for failure dumps
        for event, arrow in (("framereceived", "kernel->page"), ("framesent", "page->kernel")):
            ws.on(event, lambda payload, arrow=arrow: _note_comm(note, arrow, payload))

    tab.on("console", lambda message: note(message.type, message.text))
    tab.on("pageerror", lambda error: note("pageerror", str(error)))
    tab.on("websocket", watch)
    try:
        yield tab
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            tab.screenshot(path=str(artifact_path(artifacts_dir, request.node.name, "-failed.png")))
            artifact_path(artifacts_dir, request.node.name, "-console.log").write_text(
                "\n".join(console) + "\n", encoding="utf-8"
            )
        context.close()


def _note_comm(note: Callable[[str, str], None], arrow: str, payload: str | bytes) -> None:
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8", "replace")
    if '"comm_msg"' not in payload and '"comm_open"' not in payload:
        return
    data = payload[payload.find('"data"') :] if '"data"' in payload else payload
    note(arrow, re.sub(r"\s+", " ", data)[:400])


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keep the call-phase report on the item so the page fixture knows whether the test failed.
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def artifact_path(artifacts_dir: Path, test_name: str, suffix: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name).strip("_")
    return artifacts_dir / f"{safe}{suffix}"


@pytest.fixture
def save_screenshot(request: pytest.FixtureRequest, artifacts_dir: Path) -> Callable[..., Path]:
    """Return ``save(page, suffix="")`` that writes test-artifacts/<test-name><suffix>.png."""

    def save(tab, suffix: str = "") -> Path:
        path = artifact_path(artifacts_dir, request.node.name, f"{suffix}.png")
        tab.screenshot(path=str(path), full_page=True)
        return path

    return save


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    """PIDs whose parent is ``pid`` (Linux /proc). Kernels run in their own session."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class VoilaProcess:
    """One Voila server on 127.0.0.1 with token auth, logging to a file."""

    def __init__(self, notebook: Path, log_path: Path, jupyter_dirs: dict[str, str]) -> None:
        self.notebook = notebook
        self.log_path = log_path
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        env = {**os.environ, **jupyter_dirs}
        cmd = [
            sys.executable,
            "-m",
            "voila",
            str(notebook),
            "--no-browser",
            f"--port={self.port}",
            "--Voila.ip=127.0.0.1",
            "--Voila.port_retries=0",  # the port we picked, or fail (and retry with another)
            f"--Voila.token={self.token}",
            # Show real tracebacks in the page so tests (and screenshots) can see errors.
            "--show_tracebacks=True",
            # notebook 7.6 (installed for Binder's `pip check`) ships a lab extension built for
            # JupyterLab 4.6 that Voila 0.5's 4.2 front end cannot load (console error
            # RUNTIME-012 on every page): Voila has no use for it.
            "--VoilaConfiguration.extension_denylist=['@jupyter-notebook/lab-extension']",
        ]
        self.log = log_path.open("ab")
        self.log.write(f"$ {' '.join(cmd)}\n".encode())
        self.log.flush()
        self.proc = subprocess.Popen(
            cmd,
            cwd=notebook.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: teardown can signal all of it
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the port accepts connections; False if Voila exited first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                # A TCP probe, not an HTTP GET: GET / would start (and leak) a kernel.
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                time.sleep(0.2)
        return False

    def stop(self) -> None:
        kernels = _children(self.proc.pid)
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # Voila shuts its kernels down on SIGTERM
            try:
                self.proc.wait(timeout=SERVER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=SERVER_STOP_TIMEOUT)
        for pid in kernels:  # only kernels this Voila started, if its shutdown missed any
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


@pytest.fixture(scope="session")
def voila_server(
    notebooks_dir: Path, artifacts_dir: Path, jupyter_dirs_factory
) -> Iterator[Callable[[str | Path], str]]:
    """Return ``start(notebook) -> url`` (the URL carries the auth token).

    ``notebook`` is a file name in notebooks/ (or a path, for fixture self-tests). One server per
    notebook, reused for the session and stopped at the end. Logs: test-artifacts/voila-*.log.
    """
    servers: dict[Path, VoilaProcess] = {}

    def start(notebook: str | Path) -> str:
        path = Path(notebook) if Path(notebook).is_absolute() else notebooks_dir / notebook
        if not path.is_file():
            pytest.fail(f"notebook to serve not found: {path}")
        if path in servers:
            return servers[path].url
        log_path = artifacts_dir / f"voila-{path.stem}.log"
        log_path.unlink(missing_ok=True)
        for _attempt in range(3):  # another process may grab the free port before Voila binds it
            server = VoilaProcess(path, log_path, jupyter_dirs_factory("voila-jupyter"))
            if server.wait_ready(SERVER_START_TIMEOUT):
                servers[path] = server
                return server.url
            server.stop()
        pytest.fail(f"Voila did not start for {path.name}; see {log_path}")

    yield start
    for server in servers.values():
        server.stop()
