"""One colour-blind-safe palette: each stage and each subtype has one colour in every lesson.

Which palettes, and why:

* **Stage groups** (0 to IV) use a sequential ramp, viridis reversed (light = early, dark
  = metastatic). Its lightness rises steadily, so the order reads in every common
  colour-vision deficiency and in greyscale. SEER summary stages (localized, regional,
  distant) take the colour of a matching point on the same ramp; ordered splits (stage II
  vs III, grade 1-3) take evenly spaced points of it.
* **Subtypes** use the Okabe-Ito palette (Okabe and Ito 2008, "Color Universal Design"),
  built to stay distinct under deuteranopia, protanopia and tritanopia. Each subtype has
  one colour, reserved for it.
* **The guide** is black (with outlines or dashes): never a subtype or stage colour.
* **Other groups** (metastasis sites, receptor status, treatment arm, sources) use the
  Okabe-Ito colours no subtype holds, and lines also differ by dash
  (:data:`DASHES`), so colour is never the only cue.

Examples
--------
>>> subtype_colour("triple-negative")
'#D55E00'
>>> stage_colour("IV")
'#482878'
>>> ordered_colours(2) == [stage_colour("IIA"), stage_colour("IV")]
True
"""

from __future__ import annotations

__all__ = [
    "DASHES",
    "DIM",
    "GUIDE",
    "GUIDE_FILL",
    "HIGHLIGHT",
    "NOT_STAGED",
    "OTHER",
    "STAGE_COLOURS",
    "SUBTYPE_COLOURS",
    "category_colours",
    "fill",
    "group_colours",
    "ordered_colours",
    "seer_stage_colour",
    "stage_colour",
    "subtype_colour",
]

#: Stage group -> colour: viridis, reversed (light early, dark metastatic).
STAGE_COLOURS = {
    "0": "#fde725",
    "IA": "#b5de2b",
    "IB": "#6ece58",
    "IIA": "#35b779",
    "IIB": "#1f9e89",
    "IIIA": "#26828e",
    "IIIB": "#31688e",
    "IIIC": "#3e4989",
    "IV": "#482878",
}
#: Subtype -> colour (Okabe-Ito), the same in every lesson.
SUBTYPE_COLOURS = {
    "HR+/HER2-": "#0072B2",  # blue
    "HR+/HER2+": "#CC79A7",  # reddish purple
    "HR-/HER2+": "#009E73",  # bluish green
    "triple-negative": "#D55E00",  # vermillion
    "unknown": "#999999",  # grey
}
#: SEER summary stage -> the stage group whose colour it borrows.
_SEER_STAGE_AS = {"localized": "IA", "regional": "IIIA", "distant": "IV"}
#: The guide's figures: black, drawn as outlines over a light fill.
GUIDE = "#000000"
GUIDE_FILL = "rgba(0,0,0,0.12)"
#: Okabe-Ito colours no subtype holds: orange, sky blue, yellow, black.
OTHER = ("#E69F00", "#56B4E9", "#F0E442", "#000000")
#: Line dashes, so that curves differ by more than colour.
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
DIM = "#d0d0d0"
NOT_STAGED = "#d9d9d9"
#: The outline of a chosen cell (a shape, so it is not a colour-only cue).
HIGHLIGHT = "#e31a1c"
_UNKNOWN = "#999999"


def stage_colour(stage: str) -> str:
    """The colour of a stage group (grey for anything else).

    Examples
    --------
    >>> stage_colour("0"), stage_colour("none")
    ('#fde725', '#999999')
    """
    return STAGE_COLOURS.get(str(stage), _UNKNOWN)


def subtype_colour(subtype: str) -> str:
    """The colour of a subtype (grey for anything else).

    Examples
    --------
    >>> subtype_colour("HR+/HER2-")
    '#0072B2'
    """
    return SUBTYPE_COLOURS.get(str(subtype), _UNKNOWN)


def seer_stage_colour(stage: str) -> str:
    """The colour of a SEER summary stage: the matching point of the stage ramp.

    Examples
    --------
    >>> seer_stage_colour("distant") == stage_colour("IV")
    True
    """
    return stage_colour(_SEER_STAGE_AS.get(str(stage), "?"))


def ordered_colours(n: int) -> list[str]:
    """``n`` evenly spaced colours of the stage ramp, early to late (for ordered groups).

    Examples
    --------
    >>> ordered_colours(3)
    ['#35b779', '#26828e', '#482878']
    """
    ramp = list(STAGE_COLOURS.values())[3:]  # from IIA: the light yellows vanish on white
    if n <= 1:
        return ramp[:1] * n
    return [ramp[round(i * (len(ramp) - 1) / (n - 1))] for i in range(n)]


def category_colours(n: int) -> list[str]:
    """``n`` colours for unordered groups that are not subtypes (cycled past four).

    Examples
    --------
    >>> category_colours(2)
    ['#E69F00', '#56B4E9']
    """
    return [OTHER[i % len(OTHER)] for i in range(n)]


def fill(colour: str, alpha: float = 0.3) -> str:
    """A see-through version of a ``#rrggbb`` colour, for ranges and bands.

    Examples
    --------
    >>> fill("#56B4E9", 0.35)
    'rgba(86,180,233,0.35)'
    """
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha:g})"


def group_colours(split: str, names: list[str]) -> list[str]:
    """Colours for the groups of a split, keeping stages and subtypes in their own colours.

    Examples
    --------
    >>> colours = group_colours("anatomic_stage", ["IIA", "IIIC"])
    >>> colours == [STAGE_COLOURS["IIA"], STAGE_COLOURS["IIIC"]]
    True
    >>> group_colours("stage_group", ["II", "III"]) == [stage_colour("IIA"), stage_colour("IIIA")]
    True
    """
    if split == "anatomic_stage":
        return [stage_colour(n) for n in names]
    if split == "stage_group":
        return [stage_colour(f"{n}A") for n in names]
    if split == "subtype":
        return [subtype_colour(n) for n in names]
    if split == "grade":
        return ordered_colours(len(names))
    return category_colours(len(names))
