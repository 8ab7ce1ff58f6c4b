"""What an educator hands out: case worksheets with an answer key, and graded assignments.

Built on :mod:`breastcancer_kit.cases` (every answer and explanation comes from the engine)
and presentation-free: the notebooks it runs draw the charts. For education only.

``worksheets.make_worksheets(n, seed, level, out)``
    One executed notebook and one offline HTML page per case (papermill + nbconvert, no
    CDN: the JavaScript is inlined or beside the page), plus one answer key for the set.
``assignments.make_assignment(seed, level, out)``
    An nbgrader source notebook (answer cells and hidden tests that compare with the
    engine); needs the ``educators`` extra for the nbgrader steps after it.
"""

from __future__ import annotations

from pathlib import Path

from .. import cases
from ..errors import BreastCancerKitError
from ..limits import bounded_int

__all__ = ["EducatorError", "check_set_options"]


class EducatorError(BreastCancerKitError):
    """A worksheet or assignment option that cannot work (a count out of range, a full folder)."""


def check_set_options(n: object, seed: object, out: Path, force: bool) -> None:
    """Refuse a case count, seed or output folder a worksheet or assignment cannot use.

    Examples
    --------
    >>> try:
    ...     check_set_options(0, 7, Path("unused"), force=False)
    ... except EducatorError as err:
    ...     print(err.field, err.value)
    cases 0
    """
    bounded_int(n, "cases", EducatorError, 1, cases.MAX_CASES, what="a number of cases")
    bounded_int(seed, "seed", EducatorError, 0, cases.MAX_SEED, what="a seed")
    if out.exists() and not out.is_dir():
        raise EducatorError("not a folder", field="out", value=str(out))
    if out.is_dir() and any(out.iterdir()) and not force:
        raise EducatorError("folder is not empty (use --force to write into it)",
                            field="out", value=str(out))  # fmt: skip
