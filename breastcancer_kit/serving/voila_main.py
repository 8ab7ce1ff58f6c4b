"""Voila as ``breastcancer-kit serve`` runs it: Voila itself, its page templates compiled once.

Why. Voila builds a new nbconvert exporter for every page it serves, so a new jinja2
environment, and jinja parses and compiles each of the page's templates again (the kit's
``bck`` page pulls in about 14). On this machine that was about 0.4 s of CPU per page, all in
Voila's one process: a class of 20 opening a lesson at once waited about 8 s on it alone.

What. Every jinja2 environment nbconvert creates in this process gets one shared in-memory
bytecode cache (:class:`SharedBytecodeCache`). jinja still reads each template's source on
every page and uses the cached code only while the source's checksum matches, so an edited
template is compiled again. Code is kept apart per environment setting that changes compiled
code (async or not, extensions, delimiters, whitespace options), because Voila's and
nbconvert's environments differ in those.

If nbconvert no longer has ``TemplateExporter._create_environment`` (the one internal this
hooks), the hook is left out and Voila runs as it is, only slower: nothing breaks.

A warm pool's kernel is not culled the moment it goes to a page (:func:`keep_handed_kernels`).
Voila never culls a kernel while it waits in the pool, but it does not mark the kernel active
when a page takes it: a kernel that had waited longer than the cull timeout (a class arriving
ten minutes after the server started) was culled before the page could connect, and the page
stayed empty ("Kernel does not exist"). Seen with ``cull_idle_seconds=10`` and a 31 s wait.

plotly's chart code is served as a classic script the browser keeps compiled
(:func:`install_plotly_route`, :mod:`breastcancer_kit.plotly_script`): each lesson page after
the first two no longer compiles 5 MB of JavaScript again (about 1 s of a core each).

Run as ``python -m breastcancer_kit.serving.voila_main [voila options]`` (what
:func:`breastcancer_kit.serving.voila_command` builds).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Hashable
from datetime import UTC, datetime

import jinja2

from .. import plotly_script

__all__ = [
    "SharedBytecodeCache",
    "install",
    "install_plotly_route",
    "keep_handed_kernels",
    "main",
    "plotly_route_handler",
]


def _settings(env: jinja2.Environment) -> tuple[Hashable, ...]:
    """What in an environment changes the code jinja compiles for a template."""
    autoescape = env.autoescape
    if not isinstance(autoescape, bool):
        autoescape = getattr(autoescape, "__qualname__", repr(autoescape))
    return (
        env.is_async, tuple(sorted(env.extensions)), env.block_start_string,
        env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
        env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
        env.keep_trailing_newline, env.optimized, autoescape, env.finalize is None,
    )  # fmt: skip


class SharedBytecodeCache(jinja2.BytecodeCache):
    """One process's compiled templates, shared by every environment that uses it.

    Bounded: a server has a fixed set of templates; :data:`MAX_ENTRIES` is far above it
    (past it, nothing more is kept and pages compile as Voila alone would).

    Examples
    --------
    >>> cache = SharedBytecodeCache()
    >>> env = jinja2.Environment(loader=jinja2.DictLoader({"t": "{{ 1 + 1 }}"}),
    ...                          bytecode_cache=cache)
    >>> env.get_template("t").render(), len(cache)
    ('2', 1)
    >>> other = jinja2.Environment(loader=env.loader, bytecode_cache=cache)
    >>> other.get_template("t").render(), len(cache)  # the code comes from the cache
    ('2', 1)
    """

    MAX_ENTRIES = 2048

    def __init__(self) -> None:
        self._code: dict[tuple[Hashable, ...], bytes] = {}

    def __len__(self) -> int:
        return len(self._code)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` with the code kept for its template and environment, if any."""
        data = self._code.get((bucket.key, *_settings(bucket.environment)))
        if data is not None:
            bucket.bytecode_from_string(data)  # jinja drops it if the checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep ``bucket``'s freshly compiled code."""
        key = (bucket.key, *_settings(bucket.environment))
        if key in self._code or len(self._code) < self.MAX_ENTRIES:
            self._code[key] = bucket.bytecode_to_string()


_CACHE = SharedBytecodeCache()


def install(cache: SharedBytecodeCache = _CACHE) -> bool:
    """Give every jinja2 environment nbconvert creates from now on ``cache``.

    Returns False (and changes nothing) when nbconvert lacks the hook.

    Examples
    --------
    >>> from nbconvert import HTMLExporter
    >>> install()
    True
    >>> HTMLExporter().environment.bytecode_cache is _CACHE
    True
    """
    from nbconvert.exporters.templateexporter import TemplateExporter

    create = getattr(TemplateExporter, "_create_environment", None)
    if create is None:
        return False
    if getattr(create, "_bck_cache", None) is cache:
        return True

    def _create_environment(self):  # nbconvert's signature
        env = create(self)
        env.bytecode_cache = cache
        return env

    _create_environment._bck_cache = cache  # type: ignore[attr-defined]
    TemplateExporter._create_environment = _create_environment
    return True


def keep_handed_kernels(manager_class: type) -> type:
    """``manager_class`` whose pool kernels count as active when a page takes them.

    ``manager_class`` is what Voila's ``voila_kernel_manager_factory`` returns; without a
    pool (no ``get_rendered_notebook``) it is returned as it is.

    Examples
    --------
    >>> class Plain:
    ...     pass
    >>> keep_handed_kernels(Plain) is Plain
    True
    """
    if not hasattr(manager_class, "get_rendered_notebook"):
        return manager_class

    class VoilaKernelManager(manager_class):  # Voila's name: its config section still applies
        async def get_rendered_notebook(self, *args, **kwargs):
            result = await super().get_rendered_notebook(*args, **kwargs)
            kernel_id = result[2]  # (render task, rendered cells, kernel id)
            with contextlib.suppress(KeyError):
                self.get_kernel(kernel_id).last_activity = datetime.now(UTC)
            return result

    return VoilaKernelManager


def _install_pool_fix() -> None:
    import voila.app

    factory = voila.app.voila_kernel_manager_factory
    if getattr(factory, "_bck_pool_fix", False):
        return

    def voila_kernel_manager_factory(*args, **kwargs):
        return keep_handed_kernels(factory(*args, **kwargs))

    voila_kernel_manager_factory._bck_pool_fix = True  # type: ignore[attr-defined]
    voila.app.voila_kernel_manager_factory = voila_kernel_manager_factory


def plotly_route_handler() -> type:
    """The tornado handler of ``voila/`` :data:`~breastcancer_kit.plotly_script.ROUTE`.

    ``GET .../<version>.js`` answers the installed plotly's widget code as a classic script,
    cacheable for a year (the URL names the version); 404 for any other version, or when
    plotly's module cannot be turned into a script (the page then imports the kernel's copy).
    Like Voila's other static files it needs no token: it is plotly's public code.
    """
    import tornado.web

    class PlotlyWidgetScript(tornado.web.RequestHandler):
        def get(self, version: str) -> None:
            if version != plotly_script.version():
                raise tornado.web.HTTPError(404)
            try:
                body = plotly_script.widget_script()
            except plotly_script.PlotlyScriptError as exc:
                raise tornado.web.HTTPError(404, str(exc)) from None
            self.set_header("Content-Type", "text/javascript; charset=utf-8")
            self.set_header("Cache-Control", "public, max-age=31536000, immutable")
            self.write(body)

    return PlotlyWidgetScript


def install_plotly_route() -> None:
    """Add :func:`plotly_route_handler` to every Voila app's handlers, first."""
    import voila.app
    from jupyter_server.utils import url_path_join

    init = voila.app.Voila.init_handlers
    if getattr(init, "_bck_plotly_route", False):
        return
    handler = plotly_route_handler()

    def init_handlers(self) -> list:
        route = url_path_join(self.server_url, "/voila/", plotly_script.ROUTE, r"([\w.+-]+)\.js")
        return [(route, handler), *init(self)]

    init_handlers._bck_plotly_route = True  # type: ignore[attr-defined]
    voila.app.Voila.init_handlers = init_handlers


def main(argv: list[str] | None = None) -> None:
    """Install the cache, the pool fix and plotly's route, then run Voila with ``argv``."""
    install()
    _install_pool_fix()
    install_plotly_route()
    from voila.app import main as voila

    sys.argv = ["voila", *(sys.argv[1:] if argv is None else argv)]
    voila()


if __name__ == "__main__":  # pragma: no cover - the served process
    main()
