"""Graded assignments for nbgrader: a source notebook from a seed, hidden tests from the engine.

``breastcancer-kit assignment --seed S --level L --out COURSE`` calls :func:`make_assignment`,
which writes an nbgrader course folder::

    COURSE/nbgrader_config.py             course id, exchange folder, the answer stub
    COURSE/source/<name>/<name>.ipynb     the source (instructor) version

Each case has a markdown cell (the question and the case, as presented), an answer cell
(``answer_1 = "..."``, the engine's answer between nbgrader's solution markers) and a test
cell worth one point: a visible check that an answer was written, and a hidden test that
asserts :func:`verdict`, which asks :func:`breastcancer_kit.cases.check` (the engine); a
wrong answer fails with the engine's explanation as its one-line message. nbgrader then
does the rest (README, "Graded assignments"): ``nbgrader generate_assignment``,
``release_assignment``, students ``fetch``/``submit``, ``collect``, ``autograde``,
``generate_feedback``. Needs the ``educators`` extra (nbgrader).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .. import cases
from .._meta import EDUCATION_NOTE
from . import EducatorError, check_set_options

__all__ = ["DEFAULT_CASES", "answer_variable", "make_assignment", "verdict"]

DEFAULT_CASES = 5
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
CODE_STUB = (
    "# YOUR ANSWER HERE (set the answer above, then delete the next line)\n"
    "raise NotImplementedError()"
)


def answer_variable(number: int) -> str:
    """The name of the answer for case ``number`` (1-based).

    Examples
    --------
    >>> answer_variable(3)
    'answer_3'
    """
    return f"answer_{number}"


def verdict(case_id: str, answer: object) -> str:
    """The hidden test's verdict: ``"Right: ..."`` or ``"Not right: ..."`` with the engine's why.

    The hidden test asserts that it starts with ``"Right"``, so a student's feedback shows
    one line (the verdict), not a traceback into the kit.

    Examples
    --------
    >>> case = cases.generate(7, "basic", 0)
    >>> verdict(case.id, case.expected)
    'Right: IIIA.'
    >>> print(verdict(case.id, "IV"))
    Not right: you gave 'IV'; the answer is IIIA. T1 N2 M0 is stage IIIA (locally advanced).
    >>> verdict(case.id, 3)
    'Not right: write the answer as text in quotes, e.g. "IIIB" (got 3).'
    """
    case = cases.from_id(case_id)
    if not isinstance(answer, str):
        return f'Not right: write the answer as text in quotes, e.g. "IIIB" (got {answer!r}).'
    try:
        feedback = cases.check(case, answer)
    except cases.CaseError as err:
        return f"Not right: the answer could not be read: {err}"
    if feedback.correct:
        return f"Right: {feedback.expected}."
    return (
        f"Not right: you gave {answer!r}; the answer is {feedback.expected}. "
        f"{feedback.explanation}"
    )


def _meta(grade_id: str, *, kind: str, points: int = 0) -> dict:
    base = {"schema_version": 3, "grade_id": grade_id, "task": False}
    if kind == "solution":
        return {"nbgrader": {**base, "grade": False, "solution": True, "locked": False}}
    if kind == "tests":
        return {"nbgrader": {**base, "grade": True, "solution": False, "locked": True,
                             "points": points}}  # fmt: skip
    return {"nbgrader": {**base, "grade": False, "solution": False, "locked": True}}


def _cell(kind: str, source: str, metadata: dict, index: int) -> dict:
    cell = {"cell_type": kind, "id": f"cell-{index:02d}", "metadata": metadata, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _notebook(chosen: tuple[cases.Case, ...], title: str) -> dict:
    intro = (
        f"# {title}\n\n*{EDUCATION_NOTE}*\n\nFor each case, set the answer variable to your "
        'answer as text (a stage such as `"IIIB"`, or T, N and M such as `"cT2 cN1 cM0"`), '
        "then run the test cell below it. Each case is worth one point; hidden tests compare "
        "your answer with the staging engine."
    )
    cells = [("markdown", intro, _meta("intro", kind="read-only"))]
    for number, case in enumerate(chosen, start=1):
        var = answer_variable(number)
        cells.append(("markdown",
                      f"## Case {number}\n\n**{case.question}**\n\n> {case.text}",
                      _meta(f"case_{number}", kind="read-only")))  # fmt: skip
        solution = (
            f'{var} = None  # your answer as text, e.g. "IIIB" or "cT2 cN1 cM0"\n'
            f"### BEGIN SOLUTION\n{var} = {json.dumps(case.expected)}\n### END SOLUTION"
        )
        cells.append(("code", solution, _meta(var, kind="solution")))
        test = (
            f"assert isinstance({var}, str) and {var}.strip(), "
            f"'write your answer as text in quotes'\n"
            "### BEGIN HIDDEN TESTS\n"
            "from breastcancer_kit.educators import assignments\n\n"
            f"verdict = assignments.verdict({case.id!r}, {var})\n"
            "assert verdict.startswith('Right'), verdict\n"
            "### END HIDDEN TESTS"
        )
        cells.append(("code", test, _meta(f"test_{number}", kind="tests", points=1)))
    return {
        "cells": [_cell(k, s, m, i) for i, (k, s, m) in enumerate(cells)],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _config(course: Path) -> str:
    return (
        "# nbgrader configuration written by `breastcancer-kit assignment` (edit freely).\n"
        "c = get_config()  # noqa: F821\n"
        "c.CourseDirectory.course_id = 'breastcancer_kit'\n"
        f"c.CourseDirectory.root = {str(course.resolve())!r}\n"
        "# The exchange is where release/fetch/submit/collect meet: one shared folder.\n"
        f"c.Exchange.root = {str((course / 'exchange').resolve())!r}\n"
        f"c.ClearSolutions.code_stub = {{'python': {CODE_STUB!r}}}\n"
        "# A cell that hangs is a failed test, not a stuck grader.\n"
        "c.ExecutePreprocessor.timeout = 120\n"
    )


def make_assignment(
    seed: int,
    level: str = "basic",
    out: str | Path = "course",
    *,
    name: str = "case_drill",
    n: int = DEFAULT_CASES,
    force: bool = False,
) -> Path:
    """Write the nbgrader course folder with one source assignment; return the notebook path.

    Examples
    --------
    >>> import tempfile, json
    >>> course = Path(tempfile.mkdtemp())
    >>> path = make_assignment(7, "basic", course, n=2)
    >>> path.relative_to(course).as_posix()
    'source/case_drill/case_drill.ipynb'
    >>> cells = json.loads(path.read_text())["cells"]
    >>> sum(c["metadata"]["nbgrader"].get("points", 0) for c in cells)
    2
    """
    out = Path(out)
    check_set_options(n, seed, out, force)
    if not isinstance(name, str) or not _NAME.match(name):
        allowed = ["a letter, then letters, digits, _ or - (64 at most)"]
        raise EducatorError("not an assignment name", field="name", value=name, allowed=allowed)
    level_value = cases.coerce_level(level).value
    chosen = cases.series(seed, level_value, n)
    source = out / "source" / name
    source.mkdir(parents=True, exist_ok=True)
    title = f"Assignment {name}: {cases.coerce_level(level).title} (seed {seed})"
    path = source / f"{name}.ipynb"
    path.write_text(json.dumps(_notebook(chosen, title), indent=1) + "\n", encoding="utf-8")
    (out / "nbgrader_config.py").write_text(_config(out), encoding="utf-8")
    return path
