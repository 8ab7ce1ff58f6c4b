"""The clinical review's corrections (issue 12), each pinned by a test that fails on the old kit.

Each test names the correction and the source that settles it (see
data/sources/treatment_and_trials_2026-12.md for the look-ups):

1. HER2-ultralow: trastuzumab deruxtecan after endocrine therapy is for HR-positive disease only
   (DESTINY-Breast06, Bardia et al., N Engl J Med 2024; FDA label 2025-01-27).
2. PARP-inhibitor testing prompts: HER2-negative disease only (OlympiAD, EMBRACA).
3. Pembrolizumab: benefit at PD-L1 CPS >= 10 with the 22C3 assay (KEYNOTE-355, Cortes et al.,
   Lancet 2020; N Engl J Med 2022), the cut-off stored as data.
4. ER low positive behaves like ER-negative disease (ASCO/CAP ER/PR 2020, Allison et al.);
   ER-negative PR-positive is rare and uncertain.
5. HER2-low/ultralow rows cite the trials and the FDA labels, not ASCO/CAP 2023.
6. The guide's HER2 "about 25 %" beside SEER's ~14 %; its IBC ages by race marked unsourced.
7. Kaplan et al. 2016 report sites of metastasis after relapse, not first relapse sites.
8. Germline testing: ASCO-SSO 2024 and NCCN triggers beyond age.
9. Men: tamoxifen standard, an aromatase inhibitor only with a GnRH agonist (Hassett et al.,
   J Clin Oncol 2020).
10. The guide's slips (N0 and micrometastases, PARP "repair", "chemotherapy only"), corrected.
11. "Any T" read literally for N3 as for M1: Tis N3 M0 is IIIC.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

import breastcancer_kit as bck
from breastcancer_kit import datasets
from breastcancer_kit.errors import ReceptorError
from breastcancer_kit.receptors import (
    genetic_testing_prompts,
    receptor_status,
    therapy,
    treatment_classes,
)

ROOT = Path(__file__).resolve().parents[2]
TDXD = "antibody-drug conjugate (trastuzumab deruxtecan)"


def _classes(sub, **kw):
    return [t.treatment_class for t in treatment_classes(sub, **kw)]


def _rules(*args, **kw):
    return [p.rule for p in genetic_testing_prompts(*args, **kw)]


def _markdown(notebook: str) -> str:
    nb = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


# ---------------------------------------------------------------- 1. HER2-ultralow
def test_ultralow_note_restricts_trastuzumab_deruxtecan_to_hr_positive_disease():
    tnbc = receptor_status(0, 0, ">0<1+")
    note = next(n for n in tnbc.notes if n.startswith("HER2-ultralow"))
    assert "hormone-receptor-positive disease only" in note
    assert "no approved use in triple-negative disease" in note
    assert TDXD not in _classes(tnbc)
    ultralow = [t for t in treatment_classes("HR+/HER2-", her2_category="HER2-ultralow")
                if t.treatment_class == TDXD]  # fmt: skip
    assert len(ultralow) == 1 and "DESTINY-Breast06" in ultralow[0].evidence
    assert ultralow[0].fda_date == "2025-01-27"


# ---------------------------------------------------------------- 2. PARP prompts
@pytest.mark.parametrize("subtype", ["HR+/HER2+", "HR-/HER2+"])
def test_parp_prompts_never_fire_for_her2_positive_disease(subtype):
    for kw in ({"recurrent_or_metastatic": True}, {"de_novo_metastatic": True},
               {"parp_candidate": True}):  # fmt: skip
        rules = _rules(subtype, 75, **kw)
        assert not [r for r in rules if "parp" in r], (subtype, kw, rules)
    # ...while HER2-negative recurrent disease still prompts testing.
    for her2_negative in ("HR+/HER2-", "triple-negative"):
        assert "asco_sso_parp_candidate" in _rules(her2_negative, 75, recurrent_or_metastatic=True)


# ---------------------------------------------------------------- 3. PD-L1 CPS cut-off
def test_pembrolizumab_needs_cps_at_the_stored_cut_off():
    row = next(t for t in therapy._treatments() if "KEYNOTE-355" in t.evidence)
    assert (row.cutoff, row.assay) == (10.0, "the PD-L1 IHC 22C3 pharmDx assay")
    assert "CPS >= 10" in row.explain() and "22C3" in row.explain()
    io = "immunotherapy with chemotherapy"
    assert io not in _classes("triple-negative", pdl1_cps=9.9)
    assert io in _classes("triple-negative", pdl1_cps=10)
    assert io not in _classes("triple-negative", pdl1_cps=1)  # "PD-L1 positive" at CPS 1: no
    # pdl1_cps wins over the old flag; immunotherapy_eligible=False removes the rows.
    assert io not in _classes("triple-negative", pdl1_positive=True, pdl1_cps=5)
    assert io not in _classes("triple-negative", pdl1_cps=50, immunotherapy_eligible=False)


def test_the_cps_cut_off_is_read_from_the_table(monkeypatch):
    rows = therapy._treatments()
    moved = tuple(
        t if t.cutoff is None else type(t)(**{**t.__dict__, "cutoff": 20.0}) for t in rows
    )
    monkeypatch.setattr(therapy, "_treatments", lambda: moved)
    assert "immunotherapy with chemotherapy" not in _classes("triple-negative", pdl1_cps=15)
    assert "immunotherapy with chemotherapy" in _classes("triple-negative", pdl1_cps=20)


def test_cps_out_of_range_is_refused_by_name():
    with pytest.raises(ReceptorError, match="pdl1_cps"):
        treatment_classes("triple-negative", pdl1_cps=101)


# ---------------------------------------------------------------- 4. ER low / ER-PR+
def test_er_low_result_and_treatments_say_it_behaves_like_er_negative_disease():
    r = receptor_status(5, 0, "0")
    assert "often behave like ER-negative cancers" in r.explain()
    assert "may not hold" in r.explain()
    caution = [t for t in treatment_classes(r) if t.condition == "ER low positive"]
    assert len(caution) == 1 and "triple-negative" in caution[0].what_it_means
    assert "Allison et al., J Clin Oncol 2020" in caution[0].evidence
    # ER above the low band: no caution.
    assert not [t for t in treatment_classes(receptor_status(50, 0, "0"))
                if t.condition == "ER low positive"]  # fmt: skip


def test_er_negative_pr_positive_gets_a_note():
    note = [n for n in receptor_status(0, 30, "0").notes if n.startswith("ER-negative")]
    assert len(note) == 1 and "rare" in note[0] and "uncertain" in note[0]
    assert not [n for n in receptor_status(30, 30, "0").notes if n.startswith("ER-negative")]


# ---------------------------------------------------------------- 5. HER2-low citations
def test_her2_low_and_ultralow_rows_cite_trials_and_fda_labels_not_asco_cap_2023():
    rows = [t for t in therapy._treatments() if t.condition in ("HER2-low", "HER2-ultralow")]
    assert rows
    for t in rows:
        assert "DESTINY-Breast0" in t.evidence and "ASCO/CAP" not in t.evidence, t
        assert re.search(r"\b20\d\d-\d\d-\d\d\b", t.fda_date), t
    low = receptor_status(80, 0, "1+").notes
    assert any("DESTINY-Breast04" in n and "not an ASCO/CAP result category" in n for n in low)


# ---------------------------------------------------------------- 6. guide figures
def test_guide_figures_mark_the_unsourced_claims_and_registry_ages_exist():
    record = datasets.provenance("guide_figures")
    cells = {d["cell"] for d in record["disagreements"]}
    assert {"her2_overexpression_share", "ibc_mean_age_at_diagnosis"} <= cells
    guide = datasets.load_table("guide_figures")
    notes = guide[guide.quantity == "ibc_mean_age_at_diagnosis"].note.tolist()
    assert all("without a source" in n for n in notes)
    her2 = guide[guide.quantity == "her2_overexpression_share"].note.item()
    assert "13.6 %" in her2 and "15-20" not in her2
    ages = datasets.load_table("ibc_male").query("quantity == 'ibc_mean_age_at_diagnosis'")
    assert dict(zip(ages.group.astype(str), ages.value.astype(float), strict=True)) == {
        "Black": 54.0, "White": 57.0}  # fmt: skip
    seer = datasets.load_table("seer_subtypes").query("quantity == 'share_of_cases'")
    her2_pos = seer[seer.group.astype(str).str.endswith("HER2+")].value.sum()
    assert math.isclose(float(her2_pos), 13.6)


# ---------------------------------------------------------------- 7. metastasis sites
def test_relapse_sites_are_not_called_first_relapses():
    df = datasets.load_table("metastasis_sites")
    assert "first_relapse_site_share" not in set(df.quantity.astype(str))
    assert len(df.query("quantity == 'relapse_site_share'")) == 16
    record = datasets.provenance("metastasis_sites")
    described = json.dumps([record["title"], record["description"], record["schema"]]).lower()
    assert "first relapse" not in described and "first-relapse" not in described
    assert "not the first site" in record["description"]
    from breastcancer_kit.ui.statistics import figures

    assert not [k for k in figures.STATISTICS_VIEWS if "first relapse" in k.lower()]
    assert "first relapse" not in figures.metastasis_sites_figure().layout.title.text.lower()


# ---------------------------------------------------------------- 8. germline testing
def test_guide_rule_is_kept_as_written_with_its_history():
    assert "guide_tnbc_under_60" not in _rules("triple-negative", 60)  # "under 60", as written
    row = next(
        r for r in bck.data.rows("genetic_testing_rules") if r["rule"] == "guide_tnbc_under_60"
    )
    assert "at or before age 60" in row["note"] and "any age" in row["note"]
    assert "nccn_tnbc_any_age" in _rules("triple-negative", 60)


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"de_novo_metastatic": True}, "asco_sso_over_65_de_novo_metastatic"),
        ({"parp_candidate": True}, "asco_sso_over_65_parp_candidate"),
        ({"family_history": True}, "asco_sso_over_65_history"),
        ({"ashkenazi_ancestry": True}, "asco_sso_over_65_ancestry"),
        ({"family_history": True}, "asco_sso_other_genes"),
        ({"second_primary": True}, "asco_sso_second_primary"),
        ({"de_novo_metastatic": True}, "nccn_metastatic_parp"),
        ({"recurrent_or_metastatic": True}, "nccn_metastatic_parp"),
        ({"ashkenazi_ancestry": True}, "nccn_ashkenazi"),
        ({"second_primary": True}, "nccn_multiple_primaries"),
    ],
)
def test_triggers_beyond_65(kwargs, rule):
    assert rule in _rules("HR+/HER2-", 72, **kwargs)
    assert rule not in _rules("HR+/HER2-", 72)


def test_other_genes_prompt_names_palb2_and_old_calls_still_work():
    genes = next(p for p in genetic_testing_prompts("HR+/HER2-", 40, family_history=True)
                 if p.rule == "asco_sso_other_genes").genes  # fmt: skip
    assert "PALB2" in genes
    # Positional calls of release 0.1.0 keep their meaning.
    assert _rules("triple-negative", 45, "female", False) == _rules("triple-negative", 45)
    assert all(p.genes == "BRCA1/2" for p in genetic_testing_prompts("triple-negative", 45))


# ---------------------------------------------------------------- 9. men
def test_endocrine_therapy_in_men_is_tamoxifen_or_an_aromatase_inhibitor_with_gnrh():
    men = [t for t in treatment_classes("HR+/HER2-", male=True) if t.condition == "male"]
    assert len(men) == 1
    assert "tamoxifen is the standard" in men[0].what_it_means
    assert "GnRH agonist" in men[0].what_it_means
    assert "Hassett et al., J Clin Oncol 2020" in men[0].evidence
    assert not [t for t in treatment_classes("HR+/HER2-") if t.condition == "male"]
    lesson = _markdown("04_tnbc_ibc_and_men.ipynb")
    assert "treated much as in women" not in lesson
    assert "tamoxifen" in lesson and "GnRH agonist" in lesson


# ---------------------------------------------------------------- 10. the guide's slips
def test_the_guides_slips_are_corrected_kindly():
    lesson = _markdown("04_tnbc_ibc_and_men.ipynb")
    assert "PARP inhibitors **block** it" in lesson
    assert "**N1mi**" in lesson and "isolated tumour cells up to 0.2 mm" in lesson
    assert "Chemotherapy is the only treatment option" in lesson  # quoted, then corrected
    chemo = next(t for t in treatment_classes("triple-negative") if t.treatment_class
                 == "chemotherapy")  # fmt: skip
    assert "no longer the only option" in chemo.what_it_means
    parp = next(t for t in therapy._treatments() if t.treatment_class == "PARP inhibitor")
    assert "block PARP, an enzyme cells use to repair DNA" in parp.what_it_means


# ---------------------------------------------------------------- 11. Tis N3
def test_any_t_is_read_literally_for_n3_as_for_m1():
    tis_n3 = bck.stage("cTis cN3 cM0")
    assert tis_n3.anatomic == bck.stage("cT0 cN3 cM0").anatomic == "IIIC"
    assert bck.stage("cTis cN0 cM1").anatomic == "IV"
    assert "SEER EOD 2018 codes both" in tis_n3.row.note
    # Tis with N1mi-N2: those rows list T0-T3 only, so still no stage.
    for n in ("N1mi", "N1", "N2"):
        assert bck.stage(t="Tis", n=n, m="M0").anatomic is None
    cells = [d["cell"] for d in bck.data.provenance("anatomic_stage_groups")["disagreements"]]
    assert "Tis, N3, M0" in cells


# ---------------------------------------------------------------- the treatment table
def test_treatment_table_by_line_and_biomarker():
    first = _classes("HR+/HER2-", line="first")
    assert "endocrine therapy with a CDK4/6 inhibitor" in first
    assert not [c for c in first if "TROP2" in c]  # TROP2 conjugates are later lines
    later = _classes("HR+/HER2-", line="later", esr1_mutation=True, pik3ca_akt1_pten="PIK3CA")
    for name in ("elacestrant", "imlunestrant", "capivasertib", "alpelisib",
                 "sacituzumab govitecan", "datopotamab deruxtecan"):  # fmt: skip
        assert any(name in c for c in later), name
    # An AKT1 or PTEN alteration brings the AKT inhibitor, not the PI3K-alpha inhibitors.
    akt = _classes("HR+/HER2-", pik3ca_akt1_pten=["AKT1"])
    assert any("capivasertib" in c for c in akt)
    assert not any("alpelisib" in c or "inavolisib" in c for c in akt)
    assert any("inavolisib" in c for c in _classes("HR+/HER2-", line="first",
                                                   pik3ca_akt1_pten="PIK3CA"))  # fmt: skip
    her2 = _classes("HR-/HER2+", line="first")
    assert her2 == ["anti-HER2 antibodies with chemotherapy",
                    "anti-HER2 antibody-drug conjugate with pertuzumab"]  # fmt: skip
    assert any("tucatinib" in c for c in _classes("HR+/HER2+", brain_metastases=True))
    assert not any("tucatinib" in c for c in _classes("HR+/HER2+"))
    tnbc = _classes("triple-negative", line="first", immunotherapy_eligible=False)
    assert any("sacituzumab" in c for c in tnbc) and any("datopotamab" in c for c in tnbc)
    with pytest.raises(ReceptorError, match="line"):
        treatment_classes("triple-negative", line="third")
    with pytest.raises(ReceptorError, match="pik3ca_akt1_pten"):
        treatment_classes("HR+/HER2-", pik3ca_akt1_pten="KRAS")


def test_old_call_keeps_its_answer_for_the_old_conditions():
    # The release 0.1.0 signature still works; the old conditions select the same classes.
    old = treatment_classes("triple-negative", her2_category=None, germline_brca=True,
                            pdl1_positive=True)  # fmt: skip
    names = [t.treatment_class for t in old]
    assert {"chemotherapy", "immunotherapy with chemotherapy", "PARP inhibitor"} <= set(names)


# ---------------------------------------------------------------- trial outcomes
def test_trial_outcomes_belong_to_the_trials_they_name():
    from tests.receptors.test_receptors import REFERENCES

    df = datasets.load_table("trial_outcomes")
    record = datasets.provenance("trial_outcomes")
    assert record["as_of"] == "2026-12-01" and record["not_recorded"]
    for trial, part in df.groupby("trial", observed=True):
        assert trial in REFERENCES, trial
        doi = REFERENCES[trial][3]
        # Each trial's rows link its own publication (or a page read for it), never another's.
        others = {f"https://doi.org/{r[3]}" for n, r in REFERENCES.items() if r[3] and n != trial}
        assert not set(part.url) & others, trial
        if doi:
            assert f"https://doi.org/{doi}" in set(part.url), trial
    hr = df[df.quantity.astype(str).str.startswith("hazard_ratio")]
    assert ((hr.value > 0) & (hr.value < 2)).all()
    assert (hr.group.astype(str) == "experimental vs control").all()
    both = df.low.notna() & df.high.notna()
    assert ((df.low[both] <= df.value[both]) & (df.value[both] <= df.high[both])).all()
    # Every trial behind a treatment row with a DOI has its outcomes in the table.
    named = {n for t in therapy._treatments() for n in REFERENCES
             if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", t.evidence)}  # fmt: skip
    trials = {n for n in named if REFERENCES[n][1] and "guideline" not in n
              and "meta-analysis" not in n}  # fmt: skip
    assert trials - {"EMILIA"} <= set(df.trial.astype(str))
