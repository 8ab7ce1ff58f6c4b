"""Germline testing prompts: the guide's BRCA rule beside broader current guidance.

``genetic_testing_rules.csv`` holds each rule with its source, so a lesson can show the
guide's prompt and the current ones side by side: ASCO-SSO 2024 (everyone newly diagnosed
at 65 or younger; beyond 65 for triple-negative disease, men, PARP-inhibitor candidates
including de novo stage IV HER2-negative disease, a suggestive personal or family history
and Ashkenazi ancestry; other genes such as PALB2; recurrent HER2-negative disease; a
second primary) and NCCN (triple-negative disease and men at any age, metastatic HER2-
negative disease to guide PARP inhibitors, Ashkenazi ancestry, multiple primaries). Each
column of the table is a condition (``*`` = any); subtypes may be listed with ``|``.
For education only.
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

__all__ = ["DiseaseSetting", "GeneticTestingPrompt", "Sex", "genetic_testing_prompts"]


class Sex(StrEnum):
    """Sex as used by the genetic-testing rules."""

    FEMALE = "female"
    MALE = "male"


class DiseaseSetting(StrEnum):
    """The settings a testing rule can ask for (the table's ``setting`` column)."""

    RECURRENT = "recurrent or metastatic"
    DE_NOVO_METASTATIC = "de novo metastatic"
    METASTATIC = "metastatic"


_AGE_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
}
#: A table cell that accepts any value, and the separator of listed values.
_ANY, _OR = "*", "|"
#: The table's spelling of a condition that must hold (yes/no columns).
_YES = "yes"
_FLAG_COLUMNS = ("parp_candidate", "family_history", "ancestry", "second_primary")


@dataclass(frozen=True)
class GeneticTestingPrompt:
    """A reason to offer germline BRCA1/2 testing, and where it comes from."""

    rule: str
    source_kind: str
    prompt: str
    citation: str
    url: str
    broader_than_guide: bool
    genes: str = "BRCA1/2"
    note: str = ""

    def explain(self) -> str:
        """The prompt with its source, flagged when it goes beyond the guide."""
        flag = " [current guidance, broader than the guide]" if self.broader_than_guide else ""
        return f"{self.prompt} ({self.citation}){flag}"


def genetic_testing_prompts(
    subtype: object = None,
    age: float | None = None,
    sex: str = "female",
    recurrent_or_metastatic: bool = False,
    *,
    de_novo_metastatic: bool = False,
    parp_candidate: bool = False,
    family_history: bool = False,
    ashkenazi_ancestry: bool = False,
    second_primary: bool = False,
) -> tuple[GeneticTestingPrompt, ...]:
    """Germline testing prompts that apply: the guide's rule and current guidance.

    Parameters
    ----------
    subtype : Subtype, str, ReceptorResult or None
    age : float, optional
        Age at diagnosis in years; rules with an age limit need it.
    sex : {"female", "male"}
    recurrent_or_metastatic : bool
        Recurrent disease (local or metastatic).
    de_novo_metastatic : bool
        Metastatic at first diagnosis (de novo stage IV).
    parp_candidate : bool
        A candidate for a PARP inhibitor (early-stage or metastatic; the PARP rules also
        require HER2-negative disease).
    family_history : bool
        A personal or family history that suggests an inherited variant.
    ashkenazi_ancestry : bool
        Ashkenazi Jewish ancestry, or another population with founder variants.
    second_primary : bool
        A second primary breast cancer (same or other breast).

    Examples
    --------
    >>> [p.rule for p in genetic_testing_prompts("triple-negative", age=45)]
    ['guide_tnbc_under_60', 'asco_sso_65_or_younger', 'nccn_tnbc_any_age']
    >>> [p.rule for p in genetic_testing_prompts("triple-negative", age=62)]
    ['asco_sso_65_or_younger', 'nccn_tnbc_any_age']
    >>> [p.rule for p in genetic_testing_prompts("HR+/HER2-", 72, de_novo_metastatic=True)]
    ['asco_sso_over_65_de_novo_metastatic', 'nccn_metastatic_parp']
    >>> genetic_testing_prompts("HR-/HER2+", 72, recurrent_or_metastatic=True)
    ()
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
    settings = set()
    if recurrent_or_metastatic:
        settings |= {DiseaseSetting.RECURRENT.value, DiseaseSetting.METASTATIC.value}
    if de_novo_metastatic:
        settings |= {DiseaseSetting.DE_NOVO_METASTATIC.value, DiseaseSetting.METASTATIC.value}
    flags = dict(zip(_FLAG_COLUMNS, (parp_candidate, family_history, ashkenazi_ancestry,
                                     second_primary), strict=True))  # fmt: skip
    facts: dict[str, set[str]] = {
        "subtype": {sub.value} if sub else set(),
        "sex": {sex_value.value},
        "setting": settings,
        **{col: {_YES} if value else set() for col, value in flags.items()},
    }
    out = []
    for row in data.rows("genetic_testing_rules"):
        if any(row[key] != _ANY and not facts[key] & set(row[key].split(_OR)) for key in facts):
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
                broader_than_guide=row["broader_than_guide"] == _YES,
                genes=row["genes"],
                note=row["note"],
            )
        )
    return tuple(out)
