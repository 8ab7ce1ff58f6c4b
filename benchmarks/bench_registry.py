"""Registry-size frames: stage_parquet (DuckDB, distinct-then-join) beside stage_frame.

Usage: python benchmarks/bench_registry.py [--rows 100000000] [--frame-rows 10000000]
                                           [--dir DIR] [--keep] [--threads N]

Writes a synthetic registry extract to Parquet (--rows, default 100M; a realistic, skewed
mix: mostly clinical early-stage cases written as clinicians write them, some pathological
and post-therapy, a few bad labels and missing values; an Oncotype DX score on about 8 % of
rows, the ER+ HER2- ones), then in one run, each step in its own process so that its peak
memory is its own:

* stage_parquet on all --rows (Parquet in, Parquet out, end to end);
* stage_parquet and stage_frame on the first --frame-rows rows (default 10M: stage_frame
  holds the whole frame in memory, ~9.5 GiB at 100M, so it gets a size that fits), and a
  check that both give the same answer on every one of those rows.

Printed: wall seconds, CPU seconds (all threads; on a shared machine wall time includes
waiting for a core), rows/s, peak RSS (the process's resident high-water mark less its RSS
before the step) and the distinct combinations staged.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from breastcancer_kit.staging.registry import _indices

CHUNK = 2_000_000

# (value, weight): realistic skew, with a few bad or odd labels and missing values.
T = [("cT1c", 24), ("cT2", 22), ("cT1b", 8), ("cT3", 7), ("cT4d", 2), ("cT4b", 3), ("cT1a", 3),
     ("cTis", 6), ("pT1c", 8), ("pT2", 6), ("pT1mi", 1), ("ypT0", 1), ("ypT1a", 1),
     ("cTX", 2), ("T2", 4), ("T9", 0.2), ("", 0.3), (None, 1.5)]  # fmt: skip
N = [("cN0", 48), ("cN1", 18), ("cN2a", 4), ("cN3", 2), ("pN0", 10), ("pN1mi", 2),
     ("pN1a", 5), ("pN2a", 2), ("ypN0", 1.5), ("cNX", 2), ("N1", 3), ("pN4", 0.2),
     (None, 1.5)]  # fmt: skip
M = [("cM0", 90), ("cM1", 6), ("pM1", 1), ("cM0(i+)", 1), ("MX", 0.3), (None, 1.7)]
BASIS = [("clinical", 80), ("pathological", 15), ("post-therapy", 4), ("unknown", 0.2),
         (None, 0.8)]  # fmt: skip
GRADE = [(1, 20), (2, 45), (3, 30), (None, 5)]
ER = [("positive", 72), ("negative", 20), ("low", 3), ("+", 2), (None, 3)]
PR = [("positive", 60), ("negative", 34), ("-", 2), (None, 4)]
HER2 = [("negative", 50), ("low", 20), ("positive", 15), ("ultralow", 5), ("equivocal", 3),
        ("ish-equivocal", 1), ("maybe", 0.2), (None, 5.8)]  # fmt: skip


def _draw(rng: np.random.Generator, choices, rows: int) -> tuple[np.ndarray, list]:
    weights = np.cumsum([w for _, w in choices], dtype=float)
    codes = np.searchsorted(weights / weights[-1], rng.random(rows), side="right")
    codes = np.minimum(codes, len(choices) - 1)
    return codes, [v for v, _ in choices]


def _text(rng, choices, rows) -> pa.Array:
    """A dictionary-encoded text column (as registry exports and Parquet writers store text)."""
    codes, values = _draw(rng, choices, rows)
    return _dictionary(codes, values)


def _dictionary(codes: np.ndarray, values: list) -> pa.Array:
    codes = codes.astype(np.int32)
    for i, v in enumerate(values):
        if v is None:
            codes[codes == i] = -1
    return pa.DictionaryArray.from_arrays(
        _indices(codes),  # a None value's slot is never used: any unique placeholder
        pa.array([f"<null {i}>" if v is None else v for i, v in enumerate(values)]),
    )


def _masked(values: np.ndarray, missing: np.ndarray) -> pa.Array:
    """An array with nulls where ``missing`` (from buffers: pa.array(mask=) is slow)."""
    values = np.ascontiguousarray(values)
    valid = pa.py_buffer(np.packbits(~missing, bitorder="little"))
    kind = pa.from_numpy_dtype(values.dtype)
    return pa.Array.from_buffers(kind, len(values), [valid, pa.py_buffer(values)])


def chunk(rows: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    g_codes, g_values = _draw(rng, GRADE, rows)
    grade = np.array([-1 if v is None else v for v in g_values])[g_codes]
    er_codes, er_values = _draw(rng, ER, rows)
    her2_codes, her2_values = _draw(rng, HER2, rows)
    er_pos = er_codes == er_values.index("positive")
    her2_neg = np.isin(her2_codes, [her2_values.index(v) for v in ("negative", "low", "ultralow")])
    scored = er_pos & her2_neg
    scored &= rng.random(rows) < 0.12
    score = np.clip(np.round(rng.gamma(2.2, 8.0, rows)), 0, 100)
    return pa.table(
        {
            "case_id": pa.array(np.arange(rows, dtype=np.int64) + seed * CHUNK),
            "t": _text(rng, T, rows),
            "n": _text(rng, N, rows),
            "m": _text(rng, M, rows),
            "basis": _text(rng, BASIS, rows),
            "grade": _masked(grade, grade < 0),
            "er": _dictionary(er_codes, er_values),
            "pr": _text(rng, PR, rows),
            "her2": _dictionary(her2_codes, her2_values),
            "oncotype_rs": _masked(score, ~scored),
        }
    )


def generate(path: Path, rows: int, frame_path: Path, frame_rows: int) -> None:
    start = time.perf_counter()
    writer = frame_writer = None
    done = 0
    seed = 0
    while done < rows:
        table = chunk(min(CHUNK, rows - done), seed)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
            frame_writer = pq.ParquetWriter(frame_path, table.schema)
        writer.write_table(table)
        if done < frame_rows:
            frame_writer.write_table(table.slice(0, frame_rows - done))
        done += len(table)
        seed += 1
    writer.close()
    frame_writer.close()
    size = path.stat().st_size / 2**20
    print(f"generated {rows:,} rows ({size:,.0f} MiB Parquet) in "
          f"{time.perf_counter() - start:.1f} s", flush=True)  # fmt: skip


def _status_mib(key: str) -> float:
    """VmRSS (resident now) or VmHWM (its high-water mark) of this process, in MiB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def step(mode: str, src: str, out: str, threads: int | None) -> dict:
    """One measured step (run in a child process)."""
    import pandas as pd

    from breastcancer_kit.staging.frame import stage_frame
    from breastcancer_kit.staging.registry import stage_parquet

    before = _status_mib("VmRSS")
    cpu = time.process_time()
    start = time.perf_counter()
    extra = {}
    if mode == "duckdb":
        done = stage_parquet(src, out, progress=False, threads=threads)
        rows, extra["combinations"] = done.rows, done.combinations
    else:
        df = pd.read_parquet(src)
        read = time.perf_counter()
        staged = stage_frame(df)
        extra["stage_only_s"] = time.perf_counter() - read
        staged.to_parquet(out)
        rows = len(staged)
    seconds = time.perf_counter() - start
    peak = _status_mib("VmHWM")
    extra["cpu_s"] = time.process_time() - cpu
    return {"rows": rows, "seconds": seconds, "peak_mib": peak - before, **extra}


def _child(mode: str, src: Path, out: Path, threads: int | None) -> dict:
    cmd = [sys.executable, __file__, "--step", mode, str(src), str(out)]
    if threads:
        cmd += ["--threads", str(threads)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"{mode} step failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def same_answers(a: Path, b: Path) -> tuple[int, int]:
    """Rows compared and rows that differ in any output column (read column by column)."""
    differ = 0
    rows = 0
    for col in ("case_id", "anatomic_stage", "prognostic_stage", "stage_reason"):
        x = pq.read_table(a, columns=[col]).column(0).cast(pa.string())
        y = pq.read_table(b, columns=[col]).column(0).cast(pa.string())
        rows = len(x)
        equal = pc.equal(x, y).fill_null(False)
        both_null = pc.and_(x.is_null(), y.is_null())
        ok = pc.or_(equal, both_null)
        differ = max(differ, rows - pc.sum(ok).as_py())
    return rows, differ


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000_000)
    ap.add_argument("--frame-rows", type=int, default=10_000_000)
    ap.add_argument("--dir", type=Path, help="work folder (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the Parquet files")
    ap.add_argument("--threads", type=int, help="DuckDB threads (default: one per core)")
    ap.add_argument("--step", nargs=3, metavar=("MODE", "SRC", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.step:
        print(json.dumps(step(*args.step, args.threads)))
        return
    frame_rows = min(args.frame_rows, args.rows)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        work = Path(args.dir) if args.keep and args.dir else Path(tmp)
        big, small = work / "registry.parquet", work / "registry_head.parquet"
        generate(big, args.rows, small, frame_rows)
        runs = [
            (f"stage_parquet (DuckDB), {args.rows:,} rows", "duckdb", big,
             work / "out_big.parquet"),
            (f"stage_parquet (DuckDB), {frame_rows:,} rows", "duckdb", small,
             work / "out_small_duckdb.parquet"),
            (f"stage_frame (read_parquet + stage + to_parquet), {frame_rows:,} rows", "frame",
             small, work / "out_small_frame.parquet"),
        ]  # fmt: skip
        print(f"{'step':<72} {'seconds':>8} {'CPU s':>7} {'rows/s':>12} {'peak RSS':>10}"
              "  combinations")
        for label, mode, src, out in runs:
            r = _child(mode, src, out, args.threads)
            note = f"  {r['combinations']:,}" if "combinations" in r else (
                f"  (stage_frame alone {r['stage_only_s']:.2f} s)")  # fmt: skip
            print(f"{label:<72} {r['seconds']:8.2f} {r['cpu_s']:7.1f} "
                  f"{r['rows'] / r['seconds']:12,.0f} "
                  f"{r['peak_mib']:7.0f} MiB{note}", flush=True)  # fmt: skip
        rows, differ = same_answers(work / "out_small_duckdb.parquet",
                                    work / "out_small_frame.parquet")  # fmt: skip
        print(f"same answers on the first {rows:,} rows: {'yes' if not differ else 'NO'} "
              f"({differ:,} rows differ)")
        if differ:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
