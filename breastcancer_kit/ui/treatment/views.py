"""Pure views for lesson 09: the classes the table lists for a line and a set of biomarkers.

Everything comes from :func:`breastcancer_kit.receptors.treatment_options`; these functions
only turn its result into text, HTML and tables. No plotly or ipywidgets here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ... import receptors
from ...errors import BreastCancerKitError
from ..page_style import RESULT_CLASS

__all__ = ["TreatmentView", "biomarker_test_table", "treatment_table", "treatment_view"]

#: Shown under every result: the lesson is about classes and evidence, not choices.
EDUCATION_NOTE = (
    "For education only: classes of treatment that trials support for this setting, not a "
    "recommendation. Real choices depend on earlier treatment, organ function, other "
    "illnesses and the patient's wishes."
)


@dataclass(frozen=True)
class TreatmentView:
    """What the treatment explorer shows for one setting.

    Attributes
    ----------
    ok : bool
        False when the input was refused (``message`` then says why).
    heading : str
        Subtype, line and the biomarker results, in words.
    classes : tuple of (str, str, str, str)
        One (class, why it applies, trial or guideline, regulatory status) per class.
    tests : tuple of (str, str, str, str)
        One (biomarker, what is tested, when, state) per test that matters for the subtype;
        state is ``"result given"`` or ``"not given: would decide ..."``.
    message : str
        The error message, or a note (e.g. on immunotherapy candidacy).
    """

    ok: bool
    heading: str
    classes: tuple[tuple[str, str, str, str], ...] = ()
    tests: tuple[tuple[str, str, str, str], ...] = ()
    message: str = ""

    @property
    def summary_text(self) -> str:
        """Plain text for notebooks and tests."""
        if not self.ok:
            return f"Invalid input: {self.message}"
        lines = [self.heading]
        lines += [f"- {c} ({why}): {trial}" for c, why, trial, _status in self.classes]
        if self.message:
            lines.append(self.message)
        lines.append("Tests:")
        lines += [f"- {name}: {state}" for name, _what, _when, state in self.tests]
        return "\n".join(lines)

    def to_html(self) -> str:
        """HTML with stable CSS classes (``bck-heading``, ``bck-classes``, ``bck-tests``)."""
        esc = html.escape
        if not self.ok:
            return (
                f'<div class="{RESULT_CLASS} bck-error">'
                '<div class="bck-heading" style="font-weight:600">'
                f'Invalid input</div><div class="bck-message">{esc(self.message)}</div></div>'
            )
        rows = "".join(
            f"<tr><td>{esc(c)}</td><td>{esc(why)}</td><td>{esc(trial)}</td>"
            f"<td>{esc(status)}</td></tr>"
            for c, why, trial, status in self.classes
        )
        tests = "".join(
            f"<tr><td>{esc(name)}</td><td>{esc(what)}</td><td>{esc(when)}</td>"
            f"<td>{esc(state)}</td></tr>"
            for name, what, when, state in self.tests
        )
        head = "<tr>" + "<th scope='col'>{}</th>" * 4 + "</tr>"
        note = f'<p class="bck-message">{esc(self.message)}</p>' if self.message else ""
        return (
            f'<div class="{RESULT_CLASS} bck-treatment-result">'
            f'<div class="bck-heading" style="font-size:1.2em;font-weight:600">'
            f"{esc(self.heading)}</div>"
            '<div class="bck-table-box"><table class="bck-classes">'
            "<caption>Treatment classes the table lists</caption>"
            f"{head.format('class', 'why it applies', 'pivotal trial or guideline', 'status')}"
            f"{rows}</table></div>{note}"
            '<div class="bck-table-box"><table class="bck-tests">'
            "<caption>Biomarker tests for this subtype</caption>"
            f"{head.format('biomarker', 'what is tested', 'when', 'here')}{tests}</table></div>"
            f'<p class="bck-education"><i>{esc(EDUCATION_NOTE)}</i></p></div>'
        )


def _state(test: receptors.BiomarkerTest, options: receptors.TreatmentOptions) -> str:
    rows = [r for r in options.classes if r.condition in test.unlocks]
    if rows:
        return "brings in: " + "; ".join(r.treatment_class for r in rows)
    decides = " / ".join(c.value for c in test.unlocks)
    return f"decides the '{decides}' rows: none here (no result given, or none in this line)"


def treatment_view(subtype: object, line: object, **biomarkers: object) -> TreatmentView:
    """The explorer's view for one setting; bad input becomes a message, never a traceback.

    Keyword arguments are those of :func:`~breastcancer_kit.receptors.treatment_options`.

    Examples
    --------
    >>> v = treatment_view("triple-negative", "first", pdl1_cps=12)
    >>> [c[2].split(" (")[0] for c in v.classes]
    ['seed guide Table 3 and its triple-negative section', 'KEYNOTE-355', 'ASCENT-04']
    >>> treatment_view("HR-/HER2+", "first", her2_low="HER2-low").ok
    False
    """
    try:
        options = receptors.treatment_options(subtype, line, **biomarkers)  # type: ignore[arg-type]
    except BreastCancerKitError as err:
        return TreatmentView(ok=False, heading="", message=str(err))
    given = ", ".join(options.biomarkers) or "no biomarker results given"
    classes = tuple(
        (
            row.treatment_class,
            row.condition_text if row.condition != "any" else f"{row.line}, no biomarker needed",
            row.evidence,
            row.regulatory,
        )
        for row in options.classes
    )
    tests = tuple((t.biomarker, t.test, t.when, _state(t, options)) for t in options.tests)
    message = ""
    if options.immunotherapy_candidate is None and options.subtype == "triple-negative":
        if options.line == receptors.TreatmentLine.FIRST:
            message = (
                "No PD-L1 result yet: the PD-L1 test (CPS) decides between the immunotherapy "
                "rows and the rows for people who cannot receive immunotherapy."
            )
    elif options.immunotherapy_candidate is False:
        message = (
            "Not a candidate for a PD-1/PD-L1 antibody here (CPS below the cut-off, or "
            "excluded): the first-line TROP2 conjugates apply."
        )
    return TreatmentView(
        ok=True,
        heading=f"{options.subtype}, {options.line} ({given})",
        classes=classes,
        tests=tests,
        message=message,
    )


def treatment_table(subtype: object, line: object, **biomarkers: object):  # -> DataFrame
    """The classes for one setting as a table: class, condition, line, trial, status.

    Examples
    --------
    >>> [t.split(" (")[0].split(";")[0] for t in treatment_table("HR+/HER2+", "first").trial]
    ['CLEOPATRA', 'DESTINY-Breast09', 'seed guide Table 3']
    """
    import pandas as pd

    options = receptors.treatment_options(subtype, line, **biomarkers)  # type: ignore[arg-type]
    return pd.DataFrame(
        {
            "class": [r.treatment_class for r in options.classes],
            "condition": [r.condition_text for r in options.classes],
            "line": [r.line.value for r in options.classes],
            "trial": [r.evidence for r in options.classes],
            "status": [r.regulatory for r in options.classes],
        }
    )


def biomarker_test_table(subtype: object = None):  # -> DataFrame
    """Which test decides which condition, on what sample and when (all, or one subtype).

    Examples
    --------
    >>> biomarker_test_table("HR+/HER2-").biomarker.tolist()[0]
    'ESR1 mutation'
    """
    import pandas as pd

    tests = receptors.biomarker_tests(subtype)
    return pd.DataFrame(
        {
            "biomarker": [t.biomarker for t in tests],
            "subtypes": [", ".join(s.value for s in t.subtypes) for t in tests],
            "test": [t.test for t in tests],
            "when": [t.when for t in tests],
            "decides": [", ".join(c.value for c in t.unlocks) for t in tests],
            "source": [t.evidence for t in tests],
        }
    )
