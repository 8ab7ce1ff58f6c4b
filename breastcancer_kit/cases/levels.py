"""The closed vocabularies of the case generator: levels, questions, presentations.

Layer: the bottom of :mod:`breastcancer_kit.cases`; it holds words, never rules.
For education only.

Examples
--------
>>> Level("prognostic") is Level.PROGNOSTIC
True
>>> [level.value for level in Level][:3]
['basic', 'subcategories', 'prognostic']
>>> print(Level.TRAPS.title)
Post-therapy and not-stageable traps
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import CaseError
from ..limits import bounded_text, preview

__all__ = ["NO_STAGE", "NO_STAGE_WORDS", "Ask", "Level", "Presentation", "coerce_level"]

#: The answer for a case the engine gives no stage group (or no prognostic stage).
NO_STAGE = "no stage group"
#: Other ways a student may write "no stage group" (compared lower-case, spaces collapsed).
NO_STAGE_WORDS = (
    NO_STAGE,
    "no stage",
    "none",
    "not stageable",
    "not staged",
    "unstaged",
    "no prognostic stage",
    "not applicable",
    "n/a",
)


class Level(StrEnum):
    """How hard a drill is, and what it drills.

    ``MIXED`` draws each case from one of the other levels.
    """

    BASIC = "basic"
    SUBCATEGORIES = "subcategories"
    PROGNOSTIC = "prognostic"
    TRAPS = "traps"
    RECEPTORS = "receptors"
    REVERSE = "reverse"
    MIXED = "mixed"

    @property
    def title(self) -> str:
        """A short heading for menus and worksheets."""
        return _TITLES[self]

    @property
    def summary(self) -> str:
        """One sentence: what a case at this level asks."""
        return _SUMMARIES[self]

    @classmethod
    def drawn(cls) -> tuple[Level, ...]:
        """The levels a case is actually drawn from (every level but ``MIXED``)."""
        return tuple(level for level in cls if level is not cls.MIXED)


_TITLES = {
    Level.BASIC: "Basic anatomic staging",
    Level.SUBCATEGORIES: "Subcategories and suffixes",
    Level.PROGNOSTIC: "Prognostic staging with biomarkers",
    Level.TRAPS: "Post-therapy and not-stageable traps",
    Level.RECEPTORS: "Receptor reports (ER/PR %, HER2 IHC and ISH)",
    Level.REVERSE: "Reverse questions (give a T, N, M for a stage)",
    Level.MIXED: "Mixed (any of the above)",
}
_SUMMARIES = {
    Level.BASIC: "Main T, N and M categories, clinical: give the anatomic stage group, or read "
    "a clinical description and give T, N and M.",
    Level.SUBCATEGORIES: "Subcategories (T1mi, N1mi, N0(i+), T4d ...), prefixes and the "
    "suffixes (m), (sn), (f); pathology reports with sizes and node counts.",
    Level.PROGNOSTIC: "Grade, ER, PR, HER2 (and sometimes an Oncotype DX score): give the "
    "clinical or pathological prognostic stage group.",
    Level.TRAPS: "After neoadjuvant therapy (yp, yc), unassessable tumours or nodes, Tis with "
    "positive nodes, no tumour found: some cases have no stage group.",
    Level.RECEPTORS: "A receptor report: give the subtype (or say that HER2 is still equivocal).",
    Level.REVERSE: "A stage group is given: write any T, N, M that has it.",
    Level.MIXED: "Each case from one of the other levels.",
}


class Ask(StrEnum):
    """What a case asks the student for."""

    STAGE = "anatomic stage group"
    PROGNOSTIC_STAGE = "prognostic stage group"
    TNM = "T, N and M categories"
    SUBTYPE = "receptor subtype"
    REVERSE_TNM = "a T, N, M with the given stage group"


class Presentation(StrEnum):
    """How a case is shown."""

    TNM_TEXT = "TNM text"
    CLINICAL = "clinical description"
    PATHOLOGY = "pathology report"


def coerce_level(level: object) -> Level:
    """A :class:`Level` from a level or its name (``"basic"``, ``"Basic"``).

    Raises
    ------
    CaseError
        An unknown level, naming the allowed ones.

    Examples
    --------
    >>> coerce_level(" Traps ")
    <Level.TRAPS: 'traps'>
    """
    if isinstance(level, Level):
        return level
    if isinstance(level, str):
        key = bounded_text(level, "level", CaseError).strip().lower()
        if key in {lv.value for lv in Level}:
            return Level(key)
    raise CaseError(
        "unknown level", field="level", value=preview(level), allowed=[lv.value for lv in Level]
    )
