"""Student pre-check bundles: the same public verdicts and mistake ids as the full grader on
every fixture submission, with no reference code, hidden seed or hidden input inside."""

from __future__ import annotations

import importlib.util
import inspect
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import EXAMPLES, FAST, FIXTURES, ROOT, graded
from grader import find, grade
from grader.bundle import BundleAssignment

ONLY_WITH_THE_GRADER = {"LinearClassifier.train", "TwoLayerNet.loss",  # the reference on
                        "train_linear_classifier", "nn_train", "nn_predict",  # values the
                        "nn_forward_backward",  # student's code chose (proxies): not guessed
                        "TwoLayerNet.predict", "TwoLayerNet.train"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "cs231n-a1"
    done = subprocess.run([sys.executable, "-m", "grader", "export", "student-bundle",
                           "--assignment", "cs231n-a1", "-o", str(out)], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    steps = [line for line in done.stderr.splitlines() if line.startswith("exporting: ")]
    assert len(steps) >= 5 and steps[-1].endswith("(writing the bundle)")  # it shows progress
    return out


SUBMISSIONS = sorted([*(FIXTURES / "correct").iterdir(), EXAMPLES / "assignment1",
                      EXAMPLES / "buggy-assignment1", EXAMPLES / "starter",
                      *(FIXTURES / "mistakes").glob("*.py"), *(FIXTURES / "pairs").glob("*.py"),
                      *(FIXTURES / "broken").iterdir()])


def _agree(full, local, proxied: set[str] = frozenset()) -> None:
    """The bundle's verdicts are the full grader's, except where a function's calls go through
    host proxies (the reference on values the student's code chose: not recordable)."""
    by_name = {t.name: t for t in full.tests}
    for test in local.tests:
        if test.evidence.get("not_in_bundle"):
            assert test.function in ONLY_WITH_THE_GRADER | proxied, test.name
            continue
        reference = by_name[test.name]
        assert (test.status, test.score, sorted(m.id for m in test.mistakes)) == (
            reference.status, reference.score, sorted(m.id for m in reference.mistakes)), test.name


def test_the_bundle_agrees_with_the_full_grader_on_every_fixture(bundle):
    spec = BundleAssignment(bundle)
    for path in SUBMISSIONS:
        _agree(graded(str(path)), grade(spec, path, FAST))


def test_the_bundle_grades_the_checks_it_can_in_full(bundle):
    local = grade(BundleAssignment(bundle), EXAMPLES / "assignment1", FAST)
    skipped = {t.function for t in local.tests if t.evidence.get("not_in_bundle")}
    assert skipped <= ONLY_WITH_THE_GRADER
    assert sum(t.max_score for t in local.tests) >= 0.8 * 89
    assert all(t.passed for t in local.tests if not t.evidence.get("not_in_bundle"))


def test_the_bundle_holds_no_reference_code_and_no_hidden_inputs(bundle):
    files = {p.name: p.read_bytes() for p in bundle.iterdir()}
    assert set(files) == {"bundle.json", "recordings.bin", "spec.yaml", "spec.starter.json",
                          "generators.py", "checks.py"}  # the pack's inputs and judges
    starter = json.loads(files["spec.starter.json"])  # paths and hashes of the starter only
    assert set(starter) == {"files", "functions", "signatures"}  # hashes and headers: no code
    assert b"def " not in files["spec.starter.json"]
    blob = b"".join(files.values())
    package = find("cs231n-a1").reference_package
    root = Path(package.__file__).parent
    from grader import catalogue
    from grader.diagnose import SIGNATURES

    feedback = {text for m in catalogue.CATALOGUE.values() for text in (m.title, m.fix, m.shows)}
    for source in root.glob("*.py"):
        for line in source.read_text().splitlines():
            text = line.strip()
            said = text.strip(",").strip('"')  # a line of a pack's MISTAKES table is feedback
            if len(text) >= 25 and not text.startswith(("#", '"""', "from ", "import ")) \
                    and '"""' not in text and not text.endswith('"""') \
                    and not any(said and said in words for words in feedback) \
                    and not any(f'"{name}"' in text for name in SIGNATURES):  # travels too
                assert text.encode() not in blob, (source.name, text)
    assert b"def " not in files["bundle.json"] and b"import " not in files["recordings.bin"]
    # the reference's answer on hidden inputs is nowhere in it
    from grader.inputs import draw
    from grader.seeds import rng_for

    svm_loss = find("cs231n-a1").reference_named("linear_svm:svm_loss")

    for seed in (987654321, 123456789):
        args = draw("linear_classifier", {"N": 40, "D": 20, "C": 10, "reg": 0.5},
                    rng_for(seed, "cs231n-a1", "svm_loss_naive", 0, 3))
        _, dW = svm_loss(args["W"], args["X"], args["y"], args["reg"])
        assert np.ascontiguousarray(dW).tobytes() not in blob
    assert inspect.getsource(sys.modules[svm_loss.__module__]).encode() not in blob


def test_check_with_a_bundle_from_the_command_line(bundle):
    done = subprocess.run([sys.executable, "-m", "grader", "check", "--bundle", str(bundle),
                           str(EXAMPLES / "buggy-assignment1")], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 1
    assert "reg_convention" in done.stdout and "dW_not_normalized" in done.stdout
    correct = subprocess.run([sys.executable, "-m", "grader", "check", "--bundle", str(bundle),
                              str(EXAMPLES / "assignment1")], capture_output=True, text=True,
                             cwd=ROOT)
    assert correct.returncode == 0, correct.stdout  # agrees with the full grader's verdict
    assert "Total 77/77: all public checks passed (3 more need the course's grader)." \
        in correct.stdout
    later = [line for line in correct.stdout.split("\n\n") if "course's grader (" in line]
    assert len(later) == 1 and "LinearClassifier.train, TwoLayerNet.loss" in \
        " ".join(later[0].split())  # listed once, not as failures
    assert "!" not in correct.stdout and "error" not in correct.stdout
    again = f"grader check --bundle {bundle} {EXAMPLES / 'buggy-assignment1'}"
    assert done.stdout.splitlines()[-1] == again  # the same inputs again: with the bundle
    mixed = subprocess.run([sys.executable, "-m", "grader", "check", "--bundle", str(bundle),
                            "--seed", "5", str(EXAMPLES / "assignment1")], capture_output=True,
                           text=True, cwd=ROOT)
    assert mixed.returncode == 2 and "--bundle grades the public inputs" in mixed.stderr


OTHERS = sorted(p.name for p in (FIXTURES / "assignments").iterdir() if p.is_dir())
BUNDLE_SAMPLE = 12
"""Mistake fixtures per assignment replayed from its bundle (every k-th)."""


@pytest.mark.slow
@pytest.mark.parametrize("name", OTHERS)
def test_every_assignments_bundle_agrees_on_its_fixtures(name, tmp_path):
    from grader.bundle import export

    assignment = find(name)
    if assignment.spec.framework == "torch" and importlib.util.find_spec("torch") is None:
        pytest.skip("needs torch")
    spec = BundleAssignment(export(assignment, tmp_path / name))
    root = FIXTURES / "assignments" / name
    mistakes = sorted((root / "mistakes").glob("*.py"))
    paths = [*mistakes[::max(1, len(mistakes) // BUNDLE_SAMPLE)],  # a bounded sweep
             *sorted((root / "correct").iterdir()), *sorted((root / "pairs").glob("*.py")),
             EXAMPLES / name]
    proxied = {n for n, f in assignment.spec.functions.items() if f.proxies}
    for path in paths:
        _agree(graded(str(path), name), grade(spec, path, FAST), proxied)
