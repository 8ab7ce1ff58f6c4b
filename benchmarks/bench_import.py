"""Import-cost benchmark: `import breastcancer_kit` against `import pandas`.

Goal (issue 2): importing the kit costs no more than about 1.5x importing pandas, with
plotly, ipywidgets and papermill loaded only when a figure, widget or run needs them.

Usage: python benchmarks/bench_import.py [--runs N]
Prints the median wall time of fresh interpreters for each import and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = {
    "python (no import)": "pass",
    "import pandas": "import pandas",
    "import breastcancer_kit": "import breastcancer_kit",
    "kit + stage()": "import breastcancer_kit as b; b.stage('cT2 cN1 cM0')",
    "kit + categories() (pandas)": "import breastcancer_kit as b; b.categories()",
    "kit + figures (plotly)": "import breastcancer_kit.figures",
    "kit + widgets (ipywidgets)": "import breastcancer_kit.widgets",
}
HEAVY = ("pandas", "plotly", "ipywidgets", "papermill")


def wall(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    probe = (
        "import sys, breastcancer_kit; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules) or 'none')"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"heavy modules loaded by `import breastcancer_kit`: {loaded}")
    results = {name: wall(code, runs) for name, code in CASES.items()}
    base = results["python (no import)"]
    print(f"median of {runs} fresh interpreters ({sys.version.split()[0]}):")
    for name, seconds in results.items():
        print(f"  {name:32s} {seconds * 1000:8.1f} ms   (+{(seconds - base) * 1000:7.1f} ms)")
    pandas_cost = results["import pandas"] - base
    kit_cost = results["import breastcancer_kit"] - base
    print(f"kit / pandas import cost: {kit_cost / pandas_cost:.2f}x (goal <= 1.5x)")


if __name__ == "__main__":
    main()
