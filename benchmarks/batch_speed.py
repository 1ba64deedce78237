"""Batch throughput: `grader batch` on a generated class of cs231n-a1 submissions.

The class mixes correct submissions, submissions with one catalogued mistake, a buggy one
with three, a file with a syntax error and one that hangs (a timeout). The batch runs with
-j 1 and with -j 2 on fresh output folders, alternating for --rounds rounds in one run (so
that a change of load hits both alike), as an installed grader runs (with its modules'
bytecode); the script prints the medians: submissions per minute, the scaling from -j 1 to
-j 2, the ratio to the ideal (single-submission latency x N / 2), and the peak memory of the
whole process tree.

    python benchmarks/batch_speed.py [--count 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from grader.sandbox.limits import Limits


def hang_cost() -> tuple[float, str]:
    """What a call that loops for ever costs (seconds) and which limit stops it: the spec's
    CPU limit when it sets one, else the wall-clock limit."""
    from grader import find

    own = find("cs231n-a1").spec.time_limits
    if own.call_cpu_seconds:
        return own.call_cpu_seconds, "the spec's CPU limit"
    return own.call_seconds or Limits.call_seconds, "the wall-clock limit"

ROOT = Path(__file__).resolve().parent.parent
# as installed: the grader's and its libraries' modules have their bytecode (see check_speed)
INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
FIXTURES = ROOT / "tests" / "fixtures"


def make_class(root: Path, count: int) -> dict[str, int]:
    sources = ([("correct", ROOT / "examples" / "assignment1")] * 6
               + [("buggy", ROOT / "examples" / "buggy-assignment1")]
               + [("mistake", p) for p in sorted((FIXTURES / "mistakes").glob("*.py"))
                  if not p.name.startswith(("timeout", "memory_limit"))][:12]
               + [("broken", FIXTURES / "broken" / "syntax_error"),
                  ("timeout", FIXTURES / "mistakes" / "timeout__svm_loss_naive.py")])
    kinds: dict[str, int] = {}
    for i in range(count):
        kind, source = sources[i % len(sources)]
        kinds[kind] = kinds.get(kind, 0) + 1
        target = root / f"student{i:04d}"
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.mkdir(parents=True)
            shutil.copy(source, target / source.name)
        (target / "NAME.txt").write_text(f"student {i}\n")  # every submission is distinct
    return kinds


class PeakMemory:
    """The largest total resident memory of a process and its descendants (psutil)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                total = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            time.sleep(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(subs: Path, out: Path, jobs: int) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "grader", "batch", str(subs), "--assignment",
                             "cs231n-a1", "--out", str(out), "-j", str(jobs), "--no-progress"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=INSTALLED)
    memory = PeakMemory(proc.pid)
    stdout, stderr = proc.communicate()
    peak = memory.stop()
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"batch failed ({proc.returncode}):\n{stdout}\n{stderr}")
    print(f"  -j {jobs}: {stdout.strip()}")
    return elapsed, peak


def latency(subs: Path) -> float:
    """Median wall time of `grader grade` on single submissions (a correct one, a buggy one)."""
    times = []
    for name in sorted(p.name for p in subs.iterdir())[:5]:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "grader", "grade", str(subs / name),
                        "--assignment", "cs231n-a1"], cwd=ROOT, capture_output=True, env=INSTALLED)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def _spin(_: int) -> int:
    total = 0
    for i in range(2_000_000):
        total += i * i
    return total


def machine_scaling(rounds: int) -> float:
    """What this machine itself gives from 1 to 2 processes on pure CPU work (the ceiling of
    the batch's scaling: two busy cores of a VM are often slower than one), median of rounds."""
    from concurrent.futures import ProcessPoolExecutor

    ratios = []
    for _ in range(rounds):
        times = {}
        for n in (1, 2):
            start = time.perf_counter()
            with ProcessPoolExecutor(n) as pool:
                list(pool.map(_spin, range(8)))
            times[n] = time.perf_counter() - start
        ratios.append(times[1] / times[2])
    return statistics.median(ratios)


def _median(runs: list[tuple[float, int]]) -> tuple[float, int]:
    """The median time of the runs and the largest peak memory among them."""
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    count = args.count
    with tempfile.TemporaryDirectory(prefix="grader-batch-bench-", dir="/var/tmp") as tmp:
        subs = Path(tmp) / "subs"
        kinds = make_class(subs, count)
        print(f"{count} submissions: " + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())))
        single = latency(subs)
        runs: dict[int, list[tuple[float, int]]] = {1: [], 2: []}
        for round_ in range(args.rounds):
            for jobs in (1, 2):
                runs[jobs].append(run(subs, Path(tmp) / f"out{jobs}-{round_}", jobs))
        (t1, m1), (t2, m2) = (_median(runs[1]), _median(runs[2]))
    per_minute = {1: 60 * count / t1, 2: 60 * count / t2}
    print(f"single submission (grader grade, process start included): {single:.2f} s")
    print(f"-j 1: {t1:.1f} s, {per_minute[1]:.0f} submissions/min, peak memory "
          f"{m1 / 2**20:.0f} MiB")
    print(f"-j 2: {t2:.1f} s, {per_minute[2]:.0f} submissions/min, peak memory "
          f"{m2 / 2**20:.0f} MiB")
    print(f"scaling -j 1 -> -j 2: {t1 / t2:.2f}x (ideal 2.00x); target >= 1.9x: "
          f"{'met' if t1 / t2 >= 1.9 else 'NOT met'}")
    print(f"this machine's own scaling on pure CPU work, 1 -> 2 processes: "
          f"{machine_scaling(args.rounds):.2f}x")
    print(f"ratio -j 2 time / (single latency x N / 2): {t2 / (single * count / 2):.2f}")
    print(f"target >= 300 submissions/min with -j 2: "
          f"{'met' if per_minute[2] >= 300 else 'NOT met'}")
    cost, limit = hang_cost()
    print(f"of which the {kinds.get('timeout', 0)} hanging submissions, stopped by {limit} "
          f"({cost:g} s each): at least {kinds.get('timeout', 0) * cost:.0f} worker-seconds")


if __name__ == "__main__":
    main()
