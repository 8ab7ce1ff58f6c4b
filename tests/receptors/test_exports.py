"""The enums added with the issue-12 treatment work are public at the top level."""

from __future__ import annotations

import breastcancer_kit as bck
from breastcancer_kit import receptors


def test_issue_12_enums_are_exported_from_the_package_and_receptors():
    for name in ("TreatmentLine", "PathwayGene", "TreatmentCondition", "Sex", "DiseaseSetting"):
        assert name in bck.__all__ and name in receptors.__all__, name
        assert getattr(bck, name) is getattr(receptors, name)
    assert bck.TreatmentLine("first line") is bck.TreatmentLine.FIRST
    assert bck.Sex("male").value == "male"
