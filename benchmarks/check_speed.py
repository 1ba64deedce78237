"""How long `grader check` takes on the bundled examples, next to the bare floor.

For each assignment the floor is a plain Python process that imports the same student files
(and torch, for the PyTorch assignment) and calls each graded function once on inputs of the
same sizes (no sandbox, no checks). Floor and checks are measured side by side in one run,
alternating, and the medians are printed with their ratio.

Every command runs as an installed grader does: with the bytecode of its modules (pip
compiles them at install; here the first, warm-up run writes them, whatever
PYTHONDONTWRITEBYTECODE says). Student files are compiled afresh at every run by both the
floor and the sandbox, which writes no bytecode.

    python benchmarks/check_speed.py [--runs 7] [--assignment cs231n-a1|eecs498-a2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "assignment1"

FLOOR = f"""
import sys
sys.dont_write_bytecode = True  # student files compile at every run, as in the sandbox
sys.path.insert(0, {str(EXAMPLE)!r})
sys.path.append({str(ROOT / 'grader' / 'sandbox' / 'shims')!r})
import numpy as np
from cs231n.classifiers.linear_svm import svm_loss_naive, svm_loss_vectorized
from cs231n.classifiers.softmax import softmax_loss_naive, softmax_loss_vectorized
from cs231n.classifiers.k_nearest_neighbor import KNearestNeighbor
from cs231n.classifiers.linear_classifier import LinearSVM
from cs231n.classifiers.fc_net import TwoLayerNet
from cs231n import layers
rng = np.random.default_rng(0)
for n, d, c in ((1, 3, 2), (5, 4, 3), (40, 20, 10), (1000, 50, 10)):
    W, X = rng.standard_normal((d, c)) * 0.01, rng.standard_normal((n, d)) * 20
    y = rng.integers(0, c, n)
    for f in (svm_loss_naive, svm_loss_vectorized, softmax_loss_naive, softmax_loss_vectorized):
        f(W, X, y, 0.1)
knn = KNearestNeighbor()
knn.train(rng.standard_normal((300, 20)), rng.integers(0, 3, 300))
Xt = rng.standard_normal((60, 20))
for f in (knn.compute_distances_two_loops, knn.compute_distances_one_loop,
          knn.compute_distances_no_loops):
    dists = f(Xt)
knn.predict_labels(dists, k=3)
svm = LinearSVM()
svm.train(rng.standard_normal((60, 5)), rng.integers(0, 3, 60), num_iters=6, batch_size=10)
svm.predict(rng.standard_normal((20, 5)))
x, w, b = rng.standard_normal((3, 4, 5)), rng.standard_normal((20, 3)), rng.standard_normal(3)
out, cache = layers.affine_forward(x, w, b)
layers.affine_backward(out, cache)
out, cache = layers.relu_forward(x)
layers.relu_backward(out, cache)
layers.svm_loss(rng.standard_normal((50, 10)), rng.integers(0, 10, 50))
layers.softmax_loss(rng.standard_normal((50, 10)), rng.integers(0, 10, 50))
net = TwoLayerNet(input_dim=8, hidden_dim=10, num_classes=4, weight_scale=0.1, reg=0.7)
net.loss(rng.standard_normal((6, 8)), rng.integers(0, 4, 6))
"""

EECS = ROOT / "examples" / "eecs498-a2"
FLOOR_EECS = f"""
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, {str(EECS)!r})
import torch
torch.set_num_threads(1)
from linear_classifier import (svm_loss_naive, svm_loss_vectorized, softmax_loss_naive,
    softmax_loss_vectorized, sample_batch, train_linear_classifier, predict_linear_classifier)
from two_layer_net import nn_forward_pass, nn_forward_backward, nn_train, nn_predict
g = torch.Generator().manual_seed(0)
def randn(*shape):
    return torch.randn(*shape, generator=g, dtype=torch.float64)
for n, d, c in ((1, 3, 2), (5, 4, 3), (40, 20, 10), (300, 50, 10)):
    W, X, y = randn(d, c) * 0.01, randn(n, d) * 20, torch.randint(0, c, (n,), generator=g)
    for f in (svm_loss_naive, svm_loss_vectorized, softmax_loss_naive, softmax_loss_vectorized):
        f(W, X, y, 0.1)
X, y = randn(60, 5), torch.randint(0, 3, (60,), generator=g)
sample_batch(X, y, 60, 10)
W, hist = train_linear_classifier(svm_loss_vectorized, None, X, y, num_iters=6, batch_size=10)
predict_linear_classifier(W, X)
params = {{"W1": randn(4, 5), "b1": randn(5), "W2": randn(5, 3), "b2": randn(3)}}
Xn, yn = randn(20, 4), torch.randint(0, 3, (20,), generator=g)
nn_forward_pass(params, Xn)
nn_forward_backward(params, Xn, yn, 0.7)
nn_train(params, nn_forward_backward, nn_predict, Xn, yn, Xn[:5], yn[:5], num_iters=7,
         batch_size=8)
nn_predict(params, nn_forward_backward, Xn)
"""

SUITES = {  # name: (example, floor program, target ratio to the floor)
    "cs231n-a1": (EXAMPLE, FLOOR, 3.0),
    "eecs498-a2": (EECS, FLOOR_EECS, 1.5),
}
STARTUP = {  # the commands that should cost about what importing numpy does
    "python -c 'import numpy'": [sys.executable, "-c", "import numpy"],
    "grader --version": [sys.executable, "-m", "grader", "--version"],
    "grader list": [sys.executable, "-m", "grader", "list"],
}


# as installed: the grader's and its libraries' modules have their bytecode
INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=INSTALLED)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0,):
        sys.exit(f"{cmd} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--assignment", choices=sorted(SUITES), action="append",
                        help="measure only these (default: all)")
    args = parser.parse_args()
    for name in args.assignment or sorted(SUITES):
        measure(name, *SUITES[name], args.runs)
    if not args.assignment:
        startup(args.runs)


def startup(runs: int) -> None:
    """`grader --version` and `grader list` next to a plain `import numpy`, alternating."""
    times: dict[str, list[float]] = {name: [] for name in STARTUP}
    for cmd in STARTUP.values():
        wall(cmd)
    for _ in range(runs):
        for name, cmd in STARTUP.items():
            times[name].append(wall(cmd))
    med = {name: statistics.median(t) for name, t in times.items()}
    base = med["python -c 'import numpy'"]
    print("== start-up")
    for name, t in times.items():
        print(f"{name:<40} median {med[name]:.3f} s (min {min(t):.3f}, max {max(t):.3f}) "
              f"= {med[name] / base:.2f}x import numpy")


def measure(assignment: str, example: Path, floor: str, target: float, runs: int) -> None:
    commands = {"floor": [sys.executable, "-c", floor]}
    for backend in available_backends():
        commands[backend] = [sys.executable, "-m", "grader", "check", str(example),
                             "--assignment", assignment, "--sandbox", backend]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():
        wall(cmd)  # warm the file cache and the sandbox runtime
    for _ in range(runs):  # alternate, so that load changes hit every command alike
        for name, cmd in commands.items():
            times[name].append(wall(cmd))
    med = {name: statistics.median(t) for name, t in times.items()}
    print(f"== {assignment} ({example.relative_to(ROOT)})")
    for name, t in times.items():
        label = "bare floor (import + one call each)" if name == "floor" else \
            f"grader check --sandbox {name}"
        print(f"{label:<40} median {med[name]:.3f} s (min {min(t):.3f}, max {max(t):.3f}) "
              f"over {runs} runs")
    for name in commands:
        if name != "floor":
            ratio = med[name] / med["floor"]
            print(f"ratio {name} / floor: {ratio:.2f}x; target <= {target:g}x: "
                  f"{'met' if ratio <= target else 'NOT met'}")
    if "bwrap" in med:
        print(f"bwrap / process: {med['bwrap'] / med['process']:.3f} (target within 1.10)")


def available_backends() -> list[str]:
    from grader.sandbox.bwrap import works

    return ["process"] + (["bwrap"] if works()[0] else [])


if __name__ == "__main__":
    main()
