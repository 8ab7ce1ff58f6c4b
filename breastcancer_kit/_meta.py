"""Facts about the kit itself: version, education-only note, and whether it runs in a browser.

In a browser kernel (JupyterLite's Pyodide) some packages may be absent: :func:`import_extra`
then says so in one line.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

__all__ = ["EDUCATION_NOTE", "IN_BROWSER", "ExtraUnavailable", "__version__", "import_extra"]

#: True in a browser kernel: Pyodide (JupyterLite) reports the platform ``emscripten``.
IN_BROWSER = sys.platform == "emscripten"

__version__ = "0.1.0"

EDUCATION_NOTE = (
    "For education only: breastcancer_kit teaches staging and biology; "
    "it must never be used to make decisions about a patient's care."
)


class ExtraUnavailable(ImportError):
    """A package a lesson feature needs is not installed (or cannot be, in a browser kernel).

    In a notebook it shows as one line saying what is missing and where the feature runs,
    not as a traceback: IPython draws it through :meth:`_render_traceback_`.

    Examples
    --------
    >>> ExtraUnavailable("this needs lifelines")._render_traceback_()
    ['ExtraUnavailable: this needs lifelines']
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


def import_extra(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise :class:`ExtraUnavailable` saying which extra brings it.

    In a browser kernel (JupyterLite) the message says instead that this kernel lacks the
    package and where the feature runs (JupyterLab or Binder), since no extra can be
    installed there.

    Examples
    --------
    >>> import_extra("json", "lessons", "reading JSON").__name__
    'json'
    >>> try:
    ...     import_extra("no_such_module_here", "lessons", "this lesson")
    ... except ImportError as err:
    ...     print(err)  # doctest: +ELLIPSIS
    this lesson uses no_such_module_here, which comes with the 'lessons' extra: pip install ...
    """
    try:
        return importlib.import_module(module)
    except ImportError as err:
        package = module.split(".")[0]
        if IN_BROWSER:
            raise ExtraUnavailable(
                f"{purpose} uses {package}, which this browser kernel (JupyterLite) could not "
                "load; run this lesson in JupyterLab (make lab) or on Binder for it"
            ) from err
        raise ExtraUnavailable(
            f"{purpose} uses {package}, which comes with the {extra!r} extra: "
            f"pip install 'breastcancer_kit[{extra}]'"
        ) from err
