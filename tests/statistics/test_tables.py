"""Statistics tables: one contract generated over every table, spot values, offline loading."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
from importlib import resources

import pandas as pd
import pytest

import breastcancer_kit as bck
from breastcancer_kit import datasets

TABLES = datasets.list_tables()
KEY = ("quantity", "group", "unit", "population", "period", "source", "url", "evidence")


def test_there_are_the_guide_table_and_at_least_four_sourced_tables():
    assert "guide_figures" in TABLES
    assert len([t for t in TABLES if t != "guide_figures"]) >= 4


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
    assert record["sources"] and record["date_transcribed"] and record["title"]
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


def test_loading_everything_touches_no_network():
    # A fresh interpreter whose socket module refuses every connection.
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise RuntimeError('network touched')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
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


def test_socket_guard_would_catch_a_connection():
    # The guard above is real: the same patch makes a connection attempt fail.
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise RuntimeError('network touched')\n"
        "socket.create_connection = refuse\n"
        "socket.create_connection(('127.0.0.1', 9))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode != 0 and "network touched" in out.stderr
    assert socket  # the module is importable here too


def test_readme_lists_every_table_with_its_row_count():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name in TABLES:
        line = next((ln for ln in readme.splitlines() if ln.startswith(f"| `{name}` |")), None)
        assert line, f"README has no row for {name}"
        assert int(line.split("|")[2]) == len(datasets.load_table(name)), name


def test_guide_brca_rule_is_stored_once_as_a_rule():
    # The guide's "TNBC under 60 -> BRCA testing" lives in the genetic-testing rules table.
    assert "brca" not in " ".join(datasets.load_table("guide_figures").quantity.astype(str))
    rule = next(
        r for r in bck.data.rows("genetic_testing_rules") if r["rule"] == "guide_tnbc_under_60"
    )
    assert (rule["age_op"], rule["age_limit"], rule["subtype"]) == ("<", "60", "triple-negative")
