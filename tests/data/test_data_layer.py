"""One data layer: the same contract over every rule table, statistics table and cohort."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

import pytest

import breastcancer_kit as bck
from breastcancer_kit import data
from breastcancer_kit.errors import DatasetError

DATA_DIR = Path(str(resources.files("breastcancer_kit").joinpath("data")))
# Found on disk, independently of the data layer's own catalogue.
ON_DISK = {
    "rule": sorted(p.stem for p in DATA_DIR.glob("*.csv")),
    "statistics": sorted(p.stem for p in (DATA_DIR / "statistics").glob("*.csv")),
    "cohort": sorted(p.stem for p in (DATA_DIR / "cohorts").glob("*.json")),
}
REQUIRED = {
    "rule": {"name", "title", "table", "sources", "edition", "date_transcribed", "sha256"},
    "statistics": {"name", "title", "sources", "date_transcribed", "schema", "sha256"},
    "cohort": {"name", "title", "study", "loader", "limitations", "licence_note"},
}


def test_catalogue_is_what_is_on_disk():
    for kind, names in ON_DISK.items():
        assert list(data.list_tables(kind)) == names
    assert len(data.list_tables()) == sum(len(v) for v in ON_DISK.values())
    with pytest.raises(DatasetError, match="allowed: rule, statistics, cohort"):
        data.list_tables("nope")


def _file(name: str, kind: str) -> Path:
    folder = {"rule": DATA_DIR, "statistics": DATA_DIR / "statistics"}[kind]
    return folder / f"{name}.csv"


@pytest.mark.parametrize(
    ("kind", "name"), [(k, n) for k, names in ON_DISK.items() for n in names]
)
def test_every_table_keeps_the_contract(kind: str, name: str):
    assert data.table_kind(name).value == kind
    record = data.provenance(name)
    assert REQUIRED[kind] <= set(record), REQUIRED[kind] - set(record)
    assert record["name"] == name
    assert record["sources"] if kind != "cohort" else record["study"]
    # provenance() hands out copies: editing one never edits the next.
    record["name"] = "edited"
    assert data.provenance(name)["name"] == name
    if kind == "cohort":
        with pytest.raises(DatasetError):
            data.rows(name)
        return
    digest = hashlib.sha256(_file(name, kind).read_bytes()).hexdigest()
    assert record["sha256"] == digest == data.checksum(name)
    df = data.load_table(name)
    assert df.attrs["provenance"]["name"] == name
    assert len(df) == len(data.rows(name)) > 0
    column = df.columns[-1]
    df[column] = "edited"  # a copy: the next load is untouched
    assert (data.load_table(name)[column] != "edited").any()


def test_cohort_loads_through_the_same_verb():
    df = data.load_table("gbsg2")
    assert len(df) == 686 and df.attrs["provenance"]["name"] == "gbsg2"


def test_unknown_table_names_the_allowed_ones():
    with pytest.raises(DatasetError, match="anatomic_stage_groups"):
        data.load_table("no_such_table")


def test_line_numbers_count_the_header():
    lines = [line for line, _ in data.numbered_rows("anatomic_stage_groups")]
    assert lines == list(range(2, 2 + len(lines)))
    first = _file("anatomic_stage_groups", "rule").read_text("utf-8").splitlines()[1]
    row = data.numbered_rows("anatomic_stage_groups")[0][1]
    assert first.startswith(",".join([row["t"], row["n"], row["m"]]))


def test_an_edited_rule_table_is_refused_not_used(tmp_path):
    # A copy of the package whose grid has one cell changed without a review: staging a case
    # must fail with the kit's error, naming the table, instead of using the edit.
    copy = tmp_path / "breastcancer_kit"
    shutil.copytree(Path(bck.__file__).parent, copy)
    grid = copy / "data" / "anatomic_stage_groups.csv"
    text = grid.read_text("utf-8")
    assert "T2,N1,M0,IIB" in text
    grid.write_text(text.replace("T2,N1,M0,IIB", "T2,N1,M0,IIIC"), "utf-8")
    code = textwrap.dedent(
        """
        import breastcancer_kit as bck
        try:
            bck.stage("cT2 cN1 cM0")
        except bck.DatasetError as err:
            print("refused:", err)
        else:
            print("used the edit")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("refused: anatomic_stage_groups: table does not match"), out.stdout
