"""What goes wrong in the field: a result file is always written, errors of the environment are
one clear line (exit 2), outputs respect the umask, and what students see on an LMS holds
nothing about the grader's own machine."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PYTHON = sys.executable


def grader(*args: str, umask: int | None = None, timeout: float = 300,
           wrap: list[str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([*(wrap or []), PYTHON, "-m", "grader", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=timeout,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def a_class(tmp_path: Path) -> Path:
    """A folder with two students: one correct, one with three mistakes."""
    folder = tmp_path / "class"
    shutil.copytree(EXAMPLES / "assignment1", folder / "alice")
    shutil.copytree(EXAMPLES / "buggy-assignment1", folder / "bob")
    return folder


def result_of(path: Path) -> dict:
    return json.loads(path.read_text())


# -- a result file is always written --------------------------------------------------------

def test_a_corrupt_zip_gets_an_ungraded_result_and_exit_1(tmp_path):
    bad = tmp_path / "submission.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    out = tmp_path / "r.json"
    done = grader("grade", str(bad), "--assignment", "cs231n-a1", "--out", str(out))
    assert done.returncode == 1, done.stderr
    data = result_of(out)
    assert data["status"] == "ungraded" and data["score"] == 0 and data["max_score"] == 89
    assert "corrupt .zip" in data["notes"][0] and "submission.zip" in data["notes"][0]


def test_a_missing_path_is_a_usage_error_with_a_result_all_the_same(tmp_path):
    out = tmp_path / "r.json"
    done = grader("grade", str(tmp_path / "nowhere"), "--assignment", "cs231n-a1",
                  "--out", str(out))
    assert done.returncode == 2 and "not found" in done.stderr
    assert result_of(out)["status"] == "ungraded" and "not found" in result_of(out)["notes"][0]


def test_an_oversized_code_file_is_named_with_its_size_and_the_limit(tmp_path):
    sub = tmp_path / "sub"
    shutil.copytree(EXAMPLES / "assignment1", sub)
    (sub / "huge.py").write_text("x = 1\n" * (1 << 20))  # 6 MiB of code
    out = tmp_path / "r.json"
    done = grader("grade", str(sub), "--assignment", "cs231n-a1", "--out", str(out))
    assert done.returncode == 1
    note = result_of(out)["notes"][0]
    assert "huge.py is 6.0 MiB" in note and "limit of 5.0 MiB" in note


def test_a_sandbox_that_cannot_start_writes_an_error_result_not_the_students_fault(tmp_path):
    """The grader's own failure: status error (an LMS shows "not your fault"), exit 3, and the
    details only in staff_notes."""
    out = tmp_path / "r.json"
    env_fail = ["env", "GRADER_RUNTIME_DIR=/dev/null/nowhere"] if os.geteuid() == 0 else None
    if env_fail is None:
        pytest.skip("needs root: the runtime farm (used as root only) is what this test breaks")
    done = grader("grade", str(EXAMPLES / "assignment1"), "--assignment", "cs231n-a1",
                  "--out", str(out), "--sandbox", "process", wrap=env_fail)
    assert done.returncode == 3, done.stderr[-2000:]
    data = result_of(out)
    assert data["status"] == "error" and data["score"] == 0 and data["max_score"] == 89
    assert "not your fault" in data["notes"][0] and data["staff_notes"]


def test_an_unknown_assignment_still_writes_an_error_result(tmp_path):
    out = tmp_path / "r.json"
    done = grader("grade", str(EXAMPLES / "assignment1"), "--assignment", "nope",
                  "--out", str(out))
    assert done.returncode == 2 and "unknown assignment" in done.stderr
    assert result_of(out)["status"] == "error"


def test_the_gradescope_format_of_an_unusable_submission_is_valid(tmp_path):
    bad = tmp_path / "s.zip"
    bad.write_bytes(b"not a zip")
    out = tmp_path / "r.json"
    assert grader("grade", str(bad), "--assignment", "cs231n-a1", "--format", "gradescope",
                  "--out", str(out)).returncode == 1
    data = result_of(out)
    assert data["score"] == 0 and data["tests"] == [] and "corrupt" in data["output"]
    assert data["extra_data"]["status"] == "ungraded"


# -- errors of the environment: one line, exit 2 ----------------------------------------------

def test_an_output_path_that_cannot_be_written_is_one_line_and_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    done = grader("grade", str(EXAMPLES / "assignment1"), "--assignment", "cs231n-a1",
                  "--out", str(blocker / "r.json"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: cannot write the result to {blocker / 'r.json'}: {blocker} is a file, not a "
        f"folder"]


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap for a read-only mount")
def test_a_read_only_output_folder_is_one_line_and_exit_2_for_grade_and_batch(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    ro = ["bwrap", "--bind", "/", "/", "--ro-bind", str(folder), str(folder), "--dev", "/dev",
          "--proc", "/proc", "--die-with-parent"]
    done = grader("grade", str(EXAMPLES / "assignment1"), "--assignment", "cs231n-a1",
                  "--out", str(folder / "r.json"), "--sandbox", "process", wrap=ro)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"cannot write the result to {folder / 'r.json'}" in done.stderr
    done = grader("batch", str(a_class(tmp_path)), "--assignment", "cs231n-a1", "--out",
                  str(folder / "batch"), "--sandbox", "process", wrap=ro)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"cannot write to {folder / 'batch'}" in done.stderr


def test_an_unreachable_dask_scheduler_is_one_line_and_exit_2(tmp_path):
    pytest.importorskip("distributed")
    done = grader("batch", str(a_class(tmp_path)), "--assignment", "cs231n-a1", "--out",
                  str(tmp_path / "out"), "--executor", "dask", "--scheduler",
                  "tcp://127.0.0.1:9", timeout=120)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in done.stderr
    assert "Traceback" not in done.stderr


def _gradescope_export(tmp_path: Path, metadata: str) -> Path:
    root = tmp_path / "export"
    for name in ("submission_1", "submission_2"):
        shutil.copytree(EXAMPLES / "assignment1", root / name)
    (root / "submission_metadata.yml").write_text(metadata)
    return root


RUBY = """submission_1:
  :submitters:
  - :name: Ada Lovelace
    :sid: '1001'
    :email: ada@example.edu
  :created_at: 2026-11-20 10:00:00.000000000 -08:00
  :score: !ruby/object:BigDecimal 18:0.89e2
  :status: processed
submission_2: !ruby/hash:ActiveSupport::HashWithIndifferentAccess
  :submitters: not-a-list
"""


def test_ruby_tagged_metadata_is_read_and_a_malformed_record_costs_no_grade(tmp_path):
    from grader.batch.layouts import discover

    entries = {e.student: e for e in discover(_gradescope_export(tmp_path, RUBY))}
    assert set(entries) == {"1001", "submission_2"}
    assert entries["1001"].name == "Ada Lovelace"
    assert "malformed" in entries["submission_2"].meta["problem"]
    out = tmp_path / "out"
    done = grader("batch", str(tmp_path / "export"), "--assignment", "cs231n-a1", "--out",
                  str(out), "-j", "1")
    assert done.returncode == 0, done.stderr[-2000:]
    second = result_of(out / "results" / "submission_2.json")
    assert second["score"] == 89 and any("malformed" in n for n in second["notes"])


def test_metadata_that_is_not_yaml_names_the_file_and_line(tmp_path):
    root = _gradescope_export(tmp_path, "submission_1:\n  :submitters: [\n  - oops: {\n")
    done = grader("batch", str(root), "--assignment", "cs231n-a1", "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "submission_metadata.yml: not valid YAML (line" in done.stderr


# -- permissions -------------------------------------------------------------------------------

@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_respect_the_umask(tmp_path, umask, mode):
    out = tmp_path / "r.json"
    assert grader("grade", str(EXAMPLES / "assignment1"), "--assignment", "cs231n-a1",
                  "--out", str(out), umask=umask).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode
    zip_path = tmp_path / "autograder.zip"
    assert grader("export", "gradescope", "--assignment", "cs231n-a1", "-o", str(zip_path),
                  umask=umask).returncode == 0
    assert stat.S_IMODE(zip_path.stat().st_mode) == mode


def test_batch_outputs_respect_the_umask(tmp_path):
    out = tmp_path / "out"
    done = grader("batch", str(a_class(tmp_path)), "--assignment", "cs231n-a1", "--out",
                  str(out), umask=0o022)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    for name in ("grades.csv", "report.html", "summary.json"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o644, name
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in (out / "results").iterdir())


# -- what students see on an LMS ---------------------------------------------------------------

def _result_with_staff_note():
    from grader.results import GradeResult, TestResult

    return GradeResult(
        assignment="cs231n-a1", assignment_title="A1", spec_hash="x", grader_version="0",
        seed=None, hidden=True, submission="s", submission_hash="h", backend="process",
        tests=(TestResult("f: value", "f", "value", "passed", 1.0, 1.0),),
        notes=("syntax error: a.py:3",),
        staff_notes=("sandbox: process (bwrap is unavailable: bwrap: Can't mount proc)",))


def test_sandbox_internals_never_reach_lms_feedback():
    from grader.batch.files import feedback_text
    from grader.export.run_prairielearn import fit
    from grader.formats.gradescope import gradescope
    from grader.formats.terminal import render

    result = _result_with_staff_note()
    data = gradescope(result)
    shown = data["output"] + "".join(t["output"] for t in data["tests"])
    assert "bwrap" not in shown and "syntax error: a.py:3" in shown
    assert data["extra_data"]["staff_notes"] == list(result.staff_notes)  # instructors only
    assert "bwrap" not in feedback_text(result) and "bwrap" not in fit({"output": feedback_text(
        result)})
    assert "bwrap is unavailable" in render(result)  # the person running the grader sees it


def test_the_prairielearn_export_prints_how_to_build_and_publish_its_image(tmp_path):
    out = tmp_path / "pl"
    done = grader("export", "prairielearn", "--assignment", "eecs498-a2", "-o", str(out),
                  "--image", "registry.example.edu/course/grader:1")
    assert done.returncode == 0, done.stderr
    assert f"docker build -t registry.example.edu/course/grader:1 {out / 'image'}" in done.stdout
    assert "docker push registry.example.edu/course/grader:1" in done.stdout
    dockerfile = (out / "image" / "Dockerfile").read_text()
    assert "requirements.txt" in dockerfile and "bubblewrap" in dockerfile and "torch" in dockerfile
    info = json.loads((out / "info.json").read_text())
    assert info["externalGradingOptions"]["image"] == "registry.example.edu/course/grader:1"
    assert (out / "image" / "requirements.txt").read_text().startswith("numpy==")
    with zipfile.ZipFile(_export_zip(tmp_path)) as archive:
        assert "numpy==2.2.6" in archive.read("requirements.txt").decode()


def _export_zip(tmp_path: Path) -> Path:
    path = tmp_path / "ag.zip"
    assert grader("export", "gradescope", "--assignment", "cs231n-a1", "-o",
                  str(path)).returncode == 0
    return path
