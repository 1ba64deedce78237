"""How long `grader check` takes on the bundled example, next to the bare floor.

The floor is a plain Python process that imports the same student files and calls each graded
function of assignment 1 once on inputs of the same sizes (no sandbox, no checks). Both are measured side by side in
one run, alternating, and the medians are printed with their ratio.

    python benchmarks/check_speed.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "assignment1"

FLOOR = f"""
import sys
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


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0,):
        sys.exit(f"{cmd} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    commands = {"floor": [sys.executable, "-c", FLOOR]}
    for backend in available_backends():
        commands[backend] = [sys.executable, "-m", "grader", "check", str(EXAMPLE),
                             "--sandbox", backend]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():
        wall(cmd)  # warm the file cache and the sandbox runtime
    for _ in range(runs):  # alternate, so that load changes hit every command alike
        for name, cmd in commands.items():
            times[name].append(wall(cmd))
    med = {name: statistics.median(t) for name, t in times.items()}
    for name, t in times.items():
        label = "bare floor (import + one call each)" if name == "floor" else \
            f"grader check --sandbox {name}"
        print(f"{label:<40} median {med[name]:.3f} s (min {min(t):.3f}, max {max(t):.3f}) "
              f"over {runs} runs")
    for name in commands:
        if name != "floor":
            print(f"ratio {name} / floor: {med[name] / med['floor']:.2f}x; target check <= 3.0 s "
                  f"(whole assignment 1): {'met' if med[name] <= 3.0 else 'NOT met'}")
    if "bwrap" in med:
        print(f"bwrap / process: {med['bwrap'] / med['process']:.3f} (target within 1.10)")


def available_backends() -> list[str]:
    from grader.sandbox.bwrap import works

    return ["process"] + (["bwrap"] if works()[0] else [])


if __name__ == "__main__":
    main()
