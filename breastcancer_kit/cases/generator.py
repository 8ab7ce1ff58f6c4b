"""Reproducible random drill cases, drawn from the engine's own domains.

Every category, prefix, suffix, stage group, grade, receptor word and threshold comes from
the engine (``category_defs()``, the anatomic grid, ``grades()``, ``threshold()``,
``oncotype_rule()``, ``HER2IHC``) and every measurement is checked by the engine that
turns it into a category (``t_from_size_mm``, ``pn_from_positive_nodes``): there is no
second copy of a rule here. A case is drawn from its own random stream, seeded with the
level, the series seed and its number, so the same seed and level give the same cases
on every machine (string seeds of :class:`random.Random` are hashed with SHA-512).

Layer: above :mod:`.case`. For education only.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache

from .. import data
from ..errors import CaseError
from ..limits import bounded_int, bounded_text, preview
from ..receptors import HER2IHC, threshold
from ..staging import Axis, Prefix, parse_tnm, pn_from_positive_nodes, stage, stage_labels
from ..staging import t_from_size_mm as t_from_size
from ..staging.anatomic import grid_rows
from ..staging.parsing import category_defs, groups, node_positive_groups
from ..staging.prognostic import grades, oncotype_rule
from ..vocabulary import ReceptorStatus
from .case import Case, Findings, ReceptorReport
from .levels import Ask, Level, Presentation, coerce_level

__all__ = ["MAX_CASES", "MAX_SEED", "from_id", "generate", "series"]

#: The most cases one call may draw (a worksheet or a drill session holds far fewer).
MAX_CASES = 1000
#: Seeds run from 0 to this (a 63-bit integer).
MAX_SEED = 2**63 - 1
#: Nodes a description may report (a level I-II dissection yields a few dozen at most).
_NODES_DRAWN = 30
#: Distant sites a description may name (words for the description, not rules).
_SITES = ("bones", "liver", "lungs", "brain", "distant lymph nodes")
#: The largest percentage of stained nuclei.
_PERCENT_MAX = 100
#: Tries before a draw that keeps hitting an unwanted cell gives up (never reached in tests).
_TRIES = 200

# ------------------------------------------------------------------ the engine's domains


@cache
def _codes(axis: Axis, prefix: Prefix) -> tuple[str, ...]:
    """Codes of one axis defined for a prefix, in table order (cN codes differ from pN)."""
    return tuple(
        dict.fromkeys(d.code for d in category_defs() if d.axis is axis and prefix in d.prefixes)
    )


@cache
def _group(axis: Axis, code: str) -> str:
    return next(d.group for d in category_defs() if d.axis is axis and d.code == code)


@cache
def _specific(axis: Axis, prefix: Prefix) -> tuple[str, ...]:
    """Codes that are not the parent of a subcategory (T1c, not T1; pN1a, not pN1)."""
    codes = _codes(axis, prefix)
    parents = {_group(axis, c) for c in codes if _group(axis, c) != c}
    return tuple(c for c in codes if c not in parents)


def _unassessed(code: str) -> bool:
    return code.endswith("X")  # TX, NX: the notation's own "cannot be assessed"


@cache
def _size_candidates(code: str, halves: bool) -> tuple[float, ...]:
    """Sizes (whole mm, or half mm) that the engine puts in T category ``code``."""
    d = next(d for d in category_defs() if d.axis is Axis.T and d.code == code)
    if d.size_min_mm is None:
        return ()
    top = d.size_max_mm if d.size_max_mm is not None else 3 * d.size_min_mm
    step = 2 if halves else 1
    sizes = [k / step for k in range(1, int(top * step) + 1)]
    return tuple(s for s in sizes if t_from_size(s) == code)


@cache
def _deposits() -> tuple[float, ...]:
    # Tenths of a mm up to 3 mm, then whole mm: the engine sorts them into ITC, micro, macro.
    return tuple(
        sorted({round(k * 0.1, 1) for k in range(1, 31)} | {float(k) for k in range(4, 16)})
    )


@cache
def _node_candidates(code: str, prefix: Prefix) -> tuple[tuple[int, float | None], ...]:
    """(positive nodes, largest deposit) pairs that the engine reads as ``prefix + code``."""
    if prefix not in (Prefix.PATHOLOGICAL, Prefix.POST_THERAPY_PATHOLOGICAL):
        return ()
    found: list[tuple[int, float | None]] = []
    for k in range(_NODES_DRAWN + 1):
        for deposit in (None, *_deposits()) if k else (None,):
            got = pn_from_positive_nodes(k, largest_deposit_mm=deposit, prefix=prefix.value)
            if got == prefix.value + code and (deposit is not None or not k):
                found.append((k, deposit))
    return tuple(found)


def _suffix(axis: Axis, code: str, prefix: Prefix, rng: random.Random) -> str:
    """Half the time, a suffix of ``tnm_suffixes.csv`` that fits this category (else "")."""
    if rng.random() < 0.5:
        return ""
    fitting = [
        row["suffix"]
        for row in data.rows("tnm_suffixes")
        if row["axis"] == axis.value
        and prefix.value in row["prefixes"].split("|")
        and _suffix_fits(axis, code, prefix)
    ]
    return rng.choice(fitting) if fitting else ""


def _suffix_fits(axis: Axis, code: str, prefix: Prefix) -> bool:
    if axis is Axis.T:  # (m): several tumours, the largest measured, so a size-set T
        return bool(_size_candidates(code, False))
    if prefix in (Prefix.CLINICAL, Prefix.POST_THERAPY_CLINICAL):  # (f): needle-proven spread
        return next(
            d.nodes_positive for d in category_defs() if d.axis is Axis.N and d.code == code
        )
    # (sn): a sentinel biopsy removes a few nodes: node-negative up to the first macro group.
    return _group(axis, code) in (groups(Axis.N)[1], *node_positive_groups()[:2])


# ------------------------------------------------------------------ findings


def _findings(tnm_text: str, rng: random.Random, *, halves: bool) -> tuple[str, Findings]:
    """Measurements that the engine reads back as ``tnm_text`` (the text is returned too)."""
    tnm = parse_tnm(tnm_text)
    sizes = _size_candidates(tnm.t.code, halves)
    size = rng.choice(sizes) if sizes else None
    nodes = _node_candidates(tnm.n.code, tnm.n.prefix)
    positive = examined = deposit = None
    if nodes:
        positive, deposit = rng.choice(nodes)
        sentinel = "(sn)" in tnm.n.suffixes
        examined = positive + rng.randint(0 if positive else 1, 3 if sentinel else 15)
    sites: tuple[str, ...] = ()
    if tnm.m.group != groups(Axis.M)[0]:
        sites = tuple(sorted(rng.sample(_SITES, rng.randint(1, 3)), key=_SITES.index))
    return tnm_text, Findings(size, positive, examined, deposit, sites)


# ------------------------------------------------------------------ drawing helpers


def _code_in_group(axis: Axis, group: str, prefix: Prefix, rng: random.Random, pool) -> str:
    choices = [c for c in pool(axis, prefix) if _group(axis, c) == group]
    return rng.choice(choices)


def _main(axis: Axis, prefix: Prefix) -> tuple[str, ...]:
    """Main categories: the grouping categories themselves, without X or microinvasion."""
    return tuple(
        c
        for c in _codes(axis, prefix)
        if c == _group(axis, c) and not _unassessed(c) and "mi" not in c
    )


def _staged_cells(m: str) -> list:
    return [row for row in grid_rows(m) if row.stage is not None]


def _m0() -> str:
    return groups(Axis.M)[0]


def _case(level: Level, series_level: Level, seed: int, number: int, **fields) -> Case:
    return Case(level=level, series_level=series_level, seed=seed, number=number, **fields)


# ------------------------------------------------------------------ levels


def _draw_basic(rng: random.Random) -> dict:
    c = Prefix.CLINICAL
    for _ in range(_TRIES):
        m = rng.choice(groups(Axis.M)[1:]) if rng.random() < 0.15 else _m0()
        t = rng.choice(_main(Axis.T, c))
        n = rng.choice(_main(Axis.N, c))
        # Plain cases only: staged, and staged without M1 too (no Tis or T0 N0 M1), and no
        # Tis with positive nodes (registries disagree on Tis N3: that is for the traps).
        plain = stage(t=t, n=n, m=m).anatomic and stage(t=t, n=n, m=_m0()).anatomic
        if plain and not (t == groups(Axis.T)[2] and n in node_positive_groups()):
            break
    if rng.random() < 0.6:
        return {"ask": Ask.STAGE, "presentation": Presentation.TNM_TEXT,
                "tnm": f"c{t} c{n} c{m}"}  # fmt: skip
    # A clinical description: T1 becomes T1a-T1c (a size), T4 one of T4a-T4d (a finding).
    t_code = _code_in_group(Axis.T, t, c, rng, _specific)
    t_code = t if "mi" in t_code else t_code
    tnm, findings = _findings(f"c{t_code} c{n} c{m}", rng, halves=False)
    return {"ask": Ask.TNM, "presentation": Presentation.CLINICAL, "tnm": tnm,
            "findings": findings, "exact_codes": False}  # fmt: skip


def _draw_subcategories(rng: random.Random) -> dict:
    for _ in range(_TRIES):
        prefix = rng.choice([Prefix.CLINICAL, Prefix.PATHOLOGICAL])
        t = rng.choice([c for c in _specific(Axis.T, prefix) if not _unassessed(c)])
        n = rng.choice([c for c in _specific(Axis.N, prefix) if not _unassessed(c)])
        m = rng.choice(_codes(Axis.M, Prefix.CLINICAL)) if rng.random() < 0.25 else _m0()
        tnm = (
            f"{prefix.value}{t}{_suffix(Axis.T, t, prefix, rng)} "
            f"{prefix.value}{n}{_suffix(Axis.N, n, prefix, rng)} c{m}"
        )
        if stage(tnm).anatomic is not None:
            break
    if rng.random() < 0.5:
        return {"ask": Ask.STAGE, "presentation": Presentation.TNM_TEXT, "tnm": tnm}
    tnm, findings = _findings(tnm, rng, halves=True)
    shown = Presentation.PATHOLOGY if prefix is Prefix.PATHOLOGICAL else Presentation.CLINICAL
    return {"ask": Ask.TNM, "presentation": shown, "tnm": tnm, "findings": findings,
            "exact_codes": True}  # fmt: skip


def _receptor_word(rng: random.Random) -> str:
    return rng.choice(ReceptorStatus.binary()).value


def _draw_prognostic(rng: random.Random) -> dict:
    prefix = rng.choice([Prefix.CLINICAL, Prefix.PATHOLOGICAL])
    cell = rng.choice(_staged_cells(_m0()) + _staged_cells(groups(Axis.M)[-1])[:1])
    t = _code_in_group(Axis.T, cell.t, prefix, rng, _specific)
    n = _code_in_group(Axis.N, cell.n, prefix, rng, _specific)
    tnm = f"{prefix.value}{t} {prefix.value}{n} c{cell.m}"
    fields: dict = {"ask": Ask.PROGNOSTIC_STAGE, "tnm": tnm, "grade": rng.choice(grades())}
    rule = oncotype_rule()
    if rng.random() < 0.4:
        fields["report"] = _report(rng, allow_no_ish=False)
        fields["presentation"] = Presentation.PATHOLOGY
        _, fields["findings"] = _findings(tnm, rng, halves=False)
    else:
        fields.update(er=_receptor_word(rng), pr=_receptor_word(rng), her2=_receptor_word(rng))
        fields["presentation"] = Presentation.TNM_TEXT
    in_rule = (cell.t, cell.n, cell.m) in rule.cells and prefix is Prefix.PATHOLOGICAL
    if in_rule and rng.random() < 0.5:
        fields["oncotype_rs"] = float(rng.randint(int(rule.score_min), int(rule.score_max) // 2))
    return fields


def _trap_unstaged_grid(rng: random.Random) -> dict:
    row = rng.choice([r for r in grid_rows(_m0()) if r.stage is None])
    prefix = rng.choice([Prefix.CLINICAL, Prefix.PATHOLOGICAL])
    t = _code_in_group(Axis.T, row.t, prefix, rng, _codes)
    n = _code_in_group(Axis.N, row.n, prefix, rng, _codes)
    return {"ask": Ask.STAGE, "tnm": f"{prefix.value}{t} {prefix.value}{n} c{row.m}"}


def _trap_unassessed_but_staged(rng: random.Random) -> dict:
    # TX or NX yet staged: any T with N3 (IIIC) or any M1 (IV).
    rows = [
        r
        for m in groups(Axis.M)
        for r in grid_rows(m)
        if r.stage is not None and (_unassessed(r.t) or _unassessed(r.n))
    ]
    row = rng.choice(rows)
    c = Prefix.CLINICAL
    t = _code_in_group(Axis.T, row.t, c, rng, _codes)
    n = _code_in_group(Axis.N, row.n, c, rng, _codes)
    return {"ask": Ask.STAGE, "tnm": f"c{t} c{n} c{row.m}"}


def _trap_post_therapy_rule(rng: random.Random) -> dict:
    # The post-therapy exceptions (complete response ...), read from their table.
    row = rng.choice(data.rows("anatomic_post_therapy_rules"))
    yp = Prefix.POST_THERAPY_PATHOLOGICAL
    t = _code_in_group(Axis.T, row["t"], yp, rng, _codes)
    return {"ask": Ask.STAGE, "tnm": f"{yp.value}{t} {yp.value}{row['n_code']} c{row['m']}"}


def _trap_post_therapy_staged(rng: random.Random) -> dict:
    prefix = rng.choice([Prefix.POST_THERAPY_PATHOLOGICAL, Prefix.POST_THERAPY_CLINICAL])
    cell = rng.choice(_staged_cells(_m0()))
    t = _code_in_group(Axis.T, cell.t, prefix, rng, _specific)
    n = _code_in_group(Axis.N, cell.n, prefix, rng, _specific)
    tnm = f"{prefix.value}{t} {prefix.value}{n} c{cell.m}"
    if rng.random() < 0.5:
        # A prognostic question after neoadjuvant therapy: the engine gives none.
        return {"ask": Ask.PROGNOSTIC_STAGE, "tnm": tnm, "grade": rng.choice(grades()),
                "er": _receptor_word(rng), "pr": _receptor_word(rng),
                "her2": _receptor_word(rng)}  # fmt: skip
    return {"ask": Ask.STAGE, "tnm": tnm}


_TRAPS: tuple[Callable[[random.Random], dict], ...] = (
    _trap_unstaged_grid,
    _trap_unassessed_but_staged,
    _trap_post_therapy_rule,
    _trap_post_therapy_staged,
)


def _draw_traps(rng: random.Random) -> dict:
    fields = rng.choice(_TRAPS)(rng)
    basis_pathological = parse_tnm(fields["tnm"]).n.prefix in (
        Prefix.PATHOLOGICAL,
        Prefix.POST_THERAPY_PATHOLOGICAL,
    )
    if rng.random() < 0.5:
        fields["presentation"] = Presentation.TNM_TEXT
    else:
        fields["presentation"] = (
            Presentation.PATHOLOGY if basis_pathological else Presentation.CLINICAL
        )
        _, fields["findings"] = _findings(fields["tnm"], rng, halves=False)
    return fields


def _percent(rng: random.Random, marker: str) -> float:
    """A percentage in one of the bands the engine's thresholds set (none, low, high)."""
    positive_min = threshold(f"{marker}_positive_min")
    low_max = threshold("er_low_positive_max")
    band = rng.randrange(3)
    if band == 0:
        return 0.0
    if band == 1:
        return float(rng.randint(int(positive_min), int(low_max)))
    return float(rng.randint(int(low_max) + 1, _PERCENT_MAX))


def _ish(rng: random.Random) -> tuple[float, float]:
    """A ratio and a copy number in bands around the engine's ISH thresholds."""
    ratio_min = threshold("ish_ratio_min")
    copies_low, copies_high = threshold("ish_copies_low"), threshold("ish_copies_high")
    ratio = round(ratio_min * rng.uniform(0.4, 0.97) if rng.random() < 0.5
                  else ratio_min * rng.uniform(1, 3), 2)  # fmt: skip
    copies = rng.choice([
        copies_low * rng.uniform(0.5, 0.97),
        rng.uniform(copies_low, copies_high * 0.99),
        copies_high * rng.uniform(1, 3),
    ])  # fmt: skip
    return ratio, round(copies, 1)


def _report(rng: random.Random, *, allow_no_ish: bool = True) -> ReceptorReport:
    ihc = rng.choice(list(HER2IHC))
    equivocal = ihc is HER2IHC.TWO
    with_ish = rng.random() < (0.85 if equivocal else 0.25)
    if equivocal and not allow_no_ish:
        with_ish = with_ish or rng.random() < 0.5
    ratio, copies = _ish(rng) if with_ish else (None, None)
    return ReceptorReport(_percent(rng, "er"), _percent(rng, "pr"), ihc.value, ratio, copies)


def _draw_receptors(rng: random.Random) -> dict:
    return {"ask": Ask.SUBTYPE, "presentation": Presentation.PATHOLOGY, "report": _report(rng)}


def _draw_reverse(rng: random.Random) -> dict:
    return {"ask": Ask.REVERSE_TNM, "presentation": Presentation.TNM_TEXT,
            "target_stage": rng.choice(stage_labels())}  # fmt: skip


_DRAW: dict[Level, Callable[[random.Random], dict]] = {
    Level.BASIC: _draw_basic,
    Level.SUBCATEGORIES: _draw_subcategories,
    Level.PROGNOSTIC: _draw_prognostic,
    Level.TRAPS: _draw_traps,
    Level.RECEPTORS: _draw_receptors,
    Level.REVERSE: _draw_reverse,
}


# ------------------------------------------------------------------ public API


def _check_int(value: object, field: str, high: int, low: int = 0) -> int:
    return bounded_int(value, field, CaseError, low, high)


def generate(seed: int, level: Level | str = Level.BASIC, number: int = 0) -> Case:
    """Case ``number`` of the series drawn from ``seed`` at ``level``.

    Parameters
    ----------
    seed : int
        0 to :data:`MAX_SEED`.
    level : Level or str
        A :class:`~breastcancer_kit.cases.Level` or its name (``"traps"``).
    number : int
        The case's position in the series (0 first).

    Returns
    -------
    Case

    Raises
    ------
    CaseError
        A bad seed, number or level.

    Examples
    --------
    >>> case = generate(7, "reverse")
    >>> case.ask.value, case.target_stage in stage_labels()
    ('a T, N, M with the given stage group', True)
    >>> generate(7, "reverse") == case
    True
    """
    seed = _check_int(seed, "seed", MAX_SEED)
    number = _check_int(number, "number", MAX_SEED)
    series_level = coerce_level(level)
    rng = random.Random(f"breastcancer_kit.cases|{series_level.value}|{seed}|{number}")
    drawn = rng.choice(Level.drawn()) if series_level is Level.MIXED else series_level
    fields = _DRAW[drawn](rng)
    return _case(drawn, series_level, seed, number, **fields)


def series(seed: int, level: Level | str = Level.BASIC, n: int = 12) -> tuple[Case, ...]:
    """The first ``n`` cases of the series drawn from ``seed`` at ``level``.

    Examples
    --------
    >>> cases = series(42, "basic", 3)
    >>> [c.number for c in cases], cases == series(42, "basic", 3)
    ([0, 1, 2], True)
    """
    n = _check_int(n, "n", MAX_CASES, low=1)
    return tuple(generate(seed, level, k) for k in range(n))


def from_id(case_id: str) -> Case:
    """The case named by :attr:`Case.id` (``"level:seed:number"``).

    Raises
    ------
    CaseError
        Text that is not ``level:seed:number`` with a known level and whole numbers.

    Examples
    --------
    >>> case = generate(5, "traps", 2)
    >>> from_id(case.id) == case, case.id
    (True, 'traps:5:2')
    """
    text = bounded_text(case_id, "case_id", CaseError) if isinstance(case_id, str) else None
    parts = text.strip().split(":") if text else []
    if len(parts) != 3 or not all(p.strip().isdigit() for p in parts[1:]):
        raise CaseError(
            "not a case id", field="case_id", value=preview(case_id),
            allowed=["level:seed:number, e.g. basic:2026:0"],
        )  # fmt: skip
    return generate(int(parts[1]), parts[0], int(parts[2]))
