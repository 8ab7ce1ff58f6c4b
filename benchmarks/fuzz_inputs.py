"""A longer fuzz run than the suite's: hostile input never hangs and never escapes the family.

    python benchmarks/fuzz_inputs.py [--examples N] [--seed S]

Three properties, each over N generated inputs (hypothesis, derandomised by the seed):

1. ``stage(text)`` returns a result or raises ``StagingError`` within a time budget, for any
   text up to twice the length limit (TNM-like alphabet, separators, parentheses, unicode);
2. every numeric entry point refuses any Python number or look-alike with the error family;
3. ``stage_frame`` gives exactly what ``stage()`` gives, row by row, on frames of mixed
   hostile cells (types, NaN, None, lists, huge integers, overlong text).

It prints how many inputs each property saw and the slowest call; it exits 1 on a failure.
The suite's smaller version is tests/test_hardening.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal

import pandas as pd
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import breastcancer_kit as bck
from breastcancer_kit.frames import stage_frame
from breastcancer_kit.limits import MAX_TEXT_LENGTH

BUDGET_S = 0.05  # one call; the tokenizer is linear in at most MAX_TEXT_LENGTH characters
TEXT = st.one_of(
    st.text(alphabet="TNMcpyi0123456789abcdmsnfx(),;+/ \t-", max_size=2 * MAX_TEXT_LENGTH),
    st.text(max_size=2 * MAX_TEXT_LENGTH),
)
NUMBERS = st.one_of(
    st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.decimals(allow_nan=False), st.text(max_size=8), st.none(),
    st.integers(min_value=10**300, max_value=10**400),
)  # fmt: skip
CELL = st.one_of(
    st.sampled_from(["pT2", "T4d", "cN1", "pN0(i+)", "cM0", "M1", "G2", "+", "-", "low",
                     "equivocal", "positive", "negative", "clinical", "post-therapy"]),
    st.integers(min_value=-3, max_value=5), st.booleans(), st.none(), st.just(float("nan")),
    st.just([1]), st.just({"a": 1}), st.just(10**400), st.just(Decimal("8")),
    st.text(max_size=3 * MAX_TEXT_LENGTH),
)  # fmt: skip
slowest = {"text": 0.0}
seen = {"text": 0, "numbers": 0, "frames": 0}


def check_text(text: str) -> None:
    start = time.perf_counter()
    try:
        bck.stage(text)
    except bck.StagingError:
        pass
    took = time.perf_counter() - start
    slowest["text"] = max(slowest["text"], took)
    seen["text"] += 1
    assert took < BUDGET_S, f"{took:.3f} s for {text[:40]!r}..."


def check_numbers(value: object) -> None:
    seen["numbers"] += 1
    calls = [
        lambda: bck.t_from_size_mm(value),
        lambda: bck.pn_from_positive_nodes(value),
        lambda: bck.stage("pT2 pN0 cM0", grade=value, er="+", pr="+", her2="-"),
        lambda: bck.stage("pT2 pN0 cM0", grade=1, er="+", pr="+", her2="-", oncotype_rs=value),
        lambda: bck.receptor_status(value, 0, "0"),
        lambda: bck.receptor_status(0, 0, value),
        lambda: bck.genetic_testing_prompts("triple-negative", age=value),
    ]
    for call in calls:
        try:
            call()
        except bck.BreastCancerKitError:
            pass


def check_frame(rows: list[list[object]]) -> None:
    seen["frames"] += 1
    names = ["t", "n", "m", "basis", "grade", "er", "pr", "her2", "oncotype_rs"]
    df = pd.DataFrame(rows, columns=names, dtype=object)
    out = stage_frame(df)
    for i, row in enumerate(df.to_dict("records")):
        prefix = {"clinical": "c", "pathological": "p", "post-therapy": "yp"}
        basis = row["basis"]
        try:
            if basis is not None and not (isinstance(basis, str) and basis.strip().lower()
                                          in prefix):  # fmt: skip
                raise bck.StagingError("unknown basis", field="basis", value=basis)
            chosen = None if basis is None else prefix[basis.strip().lower()]
            kwargs = {k: row[k] for k in names[4:]}
            result = bck.stage(t=row["t"], n=row["n"], m=row["m"], prefix=chosen, **kwargs)
            want = (result.anatomic, result.prognostic)
        except bck.BreastCancerKitError:
            want = (None, None)
        got = tuple(
            None if pd.isna(v) else v
            for v in (out["anatomic_stage"].iloc[i], out["prognostic_stage"].iloc[i])
        )
        assert got == want, (row, got, want, out["stage_reason"].iloc[i])


def main(argv: list[str] | None = None) -> int:
    """Run the three properties; return 0 when all hold."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    common = settings(
        max_examples=args.examples, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    properties = [
        given(TEXT)(check_text),
        given(NUMBERS)(check_numbers),
        given(st.lists(st.lists(CELL, min_size=9, max_size=9), min_size=1, max_size=12))(
            check_frame
        ),
    ]
    failed = False
    for prop in properties:
        try:
            seed(args.seed)(common(prop))()
        except Exception as err:  # report every property, then fail
            failed = True
            print(f"FAILED {prop.__name__}: {type(err).__name__}: {str(err)[:500]}")
    print(
        f"text: {seen['text']} inputs, slowest {1000 * slowest['text']:.2f} ms "
        f"(budget {1000 * BUDGET_S:.0f} ms); numbers: {seen['numbers']} values x 7 entry "
        f"points; frames: {seen['frames']} frames vs stage() row by row"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
