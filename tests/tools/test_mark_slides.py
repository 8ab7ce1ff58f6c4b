"""tools/mark_slides.py: every lesson is marked for the slides, and the rule does what it says."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _load_tool():
    spec = importlib.util.spec_from_file_location("mark_slides", ROOT / "tools" / "mark_slides.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mark_slides = _load_tool()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_notebook_is_marked(path):
    nb = nbformat.read(path, as_version=4)
    assert not mark_slides.mark(nb), (
        f"{path.name} is not marked for the slides: run .venv/bin/python tools/mark_slides.py"
    )
    assert all("slide_type" in cell.metadata.get("slideshow", {}) for cell in nb.cells)


def _cell(kind, source, tags=()):
    make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
    cell = make(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def test_the_rule_on_a_small_lesson():
    cells = [
        _cell("md", "# Title\n\n*For education only.*"),
        _cell("code", 'x = "cT2 cN1 cM0"', tags=["parameters"]),
        _cell("code", "params = lesson_parameters.check('99', x=x)"),
        _cell("code", "import breastcancer_kit as bck"),
        _cell("md", "## 1. A section\n\nSome words."),
        _cell("code", "lesson.explorer()"),  # a display right after a heading: own screen
        _cell("md", "Change N below and watch the grid."),  # a caption: with its chart
        _cell("code", "explorer = lesson.explorer()\nexplorer"),
        _cell("code", 'print(bck.stage("T1 N0 M0").explain())'),  # printed text: same screen
        _cell("md", "A caption."),
        _cell("code", "%timeit 1"),  # not Python: counted as a display, to be safe
    ]
    assert mark_slides.slide_types(cells) == [
        "slide", "skip", "skip", "-", "slide", "subslide", "subslide", "-", "-", "subslide", "-",
    ]  # fmt: skip
    nb = nbformat.v4.new_notebook(cells=cells)
    assert mark_slides.mark(nb) is True
    assert mark_slides.mark(nb) is False  # re-runnable: a second run changes nothing


def test_check_mode_reports_an_unmarked_notebook(tmp_path, capsys):
    path = tmp_path / "99_new.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[_cell("md", "# New")]), path)
    assert mark_slides.main(["--check", str(path)]) == 1
    assert "not marked" in capsys.readouterr().out
    assert mark_slides.main([str(path)]) == 0
    assert mark_slides.main(["--check", str(path)]) == 0
