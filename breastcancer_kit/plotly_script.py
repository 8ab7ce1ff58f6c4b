"""plotly's chart widget code as a classic script, which a browser can keep compiled.

Why. Every chart of a lesson is plotly's ``FigureWidget``, whose front end (``_esm``: plotly.js
and its widget, about 5 MB of JavaScript) is an ES module. The kit sends it to the page once
per kernel (:mod:`breastcancer_kit.ui.plotly_compat`), and the page imports it from a
``blob:`` URL. A browser compiles that module again on every page: about 1 s of one core in
Chromium, each lesson, each time (``benchmarks/bench_first_content.py``). Chromium keeps the
compiled code of a classic script it loaded from a URL (its code cache, from the third load on),
but not of a ``blob:`` module: the same code as a classic script from a URL ran in 0.1 s
instead of 1.2 s on later loads.

What. :func:`widget_script` turns plotly's installed module into that classic script: the
module's code in a function of its own (strict, as a module is; none of its names leak into
the page), ending by handing its exports to ``globalThis[GLOBAL]``. ``breastcancer-kit
serve`` serves it at ``<base>/voila/`` :data:`ROUTE` ``<plotly version>.js``
(:mod:`breastcancer_kit.serving.voila_main`), cacheable for a year: the URL names the version.
Pages elsewhere (JupyterLab, JupyterLite, an offline worksheet) keep the ``blob:`` import.

Nothing here imports plotly; the file is found from the installed package's location.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import re
from pathlib import Path

__all__ = ["GLOBAL", "ROUTE", "PlotlyScriptError", "classic_script", "version", "widget_script"]

#: Where (under a Voila server's ``voila/`` base) the script of plotly ``<version>`` is served.
ROUTE = "bck/plotly-widget/"
#: The page global the script hands the module's exports to ({"default": ..., ...}).
GLOBAL = "__bckPlotlyWidgetExports"
_BUNDLE = ("package_data", "widgetbundle.js")
# The module's one export statement, last in the file (a string inside it holds another).
_EXPORT = re.compile(r"export\s*\{([^{}]*)\}\s*;?")
_TRAILER = re.compile(r"\s*(/\*.*?\*/\s*)*", re.DOTALL)
_NAME = r"[A-Za-z_$][\w$]*"
_SPEC = re.compile(rf"\s*({_NAME})(?:\s+as\s+({_NAME}))?\s*")


class PlotlyScriptError(Exception):
    """plotly's widget module is not where, or not shaped as, this module expects."""


def version() -> str:
    """The installed plotly's version (from its metadata; plotly is not imported).

    Examples
    --------
    >>> version().count(".") >= 1
    True
    """
    return importlib.metadata.version("plotly")


def classic_script(module: str) -> str:
    """``module`` (an ES module whose last statement exports names) as a classic script.

    Raises
    ------
    PlotlyScriptError
        No export statement at the end (only comments may follow it), an ``import``
        statement, or ``import.meta`` (neither works outside a module).

    Examples
    --------
    >>> module = "var a=1;function b(){return a}export{b as default,a};/* (c) */"
    >>> print(classic_script(module), end="")
    (function(){"use strict";
    var a=1;function b(){return a}
    ;globalThis.__bckPlotlyWidgetExports={"default":b,"a":a};
    })();
    /* (c) */
    >>> classic_script("export default 1;")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    breastcancer_kit.plotly_script.PlotlyScriptError: ...no `export {...}` statement at its end
    """
    found = None
    for match in _EXPORT.finditer(module):
        found = match
    if found is None or _TRAILER.fullmatch(module, found.end()) is None:
        raise PlotlyScriptError("plotly's widget module has no `export {...}` statement at its end")
    head = module[: found.start()]
    if "import.meta" in head or re.search(r"(^|[;}\n])\s*import\s*[{*\w]", head):
        raise PlotlyScriptError("plotly's widget module imports other modules")
    pairs = []
    for spec in found.group(1).split(","):
        parts = _SPEC.fullmatch(spec)
        if parts is None:
            raise PlotlyScriptError(f"unexpected export in plotly's widget module: {spec!r}")
        local, exported = parts.group(1), parts.group(2) or parts.group(1)
        pairs.append(f'"{exported}":{local}')
    exports = "{" + ",".join(pairs) + "}"
    return (
        f'(function(){{"use strict";\n{head}\n;globalThis.{GLOBAL}={exports};\n}})();\n'
        f"{module[found.end() :].strip()}\n"
    )


def _bundle_path() -> Path:
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        raise PlotlyScriptError("plotly is not installed")
    path = Path(spec.origin).parent.joinpath(*_BUNDLE)
    if not path.is_file():
        raise PlotlyScriptError(f"plotly's widget module is not at {path}")
    return path


@functools.lru_cache(maxsize=1)
def widget_script() -> bytes:
    """The installed plotly's widget module as :func:`classic_script`, UTF-8 (kept once).

    Examples
    --------
    >>> script = widget_script()
    >>> script.startswith(b'(function(){"use strict";'), len(script) > 1_000_000
    (True, True)
    """
    module = _bundle_path().read_text(encoding="utf-8")
    return classic_script(module).encode("utf-8")
