"""ipywidgets builders for lesson 02: the prognostic explorer and the all-profiles overview."""

from __future__ import annotations

import html

import ipywidgets as W
import plotly.graph_objects as go

from ...staging import prognostic
from ...vocabulary import ReceptorStatus
from .. import arguments, stage_charts
from ..controls import errors_output
from ..page_style import RESULT_CLASS
from ..plotly_compat import FigureSlot, FigureWidget, updating
from . import figures, views

#: Each of the two heatmaps: half the row when there is room, the whole row when not.
HALF = {"flex": "1 1 460px", "min_width": "360px"}

__all__ = ["PrognosticExplorer", "prognostic_explorer", "stage_shift_overview"]


class PrognosticExplorer(W.VBox):
    """Biomarker controls with anatomic and prognostic heatmaps side by side.

    Controls: table, grade, ER, PR, HER2 and an Oncotype DX toggle. Below them: a one-line
    summary, the two heatmaps and the stage-shift matrix for the chosen profile.
    """

    def __init__(
        self,
        table: str = "clinical",
        grade: int = 2,
        er: str = "positive",
        pr: str = "positive",
        her2: str = "negative",
        oncotype_low: bool = False,
    ) -> None:
        # Read as stage() reads them ("+", "G3" ...): a value it refuses is a ParameterError
        # naming the argument, not a widget's "Invalid selection".
        table = arguments.read("table", arguments.table, table)
        grade, er, pr, her2 = (
            arguments.read(name, arguments.marker(name), value)
            for name, value in (("grade", grade), ("er", er), ("pr", pr), ("her2", her2))
        )
        oncotype_low = arguments.flag("oncotype_low")(oncotype_low)

        def toggles(
            description: str, options: list, value: object, width: str = "90px"
        ) -> W.ToggleButtons:
            return W.ToggleButtons(
                options=options,
                value=value,
                description=description,
                style={"description_width": "90px", "button_width": width},
            )

        status = [s.value for s in ReceptorStatus.binary()]
        # 90 px cut "pathological" to "patholog..." (both front ends).
        self.table = toggles(
            "Table", [t.value for t in prognostic.PrognosticTable], table, width="120px"
        )
        self.grade = toggles("Grade", list(prognostic.grades()), grade)
        self.er = toggles("ER", status, er)
        self.pr = toggles("PR", status, pr)
        # HER2 equivocal (IHC 2+ awaiting ISH) is a result too: it has no prognostic stage.
        self.her2 = toggles("HER2", [*status, ReceptorStatus.EQUIVOCAL.value], her2)
        self.oncotype = W.Checkbox(
            value=oncotype_low,
            description=(
                f"Oncotype DX score below {prognostic.oncotype_rule().cutoff:g} "
                f"({prognostic.oncotype_rule().table} table only)"
            ),
            indent=False,
            layout=W.Layout(width="420px"),
            # Only the pathological table reads it: greyed out from the start on the other.
            disabled=table != prognostic.oncotype_rule().table,
        )
        self.summary = W.HTML()
        self.summary.add_class("bck-shift-summary")
        self.summary.add_class(RESULT_CLASS)
        self.errors = errors_output()
        prog_fig, shift_fig = self._figures()
        anatomic = stage_charts.anatomic_heatmap("M0", title="Anatomic stage (M0)")
        # No fixed width: side by side when there is room, one below the other when not
        # (a 1280 px JupyterLab with its side panel open cut the right one after N1mi).
        for fig in (anatomic, prog_fig):
            fig.update_layout(height=430)
        self.prognostic = FigureWidget(prog_fig)
        self.shift = FigureWidget(shift_fig)
        self.prognostic_slot = FigureSlot(self.prognostic, layout=HALF)
        self.shift_slot = FigureSlot(self.shift)
        # Shown as it is (never edited), in a slot of its own so it resizes like the other.
        self.anatomic_slot = FigureSlot(FigureWidget(anatomic), layout=HALF)
        self.anatomic = self.anatomic_slot.children[0]
        for control in (self.table, self.grade, self.er, self.pr, self.her2, self.oncotype):
            control.observe(self._on_change, names="value")
        controls = W.VBox([self.table, self.grade, self.er, self.pr, self.her2, self.oncotype])
        super().__init__(
            [
                controls,
                self.summary,
                W.HBox(
                    [self.anatomic_slot, self.prognostic_slot],
                    layout=W.Layout(flex_flow="row wrap", width="100%"),
                ),
                self.shift_slot,
                self.errors,
            ]
        )
        self.add_class("bck-prognostic-explorer")

    @property
    def rs(self) -> float | None:
        """A score just below the Oncotype DX cut-off when the box is ticked, else None.

        The box means "the score is below the cut-off"; the rule's own cut-off (from
        ``prognostic_oncotype_rule.csv``) minus one stands for any such score.
        """
        rule = prognostic.oncotype_rule()
        on_table = self.table.value == rule.table
        return max(rule.score_min, rule.cutoff - 1) if self.oncotype.value and on_table else None

    def _profile(self) -> tuple:
        return (self.table.value, self.grade.value, self.er.value, self.pr.value, self.her2.value)

    def _figures(self) -> tuple[go.Figure, go.Figure]:
        """Prognostic heatmap and shift matrix for the current profile; sets the summary."""
        profile = self._profile()
        shift = views.stage_shift(*profile, oncotype_rs=self.rs)
        # The summary line as plain text: the profile, then how many cells move.
        self.summary_text = views.profile_summary(*profile, shift, oncotype_rs=self.rs)
        self.summary.value = f'<span class="bck-shift-text">{html.escape(self.summary_text)}</span>'
        return (
            figures.prognostic_heatmap(*profile, oncotype_rs=self.rs),
            figures.stage_shift_heatmap(shift, "Stage shift for this profile (M0 cells)"),
        )

    def _on_change(self, change: dict) -> None:
        with self.errors:
            self.refresh()

    def refresh(self) -> None:
        """Redraw the prognostic heatmap, the shift matrix and the summary."""
        self.oncotype.disabled = self.table.value != prognostic.oncotype_rule().table
        prog_fig, shift_fig = self._figures()
        with updating(self.prognostic, self.prognostic_slot):
            for trace, new in zip(self.prognostic.data, prog_fig.data, strict=True):
                trace.z, trace.text, trace.hovertext = new.z, new.text, new.hovertext
            self.prognostic.layout.title.text = prog_fig.layout.title.text
        with updating(self.shift, self.shift_slot):
            self.shift.data[0].z = shift_fig.data[0].z
            self.shift.data[0].text = shift_fig.data[0].text


def prognostic_explorer(
    table: str = "clinical",
    grade: int = 2,
    er: str = "positive",
    pr: str = "positive",
    her2: str = "negative",
    oncotype_low: bool = False,
) -> PrognosticExplorer:
    """Build the prognostic-staging explorer used in lesson 02.

    Examples
    --------
    >>> ex = prognostic_explorer("clinical", 1, "positive", "positive", "positive")
    >>> ex.prognostic.data[0].text[6][1]
    'IIIA ↓'
    >>> ex.grade.value = 3
    >>> ex.prognostic.data[0].text[6][1]
    'IIIB'
    """
    return PrognosticExplorer(table, grade, er, pr, her2, oncotype_low)


def stage_shift_overview(table: str = "clinical") -> W.VBox:
    """Stage-shift matrix summed over all 24 biomarker profiles, with a table toggle.

    Examples
    --------
    >>> box = stage_shift_overview()
    >>> box.children[0].value
    'clinical'
    """
    table = arguments.read("table", arguments.table, table)
    toggle = W.ToggleButtons(options=["clinical", "pathological"], value=table, description="Table")
    summary = W.HTML()

    def figure_for(name: str) -> go.Figure:
        shift = views.stage_shift_all_profiles(name)
        summary.value = f"All 24 profiles, {name} table: {views.shift_summary(shift)}"
        return figures.stage_shift_heatmap(
            shift, f"Anatomic to {name} prognostic stage, all 24 grade/ER/PR/HER2 profiles"
        )

    fig = FigureWidget(figure_for(table))
    slot = FigureSlot(fig)

    def redraw(change: dict) -> None:
        new = figure_for(change["new"])
        with updating(fig, slot):
            fig.data[0].z, fig.data[0].text = new.data[0].z, new.data[0].text
            fig.layout.title.text = new.layout.title.text

    toggle.observe(redraw, names="value")
    box = W.VBox([toggle, summary, slot])
    box.add_class("bck-shift-overview")
    return box
