#!/usr/bin/env python3
"""Completeness / sanity check for the AJCC 8th-ed. (revised 2018 breast chapter)
prognostic stage-group transcriptions in this directory.

Usage:  python3 check.py            (exit status 0 = all checks passed)

Checks, for clinical_prognostic.csv and pathological_prognostic.csv:
  * header is exactly t,n,m,grade,her2,er,pr,stage
  * every value is in its allowed domain
  * every expected (t,n,m,grade,her2,er,pr) combination appears exactly once,
    and nothing outside the expected set appears
  * M1 rows are all IV; Tis N0 M0 rows are all 0
  * within each AJCC row group ("T1 N0 / T0 N1mi / T1 N1mi", ...) every
    member T/N pair has the same stage for the same grade/receptor status
    (this is how the AJCC table is laid out)
and then prints the number of cells per stage group.

Expected set (see notes.md for the reasoning):
  M0: Tis N0, plus every T0-T4 x N0/N1mi/N1/N2/N3 pair except T0 N0
      (25 T/N pairs x 3 grades x 8 receptor states = 600 rows)
  M1: every T (Tis, T0-T4) x every N  (30 pairs x 24 = 720 rows, all IV)
  => 1320 rows per table.
Tis with N+ and M0, and T0 N0 M0, are not defined by the tables and are
deliberately absent.
"""
import csv
import itertools
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ["t", "n", "m", "grade", "her2", "er", "pr", "stage"]
TS = ["Tis", "T0", "T1", "T2", "T3", "T4"]
NS = ["N0", "N1mi", "N1", "N2", "N3"]
MS = ["M0", "M1"]
GRADES = ["1", "2", "3"]
POSNEG = ["positive", "negative"]
STAGES = ["0", "IA", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IV"]

# AJCC row groups (identical for the clinical and the pathological table).
# N1mi with T2/T3/T4 is grouped with N1 per the table footnote.
ROW_GROUPS = [
    [("T1", "N0"), ("T0", "N1mi"), ("T1", "N1mi")],
    [("T0", "N1"), ("T1", "N1"), ("T2", "N0")],
    [("T2", "N1"), ("T2", "N1mi"), ("T3", "N0")],
    [("T0", "N2"), ("T1", "N2"), ("T2", "N2"), ("T3", "N1"), ("T3", "N1mi"), ("T3", "N2")],
    [("T4", "N0"), ("T4", "N1mi"), ("T4", "N1"), ("T4", "N2"),
     ("T0", "N3"), ("T1", "N3"), ("T2", "N3"), ("T3", "N3"), ("T4", "N3")],
]


def expected_keys():
    tn_m0 = [("Tis", "N0")] + [p for g in ROW_GROUPS for p in g]
    assert len(tn_m0) == len(set(tn_m0)) == 25
    keys = set()
    for (t, n) in tn_m0:
        for g, h, e, p in itertools.product(GRADES, POSNEG, POSNEG, POSNEG):
            keys.add((t, n, "M0", g, h, e, p))
    for t, n in itertools.product(TS, NS):
        for g, h, e, p in itertools.product(GRADES, POSNEG, POSNEG, POSNEG):
            keys.add((t, n, "M1", g, h, e, p))
    return keys


def check_table(path):
    errors = []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header != HEADER:
            errors.append(f"bad header {header!r}")
        rows = [r for r in reader if r]
    domains = [TS, NS, MS, GRADES, POSNEG, POSNEG, POSNEG, STAGES]
    seen = Counter()
    stage_of = {}
    for i, r in enumerate(rows, start=2):
        if len(r) != 8:
            errors.append(f"line {i}: {len(r)} fields")
            continue
        for val, dom, col in zip(r, domains, HEADER):
            if val not in dom:
                errors.append(f"line {i}: {col}={val!r} not in {dom}")
        key = tuple(r[:7])
        seen[key] += 1
        stage_of[key] = r[7]
    exp = expected_keys()
    dups = [k for k, c in seen.items() if c > 1]
    missing = exp - set(seen)
    extra = set(seen) - exp
    if dups:
        errors.append(f"{len(dups)} duplicated combinations, e.g. {sorted(dups)[:3]}")
    if missing:
        errors.append(f"{len(missing)} missing combinations, e.g. {sorted(missing)[:3]}")
    if extra:
        errors.append(f"{len(extra)} unexpected combinations, e.g. {sorted(extra)[:3]}")
    for k, s in stage_of.items():
        if k[2] == "M1" and s != "IV":
            errors.append(f"{k}: M1 must be IV, got {s}")
        if k[2] == "M0" and k[0] == "Tis" and s != "0":
            errors.append(f"{k}: Tis N0 M0 must be 0, got {s}")
        if k[2] == "M0" and k[0] != "Tis" and s in ("0", "IV"):
            errors.append(f"{k}: invasive M0 cell cannot be {s}")
    for grp in ROW_GROUPS:
        for g, h, e, p in itertools.product(GRADES, POSNEG, POSNEG, POSNEG):
            vals = {stage_of.get((t, n, "M0", g, h, e, p)) for t, n in grp}
            if len(vals) != 1:
                errors.append(f"row group {grp[0]}.. G{g} HER2 {h} ER {e} PR {p}: inconsistent {vals}")
    return rows, stage_of, errors


def main():
    ok = True
    for name in ("clinical_prognostic.csv", "pathological_prognostic.csv"):
        path = os.path.join(HERE, name)
        rows, stage_of, errors = check_table(path)
        print(f"== {name}: {len(rows)} rows, {len(stage_of)} distinct combinations "
              f"(expected {len(expected_keys())})")
        if errors:
            ok = False
            for e in errors[:50]:
                print("  ERROR:", e)
            if len(errors) > 50:
                print(f"  ... {len(errors) - 50} more errors")
        else:
            print("  OK: complete, no duplicates, domains valid, M1=IV, Tis N0 M0=0, row groups consistent")
        all_counts = Counter(stage_of.values())
        m0_counts = Counter(s for k, s in stage_of.items() if k[2] == "M0")
        print("  cells per stage (all rows | M0 rows only):")
        for s in STAGES:
            print(f"    {s:>4}: {all_counts.get(s, 0):4d} | {m0_counts.get(s, 0):4d}")
    print("ALL CHECKS PASSED" if ok else "CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
