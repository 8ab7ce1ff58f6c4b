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
