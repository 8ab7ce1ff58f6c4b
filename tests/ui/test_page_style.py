"""The lessons' page style reaches the page from every lesson's parameter check."""

from __future__ import annotations

import importlib
import re
import types
from importlib import resources

import IPython
import IPython.display
import pytest

from breastcancer_kit.errors import ParameterError
from breastcancer_kit.ui import lesson_parameters, page_style


@pytest.fixture
def shown(monkeypatch):
    """What ``display`` received, in a fake shell that has a kernel (a notebook's)."""
    got: list[object] = []
    shell = types.SimpleNamespace(kernel=object())
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    monkeypatch.setattr(IPython.display, "display", lambda *objs: got.extend(objs))
    return got


def test_the_style_undoes_jupyterlabs_break_all_on_printed_text():
    # JupyterLab 4 and nbconvert's lab CSS: `.jp-OutputArea-output pre {word-break: break-all}`;
    # the kit's rule must be more specific than that one to win wherever it sits on the page.
    assert page_style.TEXT_WRAP == "body .jp-OutputArea-output pre { word-break: normal; }"
    assert page_style.STYLE.startswith(f"<style>\n{page_style.TEXT_WRAP}\n")


def test_the_slides_template_carries_the_same_rule():
    # Slides leave out the check cell (slide_type skip), so the page never gets STYLE there.
    templates = resources.files("breastcancer_kit.serving").joinpath("jupyter/voila/templates")
    text = templates.joinpath("bck-reveal/index.html.j2").read_text(encoding="utf-8")
    assert page_style.TEXT_WRAP in text


def test_show_displays_the_style_in_a_kernel(shown):
    assert page_style.show() is True
    assert [obj.data for obj in shown] == [page_style.STYLE]


def test_show_does_nothing_without_a_kernel(monkeypatch):
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace())  # a terminal
    assert page_style.show() is False
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)  # plain Python
    assert page_style.show() is False


@pytest.mark.parametrize("lesson", sorted(lesson_parameters.LESSONS))
def test_every_lesson_check_shows_the_style_once(shown, lesson):
    with pytest.raises(ParameterError, match="missing"):  # no values: refused, after the style
        lesson_parameters.check(lesson)
    assert [obj.data for obj in shown] == [page_style.STYLE]


def _descendants(widget) -> list:
    found, todo = [], [widget]
    while todo:
        w = todo.pop()
        found.append(w)
        todo.extend(getattr(w, "children", ()))
    return found


# module, builder: the lesson's own class of the panel that shows its result (lesson 01's
# explorers have only the shared class: their panels were the first to carry it). Written
# out here, as the lessons are: a new explorer's panel is added to this table.
RESULT_PANELS = {
    ("tnm", "stage_explorer"): "bck-stage", ("tnm", "size_nodes_explorer"): "bck-stage",
    ("prognostic", "prognostic_explorer"): "bck-shift-summary",
    ("receptors", "receptor_explorer"): "bck-receptor-result",
    ("special_groups", "brca_prompt_explorer"): "bck-genetic-prompts",
    ("cohort", "cohort_explorer"): "bck-logrank", ("drills", "drill"): "bck-drill-feedback",
    ("metastatic", "metastatic_explorer"): "bck-metastatic-summary",
    ("treatment", "treatment_explorer"): "bck-treatment-result",
}  # fmt: skip
# The class as the browser tests name it (RESULTS in tests/browser/test_layout.py): written
# here, not read from page_style, so that renaming it there fails this test.
SHARED = "bck-result"


def _classes_of(widget, own: str) -> list[set[str]]:
    """The class sets of the widget, or of the HTML elements in its value, that hold ``own``."""
    sets = [set(widget._dom_classes)]
    sets += [
        set(c.split()) for c in re.findall(r'class="([^"]*)"', str(getattr(widget, "value", "")))
    ]
    return [classes for classes in sets if own in classes]


@pytest.mark.parametrize(("module", "builder"), sorted(RESULT_PANELS))
def test_every_result_panel_carries_the_shared_result_class(module, builder):
    # The browser layout checks find every result by one class, to fail a result over a
    # control: a panel without it would go unchecked.
    build = getattr(importlib.import_module(f"breastcancer_kit.ui.{module}.widgets"), builder)
    own = RESULT_PANELS[module, builder]
    found = [
        (w, classes) for w in _descendants(build()) for classes in _classes_of(w, own)
    ]  # fmt: skip
    assert found, f"{builder}: no panel with the class {own}"
    for w, classes in found:  # the element itself, or the widget that shows it, is marked
        marked = SHARED in classes or SHARED in w._dom_classes
        assert marked, f"{builder}: {own} without {SHARED}: {sorted(classes)}"
