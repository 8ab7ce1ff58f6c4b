"""The kit's one error family.

Every error raised on bad input is a :class:`BreastCancerKitError`, which is a
:class:`ValueError`, so ``except ValueError`` catches all of them. Messages
name the field, the bad value and the allowed values.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "BreastCancerKitError",
    "CaseError",
    "DatasetError",
    "ParameterError",
    "ReceptorError",
    "StagingError",
]


class BreastCancerKitError(ValueError):
    """Base class for every input error raised by ``breastcancer_kit``.

    Parameters
    ----------
    message : str
        What went wrong, in words.
    field : str, optional
        The input that was wrong (``"t"``, ``"text"``, ``"size_mm"`` ...).
    value : object, optional
        The offending value, kept for programs that want to show it.
    allowed : iterable of str, optional
        The allowed values, appended to the message.

    Examples
    --------
    >>> err = BreastCancerKitError("unknown grade", field="grade", value=4, allowed=["1", "2", "3"])
    >>> print(err)
    grade: unknown grade (got 4); allowed: 1, 2, 3

    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: object = None,
        allowed: Iterable[str] | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.allowed = tuple(allowed) if allowed is not None else ()
        text = message
        if field:
            text = f"{field}: {text}"
        if value is not None or field:
            text += f" (got {value!r})"
        if self.allowed:
            text += "; allowed: " + ", ".join(self.allowed)
        super().__init__(text)


class StagingError(BreastCancerKitError):
    """Bad input to the staging functions (unknown category, malformed text, wrong type).

    Examples
    --------
    >>> import breastcancer_kit as bck
    >>> try:
    ...     bck.stage("T5 N0 M0")
    ... except bck.StagingError as err:
    ...     print(type(err).__name__, "is a ValueError:", isinstance(err, ValueError))
    StagingError is a ValueError: True

    """


class DatasetError(BreastCancerKitError):
    """An unknown statistics table, or a stored table that fails its schema check.

    Examples
    --------
    >>> import breastcancer_kit as bck
    >>> try:
    ...     bck.datasets.load_table("nope")
    ... except bck.DatasetError as err:
    ...     print(str(err)[:38])
    name: unknown statistics table (got 'n
    """


class ReceptorError(BreastCancerKitError):
    """Bad input to the receptor functions (a percentage out of range, an unknown IHC score ...).

    Examples
    --------
    >>> from breastcancer_kit.receptors import receptor_status
    >>> try:
    ...     receptor_status(50, 20, "4+")
    ... except ReceptorError as err:
    ...     print(isinstance(err, ValueError), "4+" in str(err))
    True True

    """


class CaseError(BreastCancerKitError):
    """Bad input to the case generator or the answer checker (unknown level, empty answer ...).

    Examples
    --------
    >>> from breastcancer_kit.cases import Level, check, generate
    >>> try:
    ...     check(generate(1, Level.BASIC), "")
    ... except CaseError as err:
    ...     print(isinstance(err, ValueError), err.field)
    True answer
    """


class ParameterError(BreastCancerKitError):
    """A lesson parameter (for example set with ``papermill -p``) that the lesson cannot use.

    In a notebook it shows as one line, the parameter, the value and what is allowed,
    instead of a traceback: IPython renders it through :meth:`_render_traceback_`.

    Examples
    --------
    >>> err = ParameterError("number out of range", field="size_mm", value=-5, allowed=["> 0"])
    >>> err._render_traceback_()
    ['ParameterError: size_mm: number out of range (got -5); allowed: > 0']
    """

    def _render_traceback_(self) -> list[str]:
        # IPython calls this to draw an exception: one readable line, no traceback wall.
        return [f"{type(self).__name__}: {self}"]
