"""Case generator throughput: cases drawn, rendered and checked per second, by level.

A drill asks one case at a time and a worksheet draws a few dozen, so this is a check that
neither ever waits on the generator, not a goal to optimise. The first call of each level
fills the engine's caches (measured apart as "first case").

Usage: python benchmarks/bench_cases.py [--cases N]
Prints, per level, the time of the first case and cases per second for generate + render +
expected + explanation + check (the right answer).
"""

from __future__ import annotations

import argparse
import time

from breastcancer_kit.cases import Level, check, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000, help="cases per level (default 2000)")
    args = parser.parse_args()
    print(f"{'level':<15}{'first case (ms)':>17}{'cases/s':>10}")
    for level in Level:
        start = time.perf_counter()
        generate(0, level, 0)
        first = time.perf_counter() - start
        start = time.perf_counter()
        for k in range(args.cases):
            case = generate(1, level, k)
            _ = case.text, case.explanation
            assert check(case, case.expected).correct
        rate = args.cases / (time.perf_counter() - start)
        print(f"{level.value:<15}{first * 1000:>17.1f}{rate:>10.0f}")


if __name__ == "__main__":
    main()
