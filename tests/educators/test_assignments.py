"""Graded assignments end to end, offline: `make_assignment` writes the nbgrader source,
nbgrader makes the student version, two submissions are autograded (one all right, one
partly wrong) and the scores and the feedback pages are checked.

nbgrader's own Python API runs in this process (the `nbgrader ...` commands do the same
work, each in a new process). Two kernels run, one per submission: marked `notebooks`.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from breastcancer_kit import cases, cli, staging
from breastcancer_kit.educators import EducatorError, assignments

pytestmark = [
    pytest.mark.notebooks,
    # nbgrader 0.9.6 adds a submission in a way sqlalchemy 2.1 warns about (its code, not ours)
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]
SEED, LEVEL, N, NAME = 7, "basic", 3, "case_drill"


def _answer(case) -> str:
    """The right answer, from the engine called here (stage cases) or the case itself."""
    if case.ask is cases.Ask.STAGE and case.tnm:
        return staging.stage(case.tnm).anatomic or cases.NO_STAGE
    return case.expected


def _wrong(case) -> str:
    """A readable but wrong answer of the kind the case asks for."""
    if case.ask in (cases.Ask.TNM, cases.Ask.REVERSE_TNM):
        return "cT0 cN0 cM0" if "T0" not in case.expected else "cT3 cN3 cM0"
    return "IV" if _answer(case) != "IV" else "IA"


def _text(page: Path) -> str:
    """A feedback page's visible text, tags dropped and whitespace folded."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
    return " ".join(text.split())


def _submit(course: Path, student: str, answers: list[str]) -> None:
    release = json.loads((course / "release" / NAME / f"{NAME}.ipynb").read_text())
    for cell in release["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("answer_"):
            number = int(grade_id.removeprefix("answer_"))
            cell["source"] = f"{grade_id} = {answers[number - 1]!r}\n"
    target = course / "submitted" / student / NAME
    target.mkdir(parents=True)
    (target / f"{NAME}.ipynb").write_text(json.dumps(release), encoding="utf-8")


@pytest.fixture
def api(tmp_path, monkeypatch):
    nbgrader_api = pytest.importorskip("nbgrader.apps.api")
    from traitlets.config.loader import PyFileConfigLoader

    # nbgrader runs alembic (its database migrations) as a command: the venv's bin on PATH.
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent),
                                                 os.environ.get("PATH", "")]))  # fmt: skip
    course = tmp_path / "course"
    assert cli.main(["assignment", "--seed", str(SEED), "--level", LEVEL, "--cases", str(N),
                     "--out", str(course)]) == 0  # fmt: skip
    monkeypatch.chdir(course)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    return course, nbgrader_api.NbGraderAPI(config=config)


def test_release_autograde_two_submissions_and_feedback(api):
    course, grader = api
    source = json.loads((course / "source" / NAME / f"{NAME}.ipynb").read_text())
    assert "assignments.verdict(" in json.dumps(source)  # the hidden tests ask the engine

    assert grader.generate_assignment(NAME)["success"]
    student_view = (course / "release" / NAME / f"{NAME}.ipynb").read_text()
    chosen = cases.series(SEED, LEVEL, N)
    for case in chosen:  # neither the answers nor the hidden tests reach students
        assert json.dumps(case.expected) not in student_view
        assert case.id not in student_view and "HIDDEN" not in student_view

    right = [_answer(c) for c in chosen]
    partly = [right[0], _wrong(chosen[1]), _wrong(chosen[2])]
    _submit(course, "ada", right)
    _submit(course, "bob", partly)
    for student in ("ada", "bob"):
        result = grader.autograde(NAME, student)
        assert result["success"], result.get("error") or result.get("log")
        assert grader.generate_feedback(NAME, student)["success"]

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        scores = {s: book.find_submission(NAME, s).score for s in ("ada", "bob")}
        assert book.find_assignment(NAME).max_score == N
    assert scores == {"ada": N, "bob": 1}

    bob = _text(course / "feedback" / "bob" / NAME / f"{NAME}.html")
    for case, given in zip(chosen[1:], partly[1:], strict=True):  # each miss, with its why
        assert f"Not right: you gave {given!r}; the answer is {case.expected}." in bob
        assert " ".join(case.explanation.split()) in bob
    assert "Score: 1.0 / 3.0" in bob.replace("( ", "(")
    ada = _text(course / "feedback" / "ada" / NAME / f"{NAME}.html")
    assert "Not right" not in ada and f"Score: {N}.0 / {N}.0" in ada


def test_assignment_options_are_checked(tmp_path, capsys):
    assert cli.main(["assignment", "--seed", "1", "--level", "hard", "--out",
                     str(tmp_path / "c")]) == 2  # fmt: skip
    assert "'hard'" in capsys.readouterr().err
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(EducatorError, match="force"):
        assignments.make_assignment(1, "basic", tmp_path / "full")
    with pytest.raises(EducatorError, match="name"):
        assignments.make_assignment(1, "basic", tmp_path / "n", name="../up")
    shutil.rmtree(tmp_path / "full")
