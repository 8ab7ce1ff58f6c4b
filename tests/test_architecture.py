"""The architecture holds: layers, no cycles, no presentation in the domain, every rule stored once.

The import contracts themselves live in `.importlinter` (run here and by `make quick`). The
checks below use grimp's import graph directly, which includes function-local imports, so a
"lazy" import of plotly inside a domain function counts as an import.
"""

from __future__ import annotations

import ast
import csv
import importlib
import io
import subprocess
import sys
import warnings
from functools import cache
from importlib import resources
from pathlib import Path

import grimp
import pytest

PACKAGE = "breastcancer_kit"
ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / PACKAGE
DOMAIN = (
    "data", "staging", "receptors", "statistics", "cases", "errors", "vocabulary", "limits",
    "_meta",
)  # fmt: skip
PRESENTATION = ("plotly", "ipywidgets", "anywidget", "IPython", f"{PACKAGE}.ui")


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, include_external_packages=True, cache_dir=None)


def _in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def domain_modules() -> list[str]:
    names = tuple(f"{PACKAGE}.{d}" for d in DOMAIN)
    return sorted(m for m in graph().modules if _in(m, names))


def test_import_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(exe), "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycle_finder_finds_a_cycle():
    # The checker itself can fail: a -> b -> c -> a is one cycle, d stands apart.
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_function_local_imports_included():
    g = graph()
    internal = {m for m in g.modules if _in(m, (PACKAGE,))}
    edges = {m: g.find_modules_directly_imported_by(m) & internal for m in internal}
    assert _cycles(edges) == []


def test_domain_never_imports_presentation_even_lazily():
    g = graph()
    offenders = []
    for module in domain_modules():
        for imported in g.find_modules_directly_imported_by(module):
            if _in(imported, PRESENTATION):
                offenders.append(f"{module} -> {imported}")
    assert offenders == []
    # ...and not through a chain either.
    for target in ("plotly", "ipywidgets", f"{PACKAGE}.ui"):
        if target in g.modules:
            chains = [g.find_shortest_chain(m, target) for m in domain_modules()]
            assert [c for c in chains if c] == [], target


def test_ui_slices_do_not_import_each_other():
    g = graph()
    slices = ("tnm", "prognostic", "receptors", "special_groups", "statistics", "cohort", "drills")
    for a in slices:
        for b in slices:
            if a != b:
                chain = g.find_shortest_chain(f"{PACKAGE}.ui.{a}", f"{PACKAGE}.ui.{b}")
                assert chain is None, chain


# ------------------------------------------------------------------ every rule constant once

#: Columns of the rule tables that hold thresholds (numbers a rule compares against).
THRESHOLD_COLUMNS = {
    "receptor_thresholds": ["value"],
    "node_count_rules": ["nodes_min", "nodes_max", "deposit_min_mm", "deposit_max_mm"],
    "tnm_categories": ["size_min_mm", "size_max_mm"],
    "size_rounding_rules": ["lower_mm", "upper_mm", "value_mm"],
    "prognostic_oncotype_rule": ["rs_below"],
    "genetic_testing_rules": ["age_limit"],
}
# Whole numbers below this also count, index and mask everywhere (0, 1, 2 ...), so as
# integers they cannot tell a rule apart; as floats (2.0 mm, 4.0 copies) they are checked.
SMALL_INT = 5


def _table_rows(name: str) -> list[dict[str, str]]:
    text = resources.files(PACKAGE).joinpath("data", f"{name}.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def threshold_numbers() -> set[float]:
    found = set()
    for table, columns in THRESHOLD_COLUMNS.items():
        for row in _table_rows(table):
            for col in columns:
                if row[col].strip():
                    found.add(float(row[col]))
    return found - {0.0}


def vocabulary_words() -> set[str]:
    """Receptor-status words and stage labels: spelled in vocabulary.py and the tables only."""
    words = {"positive", "negative", "equivocal"}
    # Stage "0" is also HER2 IHC 0, a count, an index: only the Roman labels are checked.
    words |= {r["stage"] for r in _table_rows("anatomic_stage_labels")} - {"0"}
    return words


def _source_files(packages: tuple[str, ...]) -> list[Path]:
    files = []
    for name in packages:
        path = PACKAGE_DIR / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    return files


def _constants(path: Path) -> list[tuple[int, object]]:
    """Constants in code: not docstrings, and not the text of error messages or notes."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and id(node) not in docstrings
    ]


def rule_constants_in(path: Path) -> list[str]:
    numbers, words = threshold_numbers(), vocabulary_words()
    hits = []
    for line, value in _constants(path):
        if isinstance(value, bool):
            continue
        small_int = isinstance(value, int) and abs(value) < SMALL_INT
        if isinstance(value, int | float) and not small_int and float(value) in numbers:
            hits.append(f"{path.name}:{line}: number {value!r}")
        if isinstance(value, str) and value in words:
            hits.append(f"{path.name}:{line}: word {value!r}")
    return hits


def test_rule_constant_checker_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        '"""Doc mentions 11 and positive."""\nCUT = 11\nWORD = "positive"\nOK = 1\n'
        "COPIES = 4.0\nSTAGE = 'IIIA'\n"
    )
    assert rule_constants_in(bad) == [
        "bad.py:2: number 11",
        "bad.py:3: word 'positive'",
        "bad.py:5: number 4.0",
        "bad.py:6: word 'IIIA'",
    ]


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in _source_files(("staging", "receptors", "statistics", "data", "cases"))
        if p.exists()
    ],
    ids=lambda p: str(p.relative_to(PACKAGE_DIR)),
)
def test_no_rule_constant_in_domain_code(path: Path):
    # Thresholds (the Oncotype cut-off, receptor and size cut-offs, node counts, ages), the
    # status words and the stage labels come from the tables or one enum, never a literal.
    assert rule_constants_in(path) == []


@pytest.mark.parametrize(
    "path",
    _source_files(("staging", "receptors", "statistics", "data", "cases")),
    ids=lambda p: str(p.relative_to(PACKAGE_DIR)),
)
def test_no_if_elif_chains_in_domain_code(path: Path):
    # Rules are looked up in tables: no if/elif chain longer than one elif.
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.If):
            depth, current = 0, node
            while len(current.orelse) == 1 and isinstance(current.orelse[0], ast.If):
                depth, current = depth + 1, current.orelse[0]
            assert depth <= 1, f"if/elif chain at line {node.lineno}"


# ------------------------------------------------------------------ compatibility names

# The public names of release 0.1.0, transcribed from its modules' __all__ lists.
RELEASE_0_1_0 = {
    "views": [
        "ReceptorView", "StageView", "carry_n_code", "categories_view", "genetic_testing_view",
        "guide_figures_text", "her2_rule_grid", "ibc_staging_view", "m_options", "n_options",
        "prefix_options", "receptor_view", "size_nodes_view", "stage_view", "t_options",
        "treatment_view",
    ],
    "figures": [
        "STAGE_COLOURS", "age_comparison_figure", "anatomic_heatmap", "highlight_shape",
        "prevalence_ranges_figure", "prognostic_heatmap", "stage_heatmap",
        "stage_shift_heatmap", "subtype_prevalence_bar",
    ],
    "widgets": [
        "PrognosticExplorer", "ReceptorExplorer", "SizeNodesExplorer", "StageExplorer",
        "brca_prompt_explorer", "category_browser", "prognostic_explorer",
        "receptor_explorer", "size_nodes_explorer", "stage_explorer", "stage_shift_overview",
        "sync_state", "updating",
    ],
    "statistics_views": [
        "STATISTICS_VIEWS", "cohort_vs_seer", "ibc_share_figure", "km_figure",
        "metastasis_sites_figure", "range_figure", "stage_at_diagnosis_figure", "stage_counts",
        "statistics_figure", "subtype_share_figure", "survival_at", "survival_by_stage_figure",
    ],
    "statistics_widgets": ["cohort_explorer", "replace_figure", "statistics_explorer"],
    "frames": ["BASIS_PREFIX", "stage_frame"],
    "datasets": ["SOURCED_COLUMNS", "list_tables", "load_table", "provenance"],
    "cohort": [
        "ENDPOINTS", "LogRank", "SPLITS", "gbsg2_cohort", "gbsg2_provenance", "km_table",
        "logrank", "numbers_at_risk",
    ],
    "prognostic": [
        "Biomarkers", "PrognosticRow", "PrognosticTable", "biomarkers", "prognostic_grid",
        "prognostic_lookup", "row_group",
    ],
    "staging": [
        "Axis", "Basis", "Category", "EDITION", "Extent", "Prefix", "StageResult", "StageRow",
        "TNM", "categories", "parse_tnm", "pn_from_positive_nodes", "stage", "stage_grid",
        "stage_labels", "t_from_size_mm", "StagingError",
    ],
    "receptors": [
        "GeneticTestingPrompt", "HER2Category", "HER2IHC", "ReceptorResult", "ReceptorStatus",
        "Sex", "Subtype", "TreatmentClass", "TreatmentCondition", "genetic_testing_prompts",
        "her2_rules", "ish_group", "likely_response", "receptor_status", "threshold",
        "treatment_classes",
    ],
}  # fmt: skip
DEPRECATED = {"views", "figures", "widgets", "statistics_views", "statistics_widgets"}


@pytest.mark.parametrize("module", sorted(RELEASE_0_1_0))
def test_every_name_of_release_0_1_0_is_still_importable(module: str, monkeypatch):
    name = f"{PACKAGE}.{module}"
    # A fresh import (its deprecation warning is checked), undone afterwards: the module object
    # other tests hold comes back, with its submodules as attributes (a re-imported package
    # lacks the attributes of submodules that were already loaded).
    monkeypatch.delitem(sys.modules, name, raising=False)
    parent = importlib.import_module(PACKAGE)
    if module in vars(parent):  # (not hasattr: the package's lazy __getattr__ would import it)
        monkeypatch.setattr(parent, module, vars(parent)[module])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mod = importlib.import_module(name)
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    if module in DEPRECATED:
        assert len(deprecations) == 1 and "breastcancer_kit.ui" in str(deprecations[0].message)
    else:
        assert deprecations == [], [str(w.message) for w in deprecations]
    missing = [n for n in RELEASE_0_1_0[module] if not hasattr(mod, n)]
    assert missing == []


def test_compat_names_are_the_new_objects():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        widgets = importlib.import_module(f"{PACKAGE}.widgets")
        views = importlib.import_module(f"{PACKAGE}.views")
    from breastcancer_kit.ui import receptors as receptors_ui
    from breastcancer_kit.ui import tnm

    assert widgets.stage_explorer is tnm.stage_explorer
    assert views.receptor_view is receptors_ui.receptor_view
