"""What students really upload: flattened packages, renamed copies, Canvas downloads. Every file
is graded at its starter path, so that the starter's own imports work."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, FAST, by_function
from grader import find, grade
from grader.layout import clean_name, plan

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = EXAMPLES / "assignment1" / "cs231n"
LAYOUT = ["cs231n/__init__.py", "cs231n/layers.py", "cs231n/layer_utils.py",
          "cs231n/classifiers/__init__.py", "cs231n/classifiers/fc_net.py",
          "cs231n/classifiers/softmax.py", "cs231n/classifiers/linear_svm.py"]


def flatten(target: Path, rename: dict[str, str] | None = None) -> Path:
    """The correct example as a flat folder of its .py files (no __init__.py)."""
    target.mkdir(parents=True)
    for path in list(PACKAGE.glob("*.py")) + list((PACKAGE / "classifiers").glob("*.py")):
        if path.name != "__init__.py":
            shutil.copy(path, target / (rename or {}).get(path.name, path.name))
    return target


def test_copy_numbers_are_not_part_of_a_files_name():
    assert clean_name("softmax (1).py") == "softmax.py"
    assert clean_name("linear_svm-2.py") == "linear_svm.py"
    assert clean_name("Layers.py") == "layers.py" and clean_name("fc_net.py") == "fc_net.py"


def test_the_plan_moves_flat_files_into_the_package_and_makes_its_inits():
    moves, inits = plan(["fc_net.py", "softmax (1).py", "layers.py", "notes.py"], LAYOUT)
    assert moves == {"fc_net.py": "cs231n/classifiers/fc_net.py",
                     "softmax (1).py": "cs231n/classifiers/softmax.py",
                     "layers.py": "cs231n/layers.py"}
    assert inits == ["cs231n/__init__.py", "cs231n/classifiers/__init__.py"]


def test_a_package_in_a_top_folder_keeps_its_place_and_gets_the_stray_file():
    files = ["assignment1/cs231n/layers.py", "assignment1/cs231n/classifiers/fc_net.py",
             "assignment1/cs231n/__init__.py", "assignment1/cs231n/classifiers/__init__.py",
             "softmax (1).py"]
    moves, inits = plan(files, LAYOUT)
    assert moves == {"softmax (1).py": "assignment1/cs231n/classifiers/softmax.py"}
    assert inits == []
    assert plan(files[:4], LAYOUT) == ({}, [])  # the official layout: nothing moves


def test_a_flattened_upload_with_a_renamed_copy_gets_full_marks(tmp_path):
    sub = flatten(tmp_path / "flat", {"softmax.py": "softmax (1).py"})
    result = grade(find("cs231n-a1"), sub, FAST)
    assert result.score == result.max_score == 89, [
        (t.name, t.output[:200]) for t in result.tests if not t.passed]
    assert any("graded at the starter's paths" in n and "softmax (1).py -> softmax.py" in n
               for n in result.notes)


def test_a_canvas_download_of_single_files_grades_in_full(tmp_path):
    """Canvas names each file lastfirst_userid_submissionid_name and may append -1."""
    flat = flatten(tmp_path / "flat")
    download = tmp_path / "canvas"
    download.mkdir()
    for i, path in enumerate(sorted(flat.iterdir())):
        suffix = "-1" if path.stem == "softmax" else ""
        shutil.copy(path, download / f"lovelaceada_1001_{5000 + i}_{path.stem}{suffix}.py")
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-m", "grader", "batch", str(download), "--assignment",
                           "cs231n-a1", "--out", str(out), "-j", "1"], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    grades = (out / "grades.csv").read_text()
    assert "1001" in grades and ",89" in grades, grades


def test_the_official_layout_is_left_as_it_is():
    result = grade(find("cs231n-a1"), EXAMPLES / "assignment1", FAST)
    assert not any("starter's paths" in n for n in result.notes)
    assert by_function(result)["TwoLayerNet.loss"][0] == 6


def test_plotting_progress_and_display_imports_get_inert_stand_ins(tmp_path):
    sub = tmp_path / "sub"
    shutil.copytree(EXAMPLES / "assignment1", sub)
    path = sub / "cs231n" / "classifiers" / "linear_svm.py"
    text = path.read_text().replace("def svm_loss_naive(W, X, y, reg):", (
        "def svm_loss_naive(W, X, y, reg):\n"
        "    fig, ax = plt.subplots(1, 2)\n"
        "    ax[0].plot([1, 2]); plt.title('loss'); plt.show()\n"
        "    for _ in tqdm(range(2)):\n"
        "        pass\n"
        "    display(Image.new('RGB', (2, 2)))"), 1)
    path.write_text("import matplotlib.pyplot as plt\nfrom tqdm import tqdm\n"
                    "from IPython.display import display\nfrom PIL import Image\n" + text)
    result = grade(find("cs231n-a1"), sub, FAST)
    assert by_function(result)["svm_loss_naive"][:2] == (10, 10)
    assert any("inert stand-ins were used" in n and "matplotlib" in n for n in result.notes)


def test_a_notebook_full_of_plots_costs_nothing_and_data_files_are_only_listed(tmp_path):
    import json

    sub = tmp_path / "sub"
    shutil.copytree(EXAMPLES / "assignment1", sub)
    plot = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * (9 << 20)}}
    notebook = {"cells": [{"cell_type": "code", "source": "import numpy as np\n", "metadata": {},
                           "execution_count": 1, "outputs": [plot]}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (sub / "knn.ipynb").write_text(json.dumps(notebook))
    (sub / "loss.png").write_bytes(b"\x89PNG" + bytes(100))
    (sub / "cs231n" / "datasets").mkdir()
    (sub / "cs231n" / "datasets" / "batch_1.npz").write_bytes(bytes(100))
    result = grade(find("cs231n-a1"), sub, FAST)
    assert result.score == 89
    note = next(n for n in result.notes if n.startswith("not code"))
    assert "loss.png" in note and "batch_1.npz" in note


def test_a_code_file_over_the_limit_is_named_with_its_size(tmp_path):
    import pytest

    from grader.errors import SubmissionError
    from grader.submission import open_submission

    (tmp_path / "big.py").write_text("x = 1\n" * (1 << 20))
    with pytest.raises(SubmissionError, match=r"big.py is 6.0 MiB, over the limit of 5.0 MiB"):
        open_submission(tmp_path)


def _batch(folder: Path, out: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "grader", "batch", str(folder), "--assignment",
                           "cs231n-a1", "--out", str(out), "-j", "2"], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=900)


def test_a_canvas_download_with_a_stray_file_late_work_and_a_corrupt_zip(tmp_path):
    """Canvas stays Canvas with a gradebook.csv beside it (which is listed, not graded); _LATE
    reaches grades.csv, summary.json and the report; an unusable zip is flagged everywhere."""
    import csv
    import json
    import zipfile

    download = tmp_path / "canvas"
    download.mkdir()
    package = EXAMPLES / "assignment1"
    with zipfile.ZipFile(download / "lovelaceada_1001_5001_assignment1.zip", "w") as archive:
        for path in package.rglob("*.py"):
            archive.write(path, path.relative_to(package).as_posix())
    shutil.copy(download / "lovelaceada_1001_5001_assignment1.zip",
                download / "hopper_grace_LATE_1002_5002_assignment1.zip".replace("_grace", "grace"))
    (download / "turingalan_1003_5003_assignment1.zip").write_bytes(b"PK\x03\x04 broken")
    (download / "gradebook.csv").write_text("Student,ID\n")
    out = tmp_path / "out"
    done = _batch(download, out)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "skipped (not a submission): gradebook.csv" in done.stderr
    assert "ungraded (see their notes): 1003" in done.stderr
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert set(rows) == {"1001", "1002", "1003"}
    assert rows["1001"]["total"] == "89" and rows["1001"]["late"] == ""
    assert rows["1002"]["late"] == "late" and rows["1003"]["status"] == "ungraded"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["late"] == ["1002"] and summary["ungraded"] == ["1003"]
    assert summary["skipped_entries"] == ["gradebook.csv"]
    feedback = (out / "feedback" / "1003.txt").read_text()
    assert "corrupt .zip" in feedback and "all public checks passed" not in feedback
    report = (out / "report.html").read_text()
    assert "late" in report and "not graded" in report


def test_a_gradescope_group_submission_gives_every_member_a_row(tmp_path):
    import csv

    root = tmp_path / "export"
    shutil.copytree(EXAMPLES / "assignment1", root / "submission_7")
    (root / "submission_metadata.yml").write_text(
        "submission_7:\n  :submitters:\n  - :name: Ada Lovelace\n    :sid: '1001'\n"
        "  - :name: Grace Hopper\n    :sid: '1002'\n")
    out = tmp_path / "out"
    assert _batch(root, out).returncode == 0
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert set(rows) == {"1001", "1002"} and {r["total"] for r in rows.values()} == {"89"}
    assert rows["1002"]["name"] == "Grace Hopper"


def test_odd_input_gets_one_precise_sentence(tmp_path):
    import pytest

    from grader.errors import SubmissionError
    from grader.submission import open_submission

    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("hi")
    with pytest.raises(SubmissionError, match=r"no Python files \(.py or .ipynb\) here; only "
                                               r"notes.txt"):
        open_submission(tmp_path / "empty")
    binary = tmp_path / "binary"
    binary.mkdir()
    (binary / "linear_svm.py").write_bytes(b"\x00\x01\x02def svm_loss_naive(): pass")
    result = grade(find("cs231n-a1"), binary, FAST)
    test = next(t for t in result.tests if t.function == "svm_loss_naive")
    assert {m.id for m in test.mistakes} == {"not_text"} and "binary data" in test.output
    assert "fix the line shown" not in test.output


def test_the_wrong_assignment_or_the_wrong_folder_is_said():
    result = grade(find("cs231n-a1"), EXAMPLES / "cs231n-a2", FAST)
    assert any("this looks like cs231n-a2: grade it with --assignment cs231n-a2" in n
               for n in result.notes)
    result = grade(find("cs231n-a1"), EXAMPLES / "assignment1" / "cs231n" / "classifiers", FAST)
    assert any(n.startswith("layers.py is in") and "above the folder graded" in n
               for n in result.notes)


def test_did_you_mean_is_case_insensitive_and_forgives_swapped_characters():
    import pytest

    from grader.errors import UsageError

    assert find("CS231N-A1").spec.name == "cs231n-a1"
    with pytest.raises(UsageError, match="did you mean 'cs231n-a1'"):
        find("cs231n-1a")


def test_the_copy_paste_reproducer_runs_from_the_submissions_folder(tmp_path):
    """It imports the way the student's own files are laid out (flat, or the official package)
    and says what the call should give."""
    from grader.reproduce import CODE_MARK

    package = tmp_path / "package"
    shutil.copytree(EXAMPLES / "assignment1", package)
    path = package / "cs231n" / "classifiers" / "linear_svm.py"
    path.write_text(path.read_text().replace("dW /= num_train", "dW /= 1", 1))
    for folder, line in ((EXAMPLES / "buggy-assignment1", "from linear_svm import svm_loss_naive"),
                         (package, "from cs231n.classifiers.linear_svm import svm_loss_naive")):
        result = grade(find("cs231n-a1"), folder, FAST)
        test = next(t for t in result.tests
                    if t.function == "svm_loss_naive" and CODE_MARK in t.output)
        code = test.output.split(CODE_MARK)[1]
        assert line in code and "# expected loss = " in code
        env = {**os.environ, "PYTHONPATH": str(ROOT / "grader" / "sandbox" / "shims")}  # past
        done = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True,
                              text=True, timeout=60, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("(")


def test_canvas_import_leaves_an_ungraded_submission_blank_unless_asked_for_zero():
    from grader.batch.gradebook import canvas_csv

    roster = [{"Student": "Ada", "ID": "1", "SIS User ID": "", "SIS Login ID": "", "Section": ""},
              {"Student": "Alan", "ID": "2", "SIS User ID": "", "SIS Login ID": "",
               "Section": ""}]
    results = {"1": {"score": 80, "status": "graded"}, "2": {"score": 0, "status": "ungraded"}}
    blank = canvas_csv(results, roster, "A1", "9", 89)[0].splitlines()
    zero = canvas_csv(results, roster, "A1", "9", 89, ungraded="zero")[0].splitlines()
    assert blank[2].endswith(",80.00") and blank[3].endswith(",")
    assert zero[3].endswith(",0.00")


def test_flat_files_without_package_imports_stay_flat_and_only_get_their_names_back(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    shutil.copy(EXAMPLES / "buggy-assignment1" / "linear_svm.py", sub / "linear_svm (1).py")
    result = grade(find("cs231n-a1"), sub, FAST)
    assert "graded under the starter's file names: linear_svm (1).py -> linear_svm.py" in \
        result.notes
    assert not any("starter's paths" in n for n in result.notes)
