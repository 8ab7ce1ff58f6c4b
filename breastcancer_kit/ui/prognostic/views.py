"""Pure views for lesson 02: biomarker profiles and how they shift the stage."""

from __future__ import annotations

from ...staging import prognostic, stage_labels
from ...vocabulary import ReceptorStatus

__all__ = [
    "PROFILE_GRADES",
    "PROFILE_STATUS",
    "biomarker_profiles",
    "profile_summary",
    "shift_summary",
    "stage_shift",
    "stage_shift_all_profiles",
]

#: The grades and receptor results the prognostic tables distinguish (from the tables).
PROFILE_GRADES = prognostic.grades()
PROFILE_STATUS = tuple(s.value for s in ReceptorStatus.binary())


def biomarker_profiles() -> list[tuple[int, str, str, str]]:
    """The 24 biomarker profiles: (grade, ER, PR, HER2).

    Examples
    --------
    >>> len(biomarker_profiles()), biomarker_profiles()[0]
    (24, (1, 'positive', 'positive', 'positive'))
    """
    return [
        (g, er, pr, her2)
        for g in PROFILE_GRADES
        for er in PROFILE_STATUS
        for pr in PROFILE_STATUS
        for her2 in PROFILE_STATUS
    ]


def _shift_table(grids) -> object:
    import pandas as pd

    staged = pd.concat(grids, ignore_index=True).dropna(subset=["anatomic_stage"])
    labels = list(stage_labels())
    return pd.crosstab(
        pd.Categorical(staged["anatomic_stage"].astype(str), categories=labels, ordered=True),
        pd.Categorical(staged["prognostic_stage"].astype(str), categories=labels, ordered=True),
        rownames=["anatomic"],
        colnames=["prognostic"],
        dropna=False,
    )


def stage_shift(
    table: str,
    grade: object,
    er: object,
    pr: object,
    her2: object,
    oncotype_rs: float | None = None,
):  # -> pandas.DataFrame
    """Anatomic x prognostic crosstab over the staged M0 cells of one profile.

    Examples
    --------
    >>> shift = stage_shift("clinical", 1, "+", "+", "+")
    >>> int(shift.loc["IIIB", "IIIA"])  # T4 N0, N1mi, N1, N2 move from IIIB to IIIA
    4
    """
    grid = prognostic.prognostic_grid(table, grade, er, pr, her2, m="M0", oncotype_rs=oncotype_rs)
    return _shift_table([grid]).drop(index="IV", columns="IV")


def stage_shift_all_profiles(table: str, oncotype_rs: float | None = None):
    """Anatomic x prognostic crosstab summed over all 24 biomarker profiles (M0 cells).

    Examples
    --------
    >>> shift = stage_shift_all_profiles("clinical")
    >>> int(shift.to_numpy().sum()) == 24 * int(stage_shift("clinical", 1, "+", "+", "+")
    ...     .to_numpy().sum())
    True
    """
    grids = [
        prognostic.prognostic_grid(table, g, er, pr, her2, m="M0", oncotype_rs=oncotype_rs)
        for g, er, pr, her2 in biomarker_profiles()
    ]
    return _shift_table(grids).drop(index="IV", columns="IV")


def profile_summary(
    table: str,
    grade: object,
    er: object,
    pr: object,
    her2: object,
    shift,
    oncotype_rs: float | None = None,
) -> str:
    """The profile in words, then :func:`shift_summary` of its stage-shift matrix.

    Examples
    --------
    >>> shift = stage_shift("clinical", 3, "-", "-", "-")
    >>> profile_summary("clinical", 3, "-", "-", "-", shift)[:62]
    'Clinical table, G3, ER-negative, PR-negative, HER2-negative: 0'
    """
    profile = prognostic.biomarkers(grade, er, pr, her2).describe()
    cutoff = prognostic.oncotype_rule().cutoff
    below = oncotype_rs is not None and oncotype_rs < cutoff
    onco = f", Oncotype DX below {cutoff:g}" if below else ""
    if prognostic.biomarkers(her2=her2).her2 == prognostic.EQUIVOCAL:
        onco += f" ({prognostic.equivocal_reason()})"
    return f"{table.capitalize()} table, {profile}{onco}: {shift_summary(shift)}"


def shift_summary(shift) -> str:
    """One sentence: how many cells move to a better or worse stage.

    Examples
    --------
    >>> shift_summary(stage_shift("clinical", 3, "-", "-", "-"))
    '0 of 27 staged cells move to a better stage, 17 to a worse one, 10 stay.'
    """
    labels = list(shift.columns)
    values = shift.to_numpy()
    better = worse = same = 0
    for i, a in enumerate(shift.index):
        for j in range(len(labels)):
            k = int(values[i][j])
            if labels.index(a) > j:
                better += k
            elif labels.index(a) < j:
                worse += k
            else:
                same += k
    total = better + worse + same
    return (
        f"{better} of {total} staged cells move to a better stage, {worse} to a worse one, "
        f"{same} stay."
    )
