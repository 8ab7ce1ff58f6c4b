"""Package-level contracts: data provenance, light import, data shipped in the wheel."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import zipfile
from importlib import resources

import pytest

import breastcancer_kit as bck

DATA = resources.files("breastcancer_kit").joinpath("data")
TABLES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".csv"))
REQUIRED = {
    "name",
    "title",
    "table",
    "sources",
    "edition",
    "date_transcribed",
    "licence_note",
    "sha256",
}


def test_there_are_rule_tables():
    assert "anatomic_stage_groups.csv" in TABLES and len(TABLES) >= 7


@pytest.mark.parametrize("table", TABLES)
def test_every_table_has_provenance_and_a_matching_checksum(table):
    record = json.loads(DATA.joinpath(table.replace(".csv", ".json")).read_text("utf-8"))
    assert REQUIRED <= set(record), REQUIRED - set(record)
    assert record["name"] == table.removesuffix(".csv")
    assert record["sources"] and all(s.get("url") and s.get("name") for s in record["sources"])
    assert "8th" in record["edition"]
    digest = hashlib.sha256(DATA.joinpath(table).read_bytes()).hexdigest()
    assert record["sha256"] == digest, "run python tools/update_checksums.py after a reviewed edit"


@pytest.mark.parametrize("table", TABLES)
def test_every_table_is_well_formed_csv(table):
    rows = list(csv.reader(DATA.joinpath(table).read_text("utf-8").splitlines()))
    header, body = rows[0], rows[1:]
    assert body and all(len(r) == len(header) for r in body)
    assert len({tuple(r) for r in body}) == len(body), "duplicate rows"


def test_anatomic_grid_provenance_records_the_cross_check():
    record = json.loads(DATA.joinpath("anatomic_stage_groups.json").read_text("utf-8"))
    assert len(record["sources"]) >= 2
    assert record["disagreements"], "disagreements between sources must be written down"
    for item in record["disagreements"]:
        assert item["cell"] and item["sources_say"] and item["resolution"]


def test_import_is_light():
    code = (
        "import sys, breastcancer_kit; "
        "print([m for m in ('pandas', 'plotly', 'ipywidgets', 'papermill') "
        "if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip() == "[]"


def test_lazy_submodules_and_unknown_attribute():
    assert bck.ui.tnm.stage_explorer
    assert bck.frames.stage_frame and bck.datasets.load_table and bck.data.load_table
    with pytest.raises(AttributeError):
        bck.no_such_thing  # noqa: B018


def test_education_note_is_present():
    assert "education only" in bck.EDUCATION_NOTE.lower()


def test_wheel_ships_the_data(tmp_path, kit_wheel):
    wheel = kit_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in TABLES:
        assert f"breastcancer_kit/data/{table}" in names
        assert f"breastcancer_kit/data/{table.replace('.csv', '.json')}" in names
