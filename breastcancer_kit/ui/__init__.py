"""The lessons' presentation layer: pure views, Plotly figures and ipywidgets, by topic.

One slice per lesson topic; each holds ``views`` (pure: data in, DataFrame or frozen
dataclass out, no plotly or ipywidgets), ``figures`` (Plotly) and ``widgets``
(ipywidgets builders that only wire controls to the views and figures):

==================  ===========================================================  ======
slice               what it shows                                                lesson
==================  ===========================================================  ======
``tnm``             categories, the stage explorer, size and node sliders          01
``prognostic``      prognostic heatmaps and stage-shift matrices                   02
``receptors``       receptor explorer, HER2 rules, subtype chart, treatments       03
``special_groups``  TNBC, IBC and men: the guide's figures, BRCA prompts           04
``statistics``      prevalence and survival from published tables                  05
``cohort``          the GBSG2 cohort: Kaplan-Meier, log-rank, SEER comparison      06
``drills``          one case at a time, judged by the engine, score and redo       07
==================  ===========================================================  ======

Shared by every slice: :mod:`.palette` (one colour-blind-safe palette),
:mod:`.plotly_compat` (the one workaround for plotly internals), :mod:`.stage_charts`
(the stage-grid heatmap), :mod:`.guide` (labels for the guide's figures) and
:mod:`.controls` (layout and callback helpers). Slices never import each other.

This layer needs the ``lessons`` extra (``pip install 'breastcancer_kit[lessons]'``);
without it, importing it raises an ImportError that says so. For education only.
"""

from __future__ import annotations

from importlib.util import find_spec

__all__: list[str] = []

#: What the presentation layer imports, by import name (all come with the extra).
_NEEDS = ("plotly", "ipywidgets", "anywidget", "pandas")


def _absent(name: str) -> bool:
    try:
        return find_spec(name) is None
    except (ImportError, ValueError):  # a broken or blocked install counts as absent
        return True


_missing = [name for name in _NEEDS if _absent(name)]
if _missing:
    raise ImportError(
        "breastcancer_kit.ui (the lessons' figures and widgets) needs the 'lessons' extra, "
        f"which brings {', '.join(_missing)}: pip install 'breastcancer_kit[lessons]'"
    )

_SLICES = {"tnm", "prognostic", "receptors", "special_groups", "statistics", "cohort", "drills"}


def __getattr__(name: str):
    # ``bck.ui.tnm`` works without importing every slice (each loads plotly and widgets).
    if name in _SLICES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
