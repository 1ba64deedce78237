"""Red team, the neighbours: in a batch, a submission graded at the same time as others tries
to signal, starve, read, change and lock what belongs to them. Each victim must still get full
marks, the grader's store and results must be untouched, and nothing may be left behind."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_redteam import BACKENDS, ROOT_RUN, leftovers, remove_leftovers

from conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]

NEIGHBOUR = r'''
"""Everything a submission can do to the ones graded beside it (each graded function runs one
attack for about a second, so that the attacks overlap the neighbours' grading)."""
import fcntl
import os
import signal
import time

import numpy as np


def _for_a_while(action, seconds=1.2):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        action()
        time.sleep(0.01)


def _pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()]


def _kill_everyone():
    for sig in (signal.SIGKILL, signal.SIGSTOP):
        try:
            os.kill(-1, sig)
        except OSError:
            pass
        for pid in _pids():
            try:
                os.kill(pid, sig)
            except OSError:
                pass


def svm_loss_naive(W, X, y, reg):
    _for_a_while(_kill_everyone)
    return 0.0, np.zeros(W.shape)


def softmax_loss_naive(W, X, y, reg):
    # take every process the uid may have (RLIMIT_NPROC counts per uid), and keep them
    for _ in range(200):
        try:
            if os.fork() == 0:
                time.sleep(60)
                os._exit(0)
        except OSError:
            break
    return 0.0, np.zeros(W.shape)


def _tamper(path):
    try:
        with open(path, "a") as f:
            f.write("\nraise SystemExit('tampered by a neighbour')\n")
    except OSError:
        pass


def svm_loss_vectorized(W, X, y, reg):
    seen = []
    for pid in _pids():  # the neighbours' working folders, through /proc
        for link in ("cwd", "root"):
            try:
                seen.append(os.readlink(f"/proc/{pid}/{link}"))
            except OSError:
                pass
    for top in seen + ["/tmp", "/var/tmp", "/dev/shm"]:
        for folder, _, files in os.walk(top):
            for name in files:
                if name.endswith((".py", ".json", ".csv", ".html", ".sqlite", ".db")):
                    _tamper(os.path.join(folder, name))
    return 0.0, np.zeros(W.shape)


def softmax_loss_vectorized(W, X, y, reg):
    held = []  # lock everything it can open, and keep the locks for a while
    for top in ("/tmp", "/var/tmp", "/dev/shm"):
        for folder, _, files in os.walk(top):
            for name in files:
                try:
                    fd = os.open(os.path.join(folder, name), os.O_RDONLY)
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    held.append(fd)
                except OSError:
                    pass
    time.sleep(1.2)
    return 0.0, np.zeros(W.shape)


def affine_forward(x, w, b):
    _for_a_while(_kill_everyone)
    return np.zeros((x.shape[0], w.shape[1])), None


def relu_forward(x):
    _for_a_while(_kill_everyone)
    return np.zeros(x.shape), None
'''

def _batch(folder: Path, out: Path, backend: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "grader", "batch", str(folder), "--assignment",
                           "cs231n-a1", "--out", str(out), "-j", "3", "--sandbox", backend,
                           "--no-progress"], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=900)


def _cases():
    for backend in BACKENDS:
        # no gaps: without a pid or mount namespace, the process backend still stops signals,
        # /proc and file tampering, because every sandbox has a uid of its own
        marks = []
        if backend == "process" and not ROOT_RUN:
            marks.append(pytest.mark.skip(reason="as a normal user the process backend cannot "
                                                 "give each sandbox its own uid"))
        yield pytest.param(backend, marks=marks, id=backend)


@pytest.mark.parametrize("backend", list(_cases()))
def test_a_hostile_neighbour_costs_the_others_nothing(tmp_path, backend):
    export = tmp_path / "export"
    (export / "a_neighbour").mkdir(parents=True)
    (export / "a_neighbour" / "neighbour.py").write_text(NEIGHBOUR)
    for name in ("b_victim", "c_victim", "d_victim"):
        shutil.copytree(EXAMPLES / "assignment1", export / name)
    before = {p: p.read_bytes() for p in export.rglob("*") if p.is_file()}
    remove_leftovers()
    out = tmp_path / "out"
    done = _batch(export, out, backend)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    scores = {name: json.loads((out / "results" / f"{name}.json").read_text())["score"]
              for name in ("b_victim", "c_victim", "d_victim")}
    assert all(s == 89 for s in scores.values()), (scores, done.stderr[-2000:])
    assert float(rows["a_neighbour"]["total"]) == 0, rows["a_neighbour"]
    after = {p: p.read_bytes() for p in export.rglob("*") if p.is_file()}
    assert after == before, "a submission folder was changed"
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".csv", ".html"):
            assert b"tampered by a neighbour" not in path.read_bytes(), path
    assert not leftovers()
