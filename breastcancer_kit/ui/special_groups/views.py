"""Pure views for lesson 04: TNBC, IBC and men (the guide's figures, IBC staging, BRCA)."""

from __future__ import annotations

from ... import receptors, staging
from ...errors import BreastCancerKitError
from ...statistics import tables
from ..guide import guide_figures_table

__all__ = ["genetic_testing_view", "guide_figures_text", "ibc_staging_view"]


def genetic_testing_view(
    subtype: object = None,
    age: float | None = None,
    sex: str = "female",
    recurrent_or_metastatic: bool = False,
) -> str:
    """The BRCA testing prompts that apply, as plain text (the guide first, then broader ones).

    Examples
    --------
    >>> print(genetic_testing_view("triple-negative", age=45))  # doctest: +ELLIPSIS
    Triple-negative, age 45, female:
    - Triple-negative breast cancer under 60: offer BRCA1/2 testing, ...
    """
    label = str(subtype) if subtype else "subtype not given"
    head = f"{label[:1].upper()}{label[1:]}, age {age if age is not None else 'unknown'}, {sex}:"
    try:
        prompts = receptors.genetic_testing_prompts(subtype, age, sex, recurrent_or_metastatic)
    except BreastCancerKitError as err:
        return f"{head}\nInvalid input: {err}"
    if not prompts:
        return f"{head}\nNo testing prompt from these rules (family history may still matter)."
    return "\n".join([head, *(f"- {p.explain()}" for p in prompts)])


# The guide's claims about inflammatory breast cancer (IBC, T4d), checked against stage().
_IBC_CASES = (
    ("cT4d cN0 cM0", "IIIB", "always at least IIIB when first diagnosed"),
    ("cT4d cN1 cM0", "IV", "spread to lymph nodes: stage IV"),
    ("cT4d cN2a cM0", "IV", "spread to lymph nodes: stage IV"),
    ("cT4d cN3c cM0", "IV", "spread to lymph nodes: stage IV"),
    ("cT4d cN1 cM1", "IV", "spread to other body parts: stage IV"),
)


def ibc_staging_view():  # -> pandas.DataFrame
    """IBC cases run through :func:`breastcancer_kit.stage` beside what the guide says.

    Examples
    --------
    >>> df = ibc_staging_view()
    >>> df[["tnm", "stage", "guide_says", "agrees"]].values.tolist()[:2]
    [['cT4d cN0 cM0', 'IIIB', 'IIIB', True], ['cT4d cN1 cM0', 'IIIB', 'IV', False]]
    """
    import pandas as pd

    rows = []
    for tnm, guide_stage, guide_words in _IBC_CASES:
        result = staging.stage(tnm)
        rows.append(
            {
                "tnm": tnm,
                "stage": result.anatomic,
                "guide_says": guide_stage,
                "guide_words": guide_words,
                "agrees": result.anatomic == guide_stage,
            }
        )
    return pd.DataFrame(rows)


def guide_figures_text() -> str:
    """The guide's prevalence and age figures and the SEER subtype shares, one line each.

    Reads the statistics tables ``guide_figures`` and ``seer_subtypes``.

    Examples
    --------
    >>> print(guide_figures_text().splitlines()[1])
    - triple-negative: 10-20 % of breast cancers (the guide)
    """
    import pandas as pd

    def amount(value, low, high) -> str:
        if not pd.isna(value):
            return f"{float(value):g}"
        if not pd.isna(high):
            return f"{float(low):g}-{float(high):g}"
        return f"over {float(low):g}"

    lines = [
        f"- {r.label}: {amount(r.value, r.low, r.high)} {r.unit} (the guide)"
        for r in guide_figures_table().itertuples(index=False)
    ]
    seer = tables.load_table("seer_subtypes")
    for r in seer[seer.quantity == "share_of_cases"].itertuples(index=False):
        lines.append(f"- {r.group}: {float(r.value):g} {r.unit} ({r.population}, {r.period}, SEER)")
    return "\n".join(lines)
