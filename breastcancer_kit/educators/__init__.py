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

from ..errors import BreastCancerKitError

__all__ = ["EducatorError"]


class EducatorError(BreastCancerKitError):
    """A worksheet or assignment option that cannot work (a count out of range, a full folder)."""
