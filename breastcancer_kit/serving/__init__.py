"""Serving the lessons to a class from one machine: Voila, locked down and self-cleaning.

:func:`voila_command` builds the command and environment that ``breastcancer-kit serve``
runs (and that the tests and the class-load benchmark use):

* bound to 127.0.0.1 unless told otherwise (put a TLS proxy in front to reach a room);
* token authentication on, the token passed in the environment (``JUPYTER_TOKEN``), never
  on the command line where every local user could read it in the process list;
* the kit's own page template (``bck``): Voila's "lab" page without its Font Awesome CDN
  links, so a page asks no host but the server;
* idle kernels culled: a page closed or reloaded leaves its kernel behind (Voila's shutdown
  request on page close is refused, an open upstream issue), so a kernel with no
  connection that has been idle for ``cull_idle_seconds`` is shut down; kernels of
  students who still have the page open are never culled;
* the lesson folder served as a tree, so the "next lesson" links work;
* tracebacks off: students see the kit's one-line messages;
* ``slides=True``: the lesson as reveal.js slides (template ``bck-reveal``: Voila's reveal
  template without CDN links), code hidden, widgets live, a 1280x720 slide scaled to the
  screen; reveal.js's style sheets come from npm via :mod:`breastcancer_kit.js_assets`
  (``make js``), served from that template's static folder only.
* Voila with its page templates compiled once per server, not once per page
  (:mod:`.voila_main`);
* progressive rendering: text and controls show as each cell runs, before the slowest
  chart (not for slides, whose layout is set when the page opens);
* ``warm=N`` for a class that opens one lesson together: N kernels run that lesson before
  anyone asks for it (Voila's pre-heated kernel pool), so each of the first N pages is sent
  already rendered. A page taken from the pool is replaced after ``warm_refill_seconds``.
  Pool kernels are never culled; every other lesson is served as usual (classic page).

Past one machine, a course deploys JupyterHub (see the README).
"""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .. import js_assets
from ..errors import BreastCancerKitError
from ..limits import bounded_int
from .ports import child_pids, cpu_seconds, free_port, wait_for_port

__all__ = [
    "MAX_WARM",
    "SLIDES_TEMPLATE",
    "SLIDE_SIZE",
    "TEMPLATE",
    "VOILA_UNUSED_EXTENSIONS",
    "ServeCommand",
    "child_pids",
    "cpu_seconds",
    "free_port",
    "voila_command",
    "wait_for_port",
]

#: The Voila template shipped with the kit.
TEMPLATE = "bck"
#: The slides template shipped with the kit (Voila's reveal without CDN links).
SLIDES_TEMPLATE = "bck-reveal"
#: One slide's design size in CSS pixels: a 1280x720 projector shows it unscaled.
SLIDE_SIZE = (1280, 720)
_LOOPBACK = "127.0.0.1"
#: Most kernels a warm pool may hold (each holds a lesson's memory, 120-200 MB).
MAX_WARM = 64
#: Lab extensions a served lesson's page does not load (see :func:`voila_command`).
VOILA_UNUSED_EXTENSIONS = (
    "@jupyter-notebook/lab-extension",
    "@jupyter/nbgrader",
    "@jupyterlite/pyodide-kernel-extension",
)


class ServeError(BreastCancerKitError):
    """A serve option that cannot work (a missing notebook, a port out of range)."""


@dataclass(frozen=True)
class ServeCommand:
    """A Voila command line, its environment additions and the URL to open."""

    argv: tuple[str, ...]
    env: dict[str, str] = field(repr=False)
    url: str = field(repr=False)

    @property
    def public_url(self) -> str:
        """The URL with the token masked, safe to log."""
        return self.url.split("?token=")[0] + "?token=..."


def _assets() -> Path:
    return Path(str(resources.files(__name__).joinpath("jupyter")))


def voila_command(
    target: str | Path,
    *,
    port: int = 8866,
    ip: str = _LOOPBACK,
    cull_idle_seconds: int = 300,
    cull_interval_seconds: int = 60,
    token: str | None = None,
    slides: bool = False,
    progressive: bool | None = None,
    warm: int = 0,
    warm_lesson: str | None = None,
    warm_refill_seconds: int = 60,
) -> ServeCommand:
    """The Voila command that serves a lesson (or the lesson folder) to a class.

    Parameters
    ----------
    target : path
        A lesson notebook or the folder of lessons (served as a tree, so links work).
    port : int
        TCP port (1024-65535).
    ip : str
        Address to bind; the default serves this machine only.
    cull_idle_seconds, cull_interval_seconds : int
        A kernel with no open page, idle this long, is shut down; checked this often. A
        progressive page's kernel starts with the page request and waits, unconnected, until
        the page's script asks for the cells: keep this well above a slow browser's start.
    token : str, optional
        The access token (default: a new random one).
    slides : bool
        Serve as reveal.js slides (needs ``make js`` once; see :mod:`breastcancer_kit.js_assets`).
    progressive : bool, optional
        Voila's progressive rendering: the page shows each cell as it runs, instead of a
        spinner until the whole notebook has run. Default: on, except for slides (reveal.js
        lays the slides out when the page opens). ``benchmarks/bench_first_content.py``
        measures both modes. Off with a warm pool (its pages are rendered before they are
        asked for).
    warm : int
        Kernels (0 to :data:`MAX_WARM`) that run ``warm_lesson`` as the server starts, each
        waiting for one student: for a class that opens that lesson together. 0: none.
    warm_lesson : str, optional
        The lesson the pool runs: a notebook's file name in ``target`` when ``target`` is the
        folder (needed then); when ``target`` is a notebook, that notebook.
    warm_refill_seconds : int
        After a pool kernel goes to a page, its replacement starts this much later (not in
        the middle of the class arriving).

    Examples
    --------
    >>> cmd = voila_command("notebooks", port=8866, token="t0ken")
    >>> "t0ken" in " ".join(cmd.argv), cmd.env["JUPYTER_TOKEN"]
    (False, 't0ken')
    >>> cmd.public_url
    'http://127.0.0.1:8866/?token=...'
    >>> "--VoilaConfiguration.progressive_rendering=True" in cmd.argv
    True
    >>> warm = voila_command("notebooks", token="t", warm=20,
    ...                      warm_lesson="01_tnm_and_stage_groups.ipynb")
    >>> "--VoilaConfiguration.preheat_kernel=True" in warm.argv
    True
    """
    path = Path(target)
    if not path.exists():
        raise ServeError("no such notebook or folder", field="target", value=str(target))
    bounded_int(port, "port", ServeError, 1024, 65535, what="a port")
    bounded_int(cull_idle_seconds, "cull_idle_seconds", ServeError, 1, what="whole seconds")
    bounded_int(cull_interval_seconds, "cull_interval_seconds", ServeError, 1, what="whole seconds")
    if progressive is not None and not isinstance(progressive, bool):
        raise ServeError("expected True or False", field="progressive", value=progressive)
    pool_args = _warm_pool(path, warm, warm_lesson, warm_refill_seconds)
    if pool_args and progressive:
        raise ServeError("a warm pool's pages are rendered before they are asked for: "
                         "progressive rendering does not apply", field="progressive",
                         value=progressive, allowed=["False", "None"])  # fmt: skip
    if progressive is None:
        progressive = not slides and not pool_args
    if progressive and slides:
        raise ServeError("slides cannot render progressively", field="progressive",
                         value=progressive, allowed=["False"])  # fmt: skip
    token = token or secrets.token_urlsafe(24)
    extra_paths = [str(_assets())]
    template_args: tuple[str, ...] = (f"--template={TEMPLATE}",)
    if slides:
        for package, member in (("reveal.js", "dist/reveal.css"), ("jquery", "dist/jquery.min.js")):
            js_assets.file(package, member)  # fetched, or an error saying how
        extra_paths.append(str(js_assets.jupyter_data_dir()))
        width, height = SLIDE_SIZE
        reveal = {
            "url_prefix": f"/voila/templates/{SLIDES_TEMPLATE}/static/vendor/reveal.js",
            "width": width,
            "height": height,
            "transition": "none",
            "scroll": False,
        }
        template_args = (
            f"--template={SLIDES_TEMPLATE}",
            f"--VoilaConfiguration.resources={{'reveal': {reveal!r}}}",
        )
    argv = (
        sys.executable, "-m", "breastcancer_kit.serving.voila_main", str(path),
        "--no-browser",
        f"--Voila.ip={ip}",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--Voila.auto_token=True",  # the token itself comes from JUPYTER_TOKEN
        *template_args,
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_seconds}",
        f"--MappingKernelManager.cull_interval={cull_interval_seconds}",
        "--MappingKernelManager.cull_connected=False",
        "--show_tracebacks=False",
        # Lab extensions Voila has no use for, each an error in every page's console: notebook
        # 7.6's is built for JupyterLab 4.6 (Voila 0.5's front end is 4.2: RUNTIME-012),
        # nbgrader's (the educators extra) and the Pyodide kernel's (the lite extra) need
        # JupyterLab's file browser and licence services, which Voila's page lacks.
        f"--VoilaConfiguration.extension_denylist={list(VOILA_UNUSED_EXTENSIONS)}",
        f"--VoilaConfiguration.progressive_rendering={progressive}",
        *pool_args,
    )  # fmt: skip
    jupyter_path = os.pathsep.join(p for p in (*extra_paths, os.environ.get("JUPYTER_PATH")) if p)
    env = {"JUPYTER_TOKEN": token, "JUPYTER_PATH": jupyter_path}
    url = f"http://{ip}:{port}/?token={token}"
    return ServeCommand(argv=argv, env=env, url=url)


def _warm_pool(path: Path, warm: object, lesson: object, refill: object) -> tuple[str, ...]:
    """Voila's options for a pool of ``warm`` kernels running ``lesson`` (none for 0)."""
    bounded_int(warm, "warm", ServeError, 0, MAX_WARM, what="a number of kernels")
    bounded_int(refill, "warm_refill_seconds", ServeError, 0, what="whole seconds")
    if warm == 0:
        if lesson is not None:
            raise ServeError("a warm lesson needs warm >= 1", field="warm", value=warm,
                             allowed=[f"1-{MAX_WARM}"])  # fmt: skip
        return ()
    if path.is_dir():
        lessons = sorted(p.name for p in path.glob("*.ipynb"))
        if lesson not in lessons:
            raise ServeError("name the lesson the pool runs (a notebook of the folder)",
                             field="warm_lesson", value=lesson, allowed=lessons)  # fmt: skip
        pools = {"default": {"pool_size": 0}, lesson: {"pool_size": warm}}
    else:
        if lesson not in (None, path.name):
            raise ServeError("the pool runs the notebook served", field="warm_lesson",
                             value=lesson, allowed=[path.name])  # fmt: skip
        pools = {"default": {"pool_size": warm}}
    return (
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaKernelManager.kernel_pools_config={pools!r}",
        f"--VoilaKernelManager.fill_delay={refill}",
    )
