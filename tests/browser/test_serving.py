"""Serving a class: `breastcancer-kit serve` holds up in a real browser.

The server runs exactly as `breastcancer_kit.serving.voila_command` builds it (with short cull
times so the test is quick): the page asks no host but 127.0.0.1, the token is in no process
list and no log, the "next lesson" link works, and a closed page's kernel is shut down.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from breastcancer_kit import serving

pytestmark = pytest.mark.browser
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"



def _kernels(pid: int) -> list[int]:
    """Kernel processes started by the server (its children running ipykernel)."""
    return serving.child_pids(pid, b"ipykernel")


@contextlib.contextmanager
def running(cmd: serving.ServeCommand, jupyter_dirs: dict[str, str], log: Path):
    """Start ``cmd`` (output in ``log``), wait for its port, yield the process; stop it after."""
    env = {**os.environ, **jupyter_dirs, **cmd.env}
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd.argv, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        if not serving.wait_for_port(int(urlsplit(cmd.url).port), timeout=60, proc=proc):
            os.killpg(proc.pid, signal.SIGTERM)
            pytest.fail(f"voila did not start; see {log}")
        try:
            yield proc
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)


@pytest.fixture
def server(tmp_path, artifacts_dir, jupyter_dirs_factory):
    # Culled soon, but not before a busy page's script asks Voila to run the lesson (the
    # progressive page starts the kernel first and runs the cells when the page connects).
    cmd = serving.voila_command(
        NOTEBOOKS, port=serving.free_port(), cull_idle_seconds=15, cull_interval_seconds=1
    )
    log = artifacts_dir / "voila-serve.log"
    with running(cmd, jupyter_dirs_factory("serve"), log) as proc:
        yield cmd, proc, log


def test_a_served_lesson_is_local_private_linked_and_cleans_up(server, page, save_screenshot):
    cmd, proc, log = server
    token = cmd.env["JUPYTER_TOKEN"]
    assert token.encode() not in Path(f"/proc/{proc.pid}/cmdline").read_bytes()

    hosts, paths = set(), []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    page.on("request", lambda request: paths.append(urlsplit(request.url).path))
    base = cmd.url.split("?")[0]
    lesson = f"{base}voila/render/00_start_here.ipynb?token={token}"
    page.goto(lesson, wait_until="domcontentloaded")
    expect(page.locator("#rendered_cells")).to_contain_text("For education only")
    expect(page.locator("#rendered_cells")).to_contain_text("stage IIB")
    save_screenshot(page)
    assert hosts == {"127.0.0.1"}, hosts
    # No lab extension the page has no use for (serving.VOILA_UNUSED_EXTENSIONS) is fetched.
    unused = [p for p in paths for name in serving.VOILA_UNUSED_EXTENSIONS
              if f"/labextensions/{name}/" in p]  # fmt: skip
    assert unused == [], unused
    assert any("/labextensions/anywidget/" in p for p in paths), "the check saw no extension"

    href = page.locator("a[href*='01_tnm_and_stage_groups']").first.get_attribute("href")
    next_lesson = urljoin(page.url, href)
    assert urlsplit(next_lesson).path == "/voila/render/01_tnm_and_stage_groups.ipynb"
    context = page.context

    deadline = time.monotonic() + 30
    while not _kernels(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _kernels(proc.pid), "the page started no kernel"
    page.close()
    deadline = time.monotonic() + 60
    while _kernels(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _kernels(proc.pid) == [], "a closed page's kernel was not shut down"

    # The "next lesson" link works when the folder is served (the token is in the cookie).
    second = context.new_page()
    second.goto(next_lesson, wait_until="domcontentloaded")
    expect(second.locator("#rendered_cells")).to_contain_text("TNM")
    second.close()
    assert token not in log.read_text(errors="replace")


def _wait_for(what: str, check, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.25)


def test_a_warm_pool_hands_out_rendered_lessons_that_stay_live(
    page, plots, artifacts_dir, jupyter_dirs_factory
):
    """``serve --warm``: the page comes from a kernel that ran the lesson before it was asked.

    The pool kernel waits longer than the cull timeout before the page takes it: Voila does
    not mark it active when it is handed out, and it used to be culled before the page
    connected (the page stayed empty). The served page's controls still reach the engine
    after another cull interval, a new pool kernel replaces the one taken, and the page's
    kernel goes when the page closes while the pool's stays.
    """
    from breastcancer_kit.ui import tnm as tnm_ui

    from .test_lesson01 import EXPLORER, NOTEBOOK, _label, check_stage_grid

    # Long enough for a busy page to connect after it was handed its kernel (8 s was not,
    # on 4 test workers: the page's kernel was culled before the page connected).
    cull = 20
    cmd = serving.voila_command(NOTEBOOKS, port=serving.free_port(), cull_idle_seconds=cull,
                                cull_interval_seconds=1, warm=1, warm_lesson=NOTEBOOK,
                                warm_refill_seconds=1)  # fmt: skip
    log = artifacts_dir / "voila-serve-warm.log"
    with running(cmd, jupyter_dirs_factory("serve-warm"), log) as proc:
        _wait_for("the pool to fill", lambda: "is filled with 1 kernel" in log.read_text(), 120)
        time.sleep(cull + 2)  # the pool kernel is idle past the cull timeout
        assert len(_kernels(proc.pid)) == 1, "a kernel waiting in the pool was culled"

        base, token = cmd.url.split("?")[0], cmd.env["JUPYTER_TOKEN"]
        page.goto(f"{base}voila/render/{NOTEBOOK}?token={token}", wait_until="domcontentloaded")
        explorer = page.locator(EXPLORER)
        expect(explorer.locator(".bck-stage-label")).to_have_text("Stage IIB")  # cT2 cN1 cM0
        assert "Using pre-heated kernel" in log.read_text()
        plots.wait_for(explorer, lambda charts: check_stage_grid(charts[0], "cT2 cN1 cM0"))

        _wait_for("the pool's new kernel", lambda: len(_kernels(proc.pid)) == 2, 120)
        time.sleep(cull + 2)  # an open page's kernel is never culled
        selects = explorer.locator(".widget-dropdown select")
        selects.nth(3).select_option(label=_label(tnm_ui.m_options(), "cM1"))
        expect(explorer.locator(".bck-stage-label")).to_have_text("Stage IV")
        plots.wait_for(explorer, lambda charts: check_stage_grid(charts[0], "cT2 cN1 cM1"))

        page.close()
        _wait_for("the closed page's kernel to go", lambda: len(_kernels(proc.pid)) == 1, 60)
        time.sleep(2)
        assert len(_kernels(proc.pid)) == 1, "the pool's kernel went with the page's"
