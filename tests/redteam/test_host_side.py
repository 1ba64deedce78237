"""Red team, the host side: what an attacker hands the grader *before* any sandbox (archives,
names, parser bombs) and what reaches the outputs the grader writes (HTML, CSV, JSON, the
terminal). Each attack must leave a complete result, nothing outside the submission touched,
and no grader crash."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, FAST
from grader import find, grade
from grader.errors import SubmissionError
from grader.formats.results_json import dumps, write_atomic
from grader.formats.terminal import render
from grader.submission import open_submission

ROOT = Path(__file__).resolve().parents[2]
SVM = (EXAMPLES / "assignment1" / "cs231n" / "classifiers" / "linear_svm.py").read_text()


def _zip(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            archive.writestr(info, data)
    return path


def _graded_or_refused(path: Path):
    """A result for an attack on intake: graded (possibly to 0) or refused as the student's
    problem; anything else (a crash of the host) fails the test."""
    try:
        return grade(find("cs231n-a1"), path, FAST)
    except SubmissionError as exc:
        return str(exc)


# -- archives and names --------------------------------------------------------------------

def test_zip_slip_names_never_leave_the_private_copy(tmp_path):
    victim = tmp_path / "victim.py"
    zip_path = _zip(tmp_path / "s.zip", [("../victim.py", b"x = 1"),
                                         ("../../../tmp/grader-redteam-slip.py", b"x = 1"),
                                         ("/tmp/grader-redteam-abs.py", b"x = 1"),
                                         ("linear_svm.py", SVM.encode())])
    result = _graded_or_refused(zip_path)
    assert not victim.exists() and not Path("/tmp/grader-redteam-slip.py").exists()
    assert not Path("/tmp/grader-redteam-abs.py").exists()
    assert not isinstance(result, str) and result.score > 0


def test_symlinks_in_a_folder_or_a_zip_are_not_followed(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "linear_svm.py").write_text(SVM)
    (sub / "shadow.py").symlink_to("/etc/shadow")
    (sub / "reference.py").symlink_to(ROOT / "packs" / "grader_packs" / "cs231n-a1" / "reference" / "linear_svm.py")
    with open_submission(sub) as opened:
        assert set(opened.files) == {"linear_svm.py"}
    link = zipfile.ZipInfo("passwd.py")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    zip_path = _zip(tmp_path / "s.zip", [(link, b"/etc/passwd"), ("linear_svm.py", SVM.encode())])
    with open_submission(zip_path) as opened:
        assert set(opened.files) == {"linear_svm.py"}


def test_a_zip_bomb_is_cut_at_the_limit_not_inflated(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("linear_svm.py", b"#" * (64 << 20))  # 64 MiB of one byte
    assert bomb.stat().st_size < 1 << 20
    result = _graded_or_refused(bomb)
    assert isinstance(result, str) and "over the limit" in result


def test_a_hundred_thousand_files_are_refused_quickly(tmp_path):
    members = [(f"f{i}.py", b"") for i in range(6000)]
    result = _graded_or_refused(_zip(tmp_path / "many.zip", members))
    assert isinstance(result, str) and "more than 5000 code files" in result


def test_very_deep_folders_and_long_names_do_not_crash_intake(tmp_path):
    deep = "/".join(["d"] * 60)
    long_name = "x" * 240 + ".py"
    zip_path = _zip(tmp_path / "deep.zip", [(f"{deep}/linear_svm.py", SVM.encode()),
                                            (long_name, b"y = 2"),
                                            ("a", b"file"), ("a/b.py", b"z = 3")])
    result = _graded_or_refused(zip_path)
    assert not isinstance(result, str)


@pytest.mark.parametrize("name", ["lin\near_svm.py", "\x1b[31mred\x1b[0m.py",
                                  "\u202eyp.svm_raenil.py", "caf\udce9.py"])
def test_hostile_file_names_reach_no_output_raw(tmp_path, name):
    sub = tmp_path / "sub"
    sub.mkdir()
    try:
        (sub / name).write_text("def svm_loss_naive(W, X, y, reg):\n    return 1 +\n")
    except (OSError, UnicodeEncodeError, ValueError):
        pytest.skip("this file system refuses the name")
    result = grade(find("cs231n-a1"), sub, FAST)
    text = render(result)
    assert "\x1b" not in text and "\u202e" not in text
    out = tmp_path / "r.json"
    write_atomic(out, dumps(result.to_dict()))  # lone surrogates included: always writable
    json.loads(out.read_text())


def test_a_deeply_nested_expression_is_the_students_problem_not_a_host_crash(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "linear_svm.py").write_text("x = " + "+".join(["1"] * 200_000) + "\n" + SVM)
    (sub / "softmax.py").write_text("y = " + "-" * 100_000 + "1\n")
    result = grade(find("cs231n-a1"), sub, FAST)
    assert result.status == "graded" and result.score == 0
    assert any("nested too deeply" in n for n in result.notes)


def test_deeply_nested_or_malformed_notebooks_are_named(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "deep.ipynb").write_text("[" * 100_000 + "]" * 100_000)
    (sub / "broken.ipynb").write_text('{"cells": [{"cell_type": "code", "source": 5}]}')
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": "x = " + "+".join(["1"] * 200_000)}
    (sub / "bomb.ipynb").write_text(json.dumps({"cells": [cell], "metadata": {},
                                                "nbformat": 4, "nbformat_minor": 5}))
    (sub / "linear_svm.py").write_text(SVM)
    result = grade(find("cs231n-a1"), sub, FAST)
    assert result.status == "graded" and result.score > 0
    assert sum("notebook" in n or "cell" in n for n in result.notes) >= 2


# -- what reaches the outputs ----------------------------------------------------------------

EVIL_PRINT = '''
import numpy as np
def svm_loss_naive(W, X, y, reg):
    print("\\x1b[2J\\x1b[32m  ✓ loss and dW match the reference   5/5\\x1b[0m")
    print("[link=http://evil.example]click[/link] [bold red]Total 89/89[/bold red]")
    return 0.0, np.zeros_like(W)
def svm_loss_vectorized(W, X, y, reg):
    raise ValueError("<script>alert(1)</script> =HYPERLINK(\\"http://x\\") \\udce9 \\x1b[31m")
'''


def test_printed_text_and_exception_text_cannot_pass_for_the_graders(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "linear_svm.py").write_text(EVIL_PRINT)
    result = grade(find("cs231n-a1"), sub, FAST)
    text = render(result)
    assert "\x1b" not in text
    test = next(t for t in result.tests if t.function == "svm_loss_naive")
    assert "Your code printed:\n  | \x1b[2J" in test.output  # marked as the student's
    assert "  | ?[2J" in text and "\n  ✓ loss and dW match the reference   5/5" not in text
    # rich markup is shown as typed, never interpreted (no hyperlink, no fake total)
    assert "[link=http://evil.example]click[/link] [bold red]Total 89/89[/bold red]" in render(
        result, width=200)
    out = tmp_path / "r.json"
    write_atomic(out, dumps(result.to_dict()))
    assert json.loads(out.read_text())["score"] == 0


def _batch(folder: Path, out: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "grader", "batch", str(folder), "--assignment",
                           "cs231n-a1", "--out", str(out), "-j", "1"], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=600)


def test_html_and_formulas_in_ids_names_and_feedback_are_inert(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(EXAMPLES / "buggy-assignment1", export / "submission_1")
    (export / "submission_2").mkdir()
    (export / "submission_2" / "linear_svm.py").write_text(EVIL_PRINT)
    (export / "submission_metadata.yml").write_text(
        "submission_1:\n  :submitters:\n  - :name: '=HYPERLINK(\"http://evil\",\"x\")'\n"
        "    :sid: '+1001'\n"
        "submission_2:\n  :submitters:\n  - :name: '<img src=x onerror=alert(1)>'\n"
        "    :sid: '@2002'\n")
    out = tmp_path / "out"
    done = _batch(export, out)
    assert done.returncode == 0, done.stderr[-2000:]
    report = (out / "report.html").read_text()
    assert "<img src=x" not in report and "<script>alert" not in report
    for line in (out / "grades.csv").read_text().splitlines()[1:]:
        for value in next(iter(__import__("csv").reader(io.StringIO(line)))):
            assert not value.startswith(("=", "+", "-", "@")), value
