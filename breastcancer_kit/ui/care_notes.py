"""Care notes shared by lessons 04 and 08: one sourced sentence per step, from ``care_notes``.

Biopsy of a metastasis, bone-modifying agents, palliative care, oligometastatic disease,
IBC trimodality treatment and endocrine therapy in men: our own words, each with its
guideline, review or trial (see ``care_notes.json`` for what was verified).
"""

from __future__ import annotations

from .. import data
from ..errors import ParameterError
from ..limits import preview

__all__ = ["CARE_TOPICS", "care_notes_text"]

_TOPIC_TITLES = {
    "metastasis_biopsy": "Why biopsy a metastasis",
    "bone_modifying_agents": "Bone-modifying agents",
    "palliative_care": "Palliative care",
    "oligometastatic": "Oligometastatic disease",
    "ibc_trimodality": "Inflammatory breast cancer: trimodality treatment, in this order",
    "male_endocrine": "Endocrine therapy in men",
}

#: The care-note topics, in the order the lessons show them.
CARE_TOPICS = ("metastasis_biopsy", "bone_modifying_agents", "palliative_care",
               "oligometastatic", "ibc_trimodality", "male_endocrine")  # fmt: skip


def care_notes_text(topic: str) -> str:
    """One topic's sentences from ``care_notes`` (numbered when the order matters), sourced.

    Examples
    --------
    >>> print(care_notes_text("ibc_trimodality").splitlines()[1])  # doctest: +ELLIPSIS
    1. Systemic therapy first (neoadjuvant): ...
    """
    rows = [r for r in data.rows("care_notes") if r["topic"] == topic]
    if not rows:
        topics = list(dict.fromkeys(r["topic"] for r in data.rows("care_notes")))
        raise ParameterError("unknown topic", field="topic", value=preview(topic), allowed=topics)
    rows.sort(key=lambda r: int(r["step"]))
    lines = [_TOPIC_TITLES.get(topic, topic)]
    numbered = len(rows) > 1
    for r in rows:
        mark = f"{r['step']}." if numbered else "-"
        lines.append(f"{mark} {r['statement']} [{r['source']}; {r['url']}]")
    return "\n".join(lines)
