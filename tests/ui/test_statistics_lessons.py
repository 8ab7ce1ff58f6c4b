"""Lessons 05 and 06: what the explorers show is what the static figures say."""

from __future__ import annotations

import pytest

from breastcancer_kit.statistics import cohorts
from breastcancer_kit.ui import cohort as cohort_ui
from breastcancer_kit.ui import statistics as statistics_ui


def test_every_view_keeps_its_own_caption_after_switching():
    box = statistics_ui.statistics_explorer()
    choice, slot = box.children[0], box.children[1]
    views = list(statistics_ui.STATISTICS_VIEWS)
    for view in [*views, *reversed(views)]:
        choice.value = view
        expected = [a.text for a in statistics_ui.statistics_figure(view).layout.annotations]
        assert [a.text for a in slot.children[0].layout.annotations] == expected, view
        assert expected and expected[0].startswith("Source:"), view


def test_legends_name_sources_not_internal_keys():
    names = [t.name for t in statistics_ui.stage_at_diagnosis_figure().data]
    assert all("_" not in n for n in names), names


@pytest.fixture(scope="module")
def gbsg2():
    return cohorts.gbsg2_cohort()


def test_cohort_table_counts_are_whole_numbers(gbsg2):
    table = cohort_ui.cohort_vs_seer(gbsg2)
    gbsg = table[table.group.str.startswith("GBSG2")]
    assert gbsg.population.str.contains(r"\(n=\d+\)$").all(), gbsg.population.tolist()
