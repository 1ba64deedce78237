"""How long a call of student code may take: a spec's `time_limits` (wall-clock and CPU, for
the assignment and per function), `--timeout` replacing them, and what a stopped call costs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from grader import Options, assignment, grade
from grader.errors import SpecError

LAYERS = ROOT / "tests" / "packs" / "layers-hw"
SPIN = "    while True:\n        pass\n"


@pytest.fixture
def limited(tmp_path) -> tuple[Path, Path]:
    """layers-hw with a CPU limit of 0.4 s for every call and 0.8 s for logistic_loss's, and
    a submission whose layernorm_forward and logistic_loss loop for ever."""
    pack = tmp_path / "layers-hw"
    shutil.copytree(LAYERS, pack)
    spec = pack / "pack.yaml"
    text = spec.read_text().replace("public_seed: 11\n", "public_seed: 11\n"
                                    "time_limits: {call_cpu_seconds: 0.4}\n")
    text = text.replace("  logistic_loss:\n", "  logistic_loss:\n"
                        "    time_limits: {call_cpu_seconds: 0.8}\n")
    spec.write_text(text)
    sub = tmp_path / "submission"
    shutil.copytree(pack / "examples" / "correct", sub)
    for name, function in (("layernorm.py", "layernorm_forward"), ("logistic.py", "logistic_loss")):
        source = (sub / name).read_text()
        header = next(line for line in source.splitlines() if line.startswith(f"def {function}("))
        (sub / name).write_text(source.replace(header, f"{header}\n{SPIN}", 1))
    return pack, sub


def _details(result) -> dict[str, str]:
    """Function -> the feedback of its first check that did not pass."""
    details: dict[str, str] = {}
    for t in result.tests:
        if not t.passed:
            details.setdefault(t.function, t.output)
    return details


def test_the_specs_cpu_limits_apply_per_function(limited):
    pack, sub = limited
    result = grade(assignment.load(pack), sub, Options())
    details = _details(result)
    assert "layernorm_forward() used more than 0.4 s of CPU time" in details["layernorm_forward"]
    assert "logistic_loss() used more than 0.8 s of CPU time" in details["logistic_loss"]
    # the functions that do finish keep their points; the budget of a stopped call is its own
    assert not {"MiniBatchSGD.step"} & set(details), details
    assert result.timings["total_seconds"] < 6


def test_timeout_replaces_every_time_limit(limited):
    pack, sub = limited
    result = grade(assignment.load(pack), sub, Options(timeout=1.0))
    details = _details(result)
    assert "layernorm_forward() did not finish within 1 s" in details["layernorm_forward"]
    assert "logistic_loss() did not finish within 1 s" in details["logistic_loss"]


def test_the_command_line_timeout_replaces_them_too(limited):
    pack, sub = limited
    run = subprocess.run([sys.executable, "-m", "grader", "check", str(sub), "--assignment",
                          str(pack / "pack.yaml"), "--timeout", "0.7", "--json"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    assert "did not finish within 0.7 s" in run.stdout


@pytest.mark.parametrize("bad", ["{call_cpu_seconds: 0}", "{call_seconds: -1}", "{cpu: 2}"])
def test_a_bad_time_limit_is_the_authors_error_with_its_line(tmp_path, bad):
    pack = tmp_path / "layers-hw"
    shutil.copytree(LAYERS, pack)
    spec = pack / "pack.yaml"
    spec.write_text(spec.read_text().replace("public_seed: 11\n",
                                             f"public_seed: 11\ntime_limits: {bad}\n"))
    with pytest.raises(SpecError) as caught:
        assignment.load(pack)
    assert "time_limits" in str(caught.value) and "pack.yaml:" in str(caught.value)


TRIPLE_LOOP = '''
import numpy as np

def svm_loss_naive(W, X, y, reg):
    """Correct, and as slow as a student's can be: a third loop over the features."""
    dW, loss = np.zeros(W.shape), 0.0
    N, C, D = X.shape[0], W.shape[1], W.shape[0]
    for i in range(N):
        scores = np.zeros(C)
        for j in range(C):
            for d in range(D):
                scores[j] += X[i, d] * W[d, j]
        for j in range(C):
            margin = scores[j] - scores[y[i]] + 1
            if j != y[i] and margin > 0:
                loss += margin
                for d in range(D):
                    dW[d, j] += X[i, d]
                    dW[d, y[i]] -= X[i, d]
    return loss / N + reg * np.sum(W * W), dW / N + 2 * reg * W
'''


def test_cs231n_a1s_cpu_limit_leaves_the_slowest_correct_naive_loss_room():
    """The pack's 2 s of CPU per call against a triple-loop svm_loss_naive on the largest
    input the pack uses (N=1000, D=50, C=10): it finishes, in well under half the limit."""
    import tempfile

    import numpy as np

    from grader.sandbox.backends import pick_backend
    from grader.sandbox.limits import Limits
    from grader.sandbox.session import ModuleRef, Session

    limit = assignment.find("cs231n-a1").spec.time_limits.call_cpu_seconds
    tmp_path = Path(tempfile.mkdtemp(prefix="grader-test-"))  # the sandbox uid can read it
    tmp_path.chmod(0o755)
    (tmp_path / "slow.py").write_text(TRIPLE_LOOP)
    (tmp_path / "slow.py").chmod(0o644)
    rng = np.random.default_rng(0)
    args = (rng.standard_normal((50, 10)) * 0.01, rng.standard_normal((1000, 50)),
            rng.integers(0, 10, 1000), 0.1)
    session = Session(pick_backend("process"), tmp_path, Limits(call_cpu_seconds=limit))
    try:
        out = session.call(ModuleRef("slow", "slow.py", {}, (str(tmp_path),)), "svm_loss_naive",
                           args, {}, 0)
    finally:
        session.close()
        shutil.rmtree(tmp_path, ignore_errors=True)
    assert out.ok, out.detail
    assert out.cpu_s is not None and out.cpu_s < limit / 2, (out.cpu_s, limit)
