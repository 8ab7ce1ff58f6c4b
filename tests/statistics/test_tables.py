"""Statistics tables: one contract generated over every table, spot values, offline loading."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

import breastcancer_kit as bck
from breastcancer_kit import datasets

TABLES = datasets.list_tables()
KEY = ("quantity", "group", "unit", "population", "period", "source", "url", "evidence")


STATS_DIR = resources.files("breastcancer_kit").joinpath("data", "statistics")
README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_rows() -> dict[str, list[str]]:
    """The README's statistics table: name -> [rows, what, sources] (its own text, not code)."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| table | rows | what | sources |") + 2  # past the header rule
    rows = {}
    for line in lines[start:]:
        m = re.match(r"^\| `([a-z0-9_]+)` \|(.*)\|$", line)
        if not m:  # the table ends at its first other line
            break
        rows[m.group(1)] = [c.strip() for c in m.group(2).split("|")]
    return rows


def test_there_are_the_guide_table_and_at_least_four_sourced_tables():
    assert "guide_figures" in TABLES
    assert len([t for t in TABLES if t != "guide_figures"]) >= 4
    # list_tables() is exactly the CSV files shipped (each with its JSON sidecar) and the
    # tables the README documents.
    on_disk = {p.name[:-4] for p in STATS_DIR.iterdir() if p.name.endswith(".csv")}
    sidecars = {p.name[:-5] for p in STATS_DIR.iterdir() if p.name.endswith(".json")}
    assert set(TABLES) == on_disk == sidecars == set(_readme_rows())
    assert len(TABLES) == len(set(TABLES))


@pytest.mark.parametrize("name", TABLES)
def test_table_contract(name):
    df = datasets.load_table(name)
    record = df.attrs["provenance"]
    assert len(df) > 0
    for col in KEY:
        assert df[col].notna().all() and (df[col].astype(str).str.strip() != "").all(), col
    assert (df["value"].notna() | df["low"].notna() | df["high"].notna()).all()
    both = df["low"].notna() & df["high"].notna()
    assert (df.loc[both, "low"] <= df.loc[both, "high"]).all()
    for col in record["schema"]["dimensions"]:
        assert isinstance(df[col].dtype, pd.CategoricalDtype) and df[col].cat.ordered, col
        assert df[col].notna().all(), col
    assert not df.duplicated(list(record["schema"]["dimensions"])).any(), "duplicate key rows"
    assert df["url"].str.match(r"^(https?://|file:shared/)").all()
    # Provenance has a structure, not just something: named sources with URLs, every row's URL
    # among them, an evidence grade, a real date no later than today, a title.
    assert record["sources"]
    for source in record["sources"]:
        assert len(source["name"]) > 10, source
        assert re.match(r"^(https?://\S+|file:shared/\S+)$", source["url"]), source
    assert set(df["url"].astype(str)) <= {source["url"] for source in record["sources"]}
    assert df["evidence"].astype(str).str.match(r"^([PAS] \(.+\)|guide statement)$").all()
    transcribed = datetime.date.fromisoformat(record["date_transcribed"])
    assert datetime.date(2018, 1, 1) <= transcribed <= datetime.date.today()
    assert len(record["title"]) > 10
    raw = resources.files("breastcancer_kit").joinpath("data", "statistics", f"{name}.csv")
    assert record["sha256"] == hashlib.sha256(raw.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", TABLES)
def test_load_returns_a_copy(name):
    df = datasets.load_table(name)
    df.loc[df.index[0], "source"] = "changed"
    df.attrs["provenance"]["title"] = "changed"
    again = datasets.load_table(name)
    assert again.loc[again.index[0], "source"] != "changed"
    assert again.attrs["provenance"]["title"] != "changed"


@pytest.mark.parametrize("bad", ["nope", "", None, 3, "SEER_SUBTYPES"])
def test_unknown_table_names_it_and_lists_the_tables(bad):
    with pytest.raises(bck.DatasetError) as info:
        datasets.load_table(bad)
    assert repr(bad) in str(info.value) and "seer_subtypes" in str(info.value)
    assert isinstance(info.value, ValueError)


# Spot values against the source document (shared/reference/statistics-and-datasets.md)
SPOT = [
    ("seer_subtypes", {"quantity": "share_of_cases", "group": "HR+/HER2-"}, "value", 69.5),
    ("seer_subtypes", {"quantity": "incidence", "group": "triple-negative"}, "value", 13.6),
    ("seer_subtypes", {"quantity": "five_year_relative_survival", "group": "HR-/HER2+"},
     "value", 85.7),
    ("seer_survival_subtype_stage",
     {"group": "triple-negative", "stage": "distant"}, "value", 12.8),
    ("seer_survival_subtype_stage", {"group": "all", "stage": "regional"}, "value", 86.3),
    ("guide_figures", {"quantity": "tnbc_share"}, "low", 10),
    ("guide_figures", {"quantity": "tnbc_share"}, "high", 20),
    ("guide_figures", {"quantity": "ibc_share"}, "high", 5),
    ("guide_figures", {"quantity": "ibc_mean_age_at_diagnosis", "group": "African American women"},
     "value", 52),
    ("guide_figures", {"quantity": "ibc_mean_age_at_diagnosis", "group": "Caucasian women"},
     "value", 57),
    ("guide_figures", {"quantity": "ibc_age_at_diagnosis", "group": "men"}, "low", 67),
    ("guide_figures", {"quantity": "male_mean_age_at_diagnosis"}, "low", 65),
    ("guide_figures", {"quantity": "her2_overexpression_share"}, "value", 25),
]  # fmt: skip


@pytest.mark.parametrize(("name", "where", "column", "expected"), SPOT)
def test_spot_values(name, where, column, expected):
    df = datasets.load_table(name)
    mask = pd.Series(True, index=df.index)
    for col, value in where.items():
        mask &= df[col].astype(str) == value
    assert mask.sum() == 1
    assert float(df.loc[mask, column].item()) == expected


def test_guide_lists_the_four_metastatic_sites():
    df = datasets.load_table("guide_figures").query("quantity == 'common_metastatic_site'")
    assert set(df.group.astype(str)) == {"bone", "liver", "lung", "brain"}


def test_seer_definitions_are_recorded():
    defs = datasets.provenance("seer_survival_subtype_stage")["definitions"]
    assert "not AJCC" in defs["SEER summary stage"]
    assert "not overall survival" in defs["relative survival"]


# Prepended to a fresh interpreter's code: its socket module refuses every connection.
SOCKET_GUARD = (
    "import socket\n"
    "def refuse(*a, **k):\n"
    "    raise RuntimeError('network touched')\n"
    "socket.socket.connect = refuse\n"
    "socket.create_connection = refuse\n"
    "socket.getaddrinfo = refuse\n"
)


def test_loading_everything_touches_no_network():
    code = SOCKET_GUARD + (
        "import breastcancer_kit as bck\n"
        "from breastcancer_kit import datasets, cohort, statistics_views as sv\n"
        "[datasets.load_table(n) for n in datasets.list_tables()]\n"
        "c = cohort.gbsg2_cohort()\n"
        "sv.km_figure(c, 'hr_status', 'os').to_json()\n"
        "[sv.statistics_figure(v).to_json() for v in sv.STATISTICS_VIEWS]\n"
        "print('offline ok', len(c))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    assert "offline ok 686" in out.stdout


@pytest.mark.parametrize(
    "attempt",
    [
        "socket.create_connection(('127.0.0.1', 9))",
        "socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(('127.0.0.1', 9))",
        "socket.getaddrinfo('localhost', 80)",
        "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9/', timeout=1)",
    ],
)
def test_socket_guard_would_catch_a_connection(attempt):
    # The guard used above is real: each way of connecting fails with the guard's own error
    # (not a refused connection, which would say ConnectionRefusedError).
    out = subprocess.run(
        [sys.executable, "-c", SOCKET_GUARD + attempt + "\n"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert out.returncode != 0 and "RuntimeError: network touched" in out.stderr, out.stderr


def test_readme_lists_every_table_with_its_row_count():
    readme = _readme_rows()
    for name in TABLES:
        assert name in readme, f"README has no row for {name}"
        rows, _what, n_sources = readme[name]
        raw = STATS_DIR.joinpath(f"{name}.csv").read_text(encoding="utf-8")
        # Row count from the file itself (csv module), and the sources count from the record.
        assert (
            int(rows)
            == len(list(csv.reader(io.StringIO(raw)))) - 1
            == len(datasets.load_table(name))
        ), name
        assert int(n_sources) == len(datasets.provenance(name)["sources"]), name


def test_guide_brca_rule_is_stored_once_as_a_rule():
    # The guide's "TNBC under 60 -> BRCA testing" lives in the genetic-testing rules table.
    assert "brca" not in " ".join(datasets.load_table("guide_figures").quantity.astype(str))
    rule = next(
        r for r in bck.data.rows("genetic_testing_rules") if r["rule"] == "guide_tnbc_under_60"
    )
    assert (rule["age_op"], rule["age_limit"], rule["subtype"]) == ("<", "60", "triple-negative")
