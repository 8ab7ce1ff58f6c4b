import json
import subprocess
import sys

import pytest

from breastcancer_kit.cli import main


def test_stage_prints_stage_and_explanation(capsys):
    assert main(["stage", "pT1c(m)", "pN1mi(sn)", "cM0"]) == 0
    out = capsys.readouterr().out
    assert "stage IB" in out and "T1 N1mi M0 is stage IB" in out


def test_stage_json(capsys):
    assert main(["stage", "--json", "ypT0 ypN0 cM0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["anatomic"] is None and data["row"]["rule"] == "complete-response"
    assert data["basis"] == "post-therapy"


def test_bad_input_exits_non_zero_with_message(capsys):
    assert main(["stage", "T5", "N0", "M0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "T5 N0 M0" in err and "allowed" in err


def test_categories(capsys):
    assert main(["categories", "--axis", "M"]) == 0
    out = capsys.readouterr().out
    # The AJCC 8th-edition breast M categories (NCI PDQ Table 5), and nothing from T or N.
    codes = {line.split()[0] for line in out.splitlines()[1:] if line.strip()}
    assert codes == {"M0", "M0(i+)", "M1"}
    assert main(["categories", "--axis", "Q"]) == 2
    assert "Q" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "code", "stream", "text"),
    [
        (["stage", "T2 N1 M0"], 0, "stdout", "T2 N1 M0 is stage IIB"),  # MSD: IIB = T2 N1 M0
        (["stage", "Tx"], 2, "stderr", "error: "),
        (["nonsense"], 2, "stderr", "invalid choice: 'nonsense'"),
    ],
)
def test_console_entry_point_exit_codes(args, code, stream, text):
    proc = subprocess.run(
        [sys.executable, "-m", "breastcancer_kit.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == code, proc.stderr
    assert text in getattr(proc, stream), (proc.stdout, proc.stderr)


def test_stage_with_biomarkers(capsys):
    args = ["stage", "cT4d cN1 cM0", "--grade", "1", "--er", "+", "--pr", "+", "--her2", "+"]
    assert main(args) == 0
    assert "clinical prognostic stage IIIA" in capsys.readouterr().out
    assert main([*args[:2], "--grade", "7"]) == 2
    assert "grade" in capsys.readouterr().err


# Issue 9's repros: "--oncotype-rs nan" was read as no score, "--json" printed no JSON for an
# error, and output to a full disk ended in a traceback.
@pytest.mark.parametrize("score", ["nan", "inf", "-inf", "NaN", "eight", "1e400"])
def test_a_score_that_is_not_a_finite_number_is_refused(capsys, score):
    with pytest.raises(SystemExit) as stop:
        main(["stage", "pT2 pN0 cM0", "--grade", "2", "--er", "+", "--pr", "+", "--her2", "-",
              f"--oncotype-rs={score}"])  # fmt: skip
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--oncotype-rs" in err and "from 0 to 100" in err and score in err


def test_a_score_out_of_range_is_named_by_the_engine(capsys):
    assert main(["stage", "pT2 pN0 cM0", "--oncotype-rs", "150"]) == 2
    assert "oncotype_rs" in capsys.readouterr().err


def test_json_errors_are_json_on_stdout_and_a_line_on_stderr(capsys):
    assert main(["stage", "--json", "T5 N0 M0"]) == 2
    out, err = capsys.readouterr()
    error = json.loads(out)["error"]
    assert error["type"] == "StagingError" and error["field"] in ("text", "t")
    assert "T5" in error["message"] and error["allowed"]
    assert err.startswith("error: ") and "T5" in err


@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["stage", "cT2 cN1 cM0"], ["stage", "--json", "cT2 cN1 cM0"],
                                  ["categories", "--axis", "T"]])  # fmt: skip
def test_output_to_a_full_disk_is_one_line_and_exit_1(args):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "breastcancer_kit.cli", *args],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "error: cannot write the output: No space left on device"
    ], proc.stderr


def test_a_reader_that_leaves_early_ends_quietly():
    proc = subprocess.Popen(
        [sys.executable, "-m", "breastcancer_kit.cli", "categories", "--axis", "N"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    proc.stdout.read(10)
    proc.stdout.close()  # as `| head -c 10` does
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 1) and b"Traceback" not in err, err
