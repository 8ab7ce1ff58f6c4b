"""stage_frame throughput and memory (issue 3 goals: >= 5M rows/s on 2 cores, >= 100x
faster than stage() row by row, peak memory <= 3x the input frame).

Usage: python benchmarks/bench_stage_frame.py [--rows 1000000 10000000] [--categorical]

Synthetic rows: random T, N, M categories as written (prefixes, subcategories), grade,
ER, PR, HER2 and an Oncotype score on a fifth of the rows. By default the text columns
are pandas' default string dtype (what read_csv gives); --categorical uses categoricals.
Peak memory is measured with tracemalloc (numpy and pandas allocations included).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np
import pandas as pd

import breastcancer_kit as bck
from breastcancer_kit.frames import stage_frame
from breastcancer_kit.staging import parsing

T = ["T0", "Tis", "T1mi", "T1a", "T1b", "T1c", "T2", "T3", "T4a", "T4b", "T4d", "TX"]
N = ["N0", "N0(i+)", "N1mi", "N1a", "N1", "N2a", "N2b", "N3a", "N3c", "NX"]
M = ["M0", "M0(i+)", "M1"]


def synthetic(rows: int, seed: int = 0, categorical: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    prefix = rng.choice(["c", "p"], rows)
    df = pd.DataFrame(
        {
            "t": np.char.add(prefix, rng.choice(T, rows)),
            "n": np.char.add(prefix, rng.choice(N, rows)),
            "m": np.char.add("c", rng.choice(M, rows, p=[0.85, 0.05, 0.10])),
            "grade": rng.choice([1, 2, 3], rows),
            "er": rng.choice(["positive", "negative"], rows, p=[0.75, 0.25]),
            "pr": rng.choice(["positive", "negative"], rows, p=[0.65, 0.35]),
            "her2": rng.choice(["positive", "negative"], rows, p=[0.2, 0.8]),
            "oncotype_rs": np.where(rng.random(rows) < 0.2, rng.integers(0, 60, rows), np.nan),
        }
    )
    for col in ("t", "n", "m", "er", "pr", "her2"):
        df[col] = df[col].astype("category" if categorical else "str")
    return df


def row_by_row_rate(df: pd.DataFrame, sample: int = 20_000) -> float:
    records = df.head(sample).to_dict("records")
    parsing._read_tokens.cache_clear()
    start = time.perf_counter()
    for r in records:
        rs = r["oncotype_rs"]
        try:
            bck.stage(
                t=r["t"],
                n=r["n"],
                m=r["m"],
                grade=r["grade"],
                er=r["er"],
                pr=r["pr"],
                her2=r["her2"],
                oncotype_rs=None if rs != rs else rs,
            )
        except bck.StagingError:
            pass
    return len(records) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--categorical", action="store_true")
    args = parser.parse_args()
    kind = "categorical" if args.categorical else "string"
    baseline = None
    for rows in args.rows:
        df = synthetic(rows, categorical=args.categorical)
        input_bytes = df.memory_usage(deep=True).sum()
        stage_frame(df.head(1000))  # read the rule tables once (as any session would) ...
        parsing._read_tokens.cache_clear()  # ... but time the TNM parsing cold
        tracemalloc.start()
        start = time.perf_counter()
        out = stage_frame(df)
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rate = rows / seconds
        if baseline is None:
            baseline = row_by_row_rate(df)
        print(
            f"{rows:>11,} rows ({kind} columns): {seconds:6.2f} s, {rate / 1e6:5.2f} M rows/s; "
            f"stage() row by row {baseline:,.0f} rows/s -> {rate / baseline:,.0f}x; "
            f"peak extra memory {peak / 2**20:,.0f} MiB = {peak / input_bytes:.2f}x the input "
            f"frame ({input_bytes / 2**20:,.0f} MiB); "
            f"staged {out.anatomic_stage.notna().mean():.0%}"
        )
        del df, out


if __name__ == "__main__":
    main()
