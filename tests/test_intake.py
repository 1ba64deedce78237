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
