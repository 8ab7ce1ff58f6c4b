"""Mark every lesson's cells with ``slideshow.slide_type``, by one rule, for the slides.

Each slide then fits a 1280x720 projector (``breastcancer-kit serve --slides``,
``make present LESSON=01``).

Re-runnable: run it after adding or editing a lesson; a second run changes nothing, and
``tests/tools/test_mark_slides.py`` fails while any notebook is not marked.

    .venv/bin/python tools/mark_slides.py            # mark notebooks/*.ipynb in place
    .venv/bin/python tools/mark_slides.py --check    # exit 1 and list what would change
    .venv/bin/python tools/mark_slides.py notebooks/07_drills.ipynb

The rule (code is hidden on the slides, so only markdown and outputs take room):

* the ``parameters`` cell and the ``lesson_parameters.check(...)`` cell: ``skip``;
* a markdown cell that opens with a heading: ``slide`` (a new section);
* a code cell that displays something (its last statement is an expression other than
  ``print(...)``, or it calls ``display(...)``): a chart, a widget or a table, so it gets a
  screen of its own, ``subslide``, together with the short markdown just before it (that
  markdown cell becomes the ``subslide`` and the display joins it with ``-``), unless that
  markdown is a heading (the heading keeps its own slide);
* everything else (printed text, markdown notes, cells without output): ``-``, on the
  screen before it.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
SLIDE, SUBSLIDE, CONTINUE, SKIP = "slide", "subslide", "-", "skip"
HEADING = re.compile(r"\A\s*#{1,6}\s")


def _is_print(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "print"
    )


def displays(source: str) -> bool:
    """True when a code cell shows a rich output (chart, widget, table), not just text.

    >>> displays('lesson.category_browser("T")'), displays('print(bck.stage("T1 N0 M0"))')
    (True, False)
    >>> displays("x = 1"), displays("display(fig); print('done')")
    (False, True)
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: treat as a display, a screen of its own is safe
        return bool(source.strip())
    calls_display = any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "display"
        for n in ast.walk(tree)
    )
    last = tree.body[-1] if tree.body else None
    return calls_display or (isinstance(last, ast.Expr) and not _is_print(last))


def _skipped(cell) -> bool:
    if cell.cell_type != "code":
        return False
    tags = cell.get("metadata", {}).get("tags", [])
    return "parameters" in tags or "lesson_parameters.check(" in cell.source


def slide_types(cells) -> list[str]:
    """The slide type of each cell, by the rule in this module's docstring."""
    types = []
    for index, cell in enumerate(cells):
        if _skipped(cell):
            kind = SKIP
        elif cell.cell_type == "markdown" and HEADING.match(cell.source):
            kind = SLIDE
        elif cell.cell_type == "markdown":
            following = cells[index + 1] if index + 1 < len(cells) else None
            shows_next = (
                following is not None
                and following.cell_type == "code"
                and not _skipped(following)
                and displays(following.source)
            )
            kind = SUBSLIDE if shows_next else CONTINUE
        elif cell.cell_type == "code" and displays(cell.source):
            previous = cells[index - 1] if index else None
            joins_caption = (
                previous is not None
                and previous.cell_type == "markdown"
                and not HEADING.match(previous.source)
            )
            kind = CONTINUE if joins_caption else SUBSLIDE
        else:
            kind = CONTINUE
        types.append(kind)
    if types and types[0] != SKIP:
        types[0] = SLIDE  # the title slide
    return types


def mark(nb) -> bool:
    """Set the slide types in ``nb`` (a NotebookNode); return whether anything changed."""
    changed = False
    for cell, kind in zip(nb.cells, slide_types(nb.cells), strict=True):
        slideshow = cell.metadata.setdefault("slideshow", {})
        if slideshow.get("slide_type") != kind:
            slideshow["slide_type"] = kind
            changed = True
    return changed


def main(argv: list[str] | None = None) -> int:
    """Mark the given notebooks (default: every notebook in notebooks/)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    stale = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if mark(nb):
            stale.append(path)
            if not args.check:
                nbformat.write(nb, path)
    verb = "not marked" if args.check else "marked"
    for path in stale:
        print(f"{verb}: {path}")
    if not stale:
        print(f"all {len(paths)} notebooks already marked")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
