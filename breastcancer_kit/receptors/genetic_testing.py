"""Germline BRCA1/2 testing prompts: the guide's rule beside broader current guidance.

``genetic_testing_rules.csv`` holds each rule with its source, so a lesson can show the
guide's prompt and the current ones side by side. For education only.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from .. import data
from ..errors import ReceptorError
from .inputs import read_number
from .subtypes import coerce_subtype

__all__ = ["GeneticTestingPrompt", "Sex", "genetic_testing_prompts"]


class Sex(StrEnum):
    """Sex as used by the genetic-testing rules."""

    FEMALE = "female"
    MALE = "male"


_AGE_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
}
_SETTINGS = ("recurrent or metastatic",)


@dataclass(frozen=True)
class GeneticTestingPrompt:
    """A reason to offer germline BRCA1/2 testing, and where it comes from."""

    rule: str
    source_kind: str
    prompt: str
    citation: str
    url: str
    broader_than_guide: bool

    def explain(self) -> str:
        """The prompt with its source, flagged when it goes beyond the guide."""
        flag = " [current guidance, broader than the guide]" if self.broader_than_guide else ""
        return f"{self.prompt} ({self.citation}){flag}"


def genetic_testing_prompts(
    subtype: object = None,
    age: float | None = None,
    sex: str = "female",
    recurrent_or_metastatic: bool = False,
) -> tuple[GeneticTestingPrompt, ...]:
    """Germline BRCA1/2 testing prompts that apply: the guide's rule and current guidance.

    Parameters
    ----------
    subtype : Subtype, str, ReceptorResult or None
    age : float, optional
        Age at diagnosis in years; rules with an age limit need it.
    sex : {"female", "male"}
    recurrent_or_metastatic : bool

    Examples
    --------
    >>> [p.rule for p in genetic_testing_prompts("triple-negative", age=45)]
    ['guide_tnbc_under_60', 'asco_sso_65_or_younger', 'nccn_tnbc_any_age']
    >>> [p.rule for p in genetic_testing_prompts("triple-negative", age=62)]
    ['asco_sso_65_or_younger', 'nccn_tnbc_any_age']
    """
    sub = None if subtype is None else coerce_subtype(subtype)
    if age is not None:
        age = read_number(
            age, "age", low=0.0, high=130.0, allowed="a number of years from 0 to 130"
        )
    try:
        sex_value = Sex(sex)
    except ValueError:
        raise ReceptorError(
            "unknown sex", field="sex", value=sex, allowed=[s.value for s in Sex]
        ) from None
    facts = {
        "subtype": sub.value if sub else None,
        "sex": sex_value.value,
        "setting": _SETTINGS[0] if recurrent_or_metastatic else None,
    }
    out = []
    for row in data.rows("genetic_testing_rules"):
        if any(row[key] not in ("*", facts[key]) for key in facts):
            continue
        if row["age_op"] and (
            age is None or not _AGE_OPS[row["age_op"]](age, float(row["age_limit"]))
        ):
            continue
        out.append(
            GeneticTestingPrompt(
                rule=row["rule"],
                source_kind=row["source_kind"],
                prompt=row["prompt"],
                citation=row["citation"],
                url=row["url"],
                broader_than_guide=row["broader_than_guide"] == "yes",
            )
        )
    return tuple(out)
