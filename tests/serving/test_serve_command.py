"""`breastcancer-kit serve --warm`: the pool options Voila gets, and the refusals.

No server starts here; tests/browser/test_serving.py serves a warm lesson in Chromium.
"""

from __future__ import annotations

import ast
import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from breastcancer_kit import cli, serving
from breastcancer_kit.serving.voila_main import keep_handed_kernels

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LESSON = "01_tnm_and_stage_groups.ipynb"


def _option(cmd: serving.ServeCommand, name: str) -> str | None:
    prefix = f"--{name}="
    values = [a[len(prefix):] for a in cmd.argv if a.startswith(prefix)]
    assert len(values) <= 1, values
    return values[0] if values else None


def test_a_warm_folder_pools_only_the_named_lesson_and_renders_classically():
    cmd = serving.voila_command(NOTEBOOKS, token="t", warm=20, warm_lesson=LESSON,
                                warm_refill_seconds=45)  # fmt: skip
    assert _option(cmd, "VoilaConfiguration.preheat_kernel") == "True"
    pools = ast.literal_eval(_option(cmd, "VoilaKernelManager.kernel_pools_config"))
    # Voila pre-heats every notebook of a folder unless told: the others get no kernel.
    assert pools == {"default": {"pool_size": 0}, LESSON: {"pool_size": 20}}
    assert _option(cmd, "VoilaKernelManager.fill_delay") == "45"
    # Voila refuses a pool with progressive rendering; the pages come rendered anyway.
    assert _option(cmd, "VoilaConfiguration.progressive_rendering") == "False"
    assert str(NOTEBOOKS) in cmd.argv  # still the folder: the "next lesson" links work


def test_a_warm_notebook_pools_itself():
    cmd = serving.voila_command(NOTEBOOKS / LESSON, token="t", warm=3)
    pools = ast.literal_eval(_option(cmd, "VoilaKernelManager.kernel_pools_config"))
    assert pools == {"default": {"pool_size": 3}}


def test_without_warm_there_is_no_pool():
    cmd = serving.voila_command(NOTEBOOKS, token="t")
    assert _option(cmd, "VoilaConfiguration.preheat_kernel") is None
    assert _option(cmd, "VoilaKernelManager.kernel_pools_config") is None
    assert _option(cmd, "VoilaConfiguration.progressive_rendering") == "True"


@pytest.mark.parametrize(
    ("kwargs", "field", "shown"),
    [
        ({"warm": -1}, "warm", "-1"),
        ({"warm": serving.MAX_WARM + 1}, "warm", str(serving.MAX_WARM + 1)),
        ({"warm": True}, "warm", "True"),
        ({"warm": 2.5}, "warm", "2.5"),
        ({"warm": "20"}, "warm", "20"),
        ({"warm": 2}, "warm_lesson", "None"),  # a folder needs the lesson named
        ({"warm": 2, "warm_lesson": "99_nope.ipynb"}, "warm_lesson", "99_nope.ipynb"),
        ({"warm": 2, "warm_lesson": "../" + LESSON}, "warm_lesson", "../" + LESSON),
        ({"warm_lesson": LESSON}, "warm", "0"),  # a lesson but no pool
        ({"warm": 2, "warm_lesson": LESSON, "warm_refill_seconds": -5},
         "warm_refill_seconds", "-5"),
        ({"warm": 2, "warm_lesson": LESSON, "progressive": True}, "progressive", "True"),
    ],
)  # fmt: skip
def test_bad_warm_options_name_the_field_value_and_what_is_allowed(kwargs, field, shown):
    with pytest.raises(serving.ServeError) as info:
        serving.voila_command(NOTEBOOKS, token="t", **kwargs)
    message = str(info.value)
    assert field in message and shown in message, message
    if field == "warm_lesson":
        assert LESSON in message  # the lessons one may name


def test_a_warm_notebook_refuses_another_lesson():
    with pytest.raises(serving.ServeError, match="02_prognostic_staging"):
        serving.voila_command(NOTEBOOKS / LESSON, token="t", warm=2,
                              warm_lesson="02_prognostic_staging.ipynb")  # fmt: skip


def test_the_cli_says_what_the_pool_does_and_exits_2_on_a_bad_value(capsys, monkeypatch):
    ran = []
    monkeypatch.setattr(cli.subprocess, "run",
                        lambda argv, **kw: ran.append(argv) or type("R", (), {"returncode": 0}))
    assert cli.main(["serve", str(NOTEBOOKS), "--warm", "4", "--warm-lesson", LESSON]) == 0
    out = capsys.readouterr().out
    assert "4 kernels run 01_tnm_and_stage_groups.ipynb" in out and "first 4 pages" in out
    assert "--VoilaConfiguration.preheat_kernel=True" in ran[0]
    assert cli.main(["serve", str(NOTEBOOKS), "--warm", "4"]) == 2
    assert "warm_lesson" in capsys.readouterr().err


class _Kernel:
    last_activity = datetime(2020, 1, 1, tzinfo=UTC)


class _PoolManager:
    """Voila's pool manager as far as the fix sees it."""

    def __init__(self) -> None:
        self.kernel = _Kernel()

    async def get_rendered_notebook(self, name, **kwargs):
        return "task", ["cells"], "kernel-1"

    def get_kernel(self, kernel_id):
        if kernel_id != "kernel-1":
            raise KeyError(kernel_id)
        return self.kernel


def _run(coro):
    # A test worker that ran browser tests has Playwright's loop running: own thread.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_a_kernel_taken_from_the_pool_counts_as_active_from_then():
    manager = keep_handed_kernels(_PoolManager)()
    assert type(manager).__name__ == "VoilaKernelManager"  # Voila's config section applies
    before = datetime.now(UTC)
    assert _run(manager.get_rendered_notebook("01.ipynb")) == ("task", ["cells"], "kernel-1")
    assert manager.kernel.last_activity >= before
    assert manager.kernel.last_activity - before < timedelta(seconds=5)
