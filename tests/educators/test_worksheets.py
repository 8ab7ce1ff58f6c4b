"""Worksheet options, the answer key and `breastcancer-kit case` (no kernel: quick).

The worksheet pages themselves (papermill + Chromium offline) are tested in
tests/browser/test_worksheet_pages.py.
"""

from __future__ import annotations

import json

import pytest

from breastcancer_kit import cases, cli, staging
from breastcancer_kit.educators import EducatorError, worksheets


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--cases", "-1"], "-1"),
        (["--cases", "0"], "0"),
        (["--cases", "1001"], "1001"),
        (["--seed", "-5"], "-5"),
        (["--level", "hard"], "'hard'"),
    ],
)
def test_bad_worksheet_options_exit_non_zero_naming_the_value(argv, named, tmp_path, capsys):
    base = {"--cases": "2", "--seed": "1", "--level": "basic", "--out": str(tmp_path / "o")}
    base.update(dict(zip(argv[::2], argv[1::2], strict=True)))
    args = ["worksheet", *[x for pair in base.items() for x in pair]]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert named in err and "allowed" in err
    assert not (tmp_path / "o").exists()  # nothing written


def test_a_non_empty_folder_is_refused_without_force(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    args = ["worksheet", "--cases", "1", "--seed", "1", "--out", str(tmp_path)]
    assert cli.main(args) == 2
    assert "--force" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    with pytest.raises(EducatorError, match="not a folder"):
        worksheets.make_worksheets(1, 1, "basic", tmp_path / "notes.txt")


def test_not_a_number_is_refused_by_name(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["worksheet", "--cases", "two", "--seed", "1", "--out", str(tmp_path)])
    assert stop.value.code == 2
    assert "'two'" in capsys.readouterr().err


def test_answer_key_same_seed_same_cases_and_engine_answers():
    first, data = worksheets.answer_key(list(cases.series(42, "mixed", 6)), seed=42, level="mixed")
    again, _ = worksheets.answer_key(list(cases.series(42, "mixed", 6)), seed=42, level="mixed")
    assert first == again
    other, _ = worksheets.answer_key(list(cases.series(43, "mixed", 6)), seed=43, level="mixed")
    assert other != first
    json.dumps(data)  # JSON-ready
    assert "For education only" in first
    basic, key = worksheets.answer_key(list(cases.series(3, "basic", 12)), seed=3, level="basic")
    checked = 0
    for item, case in zip(key["cases"], cases.series(3, "basic", 12), strict=True):
        assert item["id"] == case.id and item["explanation"] == case.explanation
        if case.ask is cases.Ask.STAGE and case.tnm:  # the engine, called here directly
            assert item["answer"] == (staging.stage(case.tnm).anatomic or cases.NO_STAGE)
            checked += 1
        assert item["answer"] in basic
    assert checked >= 1


def test_answer_key_escapes_html():
    case = cases.generate(1, "basic", 0)
    page, _ = worksheets.answer_key([case], seed=1, level="<b>")
    assert "<b>" not in page and "&lt;b&gt;" in page


def test_case_command_by_id_and_by_tnm(capsys):
    case = cases.generate(7, "basic", 1)
    assert cli.main(["case", case.id, "--answer"]) == 0
    out = capsys.readouterr().out
    assert case.question in out and f"Answer: {case.expected}" in out
    assert cli.main(["case", "cT4d", "cN1", "cM0"]) == 0
    assert "stage IIIB" in capsys.readouterr().out  # AJCC 8th: T4 N1 M0 is IIIB


@pytest.mark.parametrize(
    ("bad", "named"),
    [("cT5 N0 M0", "'cT5 N0 M0'"), ("nope:1:2", "'nope'"), ("basic:x:0", "'basic:x:0'")],
)
def test_case_command_bad_input_exits_2_naming_it(bad, named, capsys):
    assert cli.main(["case", bad]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and named in err, err
