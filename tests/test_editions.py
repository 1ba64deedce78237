"""Editions: one assignment, one spec per course year (``pack@EDITION.yaml`` beside
``pack.yaml``), chosen from the submission or forced with ``NAME@YEAR``; an edition extends
another and changes only what differs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, FAST, ROOT
from grader import assignment, grade
from grader.detect import resolve
from grader.errors import SpecError, UsageError
from grader.submission import open_submission

A1 = {"2021-2024": EXAMPLES / "assignment1", "2017-2020": EXAMPLES / "cs231n-a1@2017-2020",
      "2016": EXAMPLES / "cs231n-a1@2016", "2025-2026": EXAMPLES / "cs231n-a1@2025-2026"}


def _grader(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=600, env=env or os.environ)


@pytest.mark.parametrize("edition", sorted(A1))
def test_the_edition_is_detected_from_the_submission_and_reported(edition):
    with open_submission(A1[edition]) as sub:
        spec = resolve("cs231n-a1", sub)
        assert spec.spec.edition == edition
        detected = resolve(None, sub)
        assert detected.spec.edition == edition
    result = grade(spec, A1[edition], FAST)
    assert result.edition == edition and result.score == result.max_score
    assert result.notes[0].startswith(f"graded as the {edition} edition of cs231n-a1 (from ")


@pytest.mark.parametrize("edition", sorted(A1))
def test_a_correct_submission_of_one_edition_fails_another(edition):
    """The editions differ for real: what is right in one year is wrong (or absent) in
    another, so detection matters (2025-2026 grades a subset of 2021-2024: not a failure)."""
    for other in sorted(set(A1) - {edition}):
        if {edition, other} == {"2021-2024", "2025-2026"} and other == "2025-2026":
            continue
        result = grade(assignment.find(f"cs231n-a1@{other}"), A1[edition], FAST)
        assert result.score < result.max_score, (edition, other)


def test_the_2016_convention_is_not_blamed_and_the_2017_one_is():
    """`dW += reg * W` with 0.5·reg·ΣW² is right in 2016; the 2017 habit there is named."""
    result = grade(assignment.find("cs231n-a1@2016"), A1["2016"], FAST)
    assert all(t.passed for t in result.tests)
    fixture = (ROOT / "tests/fixtures/assignments/cs231n-a1@2016/mistakes/"
               "reg_convention__svm_loss_naive.py")
    result = grade(assignment.find("cs231n-a1@2016"), fixture, FAST)
    reg = next(t for t in result.tests if t.function == "svm_loss_naive"
               and t.check == "regularization")
    assert not reg.passed and [m.id for m in reg.mistakes] == ["reg_convention"]
    assert "asks for 0.5·reg·ΣW² and 1·reg·W" in reg.mistakes[0].message


def test_an_edition_is_forced_by_year_or_label_and_a_wrong_one_is_named():
    assert assignment.find("cs231n-a1@2018").spec.edition == "2017-2020"
    assert assignment.find("cs231n-a1@2017-2020").spec.edition == "2017-2020"
    assert assignment.find("cs231n-a1@2022").spec.edition == "2021-2024"
    assert assignment.find("CS231N-A1@2016").spec.edition == "2016"
    assert assignment.find("cs231n-a1@2026").spec.edition == "2025-2026"
    with pytest.raises(UsageError, match=r"no edition '1999'.*cs231n-a1@2016, "
                                         r"cs231n-a1@2017-2020, cs231n-a1@2021-2024, "
                                         r"cs231n-a1@2025-2026"):
        assignment.find("cs231n-a1@1999")
    with open_submission(A1["2016"]) as sub:  # forced: no detection, and said so
        spec = resolve("cs231n-a1@2018", sub)
        assert spec.spec.edition == "2017-2020" and "(as asked)" in spec.edition_note


def test_the_cli_lists_checks_and_forces_editions(tmp_path):
    listed = _grader("list")
    assert "cs231n-a1@2016  (77 points)" in listed.stdout
    assert "neural_net.py            TwoLayerNet.train(" in listed.stdout
    run = _grader("check", str(A1["2017-2020"]), "--json", cwd=tmp_path)
    data = json.loads(run.stdout)
    assert run.returncode == 0 and data["edition"] == "2017-2020", run.stderr
    forced = _grader("check", str(A1["2017-2020"]), "--assignment", "cs231n-a1@2016", cwd=tmp_path)
    assert forced.returncode == 1 and "2016 edition" in forced.stdout
    assert "--assignment cs231n-a1@2016 --seed" in forced.stdout.replace("\n", " ")


def test_a_class_of_mixed_editions_is_graded_each_by_its_own(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for edition, path in A1.items():
        (subs / f"student{edition}").symlink_to(path.resolve(), target_is_directory=True)
    out = tmp_path / "out"
    run = _grader("batch", str(subs), "--assignment", "cs231n-a1", "--out", str(out), "-j", "2")
    assert run.returncode == 0, run.stdout + run.stderr
    results = [json.loads(p.read_text()) for p in sorted((out / "results").glob("*.json"))
               if not p.name.endswith(".gradescope.json")]
    assert sorted(r["edition"] for r in results) == sorted(A1)
    assert all(r["score"] == r["max_score"] for r in results), [
        (r["edition"], r["score"]) for r in results]


def test_a_student_bundle_of_an_edition_grades_that_edition(tmp_path):
    bundle = tmp_path / "bundle"
    run = _grader("export", "student-bundle", "--assignment", "cs231n-a1@2016", "-o", str(bundle))
    assert run.returncode == 0, run.stderr
    check = _grader("check", "--bundle", str(bundle), str(A1["2016"]), cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    said = " ".join(check.stdout.split())
    assert "Total 63/63: all public checks passed (3 more need the course's grader)." in said


# --------------------------------------------------------------------------- the mechanism


def _pack(tmp_path: Path, edition_text: str, name: str = "pack@2019.yaml") -> Path:
    """A copy of the layers-hw test pack with one more edition file."""
    import shutil

    pack = tmp_path / "layers-hw"
    shutil.copytree(ROOT / "tests" / "packs" / "layers-hw", pack)
    (pack / name).write_text(edition_text)
    return pack


def test_an_edition_inherits_replaces_and_drops_functions(tmp_path):
    base = assignment.load(ROOT / "tests" / "packs" / "layers-hw" / "pack.yaml")
    *rest, last = list(base.spec.functions)
    pack = _pack(tmp_path, f"schema: 1\nextends: pack.yaml\ntitle: older\n"
                           f"functions:\n  {last}: null\n")
    old = assignment.load(pack / "pack@2019.yaml")
    assert old.spec.edition == "2019" and old.spec.title == "older"
    assert list(old.spec.functions) == rest and old.spec.years == (2019, 2019)
    assert old.key == f"{base.name}@2019" and old.bases == (pack / "pack.yaml",)
    assert "pack.yaml" in old.pack_files() and "pack@2019.yaml" in old.pack_files()
    alone = pack / "merged.yaml"  # the merged text stands alone (a bundle's spec.yaml)
    alone.write_text(old.text)
    again = assignment.load(alone)
    assert again.spec.functions == old.spec.functions and again.spec.edition == "2019"


def test_edition_errors_name_the_file_and_line(tmp_path):
    pack = _pack(tmp_path, "schema: 1\nextends: nowhere.yaml\n")
    with pytest.raises(SpecError, match=r"pack@2019.yaml:2: extends: .*nowhere.yaml does not exist"):
        assignment.load(pack / "pack@2019.yaml")
    pack = _pack(tmp_path / "b", "schema: 1\nextends: pack.yaml\nedition: '2020'\n")
    with pytest.raises(SpecError, match=r"pack@2019.yaml:3: edition: '2020', but the file is "
                                        r"named for edition '2019'"):
        assignment.load(pack / "pack@2019.yaml")
    pack = _pack(tmp_path / "c", "schema: 1\nextends: pack@2018.yaml\n")
    (pack / "pack@2018.yaml").write_text("schema: 1\nextends: pack@2019.yaml\n")
    with pytest.raises(SpecError, match="extends it back"):
        assignment.load(pack / "pack@2019.yaml")
    pack = _pack(tmp_path / "d", "schema: 1\nextends: pack.yaml\nmarkers: [{pattern: '(('}]\n")
    with pytest.raises(SpecError, match=r"pack@2019.yaml:3: markers.0.pattern: .*not a regular "
                                        r"expression"):
        assignment.load(pack / "pack@2019.yaml")


def test_an_error_in_an_inherited_function_points_into_the_base(tmp_path):
    pack = _pack(tmp_path, "schema: 1\nextends: pack.yaml\n")
    text = (pack / "pack.yaml").read_text()
    (pack / "pack.yaml").write_text(text.replace("recipe: ", "recipe_x: ", 1))
    with pytest.raises(SpecError, match=r"layers-hw/pack.yaml:\d+: functions\..*recipe"):
        assignment.load(pack / "pack@2019.yaml")


A2_2025 = ROOT / "tests" / "fixtures" / "assignments" / "cs231n-a2@2025" / "correct" / \
    "no_classifiers_init"


def test_a_marker_decides_an_edition_that_grades_fewer_functions():
    """2025's assignment 2 shipped optim.py solved (between the course's deletion markers):
    its edition grades no optimizer, and wins by its marker though the default edition matches
    more of the submission's functions."""
    with open_submission(A2_2025) as sub:
        spec = resolve("cs231n-a2", sub)
        assert spec.spec.edition == "2025" and "adam" not in spec.spec.functions
        assert "~~START DELETE~~" in spec.edition_note
        assert resolve(None, sub).spec.edition == "2025"
    with open_submission(EXAMPLES / "cs231n-a2") as sub:
        assert resolve("cs231n-a2", sub).spec.edition == "2018-2026"


def test_the_other_packs_files_in_a_submission_are_named_with_their_command():
    """A 2025-2026 assignment 2 is numpy and PyTorch: the report of one pack names the
    other's files. Its classifiers/ folder has no __init__.py, and classifiers/rnn_pytorch.py
    still imports ..rnn_layers_pytorch as part of the cs231n package."""
    result = grade(assignment.find("cs231n-a2@2025"), A2_2025, FAST)
    assert result.score == result.max_score
    assert any("rnn_layers_pytorch.py, rnn_pytorch.py are graded by cs231n-a2-torch: grade "
               "them with --assignment cs231n-a2-torch" in n for n in result.notes), result.notes
    pytest.importorskip("torch")
    torch_result = grade(assignment.find("cs231n-a2-torch"), A2_2025, FAST)
    assert torch_result.score >= torch_result.max_score > 0
    assert not any("cs231n-a2-torch" in n for n in torch_result.notes)
