"""Case worksheets: a case notebook run per case, an offline HTML page each, one answer key.

``breastcancer-kit worksheet --cases N --seed S --level L --out DIR`` calls
:func:`make_worksheets`. Per case it runs the package's template notebook
(``templates/case_worksheet.ipynb``) with papermill, keeps the executed notebook, and
exports a self-contained HTML page: the chart is shown by :func:`chart_bundle`, with
plotly.js inlined and no MathJax (plotly's own "notebook" renderer always adds a MathJax
CDN script, so ``PLOTLY_RENDERER=notebook`` is not used); a notebook that holds widget
state would get require.js, the widget HTML manager and anywidget copied beside it from
:mod:`breastcancer_kit.js_assets`. A page opens with no network. The answer key
(``answer_key.html`` and ``answer_key.json``) lists each case's question, the engine's
answer and explanation. The same seed and level give the same cases.
"""

from __future__ import annotations

import html
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import cases, js_assets
from .._meta import EDUCATION_NOTE, import_extra
from . import check_set_options

__all__ = [
    "GRID_TITLE",
    "Worksheet",
    "answer_key",
    "case_for",
    "case_markdown",
    "chart_bundle",
    "make_worksheets",
]

GRID_TITLE = "AJCC 8th-edition anatomic stage groups (M0); grey: no stage group"
CELL_TIMEOUT_SECONDS = 180
_REQUIRE = ("requirejs", "require.js", "require.js")
_WIDGET_FILES = (
    ("@jupyter-widgets/html-manager", "dist/embed-amd.js", "embed-amd.js"),
    ("anywidget", "dist/index.js", "anywidget.js"),
)


@dataclass(frozen=True)
class Worksheet:
    """The files written for one case."""

    case_id: str
    notebook: Path
    html: Path


def _templates() -> Path:
    return Path(str(resources.files(__package__).joinpath("templates")))


def case_for(case_id: str) -> cases.Case:
    """The case named by ``case_id`` (``level:seed:number``), as the case notebook reads it.

    Examples
    --------
    >>> case_for("basic:1:0") == cases.generate(1, "basic", 0)
    True
    """
    return cases.from_id(case_id)


def case_markdown(case: cases.Case) -> str:
    """The student's side of a case: its number, the question and the case as presented.

    Examples
    --------
    >>> text = case_markdown(cases.generate(3, "basic", 1))
    >>> text.startswith("### Case basic:3:1")
    True
    """
    return (
        f"### Case {case.id} ({case.level.title})\n\n"
        f"**{case.question}**\n\n"
        f"> {case.text}\n"
    )


def chart_bundle(figure) -> dict[str, object]:
    """A plotly figure as a display bundle that shows offline, in Lab and in exported HTML.

    ``application/vnd.plotly.v1+json`` for JupyterLab; ``text/html`` with plotly.js inlined
    and no MathJax for the offline page. Show it with ``display(bundle, raw=True)``.

    Examples
    --------
    >>> class Fig:  # anything with plotly's to_json / to_html
    ...     def to_json(self): return '{"data": [], "layout": {}}'
    ...     def to_html(self, **kw): return "<div>chart</div>" if not kw["include_mathjax"] else ""
    >>> sorted(chart_bundle(Fig()))
    ['application/vnd.plotly.v1+json', 'text/html']
    """
    html_text = figure.to_html(
        include_plotlyjs=True, include_mathjax=False, full_html=False,
        config={"displaylogo": False},
    )  # fmt: skip
    return {"application/vnd.plotly.v1+json": json.loads(figure.to_json()), "text/html": html_text}


def answer_key(items: list[cases.Case], *, seed: int, level: str) -> tuple[str, dict]:
    """The answer key of a set as a self-contained HTML page and as JSON-ready data.

    Examples
    --------
    >>> page, data = answer_key(list(cases.series(5, "basic", 2)), seed=5, level="basic")
    >>> len(data["cases"]), data["cases"][0]["answer"] == cases.generate(5, "basic", 0).expected
    (2, True)
    """
    data = {
        "seed": seed,
        "level": level,
        "note": EDUCATION_NOTE,
        "cases": [
            {
                "number": i + 1,
                "id": case.id,
                "question": case.question,
                "case": case.text,
                "answer": case.expected,
                "explanation": case.explanation,
            }
            for i, case in enumerate(items)
        ],
    }
    rows = "\n".join(
        f'<section class="case" id="case-{c["number"]:02d}">'
        f"<h2>Case {c['number']} <small>({html.escape(c['id'])})</small></h2>"
        f"<p><strong>{html.escape(c['question'])}</strong></p>"
        f"<blockquote>{html.escape(c['case'])}</blockquote>"
        f'<p class="answer"><strong>Answer:</strong> {html.escape(c["answer"])}</p>'
        f'<p class="explanation">{html.escape(c["explanation"])}</p></section>'
        for c in data["cases"]
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Answer key: {html.escape(level)} cases, seed {seed}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
        "blockquote{color:#333;border-left:3px solid #999;margin-left:0;padding-left:1em}"
        "</style></head><body>"
        f"<h1>Answer key: {html.escape(level)} cases, seed {seed}</h1>"
        f"<p><em>{html.escape(EDUCATION_NOTE)}</em></p>\n{rows}\n</body></html>\n"
    )
    return page, data


def _export_html(notebook: Path, target: Path) -> bool:
    """Write the offline HTML of an executed notebook; True if it holds widget state."""
    nbformat = import_extra("nbformat", "lessons", "worksheets")
    nbconvert = import_extra("nbconvert", "lessons", "worksheets")
    nb = nbformat.read(notebook, as_version=4)
    exporter = nbconvert.HTMLExporter(
        template_name="bck_offline",
        extra_template_basedirs=[str(_templates() / "nbconvert")],
        require_js_url=_REQUIRE[2],
        widget_renderer_url=_WIDGET_FILES[0][2],
        exclude_input=True,  # the student's page: the case and the chart, no code
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    target.write_text(body, encoding="utf-8")
    return "widgets" in nb.metadata


def _progress(total: int):
    try:
        from tqdm import tqdm  # papermill's dependency
    except ImportError:  # pragma: no cover - papermill brings tqdm
        return None
    return tqdm(total=total, desc="worksheets", unit="case", file=sys.stderr)


def make_worksheets(
    n: int,
    seed: int,
    level: str = "basic",
    out: str | Path = "worksheets",
    *,
    force: bool = False,
    progress: bool = True,
    on_case: Callable[[Worksheet], None] | None = None,
) -> list[Worksheet]:
    """Write ``n`` case worksheets of ``level`` from ``seed`` into ``out``, and the answer key.

    Raises
    ------
    EducatorError, CaseError
        A count or seed out of range, an unknown level, a non-empty ``out`` without
        ``force``; :class:`~breastcancer_kit.js_assets.JsAssetError` when the front-end
        files are not fetched (``make js``).
    """
    out = Path(out)
    check_set_options(n, seed, out, force)
    level_value = cases.coerce_level(level).value
    chosen = cases.series(seed, level_value, n)
    sources = [(js_assets.file(p, m), name) for p, m, name in (_REQUIRE, *_WIDGET_FILES)]
    papermill = import_extra("papermill", "lessons", "worksheets")
    out.mkdir(parents=True, exist_ok=True)
    template = _templates() / "case_worksheet.ipynb"
    written: list[Worksheet] = []
    widgets = False
    bar = _progress(n) if progress else None
    try:
        for i, case in enumerate(chosen, start=1):
            stem = f"case_{i:02d}"
            notebook = out / f"{stem}.ipynb"
            papermill.execute_notebook(
                str(template), str(notebook), parameters={"case_id": case.id},
                kernel_name="python3", progress_bar=False, log_output=False,
                execution_timeout=CELL_TIMEOUT_SECONDS, cwd=str(out),
            )  # fmt: skip
            page = out / f"{stem}.html"
            widgets = _export_html(notebook, page) or widgets
            sheet = Worksheet(case.id, notebook, page)
            written.append(sheet)
            if on_case:
                on_case(sheet)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    if widgets:  # the widget manager and what it loads, beside the pages
        for source, name in sources:
            shutil.copyfile(source, out / name)
    page, data = answer_key(list(chosen), seed=seed, level=level_value)
    (out / "answer_key.html").write_text(page, encoding="utf-8")
    (out / "answer_key.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return written
