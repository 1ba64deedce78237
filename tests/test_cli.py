"""The `grader` command end to end: real subprocesses, exit codes, result files, formats."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile

import pytest

from conftest import EXAMPLES, FIXTURES, ROOT

BUGGY = FIXTURES / "mistakes" / "dW_not_normalized__svm_loss_naive.py"


def grader(*args, env=None, cwd=ROOT):
    full_env = {**os.environ, "GRADER_CALL_TIMEOUT": "2", **(env or {})}
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True,
                          text=True, env=full_env, cwd=cwd, timeout=120)


def test_help_documents_exit_codes():
    out = grader("--help").stdout
    for line in ("0  all checks passed", "1  graded, with failures", "2  usage or assignment-spec",
                 "3  internal error"):
        assert line in out


def test_list_shows_assignments_and_functions():
    out = grader("list").stdout
    assert "cs231n-a1" in out and "svm_loss_vectorized(W, X, y, reg)" in out


def test_check_detects_the_assignment_and_passes_the_example():
    run = grader("check", EXAMPLES / "assignment1")
    assert run.returncode == 0, run.stderr
    assert "Total 89/89: all public checks passed." in run.stdout
    assert "public inputs, seed 231" in run.stdout


def test_check_without_a_path_checks_the_current_folder():
    run = grader("check", cwd=EXAMPLES / "assignment1")
    assert run.returncode == 0 and "Total 89/89" in run.stdout


def test_check_reports_failures_with_exit_1_and_json():
    run = grader("check", BUGGY, "--assignment", "cs231n-a1", "--json")
    assert run.returncode == 1
    result = json.loads(run.stdout)
    assert result["schema_version"] == 1 and result["score"] < result["max_score"]
    ids = {m["id"] for t in result["tests"] for m in t["mistakes"]}
    assert "dW_not_normalized" in ids


def test_grade_writes_the_native_result_atomically(tmp_path):
    out = tmp_path / "results.json"
    run = grader("grade", EXAMPLES / "assignment1", "--assignment", "cs231n-a1", "--out", out)
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text())
    assert {"schema_version", "grader_version", "assignment", "seed", "submission_hash",
            "timings", "score", "max_score", "tests", "spec_hash", "backend"} <= set(data)
    assert data["score"] == data["max_score"] == 89
    test = data["tests"][0]
    assert {"name", "function", "status", "score", "max_score", "mistakes", "output"} <= set(test)
    assert test["function"] == "svm_loss_naive" and test["status"] == "passed"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]  # no temp file left


def test_grade_gradescope_format(tmp_path):
    out = tmp_path / "results.json"
    run = grader("grade", BUGGY, "--assignment", "cs231n-a1", "--format", "gradescope",
                 "--out", out)
    assert run.returncode == 1
    data = json.loads(out.read_text())
    assert isinstance(data["score"], float) and isinstance(data["tests"], list)
    for test in data["tests"]:
        assert test["status"] in ("passed", "failed")
        assert set(test) <= {"name", "number", "score", "max_score", "status", "output", "tags",
                             "visibility", "extra_data", "output_format", "name_format"}
    failing = [t for t in data["tests"] if t["status"] == "failed"]
    assert any("dW_not_normalized" in t["output"] for t in failing)


def test_hidden_seed_is_used_and_never_written(tmp_path):
    out = tmp_path / "r.json"
    env = {"GRADER_HIDDEN_SEED": "987654321"}
    run = grader("grade", BUGGY, "--assignment", "cs231n-a1", "--hidden", "--out", out, env=env)
    assert run.returncode == 1
    text = out.read_text()
    data = json.loads(text)
    assert data["seed"] is None and data["hidden"] is True
    assert "987654321" not in text
    assert all(t["hidden"] for t in data["tests"])
    assert "hidden input" in text
    assert not re.search(r"expected -?[0-9.]+(e[-+]?[0-9]+)?, got", text)  # no values shown
    assert "largest error at" not in text
    assert "the slope of your loss is" not in text  # derivatives of hidden inputs: not shown


def test_public_and_hidden_inputs_differ(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    grader("grade", BUGGY, "--assignment", "cs231n-a1", "--out", a)
    grader("grade", BUGGY, "--assignment", "cs231n-a1", "--hidden", "--out", b,
           env={"GRADER_HIDDEN_SEED": "5"})
    ev = lambda p: [t["evidence"] for t in json.loads(p.read_text())["tests"]]  # noqa: E731
    assert ev(a) != ev(b)


def test_zip_submission(tmp_path):
    archive = tmp_path / "sub.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (EXAMPLES / "assignment1").rglob("*.py"):
            zf.write(path, "assignment1/" + path.relative_to(EXAMPLES / "assignment1").as_posix())
        zf.writestr("../../evil.py", "raise SystemExit")
        zf.writestr("/abs/evil2.py", "raise SystemExit")
    run = grader("check", archive)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not (tmp_path.parent / "evil.py").exists()


@pytest.mark.parametrize("args,needle", [
    (("grade", "nowhere", "--assignment", "cs231n-a1"), "submission not found"),
    (("grade", EXAMPLES / "assignment1", "--assignment", "cs231n-a9"), "unknown assignment"),
])
def test_usage_errors_exit_2(args, needle, tmp_path):
    run = grader(*args)
    assert run.returncode == 2
    assert needle in run.stderr


def test_undetectable_assignment_exits_2(tmp_path):
    (tmp_path / "hello.py").write_text("def hello():\n    return 1\n")
    run = grader("check", tmp_path)
    assert run.returncode == 2 and "could not tell which assignment" in run.stderr


def test_spec_error_exits_2_and_names_the_line(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("schema: 1\nname: bad\ntitle: t\nreference: cs231n_a1\nfunctons: {}\n")
    run = grader("grade", EXAMPLES / "assignment1", "--assignment", spec)
    assert run.returncode == 2
    assert "bad.yaml:5" in run.stderr and "did you mean 'functions'" in run.stderr


def test_internal_error_exits_3_and_still_writes_a_result(tmp_path):
    out = tmp_path / "r.json"
    code = ("import sys, importlib\n"
            "g = importlib.import_module('grader.grade')  # the module (grader.grade: the function)\n"
            "def boom(*a, **k): raise RuntimeError('bug')\n"
            "g.grade_submission = boom\n"
            "import grader.cli as c\n"
            "sys.argv = ['grader'] + sys.argv[1:]\nc.main()\n")
    run = subprocess.run([sys.executable, "-c", code, "grade", str(EXAMPLES / "assignment1"),
                          "--assignment", "cs231n-a1", "--format", "gradescope", "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 3 and "internal error" in run.stderr
    data = json.loads(out.read_text())
    assert data["score"] == 0 and "not your fault" in data["output"]


def test_check_help_describes_check_which_writes_no_result():
    out = grader("check", "--help").stdout
    assert "0  all public checks passed" in out
    assert "check writes no result file" in out and "the result was written" not in out


def test_a_bad_seed_in_the_environment_names_the_variable():
    run = grader("check", EXAMPLES / "assignment1", env={"GRADER_SEED": "abc"})
    assert run.returncode == 2
    assert "GRADER_SEED='abc' is not an integer" in run.stderr
    run = grader("check", EXAMPLES / "assignment1", "--seed", "x")
    assert run.returncode == 2 and "'x' is not an integer" in run.stderr
    assert "GRADER_SEED" not in run.stderr


def test_list_shows_the_signatures_students_write():
    out = grader("list").stdout
    assert "MyReLU.backward(ctx, grad_output)" in out
    assert "KNearestNeighbor.predict_labels(dists, k=1)" in out  # no self, defaults kept


def test_check_only_grades_the_functions_named():
    run = grader("check", EXAMPLES / "assignment1", "--only", "svm_loss_naive",
                 "--only", "twolayernet")
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert "Total 18/18: all public checks passed." in lines
    assert any(line.startswith("svm_loss_naive ") and line.endswith("10/10") for line in lines)
    assert not any(line.startswith("softmax_loss_naive") for line in lines)
    assert "the whole assignment is 89 points" in run.stdout
    run = grader("check", EXAMPLES / "assignment1", "--only", "svm_loss_naiv")
    assert run.returncode == 2 and "did you mean svm_loss_naive" in run.stderr.replace("\n", " ")
