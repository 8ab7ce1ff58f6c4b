"""Facts about the kit itself: its version and the education-only note every surface shows."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["EDUCATION_NOTE", "__version__", "import_extra"]

__version__ = "0.1.0"

EDUCATION_NOTE = (
    "For education only: breastcancer_kit teaches staging and biology; "
    "it must never be used to make decisions about a patient's care."
)


def import_extra(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise an ImportError saying which extra brings it.

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
        raise ImportError(
            f"{purpose} uses {module.split('.')[0]}, which comes with the {extra!r} extra: "
            f"pip install 'breastcancer_kit[{extra}]'"
        ) from err
