"""Every explorer builder refuses a bad argument with the kit's error family, never a widget's.

Found by calling each builder with hostile values, one argument at a time: every one of them
let ipywidgets' ``TraitError: Invalid selection`` (or an ``OverflowError`` from a slider)
escape for a value the engine would have named. Now each reads its arguments through
:mod:`breastcancer_kit.ui.arguments` first: a ``ParameterError`` with the argument, the value
and what is allowed, or (receptor and treatment explorers) a start in range with the engine's
message in the result area. Values the engine accepts in its own shorthand are accepted too.
"""

from __future__ import annotations

import inspect
import math

import pytest

from breastcancer_kit.errors import BreastCancerKitError, ParameterError
from breastcancer_kit.ui.cohort.widgets import cohort_explorer
from breastcancer_kit.ui.drills.widgets import drill
from breastcancer_kit.ui.metastatic.widgets import metastatic_explorer
from breastcancer_kit.ui.prognostic.widgets import prognostic_explorer, stage_shift_overview
from breastcancer_kit.ui.receptors.widgets import receptor_explorer
from breastcancer_kit.ui.special_groups.widgets import brca_prompt_explorer
from breastcancer_kit.ui.statistics.widgets import definitions, statistics_explorer
from breastcancer_kit.ui.tnm.widgets import category_browser, size_nodes_explorer, stage_explorer
from breastcancer_kit.ui.treatment.widgets import treatment_explorer
from breastcancer_kit.ui.trials.widgets import forest_explorer

BUILDERS = [
    cohort_explorer, drill, metastatic_explorer, prognostic_explorer, stage_shift_overview,
    receptor_explorer, brca_prompt_explorer, statistics_explorer, definitions, stage_explorer,
    size_nodes_explorer, category_browser, treatment_explorer, forest_explorer,
]  # fmt: skip
HOSTILE = ["+", "nope", "", -1, 10**400, math.nan, math.inf, None, True, [], {}, 2.5, b"+",
           "x" * 20_000]  # fmt: skip
CASES = [
    (builder, name)
    for builder in BUILDERS
    for name, parameter in inspect.signature(builder).parameters.items()
]


@pytest.mark.parametrize(("builder", "name"), CASES, ids=[f"{b.__name__}-{n}" for b, n in CASES])
def test_a_hostile_argument_builds_or_raises_the_kit_error(builder, name):
    required = inspect.signature(builder).parameters[name].default is inspect.Parameter.empty
    for value in HOSTILE:
        try:
            builder(value) if required else builder(**{name: value})
        except BreastCancerKitError:
            pass
        except Exception as err:  # the point of the test
            pytest.fail(f"{builder.__name__}({name}={value!r:.30}) raised {err!r:.200}")


def test_the_error_names_the_argument_the_value_and_the_choices():
    with pytest.raises(ParameterError) as err:
        prognostic_explorer(er="maybe")
    assert err.value.field == "er" and "maybe" in str(err.value)
    with pytest.raises(ParameterError) as err:
        cohort_explorer(split="nope")
    assert err.value.field == "split" and "anatomic_stage" in err.value.allowed
    with pytest.raises(ParameterError, match="germline_brca"):
        receptor_explorer(germline_brca="yes")


def test_the_engines_shorthand_starts_the_widgets_in_its_spelling():
    ex = prognostic_explorer("pathological", "G3", "+", "-", "low")  # as stage() reads them
    assert (ex.grade.value, ex.er.value, ex.pr.value, ex.her2.value) == (
        3, "positive", "negative", "negative"
    )  # fmt: skip


def test_huge_numbers_start_sliders_at_their_end_with_the_engines_message():
    ex = receptor_explorer(10**400, 0, "0")
    assert ex.er.value == 100 and "bck-error" in ex.result.value
    assert treatment_explorer("triple-negative", pdl1_cps=10**400).cps.value == 100.0
