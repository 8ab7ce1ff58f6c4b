"""Pure views for lesson 04: TNBC, IBC and men (the guide's figures, IBC staging, BRCA)."""

from __future__ import annotations

from ... import receptors, staging
from ...errors import BreastCancerKitError
from ...statistics import tables
from ..care_notes import care_notes_text
from ..guide import guide_figures_table

__all__ = [
    "genetic_testing_view",
    "guide_figures_text",
    "ibc_staging_view",
    "ibc_treatment_text",
    "male_endocrine_text",
]


def genetic_testing_view(
    subtype: object = None,
    age: float | None = None,
    sex: str = "female",
    recurrent_or_metastatic: bool = False,
    **conditions: bool,
) -> str:
    """The germline testing prompts that apply, as plain text (the guide first, then broader).

    ``conditions`` go to :func:`breastcancer_kit.receptors.genetic_testing_prompts`
    (``de_novo_metastatic``, ``parp_candidate``, ``family_history``, ``ashkenazi_ancestry``,
    ``second_primary``); those that are true are named in the heading.

    Examples
    --------
    >>> print(genetic_testing_view("triple-negative", age=45))  # doctest: +ELLIPSIS
    Triple-negative, age 45, female:
    - Triple-negative breast cancer under 60 (the guide's words): offer BRCA1/2 testing, ...
    >>> print(genetic_testing_view("HR+/HER2-", 70, family_history=True).splitlines()[0])
    HR+/HER2-, age 70, female, family history:
    """
    label = str(subtype) if subtype else "subtype not given"
    extra = "".join(f", {name.replace('_', ' ')}" for name, on in conditions.items() if on)
    head = (
        f"{label[:1].upper()}{label[1:]}, age {age if age is not None else 'unknown'}, "
        f"{sex}{extra}:"
    )
    try:
        prompts = receptors.genetic_testing_prompts(
            subtype, age, sex, recurrent_or_metastatic, **conditions
        )
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
    """The guide's figures, each registry figure set beside it, and the SEER subtype shares.

    Reads the statistics tables ``guide_figures``, ``seer_subtypes`` and ``ibc_male``. A guide
    figure that no source supports is marked as such (its provenance lists it).

    Examples
    --------
    >>> print(guide_figures_text().splitlines()[1])
    - triple-negative: 10-20 % of breast cancers (the guide)
    >>> print([line for line in guide_figures_text().splitlines() if "about 25" in line][0])
    ... # doctest: +NORMALIZE_WHITESPACE
    - HER2-positive (HR+/HER2+ and HR-/HER2+): 13.6 % of cases (US women, SEER 22
      registries, 2017-2021, SEER): the registry figure beside the guide's about 25 %
    """
    import pandas as pd

    def amount(value, low, high) -> str:
        if not pd.isna(value):
            return f"{float(value):g}"
        if not pd.isna(high):
            return f"{float(low):g}-{float(high):g}"
        return f"over {float(low):g}"

    unsourced = {d["cell"] for d in tables.provenance("guide_figures").get("disagreements", [])}
    lines = []
    for r in guide_figures_table().itertuples(index=False):
        flag = "; no source given, see the registry figure" if str(r.quantity) in unsourced else ""
        lines.append(f"- {r.label}: {amount(r.value, r.low, r.high)} {r.unit} (the guide{flag})")
    seer = tables.load_table("seer_subtypes")
    shares = seer[seer.quantity == "share_of_cases"]
    for r in shares.itertuples(index=False):
        lines.append(f"- {r.group}: {float(r.value):g} {r.unit} ({r.population}, {r.period}, SEER)")
    her2 = shares[shares.group.astype(str).str.endswith("HER2+")]
    guide = guide_figures_table().set_index("quantity")
    lines.append(
        f"- HER2-positive ({' and '.join(her2.group.astype(str))}): "
        f"{float(her2.value.sum()):g} {her2.unit.iloc[0]} ({her2.population.iloc[0]}, "
        f"{her2.period.iloc[0]}, SEER): the registry figure beside the guide's about "
        f"{float(guide.loc['her2_overexpression_share', 'value']):g} %"
    )
    ibc = tables.load_table("ibc_male").query("quantity == 'ibc_mean_age_at_diagnosis'")
    for r in ibc.itertuples(index=False):
        lines.append(
            f"- IBC, {r.group} women: {float(r.value):g} {r.unit} ({r.population}, {r.period}; "
            "registry figure beside the guide's unsourced ages)"
        )
    return "\n".join(lines)


def ibc_treatment_text() -> str:
    """How inflammatory breast cancer is treated, step by step, each step with its source.

    Trimodality treatment: systemic therapy first, then a modified radical mastectomy (no
    breast conservation, no skin- or nipple-sparing mastectomy), then chest-wall and nodal
    radiation; reconstruction usually delayed (table ``care_notes``).

    Examples
    --------
    >>> lines = ibc_treatment_text().splitlines()
    >>> [line[:2] for line in lines[1:4]]
    ['1.', '2.', '3.']
    >>> "skin-sparing" in lines[2] and "modified radical mastectomy" in lines[2]
    True
    """
    return care_notes_text("ibc_trimodality")


def male_endocrine_text() -> str:
    """Endocrine therapy in men (ASCO 2020 male breast cancer guideline), in sentences.

    Examples
    --------
    >>> text = male_endocrine_text()
    >>> "tamoxifen is the standard" in text and "GnRH agonist" in text
    True
    """
    return care_notes_text("male_endocrine")
