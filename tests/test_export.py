"""The LMS exports, run the way the LMS runs them: the Gradescope zip's run_autograder in a
simulated /autograder tree and PrairieLearn's entrypoint in a simulated /grade tree (both
mounted at their real paths with bubblewrap), on correct, buggy, broken and malicious
submissions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES, ROOT, run_mounted

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")

EVIL = '''import os

def _try(action):
    try:
        action()
        return True
    except Exception:
        return False

FORGED = _try(lambda: open("/autograder/results/results.json", "w").write('{"score": 1000}'))
FORGED_PL = _try(lambda: open("/grade/results/results.json", "w").write('{"score": 1.0}'))
PLANTED = _try(lambda: open("/autograder/results/pwned", "w").write("x"))
SEED = _try(lambda: open("/autograder/source/hidden_seed").read())


def svm_loss_naive(W, X, y, reg):
    # the reference, if the grader's files were readable
    folder = "/autograder/source/packs/cs231n-a1/reference/"
    scope = {}
    exec(open(folder + "regularization.py").read(), scope)
    exec(open(folder + "linear_svm.py").read().replace("from .regularization import l2", ""),
         scope)
    return scope["svm_loss"](W, X, y, reg)
'''

SUBMISSIONS = {
    "correct": EXAMPLES / "assignment1",
    "buggy": EXAMPLES / "buggy-assignment1",
    "broken": FIXTURES / "broken" / "syntax_error",
    "malicious": None,
    "field": None,  # correct, as uploaded: flattened, a renamed copy, pyplot, a notebook of plots
}
FULL_MARKS = {"correct", "field"}


def _field_submission(target: Path) -> None:
    """What a correct student really uploads: flat files, one renamed by the browser, a plotting
    import the sandbox does not have, and a notebook full of plot outputs."""
    target.mkdir(parents=True)
    package = EXAMPLES / "assignment1" / "cs231n"
    for path in [*package.glob("*.py"), *(package / "classifiers").glob("*.py")]:
        if path.name == "__init__.py":
            continue
        text = path.read_text()
        if path.name == "linear_svm.py":
            text = "import matplotlib.pyplot as plt\n" + text
        (target / ("softmax (1).py" if path.name == "softmax.py" else path.name)).write_text(text)
    plot = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * (9 << 20)}}
    (target / "knn.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "code", "source": "import numpy as np\n", "metadata": {},
                   "execution_count": 1, "outputs": [plot]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))


def _submission(kind: str, target: Path) -> None:
    if kind == "malicious":
        target.mkdir(parents=True)
        (target / "linear_svm.py").write_text(EVIL)
    elif kind == "field":
        _field_submission(target)
    else:
        shutil.copytree(SUBMISSIONS[kind], target)


@pytest.fixture(scope="module")
def gradescope_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "autograder.zip"
    done = subprocess.run([sys.executable, "-m", "grader", "export", "gradescope",
                           "--assignment", "cs231n-a1", "-o", str(out)], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return out


def test_the_gradescope_zip_has_what_gradescope_expects(gradescope_zip):
    with zipfile.ZipFile(gradescope_zip) as archive:
        names = set(archive.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in archive.infolist()}
        setup = archive.read("setup.sh").decode()
    assert {"setup.sh", "run_autograder", "requirements.txt", "hidden_seed",
            "grader/cli.py", "packs/cs231n-a1/pack.yaml", "packs/cs231n-a1/generators.py",
            "packs/cs231n-a1/pack.starter.json",
            "packs/cs231n-a1/reference/linear_svm.py"} <= names
    assert modes["run_autograder"] == 0o755 and modes["setup.sh"] == 0o755
    assert "bubblewrap" in setup and "chmod -R go-rwx /autograder/source" in setup
    assert "torch" not in setup.split("# (no torch")[0].split("requirements.txt")[1]
    assert not any("__pycache__" in n for n in names)


def _gradescope(zip_path: Path, tmp_path: Path, kind: str) -> tuple[dict, Path]:
    tree = tmp_path / "autograder"
    (tree / "results").mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(tree / "source")
    for name in ("setup.sh", "run_autograder"):
        os.chmod(tree / "source" / name, 0o755)
    os.chmod(tree, 0o755)
    subprocess.run(["chmod", "-R", "go-rwx", str(tree / "source")], check=True)  # as setup.sh
    os.chmod(tree / "source", 0o755)
    os.chmod(tree / "source" / "run_autograder", 0o755)
    _submission(kind, tree / "submission")
    (tree / "submission_metadata.json").write_text(json.dumps(
        {"id": 77, "created_at": "2026-11-22T10:00:00", "users": [{"email": "s@x.edu"}]}))
    done = run_mounted(tree, "/autograder", ["bash", "/autograder/source/run_autograder"])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads((tree / "results" / "results.json").read_text()), tree


@pytest.mark.parametrize("kind", sorted(SUBMISSIONS))
def test_run_autograder_writes_valid_results(gradescope_zip, tmp_path, kind):
    results, tree = _gradescope(gradescope_zip, tmp_path, kind)
    assert isinstance(results["tests"], list) and results["tests"]
    for test in results["tests"]:
        assert {"name", "score", "max_score", "visibility", "output"} <= set(test)
    total = sum(t["score"] for t in results["tests"])
    top = sum(t["max_score"] for t in results["tests"])
    assert results["extra_data"]["submission"]["id"] == 77
    if kind in FULL_MARKS:
        assert total == top == 89, [(t["name"], t["output"][:200]) for t in results["tests"]
                                    if t["score"] < t["max_score"]]
    else:
        assert total < top
    if kind == "malicious":
        svm = [t for t in results["tests"] if t["name"].startswith("svm_loss_naive")]
        assert svm and all(t["score"] == 0 for t in svm)  # the reference was not importable
        assert not (tree / "results" / "pwned").exists()
        assert total < 1000


def test_hidden_checks_and_inputs_stay_hidden_in_the_gradescope_results(gradescope_zip,
                                                                        tmp_path):
    results, tree = _gradescope(gradescope_zip, tmp_path, "buggy")
    seed = (tree / "source" / "hidden_seed").read_text().strip()
    text = json.dumps(results)
    assert seed not in text and "Try this call" not in text


def test_prairielearn_grader_writes_valid_results(tmp_path):
    export = tmp_path / "export"
    done = subprocess.run([sys.executable, "-m", "grader", "export", "prairielearn",
                           "--assignment", "cs231n-a1", "-o", str(export)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    info = json.loads((export / "info.json").read_text())["externalGradingOptions"]
    assert info["entrypoint"] == "/grade/serverFilesCourse/cs231n_grader/run.sh"
    scores = {}
    for kind in sorted(SUBMISSIONS):
        tree = tmp_path / kind / "grade"
        shutil.copytree(export / "serverFilesCourse", tree / "serverFilesCourse")
        _submission(kind, tree / "student")
        (tree / "data").mkdir()
        (tree / "data" / "data.json").write_text(json.dumps({"variant_seed": 1234,
                                                              "params": {}}))
        os.chmod(tree, 0o755)
        ran = run_mounted(tree, "/grade", ["bash", "/grade/serverFilesCourse/cs231n_grader/run.sh"])
        assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
        raw = (tree / "results" / "results.json").read_bytes()
        assert len(raw) <= 1_000_000
        results = json.loads(raw)
        if results.get("gradable", True):
            assert 0.0 <= results["score"] <= 1.0
            assert all({"name", "points", "max_points"} <= set(t) for t in results["tests"])
        scores[kind] = results
    assert scores["correct"]["score"] == 1.0 and scores["field"]["score"] == 1.0
    assert 0 < scores["buggy"]["score"] < 1
    assert scores["broken"]["gradable"] is False and scores["broken"]["format_errors"]
    assert "linear_svm.py:7" in scores["broken"]["format_errors"][0]
    assert scores["malicious"]["score"] == 0.0


def test_prairielearn_results_are_cut_to_one_megabyte():
    from grader.export.run_prairielearn import fit

    data = {"gradable": True, "score": 0.5, "output": "x" * 900_000,
            "tests": [{"name": f"t{i}", "output": "y" * 50_000} for i in range(40)]}
    text = fit(data)
    assert len(text.encode()) <= 1_000_000 and json.loads(text)["score"] == 0.5


# -- the exports install on their targets' Pythons ---------------------------------------------

TARGETS = [("gradescope", "3.10"), ("prairielearn", "3.11")]


def _pip_resolves(requirements: Path, python: str, target: Path) -> subprocess.CompletedProcess:
    """pip resolves ``requirements`` for CPython ``python`` on manylinux x86_64, binary wheels
    only, without installing anything."""
    return subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--no-cache-dir",
         "--python-version", python, "--only-binary=:all:", "--platform",
         "manylinux_2_28_x86_64", "--platform", "manylinux_2_17_x86_64", "--platform",
         "manylinux2014_x86_64", "--implementation", "cp", "--target", str(target),
         "-r", str(requirements)], capture_output=True, text=True, timeout=600,
        env={**os.environ, "PIP_CONSTRAINT": ""})


@pytest.mark.slow
@pytest.mark.parametrize("lms, python", TARGETS)
def test_exported_requirements_resolve_for_the_targets_python(tmp_path, lms, python):
    """Gradescope's Ubuntu 22.04 has Python 3.10 (numpy 2.3+ needs 3.11); the PrairieLearn
    image has 3.11. pip must find every pinned version for that Python."""
    if lms == "gradescope":
        zip_path = tmp_path / "ag.zip"
        done = subprocess.run([sys.executable, "-m", "grader", "export", "gradescope",
                               "--assignment", "cs231n-a1", "-o", str(zip_path)], cwd=ROOT,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        with zipfile.ZipFile(zip_path) as archive:
            (tmp_path / "requirements.txt").write_bytes(archive.read("requirements.txt"))
    else:
        done = subprocess.run([sys.executable, "-m", "grader", "export", "prairielearn",
                               "--assignment", "cs231n-a1", "-o", str(tmp_path / "pl")],
                              cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        shutil.copy(tmp_path / "pl" / "image" / "requirements.txt", tmp_path / "requirements.txt")
    resolved = _pip_resolves(tmp_path / "requirements.txt", python, tmp_path / "target")
    assert resolved.returncode == 0, resolved.stdout[-3000:] + resolved.stderr[-3000:]


@pytest.mark.slow
def test_the_exporting_machines_own_versions_would_not_install_on_python_310(tmp_path):
    """Why the pins exist: this machine's numpy may be too new for Gradescope's Python."""
    import numpy

    major, minor = (int(x) for x in numpy.__version__.split(".")[:2])
    if (major, minor) < (2, 3):
        pytest.skip(f"numpy {numpy.__version__} here still supports Python 3.10")
    (tmp_path / "r.txt").write_text(f"numpy=={numpy.__version__}\n")
    assert _pip_resolves(tmp_path / "r.txt", "3.10", tmp_path / "t").returncode != 0


STUB_APT = """#!/bin/sh
echo "$@" >> /autograder/apt.log
"""


@pytest.mark.slow
def test_setup_sh_runs_in_a_simulated_gradescope_image(gradescope_zip, tmp_path):
    """setup.sh as Gradescope runs it, as far as this machine can pretend to be Ubuntu 22.04:
    apt-get is recorded (no packages are installed), python3 makes a real venv at /opt/grader,
    and pip resolves the requirements for Python 3.10 (a dry run: nothing is installed)."""
    tree = tmp_path / "autograder"
    with zipfile.ZipFile(gradescope_zip) as archive:
        archive.extractall(tree / "source")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    (stubs / "apt-get").write_text(STUB_APT)
    (stubs / "apt-get").chmod(0o755)
    base = getattr(sys, "_base_executable", sys.executable)
    (stubs / "python3").symlink_to(base)
    opt = tmp_path / "opt"
    opt.mkdir()
    env = {"PATH": f"{stubs}:/usr/bin:/bin", "HOME": str(tmp_path), "PIP_DRY_RUN": "1",
           "PIP_PYTHON_VERSION": "3.10", "PIP_ONLY_BINARY": ":all:", "PIP_IMPLEMENTATION": "cp",
           "PIP_PLATFORM": "manylinux_2_17_x86_64 manylinux2014_x86_64 manylinux_2_28_x86_64",
           "PIP_TARGET": "/opt/pip-target", "PIP_CONSTRAINT": "", "PIP_NO_CACHE_DIR": "1",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    done = subprocess.run(["bwrap", "--bind", "/", "/", "--bind", str(tree), "/autograder",
                           "--bind", str(opt), "/opt", "--dev", "/dev", "--proc", "/proc",
                           "--die-with-parent", "bash", "/autograder/source/setup.sh"],
                          capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    apt = (tree / "apt.log").read_text()
    assert "python3" in apt and "python3-venv" in apt and "bubblewrap" in apt
    assert (opt / "grader" / "bin" / "python").exists()  # the venv run_autograder uses
    mode = (tree / "source" / "hidden_seed").stat().st_mode & 0o777
    assert mode & 0o077 == 0  # the seed is root-only
