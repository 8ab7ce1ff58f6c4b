"""One palette: each subtype and each stage has one colour in every lesson, colour-blind safe."""

from __future__ import annotations

import pytest

from breastcancer_kit.statistics import cohorts
from breastcancer_kit.ui import cohort as cohort_ui
from breastcancer_kit.ui import palette, stage_charts
from breastcancer_kit.ui import receptors as receptors_ui
from breastcancer_kit.ui import statistics as statistics_ui

SUBTYPES = ["HR+/HER2-", "HR+/HER2+", "HR-/HER2+", "triple-negative"]
# Okabe & Ito (2008), "Color Universal Design": the colour-blind-safe set, transcribed here.
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_subtypes_use_distinct_okabe_ito_colours_and_the_guide_is_none_of_them():
    colours = [palette.subtype_colour(s) for s in SUBTYPES]
    assert len(set(colours)) == 4 and set(colours) <= OKABE_ITO
    assert palette.GUIDE not in colours
    assert not set(palette.OTHER) & set(colours)


def test_stage_colours_get_darker_with_every_stage():
    # Order must read as lightness alone (greyscale, any colour-vision deficiency).
    labels = ["0", "IA", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IV"]
    lum = [_luminance(palette.stage_colour(s)) for s in labels]
    assert lum == sorted(lum, reverse=True) and len(set(lum)) == len(lum)


def _subtype_colours_of(fig, trace: int = 0) -> dict[str, str]:
    data = fig.data[trace]
    labels = data.y if data.orientation == "h" else data.x
    return dict(zip(labels, data.marker.color, strict=False))


def test_lesson03_subtype_bar_uses_the_palette():
    colours = _subtype_colours_of(receptors_ui.subtype_prevalence_bar())
    for subtype in SUBTYPES:
        assert colours[subtype] == palette.subtype_colour(subtype)


def test_lesson05_subtype_share_uses_the_same_colours():
    colours = _subtype_colours_of(statistics_ui.subtype_share_figure())
    for subtype in SUBTYPES:
        assert colours[subtype] == palette.subtype_colour(subtype)


def test_lesson05_survival_by_stage_colours_each_subtype_as_everywhere_else():
    fig = statistics_ui.survival_by_stage_figure("stage")
    by_name = {t.name: t.marker.color for t in fig.data}
    for subtype in SUBTYPES:
        assert by_name[subtype] == palette.subtype_colour(subtype)
    fig = statistics_ui.survival_by_stage_figure("subtype")
    by_name = {t.name: t.marker.color for t in fig.data}
    assert by_name["distant"] == palette.stage_colour("IV")


@pytest.mark.parametrize("stage", ["IIA", "IIIA", "IV"])
def test_stage_heatmap_colours_are_the_stage_colours(stage):
    scale = stage_charts.anatomic_heatmap("M0").data[0].colorscale
    assert palette.stage_colour(stage) in {c for _, c in scale}


def test_lesson06_curves_keep_stage_colours_and_differ_by_dash():
    gbsg2 = cohorts.gbsg2_cohort()
    fig = cohort_ui.km_figure(gbsg2, "anatomic_stage", "os")
    lines = [t for t in fig.data if t.mode == "lines"]
    for line in lines:
        stage = line.legendgroup
        assert line.line.color == palette.stage_colour(stage)
    assert len({line.line.dash for line in lines}) == len(lines)


def test_fill_and_ordered_colours():
    assert palette.fill("#000000", 0.5) == "rgba(0,0,0,0.5)"
    three = palette.ordered_colours(3)
    assert [_luminance(c) for c in three] == sorted((_luminance(c) for c in three), reverse=True)
