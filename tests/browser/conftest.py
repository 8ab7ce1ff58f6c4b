"""Real-browser fixtures: Voila serves a lesson, Debian Chromium (driven by Playwright) loads it.

Playwright's own browser download does not work here (and is never needed): we drive the system
Chromium. Everything that waits has a timeout, so a stalled kernel fails the test instead of
hanging CI.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from breastcancer_kit import serving

# Debian's build of Chromium's headless shell ("old headless"): the same Blink and V8 as
# /usr/bin/chromium without the desktop browser around them. A lesson page costs about 30 %
# less CPU in it (benchmarks/bench_first_content.py --browser headless-shell / desktop: lesson
# 02 progressive 2.9 s against 4.2 s), and the browser tests are most of the suite's CPU.
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
APT_HINT = "apt-get update && apt-get install -y chromium-headless-shell"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # needed when running as root (CI containers)
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # One renderer process for the worker's pages: a page after the first reuses the scripts
    # V8 compiled for the one before (Voila's front end, plotly's 5 MB) instead of compiling
    # them again in a new process; a worker has one page at a time (and its JupyterLab page,
    # idle in between). Lesson 02's second Voila load: 3.6 s of Chromium CPU against 6.5 s;
    # the browser suite: 303-371 s of CPU against 317-385 s (2026-12-03, pairs run back to
    # back; the machine's speed changes by the hour).
    "--renderer-process-limit=1",
    # No internet in tests: every host but the local server fails at once instead of hanging.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

SERVER_START_TIMEOUT = 60  # s; Voila is usually up in about 3 s
SERVER_STOP_TIMEOUT = 15  # s; then SIGKILL
PAGE_TIMEOUT_MS = 60_000  # default for every Playwright action and expect()
VIEWPORT = {"width": 1280, "height": 900}  # every test page, Voila's and JupyterLab's


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def _missing_browser(reason: str) -> None:
    message = f"{reason}. Install Debian's Chromium headless shell with: {APT_HINT}"
    # In CI a silently skipped browser suite would look green: fail instead.
    if _flag("CI") or _flag("BCK_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The test worker's one Chromium (Debian's headless shell) and its one browser profile.

    Every test opens its own new page in it (its own kernel, widgets and page state), and the
    pages share the profile's HTTP and compiled-code caches, as a student's browser does from
    one lesson to the next. That cache is most of a page's cost: Chromium compiles plotly's
    two 5 MB scripts again for every page of a fresh profile (about 2.4 s of a core for lesson
    02), and not for a page whose scripts it has kept compiled: from the second load on, as
    the pages share one renderer process (see :data:`CHROMIUM_ARGS`). Each
    server has its own login cookie (its port is in the name), so sharing them changes nothing.
    """
    if not CHROMIUM.exists():
        _missing_browser(f"{CHROMIUM} not found")
    # The crash reporter writes under ~/.config even with a temp profile: use a temp HOME.
    home = tmp_path_factory.mktemp("chromium-home")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    env["XDG_CACHE_HOME"] = str(home / ".cache")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            home / "profile",
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            env=env,
            timeout=60_000,
            viewport=VIEWPORT,
        )
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


# Uncaught page errors that are not the kit's, each with why it is left alone.
KNOWN_PAGE_ERRORS = {
    # JupyterLab 4.6 with the lite extra installed: the Pyodide kernel's lab extension needs
    # JupyterLite's services, which a JupyterLab server has not. Nothing a lesson uses.
    "Shared module @jupyterlite/services doesn't exist": "lite extra in JupyterLab",
    # The JupyterLite site test: Pyodide comes from its CDN, blocked in tests on purpose.
    "cdn.jsdelivr.net/pyodide/": "JupyterLite offline",
    # anywidget's fixed 2 s limit on a model's start: on a page whose main thread is busy
    # longer (3 test workers on 2 cores) any anywidget can hit it. The kit's chart loader
    # returns at once (plotly's code is awaited in render), and the content checks fail a
    # chart that did not draw.
    "[anywidget] Failed to initialize model.": "anywidget start limit on a busy page",
}


class PageLog:
    """A tab's console messages, uncaught errors and widget messages, a timed line each."""

    def __init__(self, tab) -> None:
        self.lines: list[str] = []
        self.start = time.monotonic()
        tab.on("console", lambda message: self.note(message.type, message.text))
        tab.on("pageerror", lambda error: self.note("pageerror", str(error)))
        tab.on("websocket", self._watch)

    def note(self, kind: str, text: str) -> None:
        self.lines.append(f"{time.monotonic() - self.start:7.2f}s {kind}: {text}")

    def _watch(self, ws) -> None:  # widget traffic (comm messages), for failure dumps
        for event, arrow in (("framereceived", "kernel->page"), ("framesent", "page->kernel")):
            ws.on(event, lambda payload, arrow=arrow: _note_comm(self.note, arrow, payload))


def _uncaught(lines: list[str]) -> list[str]:
    """Uncaught page errors among ``lines`` that are not in :data:`KNOWN_PAGE_ERRORS`."""
    return [
        line for line in lines
        if " pageerror: " in line and not any(known in line for known in KNOWN_PAGE_ERRORS)
    ]  # fmt: skip


def _failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "rep_call", None)
    return report is not None and report.failed


def _keep_log(request, artifacts_dir: Path, tab, lines: list[str], suffix: str = "") -> bool:
    """Keep a test's page log (and, if it failed, a screenshot); True if the test failed.

    test-artifacts/<test><suffix>-console.log and <test><suffix>-failed.png.
    """
    failed = _failed(request)
    if failed and tab is not None:
        shot = artifact_path(artifacts_dir, request.node.name, f"{suffix}-failed.png")
        tab.screenshot(path=str(shot))
    path = artifact_path(artifacts_dir, request.node.name, f"{suffix}-console.log")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if failed:  # shown under the failure as "Captured stderr teardown": a CI log keeps it
        print(_log_excerpt(lines, path), file=sys.stderr)
    return failed


# Page-log lines that say why a page went wrong: errors, warnings that are not JupyterLab's
# shared-module version notes, the page's own messages (not widget traffic).
_NOISE = ("Unsatisfied version", "No satisfying version", "Available versions")
EXCERPT_LINES = 25


def _log_excerpt(lines: list[str], path: Path) -> str:
    """The page log's last :data:`EXCERPT_LINES` telling lines, for a failed test's report."""
    telling = [
        line[:300] for line in lines
        if not any(part in line for part in (" kernel->page: ", " page->kernel: ", *_NOISE))
    ]  # fmt: skip
    shown = telling[-EXCERPT_LINES:]
    head = f"page log: {len(lines)} lines, {len(telling)} not widget traffic, last {len(shown)}"
    return "\n".join([f"{head} (all in {path}):", *shown])


def _fail_on_uncaught(lines: list[str], where: str) -> None:
    """An uncaught JavaScript error is a defect even when the page looked right."""
    uncaught = _uncaught(lines)
    if uncaught:
        listed = "\n".join(uncaught[:5])
        pytest.fail(f"uncaught errors in {where} (see the test's -console.log):\n{listed}")


@pytest.fixture
def page(profile, request: pytest.FixtureRequest, artifacts_dir: Path) -> Iterator[object]:
    """A new page of the worker's browser :func:`profile`.

    The page's console messages, uncaught errors (JavaScript errors in widget views show
    only there) and widget messages go to test-artifacts/<test>-console.log; on failure, a
    screenshot too. An uncaught error fails a test that otherwise passed.
    """
    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    tab = profile.new_page()
    log = PageLog(tab)
    try:
        yield tab
    finally:
        failed = _keep_log(request, artifacts_dir, tab, log.lines)
        tab.close()
    if not failed:
        _fail_on_uncaught(log.lines, "the page")


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


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """With ``--fresh-loads N`` (root conftest.py), every lesson test runs N rounds.

    Each round is a new test: a new Voila page (its own kernel), or in JupyterLab the lesson
    opened anew with a new kernel in the worker's JupyterLab page (see :class:`LabPage`).
    """
    loads = metafunc.config.getoption("fresh_loads")  # checked in pytest_configure
    if loads > 1 and metafunc.definition.path.name.startswith("test_lesson"):
        metafunc.fixturenames.append("fresh_load")
        metafunc.parametrize("fresh_load", range(1, loads + 1), ids=lambda n: f"round{n}")


# How much of the open notebook JupyterLab's panel scrolls out of sight (0 outside JupyterLab).
LAB_HIDDEN_HEIGHT = """() => {
  const outer = document.querySelector(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
  return outer ? Math.max(0, outer.scrollHeight - outer.clientHeight) : 0;
}"""
TALLEST_SHOT = 12000  # px: a lesson's whole notebook, without an image too big to open


@pytest.fixture
def save_screenshot(request: pytest.FixtureRequest, artifacts_dir: Path) -> Callable[..., Path]:
    """Return ``save(page, suffix="")`` that writes test-artifacts/<test-name><suffix>.png.

    The whole lesson, top to bottom, in both front ends: Voila's page scrolls, so a full-page
    shot holds it; JupyterLab scrolls the notebook inside a fixed window, so the window is
    made as tall as the notebook for the shot (at most :data:`TALLEST_SHOT` px), then given
    its size back.
    """

    def save(tab, suffix: str = "") -> Path:
        path = artifact_path(artifacts_dir, request.node.name, f"{suffix}.png")
        size = tab.viewport_size
        hidden = tab.evaluate(LAB_HIDDEN_HEIGHT)
        if hidden and size:
            tall = min(size["height"] + hidden, TALLEST_SHOT)
            tab.set_viewport_size({"width": size["width"], "height": tall})
            tab.wait_for_timeout(500)  # JupyterLab draws the cells it now shows
        try:
            tab.screenshot(path=str(path), full_page=True)
        finally:
            if hidden and size:
                tab.set_viewport_size(size)
        return path

    return save


def _stop_group(proc: subprocess.Popen, kernels: list[int]) -> None:
    """SIGTERM the server's process group (it shuts its kernels down), SIGKILL what is left."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=SERVER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=SERVER_STOP_TIMEOUT)
    for pid in kernels:  # only kernels this server started, if its shutdown missed any
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class ServerProcess:
    """A Jupyter-family server on 127.0.0.1 in its own process group, logging to a file.

    The token travels in the environment (``JUPYTER_TOKEN``), never on the command line.
    """

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path, log_path: Path) -> None:
        self.log = log_path.open("ab")
        self.log.write(f"$ {' '.join(argv)}\n".encode())
        self.log.flush()
        self.proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: teardown can signal all of it
        )

    def wait_ready(self, port: int, timeout: float) -> bool:
        """Wait until the port accepts connections; False if the server exited first."""
        return serving.wait_for_port(port, timeout, proc=self.proc)

    def stop(self) -> None:
        _stop_group(self.proc, serving.child_pids(self.proc.pid))
        self.log.close()


class VoilaProcess(ServerProcess):
    """One Voila server for a folder (tree mode), built as ``breastcancer-kit serve`` builds it.

    Every lesson of the folder is served at ``/voila/render/<name>`` by this one server, with
    the kit's page template (no CDN links), so the "next lesson" links work as in class.
    Tracebacks are shown, so that tests (and screenshots) see errors.
    """

    def __init__(
        self, root: Path, log_path: Path, jupyter_dirs: dict[str, str], progressive: bool = True
    ) -> None:
        self.root = root
        self.port = serving.free_port()
        # Closed pages' kernels go after a while (Voila refuses the page's own shutdown
        # request): a session loads every lesson several times, each kernel holds ~200 MB.
        # Not sooner: Voila also culls a kernel still starting (no page connected yet),
        # which took over 5 s on a busy machine.
        cmd = serving.voila_command(root, port=self.port, cull_idle_seconds=45,
                                    cull_interval_seconds=5, progressive=progressive)  # fmt: skip
        self.token = cmd.env["JUPYTER_TOKEN"]
        argv = [
            *(a for a in cmd.argv if not a.startswith("--show_tracebacks=")),
            "--show_tracebacks=True",
        ]
        super().__init__(argv, {**os.environ, **jupyter_dirs, **cmd.env}, root, log_path)

    @property
    def url(self) -> str:
        """The tree page."""
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def url_for(self, name: str) -> str:
        """The page of one notebook of the folder."""
        return f"http://127.0.0.1:{self.port}/voila/render/{name}?token={self.token}"


@pytest.fixture(scope="session")
def voila_server(
    notebooks_dir: Path, artifacts_dir: Path, jupyter_dirs_factory
) -> Iterator[Callable[[str | Path], str]]:
    """Return ``start(notebook, progressive=True) -> url`` (the URL carries the auth token).

    ``notebook`` is a file name in notebooks/ (or a path, for fixture self-tests). One Voila
    per folder (and rendering mode), in tree mode, reused for the session: every lesson shares
    one server (each page load still gets a fresh kernel). Served as ``breastcancer-kit
    serve`` serves, progressively; ``progressive=False`` is Voila's classic page (widgets drawn
    after the whole notebook ran). Logs: test-artifacts/voila-<folder>.log.
    """
    servers: dict[tuple[Path, bool], VoilaProcess] = {}

    def start(notebook: str | Path, progressive: bool = True) -> str:
        path = Path(notebook) if Path(notebook).is_absolute() else notebooks_dir / notebook
        if not path.is_file():
            pytest.fail(f"notebook to serve not found: {path}")
        root = path.parent
        key = (root, progressive)
        if key not in servers:
            label = "notebooks" if root == notebooks_dir else f"tmp-{len(servers)}"
            log_path = artifacts_dir / f"voila-{label}{'' if progressive else '-classic'}.log"
            log_path.unlink(missing_ok=True)
            for _attempt in range(3):  # another process may grab the free port first
                server = VoilaProcess(
                    root, log_path, jupyter_dirs_factory("voila-jupyter"), progressive
                )
                if server.wait_ready(server.port, SERVER_START_TIMEOUT):
                    servers[key] = server
                    break
                server.stop()
            else:
                pytest.fail(f"Voila did not start for {root}; see {log_path}")
        return servers[key].url_for(path.name)

    yield start
    for server in servers.values():
        server.stop()


# JupyterLab user settings for tests: no news or update pop-ups over the page, and every cell
# kept in the page (the default windowing leaves cells out of view unpainted).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


class LabServer(ServerProcess):
    """One JupyterLab on a temporary copy of the notebooks (autosave never touches the repo)."""

    def __init__(self, root: Path, log_path: Path, jupyter_dirs: dict[str, str]) -> None:
        self.root = root
        self.port = serving.free_port()
        self.token = secrets.token_hex(16)
        settings = root.parent / "lab-user-settings"
        for name, value in LAB_SETTINGS.items():
            target = settings / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(value), encoding="utf-8")
        argv = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={root.parent / 'lab-workspaces'}",
            "--LabApp.expose_app_in_browser=True",
        ]  # fmt: skip
        if os.getuid() == 0:
            argv.append("--allow-root")  # CI containers run as root; Lab refuses it otherwise
        env = {**os.environ, **jupyter_dirs, "JUPYTER_TOKEN": self.token}
        super().__init__(argv, env, root, log_path)

    def shutdown_kernels(self) -> None:
        """Shut down every kernel this Lab runs (each open notebook started one)."""
        headers = {"Authorization": f"token {self.token}"}
        base = f"http://127.0.0.1:{self.port}/api/kernels"
        with urllib.request.urlopen(urllib.request.Request(base, headers=headers)) as response:
            kernels = json.load(response)
        for kernel in kernels:
            request = urllib.request.Request(
                f"{base}/{kernel['id']}", headers=headers, method="DELETE"
            )
            urllib.request.urlopen(request).close()


@pytest.fixture(scope="session")
def lab_server(
    notebooks_dir: Path, artifacts_dir: Path, jupyter_dirs_factory, tmp_path_factory
) -> Iterator[LabServer]:
    """One JupyterLab for the session, on a temporary copy of notebooks/.

    Tests open lessons in it through :class:`LabPage`. Log: test-artifacts/lab.log.
    """
    root = tmp_path_factory.mktemp("lab") / "notebooks"
    shutil.copytree(notebooks_dir, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    log_path = artifacts_dir / "lab.log"
    log_path.unlink(missing_ok=True)
    for _attempt in range(3):
        server = LabServer(root, log_path, jupyter_dirs_factory("lab-jupyter"))
        if server.wait_ready(server.port, SERVER_START_TIMEOUT):
            break
        server.stop()
    else:
        pytest.fail(f"JupyterLab did not start; see {log_path}")
    yield server
    server.stop()


# Every chart's traces and the layout parts tests read, as JSON (typed arrays as lists).
READ_PLOTS = """(root) => Array.from(root.querySelectorAll('.js-plotly-plot')).map((gd) =>
  JSON.parse(JSON.stringify(
    {data: gd.data || [], layout: {title: gd.layout?.title, shapes: gd.layout?.shapes || [],
      annotations: gd.layout?.annotations || []}},
    (key, value) => (ArrayBuffer.isView(value) ? Array.from(value) : value))))"""


class Plots:
    """Read the charts of a page as Plotly holds them (``gd.data``), and wait for content."""

    def read(self, root) -> list[dict]:
        """``[{"data": [trace, ...], "layout": {...}}, ...]``, one per chart under ``root``."""
        return root.evaluate(READ_PLOTS)

    def wait_for(self, root, check: Callable[[list[dict]], None], timeout: float = 30) -> list:
        """Retry ``check(charts)`` (which asserts) until it passes or ``timeout`` s pass.

        A chart is replaced after each edit (FigureSlot), so each try reads the page again.
        On timeout the last AssertionError is raised: the test shows what the page held.
        ``root`` is scrolled into view first: JupyterLab draws a widget's chart only once
        it is on screen.
        """
        deadline = time.monotonic() + timeout
        root.scroll_into_view_if_needed()
        while True:
            charts = self.read(root)
            try:
                check(charts)
                return charts
            except (AssertionError, IndexError, KeyError, TypeError):
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.25)


@pytest.fixture(scope="session")
def plots() -> Plots:
    """Chart content from the page (see :class:`Plots`)."""
    return Plots()


# Open a notebook in the JupyterLab page, wait for its kernel, run every cell.
LAB_OPEN_AND_RUN = """async (path) => {
  const app = window.jupyterapp;
  await app.started;
  await app.restored;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await panel.context.ready;
  await panel.sessionContext.ready;
  for (let i = 0; i < 600 && !panel.sessionContext.session?.kernel; i++) await sleep(100);
  app.shell.activateById(panel.id);
  return await app.commands.execute('notebook:run-all-cells');
}"""
# Close every notebook of the page (its kernel shut down first); the launcher stays.
LAB_CLOSE_ALL = """async () => {
  const app = window.jupyterapp;
  for (const widget of Array.from(app.shell.widgets('main'))) {
    if (!widget.sessionContext) continue;
    await widget.sessionContext.shutdown().catch(() => {});
    widget.dispose();
  }
}"""


class LabPage:
    """One JupyterLab page per test worker: each Lab test opens its lesson in it, fresh.

    A student opens the lessons one after another in one JupyterLab; a fresh JupyterLab page
    for each test cost about 19-23 s of CPU, opening a notebook in a loaded one about 9-10 s
    (lesson 02, both measured with /proc/stat). Each test still gets the notebook opened anew
    with a new kernel; its notebooks are closed and their kernels shut down after it. After a
    failure the page is thrown away and the next Lab test loads a new one.
    """

    def __init__(self, profile, lab: LabServer) -> None:
        self.profile, self.lab = profile, lab
        self.tab = None
        self.log: PageLog | None = None

    def open(self, name: str):
        """Open ``name``, run all its cells; return the notebook panel's locator."""
        if self.tab is None:
            self.tab = self.profile.new_page()
            self.log = PageLog(self.tab)
            url = f"http://127.0.0.1:{self.lab.port}/lab/workspaces/tests?reset&token={self.lab.token}"
            self.tab.goto(url, wait_until="domcontentloaded")
            self.tab.wait_for_function("() => window.jupyterapp !== undefined")
        ran = self.tab.evaluate(LAB_OPEN_AND_RUN, name)
        assert ran is not False, f"JupyterLab did not run every cell of {name}"
        return self.tab.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first

    def mark(self) -> int:
        return len(self.log.lines) if self.log else 0

    def finish(self, keep: bool) -> None:
        """Close the test's notebooks (or, ``keep=False``, the whole page); kernels go too."""
        if self.tab is not None and keep:
            try:
                self.tab.evaluate(LAB_CLOSE_ALL)
                self.tab.set_viewport_size(VIEWPORT)
            except Exception:  # a page that cannot close its notebooks is not reused
                keep = False
        if self.tab is not None and not keep:
            self.tab.close()
            self.tab, self.log = None, None
        self.lab.shutdown_kernels()


@pytest.fixture(scope="session")
def lab_page(profile, lab_server) -> Iterator[LabPage]:
    """The worker's one JupyterLab page (see :class:`LabPage`)."""
    shared = LabPage(profile, lab_server)
    yield shared
    if shared.tab is not None:
        shared.tab.close()


@pytest.fixture
def open_lesson(voila_server, request: pytest.FixtureRequest, page, artifacts_dir: Path):
    """Return ``open(notebook, front_end="voila") -> root`` (a locator to look inside).

    Voila: the rendered page (``#rendered_cells``) in the test's own fresh page; JupyterLab:
    the notebook panel in the worker's JupyterLab page (:class:`LabPage`), after running
    every cell. The Lab page's console lines of the test go to
    test-artifacts/<test>-lab-console.log, and an uncaught error there fails the test too.
    """
    used: list[tuple[LabPage, int]] = []

    def open_(notebook: str, front_end: str = "voila"):
        if front_end == "voila":
            page.goto(voila_server(notebook), wait_until="domcontentloaded")
            return page.locator("#rendered_cells")
        if front_end == "lab":
            shared = request.getfixturevalue("lab_page")
            used.append((shared, shared.mark()))
            return shared.open(notebook)
        raise ValueError(f"front_end must be 'voila' or 'lab', not {front_end!r}")

    yield open_
    for shared, first in used[:1]:
        lines = shared.log.lines[first:] if shared.log else []
        failed = _keep_log(request, artifacts_dir, shared.tab, lines, "-lab")
        shared.finish(keep=not failed and not _uncaught(lines))
        if not failed:
            _fail_on_uncaught(lines, "JupyterLab")
