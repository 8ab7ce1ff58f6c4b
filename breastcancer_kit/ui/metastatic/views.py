"""Pure views for lesson 08: metastatic disease by subtype, each figure with its source.

Every number comes from a statistics table: ``metastasis_sites`` (sites after relapse,
Kaplan et al. 2016), ``metastatic_course`` (brain metastases, recurrence timing, receptor
change on re-testing, de novo versus recurrent disease) and ``seer_survival_subtype_stage``
(SEER 5-year relative survival). The one-sentence care notes come from ``care_notes``.
"""

from __future__ import annotations

from ...errors import ParameterError
from ...limits import preview
from ...receptors import Subtype
from ...statistics import tables
from ..care_notes import CARE_TOPICS, care_notes_text

__all__ = [
    "CARE_TOPICS",
    "SUBTYPES",
    "care_notes_text",
    "de_novo_text",
    "discordance_view",
    "pattern_view",
    "subtype_summary_text",
    "surrogate_groups",
]

#: The subtypes the explorer offers (the kit's HR/HER2 groups).
SUBTYPES = tuple(s.value for s in Subtype)


def _subtype(subtype: object) -> str:
    if not isinstance(subtype, str) or subtype not in SUBTYPES:
        raise ParameterError("unknown subtype", field="subtype", value=preview(subtype),
                             allowed=list(SUBTYPES))  # fmt: skip
    return subtype


def surrogate_groups(subtype: str) -> list[str]:
    """The immunohistochemical surrogate groups shown for an HR/HER2 subtype (approximate).

    The mapping is data (``metastatic_course`` provenance, ``subtype_surrogates``).

    Examples
    --------
    >>> surrogate_groups("HR+/HER2-")
    ['luminal A', 'luminal B']
    >>> surrogate_groups("HER2+")
    Traceback (most recent call last):
    ...
    breastcancer_kit.errors.ParameterError: subtype: unknown subtype (got 'HER2+'); allowed: HR+/HER2-, HR+/HER2+, HR-/HER2+, triple-negative
    """  # noqa: E501
    return list(tables.provenance("metastatic_course")["subtype_surrogates"][_subtype(subtype)])


def _course():
    return tables.load_table("metastatic_course")


def pattern_view(subtype: str):  # -> pandas.DataFrame
    """Every figure lesson 08 shows for one subtype: sites, brain metastases, survival, timing.

    Returns
    -------
    pandas.DataFrame
        One row per figure: ``topic``, ``group``, ``measure``, ``value`` (and ``low``/``high``),
        ``unit``, ``source`` and ``url``.

    Examples
    --------
    >>> df = pattern_view("triple-negative")
    >>> sorted(df.topic.unique())
    ['brain metastases', 'recurrence timing', 'sites after relapse', 'survival']
    >>> row = df[(df.topic == "sites after relapse") & (df.measure == "brain")].iloc[0]
    >>> float(row.value), row.group
    (23.1, 'triple-negative')
    """
    import pandas as pd

    subtype = _subtype(subtype)
    surrogates = surrogate_groups(subtype)
    parts = []
    sites = tables.load_table("metastasis_sites").query("quantity == 'relapse_site_share'")
    sites = sites[sites.group.astype(str).isin(surrogates)]
    parts.append(sites.assign(topic="sites after relapse", measure=sites.site.astype(str)))
    course = _course()
    brain = course[
        course.quantity.astype(str).str.startswith(("brain_metastasis", "median_survival_brain"))
        & (course.group.astype(str) == subtype)
    ]
    parts.append(brain.assign(topic="brain metastases", measure=brain.quantity.astype(str)))
    timing_groups = {*surrogates, subtype, "triple-negative (Ki-67 >= 14 %)"} if (
        subtype == "triple-negative") else {*surrogates, subtype}
    if subtype.startswith("HR+"):
        timing_groups |= {g for g in course.group.astype(str) if g.startswith("ER+")}
    timing = course[
        course.quantity.astype(str).str.contains("recurrence")
        & course.group.astype(str).isin(timing_groups)
    ]
    parts.append(timing.assign(topic="recurrence timing", measure=timing.quantity.astype(str)))
    seer = tables.load_table("seer_survival_subtype_stage")
    seer = seer[seer.group.astype(str) == subtype]
    parts.append(seer.assign(topic="survival", measure=seer.stage.astype(str)))
    cols = ["topic", "group", "measure", "value", "low", "high", "unit", "source", "url"]
    out = pd.concat([p.assign(group=p.group.astype(str))[cols] for p in parts], ignore_index=True)
    return out


def _num(v) -> str:
    v = float(v)
    return f"{v:,.0f}" if v >= 1000 and v == int(v) else f"{v:g}"


# What each quantity measures, in words (labels only; the numbers are in the tables).
_LABELS = {
    "brain_metastasis_cumulative_incidence_5y": "brain metastases in metastatic disease",
    "brain_metastasis_at_diagnosis_share_of_metastatic": "brain metastases at diagnosis",
    "median_survival_brain_metastasis_at_diagnosis": "median survival with brain metastases "
    "at diagnosis",
    "distant_recurrence_hazard_ratio_first_5y": "distant recurrence in the first 5 years",
    "distant_recurrence_peak_year": "when distant recurrence peaks",
    "distant_recurrence_years_5_to_20": "late recurrence after 5 years of endocrine therapy",
    "recurrence_risk_peak_month": "when recurrence risk peaks",
}


def subtype_summary_text(subtype: str) -> str:
    """The figures for one subtype in sentences, each with its source (plain text).

    Examples
    --------
    >>> text = subtype_summary_text("HR-/HER2+")
    >>> "34 % with brain metastases within 60 months" in text
    True
    >>> print(text.splitlines()[0])
    HR-/HER2+: what the sources say about metastatic disease
    """
    import pandas as pd

    df = pattern_view(subtype)
    lines = [f"{subtype}: what the sources say about metastatic disease"]
    sites = df[df.topic == "sites after relapse"]
    for group, sub in sites.groupby("group", sort=False):
        parts = ", ".join(f"{m} {_num(v)} %" for m, v in zip(sub.measure, sub.value, strict=True))
        lines.append(
            f"- Sites of metastasis after relapse ({group}, surrogate group): {parts} of "
            f"relapsed patients; sites overlap ({sub.source.iloc[0]})"
        )
    for r in df[df.topic == "brain metastases"].itertuples(index=False):
        lines.append(f"- {_LABELS[r.measure]}: {_num(r.value)} {r.unit} ({r.source})")
    for r in df[df.topic == "recurrence timing"].itertuples(index=False):
        unit = str(r.unit).replace(" (95 % CI)", "")
        span = f" (95 % CI {_num(r.low)}-{_num(r.high)})" if pd.notna(r.low) else ""
        lines.append(
            f"- {_LABELS[r.measure]}, {r.group}: {_num(r.value)}{span} {unit} ({r.source})"
        )
    seer = df[df.topic == "survival"]
    if len(seer):
        by_stage = ", ".join(
            f"{m} {_num(v)} %" for m, v in zip(seer.measure, seer.value, strict=True))
        lines.append(
            f"- 5-year relative survival by SEER summary stage: {by_stage} "
            f"({seer.source.iloc[0]}); "
            "'distant' counts only women metastatic at diagnosis (de novo), not those whose "
            "cancer came back later"
        )
    return "\n".join(lines)


def de_novo_text() -> str:
    """De novo versus recurrent metastatic disease, in sentences with their sources.

    Examples
    --------
    >>> print(de_novo_text().splitlines()[1])  # doctest: +ELLIPSIS
    - 154,794 women (estimate) living with metastatic breast cancer in the US ...
    """
    df = _course()

    def row(quantity: str):
        return df[df.quantity == quantity].iloc[0]

    total = row("women_living_with_mbc")
    early = row("share_first_diagnosed_stage_i_iii")
    de_novo = row("share_de_novo_of_living_with_mbc")
    young = [r for _, r in df[df.quantity == "de_novo_five_year_relative_survival"].iterrows()]
    lines = [
        "De novo versus recurrent stage IV",
        f"- {_num(total.value)} {total.unit} living with metastatic breast cancer in the US "
        f"({total.period}; {total.source})",
        f"- {_num(early.value)} % of them were first diagnosed with stage I-III disease that "
        f"later spread (recurrent); {_num(de_novo.value)} % were metastatic at diagnosis "
        f"(de novo), in {de_novo.period} ({de_novo.source})",
    ]
    if young:
        a, b = young[0], young[-1]
        lines.append(
            f"- De novo, aged 15-49: 5-year relative survival {_num(a.value)} % "
            f"({a.period}) and {_num(b.value)} % ({b.period}) ({a.source})"
        )
    lines.append(
        "- Registry 'distant' survival (SEER summary stage at diagnosis) describes only de "
        "novo disease: the larger recurrent group is not in it"
    )
    return "\n".join(lines)


def discordance_view():  # -> pandas.DataFrame
    """Receptor change between the primary tumour and a metastasis, by marker and study.

    Examples
    --------
    >>> df = discordance_view()
    >>> df[df.quantity == "receptor_conversion_positive_to_negative"].value.tolist()
    [22.5, 49.4, 21.3]
    """
    df = _course()
    keep = df.quantity.astype(str).str.startswith("receptor_")
    out = df[keep].copy()
    out["quantity"] = out.quantity.astype(str)
    out["group"] = out.group.astype(str)
    out["value"] = out.value.astype(float)
    return out[["quantity", "group", "source_id", "value", "low", "high", "unit", "source",
                "url"]].reset_index(drop=True)  # fmt: skip
